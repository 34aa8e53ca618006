/**
 * @module A local SQL-over-HTTP endpoint that speaks @planetscale/database's protocol, backed by MariaDB.
 *
 * The Worker talks to PlanetScale through database-js in production; locally and in tests the very same
 * driver talks to this server instead, so the edge's SQL, casting and transaction code run unchanged
 * against a real MySQL-compatible database (research/queue.md §2.5).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DbTarget } from "../../origin/db/pool.ts";
import { Executor } from "./execute.ts";
import { HttpError, parseBasicAuth, readJsonBody, sendError, sendJson } from "./http.ts";
import type { DbLogin } from "./pools.ts";
import { newSessionId, readSession, wireSession } from "./protocol.ts";

/** Who a caller runs as: its own MariaDB account on `server`, so MariaDB enforces that account's grants. */
export interface PsdbTenant {
  database: string;
  user: string;
  password: string;
}

export interface PsdbServerOptions {
  /**
   * MariaDB address; its credentials are used only for tenants given as a bare database name (tests of the
   * protocol itself). Its `database` field is ignored (see `authenticate`).
   */
  server: DbTarget;
  /**
   * Basic-auth credentials → the tenant to run statements as (the edge's least-privilege user), a bare
   * database name to run them with `server`'s credentials, or null to answer 401.
   */
  authenticate(username: string, password: string): Promise<PsdbTenant | string | null> | PsdbTenant | string | null;
  /** Idle time after which a pinned transaction is rolled back (PlanetScale allows 20 s). */
  idleTransactionMs?: number;
  /** mysql2 pool size per database. */
  maxConnections?: number;
}

export interface PsdbServer {
  /** `http://127.0.0.1:PORT`; put credentials in it for database-js: `http://user:pass@127.0.0.1:PORT`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const EXECUTE = "/psdb.v1alpha1.Database/Execute";
const CREATE_SESSION = "/psdb.v1alpha1.Database/CreateSession";
/** Generous for SQL text; only guards memory against runaway or hostile bodies. */
const BODY_LIMIT = 16 * 1024 * 1024;
/** How long a statement may wait for a pooled connection before RESOURCE_EXHAUSTED. */
const ACQUIRE_TIMEOUT_MS = 10_000;

/** Starts listening (default 127.0.0.1 on a random port) and resolves once the port is bound. */
export async function startPsdbServer(
  options: PsdbServerOptions & { host?: string; port?: number },
): Promise<PsdbServer> {
  const host = options.host ?? "127.0.0.1";
  const executor = new Executor({
    maxConnections: options.maxConnections ?? 20,
    idleTransactionMs: options.idleTransactionMs ?? 20_000,
    acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
  });

  /** Resolves the caller's database, or refuses with 401 like PlanetScale does for bad credentials. */
  async function authorize(req: IncomingMessage): Promise<{ username: string; login: DbLogin }> {
    const unauthorized = (message: string) =>
      new HttpError(401, "UNAUTHENTICATED", message, { "www-authenticate": 'Basic realm="psdb"' });
    const credentials = parseBasicAuth(req.headers.authorization);
    if (!credentials) throw unauthorized("Basic authentication required");
    let tenant: PsdbTenant | string | null;
    try {
      tenant = await options.authenticate(credentials.username, credentials.password);
    } catch (error) {
      // e.g. the test setup's migration failed: the database is not there to serve, but that is no 500.
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpError(503, "UNAVAILABLE", `could not prepare database for ${credentials.username}: ${reason}`);
    }
    if (!tenant) throw unauthorized("invalid username or password");
    const login =
      typeof tenant === "string" ? { ...options.server, database: tenant } : { ...options.server, ...tenant };
    return { username: credentials.username, login };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== EXECUTE && path !== CREATE_SESSION) throw new HttpError(404, "NOT_FOUND", `no such RPC: ${path}`);
    if (req.method !== "POST") throw new HttpError(405, "UNIMPLEMENTED", "use POST", { allow: "POST" });
    const { username, login } = await authorize(req);
    const { database } = login;
    const body = await readJsonBody(req, BODY_LIMIT, path === CREATE_SESSION ? {} : undefined);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new HttpError(400, "INVALID_ARGUMENT", "request body must be a JSON object");
    }
    if (path === CREATE_SESSION) {
      const user = { username, psid: "", role: "admin" };
      sendJson(res, 200, { branch: database, user, session: wireSession(newSessionId(), false) });
      return;
    }
    const { query, session } = body as { query?: unknown; session?: unknown };
    if (typeof query !== "string" || query.trim() === "") {
      throw new HttpError(400, "INVALID_ARGUMENT", "`query` must be a non-empty string");
    }
    const response = await executor.execute({ database, username, login, query, session: readSession(session) });
    sendJson(res, 200, response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        sendError(res, error);
        return;
      }
      // Unexpected: say so briefly, never with a stack trace.
      const message = error instanceof Error ? error.message : String(error);
      sendError(res, new HttpError(500, "INTERNAL", `internal error: ${message}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      // After binding, a server-level error (e.g. EMFILE on accept) must not take the process down.
      server.on("error", () => undefined);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive sockets (database-js uses fetch, which pools them) would hold close() open for seconds.
        server.closeAllConnections();
        await closed;
        await executor.close();
      })();
      return closing;
    },
  };
}
