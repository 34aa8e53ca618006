/**
 * @module The Execute RPC: routes one statement to a pinned transaction or any pooled connection.
 *
 * Session rules mirror vtgate as database-js experiences them: BEGIN pins a connection to a new session
 * id, statements echoing that id run on it, COMMIT/ROLLBACK unpin it. A session that still claims to be
 * in a transaction we no longer hold (idle timeout, deadlock) gets ABORTED instead of silently
 * autocommitting, so the caller's transaction fails loudly as it would on PlanetScale.
 */
import { performance } from "node:perf_hooks";
import type { Conn } from "../../origin/db/pool.ts";
import { encodeResult } from "./encode.ts";
import { endsTransaction, isConnectionLost, PsdbError, toWireError } from "./errors.ts";
import { DatabasePools, type DbLogin, tenantKey } from "./pools.ts";
import {
  classifyStatement,
  type ExecuteResponse,
  type IncomingSession,
  newSessionId,
  type StatementKind,
  type WireResult,
  wireSession,
} from "./protocol.ts";
import { type PinnedTransaction, TransactionRegistry } from "./sessions.ts";

export interface ExecuteRequest {
  database: string;
  username: string;
  /** The MariaDB account the statement runs as: the tenant's own, so MariaDB enforces its grants. */
  login: DbLogin;
  query: string;
  session: IncomingSession;
}

export interface ExecutorOptions {
  maxConnections: number;
  idleTransactionMs: number;
  acquireTimeoutMs: number;
}

type Outcome = ({ ok: true; result: WireResult } | { ok: false; error: unknown }) & {
  sessionId: string;
  inTransaction: boolean;
};

/** Text protocol with raw bytes: `encodeResult` needs exactly what MariaDB sent. */
async function runQuery(conn: Conn, sql: string): Promise<WireResult> {
  const [rows, fields] = await conn.query({ sql, rowsAsArray: true, typeCast: false });
  return encodeResult(rows, fields);
}

/** Returns a connection after a failed statement; a broken one is dropped rather than pooled. */
function giveBack(conn: Conn, error: unknown): void {
  if (isConnectionLost(error)) conn.destroy();
  else conn.release();
}

export class Executor {
  readonly #pools: DatabasePools;
  readonly #transactions: TransactionRegistry;

  constructor(options: ExecutorOptions) {
    this.#pools = new DatabasePools(options.maxConnections, options.acquireTimeoutMs);
    this.#transactions = new TransactionRegistry(options.idleTransactionMs);
  }

  async execute(request: ExecuteRequest): Promise<ExecuteResponse> {
    const started = performance.now();
    const outcome = await this.#route(request);
    const session = wireSession(outcome.sessionId, outcome.inTransaction);
    const timing = (performance.now() - started) / 1000;
    if (outcome.ok) return { session, result: outcome.result, timing };
    return { session, error: toWireError(outcome.error, request), timing };
  }

  async #route(request: ExecuteRequest): Promise<Outcome> {
    const kind = classifyStatement(request.query);
    const { id, inTransaction } = request.session;
    const pin = id ? this.#transactions.get(id, tenantKey(request.login)) : undefined;
    if (pin) return this.#inPinned(pin, kind, request.query);
    if (kind === "begin") return this.#begin(request);
    if (id && inTransaction) {
      // The client believes it is in a transaction we no longer hold (idle timeout, deadlock, restart).
      if (kind === "rollback") return { ok: true, result: {}, sessionId: id, inTransaction: false };
      const why = this.#transactions.endedReason(id) ?? "not found";
      const error = new PsdbError("ABORTED", `transaction ${id}: ended (${why})`);
      return { ok: false, error, sessionId: id, inTransaction: kind !== "commit" };
    }
    return this.#autocommit(request, id ?? newSessionId());
  }

  /** A statement inside a pinned transaction; COMMIT/ROLLBACK (or a transaction-killing error) unpins. */
  async #inPinned(pin: PinnedTransaction, kind: StatementKind, sql: string): Promise<Outcome> {
    const closing = kind === "commit" || kind === "rollback";
    try {
      const result = await this.#transactions.run(pin, (conn) => runQuery(conn, sql));
      if (closing) await this.#transactions.end(pin, { reason: kind === "commit" ? "committed" : "rolled back" });
      return { ok: true, result, sessionId: pin.id, inTransaction: !closing };
    } catch (error) {
      if (closing || endsTransaction(error)) {
        // A failed COMMIT leaves the transaction in doubt, so roll back. After a deadlock InnoDB already
        // did; we keep answering inTransaction so the caller's next statement gets ABORTED, not autocommit.
        const reason = `ended by error: ${error instanceof Error ? error.message : String(error)}`;
        await this.#transactions.end(pin, { reason, rollback: true, destroy: isConnectionLost(error) });
      }
      return { ok: false, error, sessionId: pin.id, inTransaction: !closing };
    }
  }

  /** BEGIN on a freshly checked-out connection, pinned only once MariaDB has accepted it. */
  async #begin(request: ExecuteRequest): Promise<Outcome> {
    const failed = (error: unknown): Outcome => ({
      ok: false,
      error,
      sessionId: request.session.id ?? newSessionId(),
      inTransaction: false,
    });
    let conn: Conn;
    try {
      conn = await this.#pools.acquire(request.login);
    } catch (error) {
      return failed(error);
    }
    try {
      const result = await runQuery(conn, request.query);
      const pin = this.#transactions.pin(tenantKey(request.login), conn);
      return { ok: true, result, sessionId: pin.id, inTransaction: true };
    } catch (error) {
      giveBack(conn, error);
      return failed(error);
    }
  }

  /** Outside a transaction any pooled connection will do. */
  async #autocommit(request: ExecuteRequest, sessionId: string): Promise<Outcome> {
    let conn: Conn;
    try {
      conn = await this.#pools.acquire(request.login);
    } catch (error) {
      return { ok: false, error, sessionId, inTransaction: false };
    }
    try {
      const result = await runQuery(conn, request.query);
      conn.release();
      return { ok: true, result, sessionId, inTransaction: false };
    } catch (error) {
      giveBack(conn, error);
      return { ok: false, error, sessionId, inTransaction: false };
    }
  }

  async close(): Promise<void> {
    await this.#transactions.endAll("endpoint closed");
    await this.#pools.end();
  }
}
