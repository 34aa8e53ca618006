/**
 * @module One lazily created mysql2 pool per tenant (database and account), with a bounded wait for a free
 * connection.
 *
 * Several tenants (e.g. one database per edge test file) share the endpoint; each gets its own pool so
 * connections never need a `USE` switch, and each pool logs in as the tenant's own MariaDB account, so
 * MariaDB itself enforces what the tenant may do. Pools come from `createDb`, which makes every connection
 * READ COMMITTED and UTC like the origin's own.
 */
import { type Conn, createDb, type Db, type DbTarget } from "../../origin/db/pool.ts";
import { PsdbError } from "./errors.ts";

/** The MariaDB server, account and database one tenant's statements run with. */
export type DbLogin = DbTarget;

/** Identifies a tenant's pool and pinned transactions: the same database under another account is another. */
export function tenantKey(login: DbLogin): string {
  return `${login.user}@${login.host}:${login.port}/${login.database}`;
}

export class DatabasePools {
  readonly #maxConnections: number;
  readonly #acquireTimeoutMs: number;
  readonly #pools = new Map<string, Db>();
  #closed = false;

  constructor(maxConnections: number, acquireTimeoutMs: number) {
    this.#maxConnections = maxConnections;
    this.#acquireTimeoutMs = acquireTimeoutMs;
  }

  #pool(login: DbLogin): Db {
    const key = tenantKey(login);
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = createDb(login, { connectionLimit: this.#maxConnections });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  /**
   * A connection for `database`. mysql2 would queue forever once every connection is pinned by an open
   * transaction; we give up after a while with RESOURCE_EXHAUSTED, which is what PlanetScale answers.
   */
  async acquire(login: DbLogin): Promise<Conn> {
    if (this.#closed) throw new PsdbError("UNAVAILABLE", "endpoint is shutting down", 2003);
    const pending = this.#pool(login).getConnection();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Whoever wins later must not leak: give a late connection straight back.
        pending.then((conn) => conn.release()).catch(() => undefined);
        reject(
          new PsdbError(
            "RESOURCE_EXHAUSTED",
            `no free connection to ${login.database} within ${this.#acquireTimeoutMs}ms ` +
              `(all ${this.#maxConnections} busy or pinned by open transactions)`,
            1040,
            "08004",
          ),
        );
      }, this.#acquireTimeoutMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async end(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  }
}
