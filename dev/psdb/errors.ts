/**
 * @module Translates MariaDB / mysql2 failures into Vitess-shaped errors (`vtrpc.Code` + message).
 *
 * Callers on the edge branch on the text `(errno N) (sqlstate S)` exactly as they would against
 * PlanetScale, so the message keeps vttablet's layout; the `code` follows vttablet's errno mapping.
 */
import type { WireError } from "./protocol.ts";

/** An error this endpoint raises itself (pool exhausted, transaction ended, …), with MySQL-like numbers. */
export class PsdbError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly sqlState: string;
  constructor(code: string, message: string, errno = 1105, sqlState = "HY000") {
    super(message);
    this.name = "PsdbError";
    this.code = code;
    this.errno = errno;
    this.sqlState = sqlState;
  }
}

/** What mysql2 puts on its errors (server errors have errno > 0; socket errors have a Node `code`). */
interface MysqlLikeError {
  message?: string;
  errno?: number;
  code?: string;
  sqlState?: string;
  sqlMessage?: string;
  fatal?: boolean;
}

const CODE_BY_ERRNO = new Map<number, string>([
  [1062, "ALREADY_EXISTS"], // duplicate entry
  [1050, "ALREADY_EXISTS"], // table exists
  [1007, "ALREADY_EXISTS"], // database exists
  [1146, "NOT_FOUND"], // no such table
  [1049, "NOT_FOUND"], // unknown database
  [1305, "NOT_FOUND"], // no such procedure/function
  [1213, "ABORTED"], // deadlock: InnoDB rolled the whole transaction back
  [1205, "DEADLINE_EXCEEDED"], // lock wait timeout
  [1317, "CANCELED"], // query interrupted
  [3024, "DEADLINE_EXCEEDED"], // max_execution_time exceeded
  [1969, "DEADLINE_EXCEEDED"], // MariaDB max_statement_time exceeded
  [1040, "RESOURCE_EXHAUSTED"], // too many connections
  [1041, "RESOURCE_EXHAUSTED"], // out of memory
  [1044, "PERMISSION_DENIED"],
  [1045, "PERMISSION_DENIED"],
  [1142, "PERMISSION_DENIED"],
  [1143, "PERMISSION_DENIED"],
  [1227, "PERMISSION_DENIED"],
  [1451, "FAILED_PRECONDITION"], // row is referenced (FK)
  [1452, "FAILED_PRECONDITION"], // no referenced row (FK)
  [1792, "FAILED_PRECONDITION"], // read-only transaction
  [1290, "FAILED_PRECONDITION"], // --read-only
  [1064, "INVALID_ARGUMENT"], // syntax
  [1054, "INVALID_ARGUMENT"], // unknown column
  [1048, "INVALID_ARGUMENT"], // column cannot be null
  [1364, "INVALID_ARGUMENT"], // no default value
  [1366, "INVALID_ARGUMENT"], // incorrect value
  [1292, "INVALID_ARGUMENT"], // truncated wrong value
  [1406, "INVALID_ARGUMENT"], // data too long
  [1264, "INVALID_ARGUMENT"], // out of range
  [1136, "INVALID_ARGUMENT"], // column count mismatch
  [1065, "INVALID_ARGUMENT"], // empty query
]);

/** Node / mysql2 codes that mean "the database is not reachable right now" rather than "bad SQL". */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

function asMysqlError(error: unknown): MysqlLikeError {
  return typeof error === "object" && error !== null ? (error as MysqlLikeError) : { message: String(error) };
}

/** True when the failure means the MariaDB connection (and any transaction on it) is gone. */
export function isConnectionLost(error: unknown): boolean {
  const e = asMysqlError(error);
  return e.fatal === true || (e.code !== undefined && CONNECT_CODES.has(e.code));
}

/** True when MariaDB already rolled the whole transaction back, so the pinned session must end too. */
export function endsTransaction(error: unknown): boolean {
  return isConnectionLost(error) || asMysqlError(error).errno === 1213;
}

/** UPPER_SNAKE vtrpc name → the gRPC CamelCase vttablet prints ("ALREADY_EXISTS" → "AlreadyExists"). */
function grpcName(code: string): string {
  return code
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

export interface ErrorContext {
  database: string;
  username: string;
  query: string;
}

/** Builds `{code, message}` with `(errno N) (sqlstate S)` in the message, like vttablet does. */
export function toWireError(error: unknown, ctx: ErrorContext): WireError {
  const e = asMysqlError(error);
  let code: string;
  let errno: number;
  let sqlState: string;
  let text = e.sqlMessage ?? e.message ?? "unknown error";
  if (error instanceof PsdbError) {
    ({ code, errno, sqlState } = error);
  } else if (typeof e.errno === "number" && e.errno > 0 && e.sqlState) {
    errno = e.errno;
    sqlState = e.sqlState;
    code = CODE_BY_ERRNO.get(errno) ?? "UNKNOWN";
  } else if (isConnectionLost(error)) {
    // Client-side errnos a MySQL driver would report: 2003 can't connect, 2013 lost connection.
    const connecting = e.code !== undefined && CONNECT_CODES.has(e.code);
    code = "UNAVAILABLE";
    errno = connecting ? 2003 : 2013;
    sqlState = "HY000";
    text = `${connecting ? "cannot connect to MariaDB" : "lost connection to MariaDB"}: ${text}`;
  } else {
    code = "UNKNOWN";
    errno = 1105;
    sqlState = "HY000";
  }
  const sql = ctx.query.length > 500 ? `${ctx.query.slice(0, 500)}…` : ctx.query;
  const message =
    `target: ${ctx.database}.0.primary: vttablet: rpc error: code = ${grpcName(code)} desc = ${text} ` +
    `(errno ${errno}) (sqlstate ${sqlState}) (CallerID: ${ctx.username}): Sql: ${JSON.stringify(sql)}`;
  return { code, message };
}
