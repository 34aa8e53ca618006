/**
 * @module MySQL connection pools for the origin (mysql2 over TCP).
 *
 * Every queue connection runs READ COMMITTED: under REPEATABLE READ, next-key locks make concurrent
 * enqueues fail with ER_AUTOINC_READ_FAILED (research/queue.md §3 pitfall 9).
 */
import mysql from "mysql2/promise";
import { redactUrl } from "../../shared/redact.ts";
import { OriginError } from "../errors/model.ts";

export type Db = mysql.Pool;
export type Conn = mysql.PoolConnection;

/** The parts of a `mysql://user:pass@host:port/db` URL that mysql2 needs. */
export interface DbTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/**
 * Parses a `mysql://` URL; the database name may be absent (server-level connections). A bad one is named in
 * the error with its password replaced by `***`: the message reaches terminals, logs and the error table.
 */
export function parseDatabaseUrl(url: string, variable = "DATABASE_URL"): DbTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `${variable} is not a URL: ${JSON.stringify(redactUrl(url))} (expected mysql://user:pass@host:3306/db)`,
    );
  }
  if (parsed.protocol !== "mysql:") {
    throw new Error(`${variable} must start with mysql://, got ${parsed.protocol}`);
  }
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || "root"),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
  };
}

/** One plain connection for a short step (migrating, creating users, checking the schema); no database = server level. */
export function connectOnce(target: DbTarget, options: { useDatabase: boolean }): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: options.useDatabase ? target.database : undefined,
    connectTimeout: 5_000,
  });
}

/** Opens a pool on `target`; every connection is READ COMMITTED and UTC. */
export function createDb(target: DbTarget, options: { connectionLimit?: number } = {}): Db {
  const pool = mysql.createPool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database || undefined,
    connectionLimit: options.connectionLimit ?? 10,
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    enableKeepAlive: true,
    connectTimeout: 5_000,
  });
  pool.on("connection", (conn) => {
    // mysql2's callback-style connection underneath the promise pool.
    conn.query("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    conn.query("SET time_zone = '+00:00'");
  });
  return pool;
}

const RETRYABLE_ERRNOS = new Set([1213, 1205]); // deadlock, lock wait timeout

/**
 * Thrown inside `withTransaction` when a concurrent transaction won a race the code detected itself (two
 * creating the same row): rolled back and run again, like a deadlock.
 */
export class TransactionConflictError extends OriginError<"TRANSACTION_CONFLICT"> {
  constructor(message: string, options?: { cause?: unknown }) {
    super("TRANSACTION_CONFLICT", message, options);
  }
}

export interface TransactionOptions {
  attempts?: number;
  /**
   * READ UNCOMMITTED for this one transaction (the session stays READ COMMITTED). InnoDB locks and writes
   * exactly as under READ COMMITTED; only plain (non-locking) SELECTs differ: they read the latest
   * version, uncommitted changes included, without the per-record visibility checks.
   */
  readUncommitted?: boolean;
}

/** Databases that refused `SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED` once. */
const noReadUncommitted = new WeakSet<Db>();

/** Runs `fn` in one transaction, retrying on deadlock / lock-wait timeout (research/queue.md §3 pitfall 8). */
export async function withTransaction<T>(
  db: Db,
  fn: (conn: Conn) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const conn = await db.getConnection();
    try {
      if (options.readUncommitted && !noReadUncommitted.has(db))
        // Only a speed-up (see TransactionOptions): a server or proxy that refuses it (a Vitess/PlanetScale
        // setting that would pin a connection, say) gets the default level from then on.
        await conn.query("SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED").catch(() => noReadUncommitted.add(db));
      await conn.query("START TRANSACTION");
      const result = await fn(conn);
      await conn.query("COMMIT");
      return result;
    } catch (error) {
      await conn.query("ROLLBACK").catch(() => undefined);
      const errno = (error as { errno?: number }).errno;
      const retryable =
        error instanceof TransactionConflictError || (errno !== undefined && RETRYABLE_ERRNOS.has(errno));
      if (attempt < attempts && retryable) {
        await new Promise((r) => setTimeout(r, 5 * attempt * Math.random()));
        continue;
      }
      throw error;
    } finally {
      conn.release();
    }
  }
}
