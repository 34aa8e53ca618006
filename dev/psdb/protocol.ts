/**
 * @module Wire shapes of PlanetScale's psdb.v1alpha1 JSON API, as `@planetscale/database` reads them.
 *
 * The client is the spec (node_modules/@planetscale/database/dist/index.js, research/queue.md §2.5):
 * protobuf JSON mapping, so int64s travel as strings and field names are camelCase.
 */
import { randomBytes } from "node:crypto";

/** What the server hands back in every response; the client echoes it verbatim on its next request. */
export interface WireSession {
  signature: string;
  vitessSession: { inTransaction: boolean; autocommit: boolean };
}

/** `vtrpc.Code` name plus a Vitess-style message; the client throws `DatabaseError(message)`. */
export interface WireError {
  code: string;
  message: string;
}

export interface WireField {
  name: string;
  type: string;
  table?: string;
  orgTable?: string;
  database?: string;
  orgName?: string;
  columnLength?: number;
  charset?: number;
  decimals?: number;
  flags?: number;
}

/** One row: byte lengths as strings ("-1" = NULL) and the base64 of the non-null values concatenated. */
export interface WireRow {
  lengths: string[];
  values: string;
}

export interface WireResult {
  fields?: WireField[];
  rows?: WireRow[];
  rowsAffected?: string;
  insertId?: string;
}

export interface ExecuteResponse {
  session: WireSession;
  result?: WireResult;
  error?: WireError;
  /** Seconds, like vtgate; the client multiplies by 1000. */
  timing: number;
}

/** The parts of a client-sent session we trust enough to route on. */
export interface IncomingSession {
  id: string | null;
  inTransaction: boolean;
}

/** Random, unguessable session ids: whoever holds one can drive the pinned transaction. */
export function newSessionId(): string {
  return randomBytes(18).toString("base64");
}

export function wireSession(id: string, inTransaction: boolean): WireSession {
  return { signature: id, vitessSession: { inTransaction, autocommit: true } };
}

/** Reads the echoed session defensively: it is client input and may be null, stale or garbage. */
export function readSession(value: unknown): IncomingSession {
  if (typeof value !== "object" || value === null) return { id: null, inTransaction: false };
  const { signature, vitessSession } = value as { signature?: unknown; vitessSession?: unknown };
  const id = typeof signature === "string" && signature.length > 0 && signature.length <= 128 ? signature : null;
  const inTransaction =
    typeof vitessSession === "object" &&
    vitessSession !== null &&
    (vitessSession as { inTransaction?: unknown }).inTransaction === true;
  return { id, inTransaction: id !== null && inTransaction };
}

export type StatementKind = "begin" | "commit" | "rollback" | "other";

/** Drops leading whitespace and comments so `/* app *\/ BEGIN` is still recognised as BEGIN. */
function stripLeadingComments(sql: string): string {
  let rest = sql.trimStart();
  for (;;) {
    if (rest.startsWith("/*") && !rest.startsWith("/*!")) {
      const end = rest.indexOf("*/", 2);
      if (end === -1) return "";
      rest = rest.slice(end + 2).trimStart();
    } else if (rest.startsWith("#") || /^--(\s|$)/.test(rest)) {
      const end = rest.indexOf("\n");
      if (end === -1) return "";
      rest = rest.slice(end + 1).trimStart();
    } else {
      return rest;
    }
  }
}

/**
 * Which statements open or close a pinned transaction. `BEGIN NOT ATOMIC` (a MariaDB compound block),
 * `ROLLBACK TO SAVEPOINT` and `… AND CHAIN` deliberately count as ordinary statements: they do not end
 * (or, for the block, start) the transaction the session is pinned to.
 */
export function classifyStatement(sql: string): StatementKind {
  const text = stripLeadingComments(sql).replace(/[\s;]+$/, "");
  if (/^BEGIN(\s+WORK)?$/i.test(text) || /^START\s+TRANSACTION\b/i.test(text)) return "begin";
  if (/\bAND\s+CHAIN\b/i.test(text)) return "other";
  if (/^COMMIT\b/i.test(text)) return "commit";
  if (/^ROLLBACK\b/i.test(text) && !/^ROLLBACK(\s+WORK)?\s+TO\b/i.test(text)) return "rollback";
  return "other";
}
