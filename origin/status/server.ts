/**
 * @module The status server and operator console: `/status` (HTML that reloads itself), `/status.json`
 * (the same data) and `/metrics` (Prometheus); a job's page `/jobs/ID` and a client's lane
 * `/lanes/KIND/CLIENT` (each also `.json`); and the actions, `POST /api/…` (origin/console/). To read, with
 * a status token it asks for `Authorization: Bearer <token>` (or `?token=` for a browser; the admin token
 * does too); without one it answers loopback clients only, so an unconfigured server never leaks. To act,
 * it needs the admin token even from loopback: as a bearer token (JSON answers), or a browser session got
 * at `/login` plus the session's CSRF token in each form post (origin/console/session.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OriginConfig } from "../config.ts";
import { type ActionContext, renderJobPage, renderLanePage, renderLoginPage } from "../console/html.ts";
import {
  actorOf,
  crossSiteReason,
  csrfToken,
  newSession,
  readCookie,
  SESSION_COOKIE,
  sameSecret,
  sessionCookie,
  verifySession,
} from "../console/session.ts";
import {
  type ActionResult,
  ConsoleError,
  cancelJob,
  cancelLane,
  pauseKind,
  readJob,
  readLane,
  resumeKind,
  retryDead,
} from "../console/store.ts";
import type { Db } from "../db/pool.ts";
import { StatusError, statusErrorAnswer } from "../errors/model.ts";
import type { ErrorRecorder } from "../errors/record.ts";
import { escapeHtml, renderStatusHtml, STATUS_CSS } from "./html.ts";
import { createStatusMetrics } from "./metrics.ts";
import { DEFAULT_REPORT_MS, readStatus, type StatusData } from "./read.ts";
import { type StatusView, statusView } from "./view.ts";

export interface StatusServerOptions {
  db: Db;
  host: string;
  port: number;
  token: string | null;
  /** BONAFIDE_ADMIN_TOKEN: what the console's actions need (null: actions are off). */
  adminToken?: string | null;
  errors?: ErrorRecorder;
  /**
   * Requests within this many ms of a read share it (in flight or just done): one set of status queries
   * however many pages, scrapers and reloads are open — they scan the job table. Default 2000; 0 = none.
   */
  shareMs?: number;
  /** The processes' report interval (BONAFIDE_REPORT_MS): a process is gone after 3 without a heartbeat. */
  reportMs?: number;
}

export interface StatusServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...extra,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** Answers `error` with its table status (origin/errors.ts) and the error JSON. */
function sendError(res: ServerResponse, error: StatusError, extra: Record<string, string> = {}): void {
  const { status, body } = statusErrorAnswer(error);
  send(res, status, "application/json; charset=utf-8", body, extra);
}

/** The bearer token of `req`, or "" without one. */
function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization ?? "";
  return header.startsWith("Bearer ") ? header.slice(7) : "";
}

/** Why `req` may not see the status, or null when it may (the admin token reads too). */
function refusal(req: IncomingMessage, url: URL, token: string | null, adminToken: string | null): StatusError | null {
  if (token === null) {
    return isLoopback(req.socket.remoteAddress)
      ? null
      : new StatusError(
          "STATUS_LOOPBACK_ONLY",
          "the status pages answer loopback only until BONAFIDE_STATUS_TOKEN is set",
        );
  }
  const given = bearer(req) || (url.searchParams.get("token") ?? "");
  if (given && (sameSecret(given, token) || (adminToken !== null && sameSecret(given, adminToken)))) return null;
  return new StatusError("STATUS_TOKEN_REQUIRED", "send Authorization: Bearer <BONAFIDE_STATUS_TOKEN> (or ?token=)");
}

/** Starts the status server; port 0 picks a free port. */
/** The listening settings `config` gives a status server (host, port, token, the registry's report interval). */
export function statusServerSettings(
  config: Pick<OriginConfig, "ops" | "stack">,
): Pick<StatusServerOptions, "host" | "port" | "token" | "reportMs" | "adminToken"> {
  const { statusHost, statusPort, statusToken, reportMs } = config.ops;
  return { host: statusHost, port: statusPort, token: statusToken, reportMs, adminToken: config.stack.adminToken };
}

/** The largest form or JSON body an action takes. */
const MAX_BODY_BYTES = 8_192;

/** Reads `req`'s body as text, or null when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A path on this server to return to after a form post: `/…` only (never `//host` or a scheme). */
function safeBack(back: string | null): string {
  return back && /^\/(?!\/)[A-Za-z0-9/_.-]*$/.test(back) ? back : "/status";
}

/** The action `path` names (`/api/…`), run as `actor`, or null when `path` is no action. */
function actionFor(path: string): ((db: Db, actor: string) => Promise<ActionResult>) | null {
  let m = /^\/api\/jobs\/([^/]+)\/(retry|cancel)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1] as string);
    return m[2] === "retry" ? (db, actor) => retryDead(db, actor, { id }) : (db, actor) => cancelJob(db, actor, id);
  }
  m = /^\/api\/kinds\/([^/]+)\/(retry-dead|pause|resume)$/.exec(path);
  if (m) {
    const kind = decodeURIComponent(m[1] as string);
    if (m[2] === "pause") return (db, actor) => pauseKind(db, actor, kind);
    if (m[2] === "resume") return (db, actor) => resumeKind(db, actor, kind);
    return (db, actor) => retryDead(db, actor, { kind });
  }
  m = /^\/api\/lanes\/([^/]+)\/([^/]+)\/cancel$/.exec(path);
  if (m) {
    const kind = decodeURIComponent(m[1] as string);
    const client = decodeURIComponent(m[2] as string);
    return (db, actor) => cancelLane(db, actor, kind, client);
  }
  return null;
}

export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const shareMs = options.shareMs ?? 2_000;
  const metrics = createStatusMetrics();
  const reportMs = options.reportMs ?? DEFAULT_REPORT_MS;
  let shared: { at: number; data: Promise<StatusData> } | null = null;
  // The latest successful read, kept for an outage: the pages then show it with its age.
  let last: StatusData | null = null;
  const currentStatus = (): Promise<StatusData> => {
    const now = Date.now();
    if (shared && now - shared.at < shareMs) return shared.data;
    const data = readStatus(options.db, new Date(), reportMs);
    const entry = { at: now, data };
    shared = entry;
    data.then(
      (read) => {
        if (!last || read.generatedAt >= last.generatedAt) last = read;
      },
      // A failed read is not shared: the next request tries the database again.
      () => {
        if (shared === entry) shared = null;
      },
    );
    return data;
  };
  /** The view to render: fresh when the database answers, else the last read with the reason. */
  const currentView = async (route: string): Promise<StatusView> => {
    try {
      return statusView(await currentStatus(), null);
    } catch (error) {
      // Recording needs the database too; the recorder logs what it cannot store.
      await options.errors?.record(error, { route }).catch(() => undefined);
      return statusView(last, error instanceof Error ? error : new Error(String(error)));
    }
  };
  const adminToken = options.adminToken ?? null;
  /** The console's view of `req`: its session's CSRF token (null: no session) and the query to keep. */
  const actionContext = (req: IncomingMessage, url: URL): ActionContext => {
    const nonce = adminToken ? verifySession(readCookie(req, SESSION_COOKIE), adminToken) : null;
    return {
      csrf: adminToken && nonce ? csrfToken(adminToken, nonce) : null,
      search: url.searchParams.has("token") ? `?token=${encodeURIComponent(url.searchParams.get("token") ?? "")}` : "",
      actionsEnabled: adminToken !== null,
    };
  };
  const html = (res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) =>
    send(res, status, "text/html; charset=utf-8", body, {
      // No script, no frame, no form to elsewhere: the console's pages need none of these.
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      ...extra,
    });

  /** A console read: a job's or a lane's page or JSON; null when `path` is neither. */
  const consoleRead = async (req: IncomingMessage, res: ServerResponse, url: URL, path: string) => {
    const job = /^\/jobs\/([^/]+?)(\.json)?$/.exec(path);
    const lane = /^\/lanes\/([^/]+)\/([^/]+?)(\.json)?$/.exec(path);
    if (!job && !lane) return false;
    const ctx = actionContext(req, url);
    try {
      if (job) {
        const view = await readJob(options.db, decodeURIComponent(job[1] as string));
        if (job[2]) send(res, 200, "application/json; charset=utf-8", `${JSON.stringify(view)}\n`);
        else html(res, 200, renderJobPage(view, ctx, STATUS_CSS));
      } else if (lane) {
        const view = await readLane(
          options.db,
          decodeURIComponent(lane[1] as string),
          decodeURIComponent(lane[2] as string),
        );
        if (lane[3]) send(res, 200, "application/json; charset=utf-8", `${JSON.stringify(view)}\n`);
        else html(res, 200, renderLanePage(view, ctx, STATUS_CSS));
      }
    } catch (error) {
      if (!(error instanceof ConsoleError)) throw error;
      sendError(res, error);
    }
    return true;
  };

  /** POST: log in or out, or an action (with the admin token, and for a browser its CSRF token). */
  const post = async (req: IncomingMessage, res: ServerResponse, url: URL, path: string) => {
    const action = actionFor(path);
    if (!action && path !== "/login" && path !== "/logout") {
      if (path.startsWith("/api/"))
        sendError(res, new StatusError("NOT_FOUND", "no such action; see README (the console)"));
      else
        sendError(res, new StatusError("METHOD_NOT_ALLOWED", "only GET and HEAD here; actions are POST /api/…"), {
          allow: "GET, HEAD",
        });
      return;
    }
    if (adminToken === null) {
      sendError(
        res,
        new StatusError("ACTIONS_DISABLED", "console actions need BONAFIDE_ADMIN_TOKEN set on the status server"),
      );
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      sendError(res, new StatusError("BODY_TOO_LARGE", `a console request body is at most ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const form = /^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "")
      ? new URLSearchParams(body)
      : new URLSearchParams();
    const ctx = actionContext(req, url);
    const back = `${safeBack(form.get("back"))}${ctx.search}`;
    const given = bearer(req);
    const crossSite = given ? null : crossSiteReason(req);
    if (crossSite) {
      sendError(res, new StatusError("CSRF_REFUSED", `a console post from another site is refused (${crossSite})`));
      return;
    }
    if (path === "/logout") {
      res.writeHead(303, { location: back, "set-cookie": sessionCookie(null), "cache-control": "no-store" }).end();
      return;
    }
    if (path === "/login") {
      if (!sameSecret(form.get("token") ?? "", adminToken)) {
        html(res, 401, renderLoginPage(ctx, safeBack(form.get("back")), STATUS_CSS, "That is not the admin token."));
        return;
      }
      res
        .writeHead(303, {
          location: back,
          "set-cookie": sessionCookie(newSession(adminToken)),
          "cache-control": "no-store",
        })
        .end();
      return;
    }
    // An action: a bearer admin token (JSON), or a session with its CSRF token (a browser's form post).
    let json: boolean;
    if (given) {
      if (!sameSecret(given, adminToken)) {
        sendError(
          res,
          new StatusError("ADMIN_TOKEN_REQUIRED", "actions need Authorization: Bearer <BONAFIDE_ADMIN_TOKEN>"),
          {
            "www-authenticate": 'Bearer realm="bonafide console"',
          },
        );
        return;
      }
      json = true;
    } else {
      if (!ctx.csrf) {
        sendError(
          res,
          new StatusError(
            "ADMIN_TOKEN_REQUIRED",
            "actions need the admin token: log in at /login, or send Authorization: Bearer",
          ),
          {
            "www-authenticate": 'Bearer realm="bonafide console"',
          },
        );
        return;
      }
      if (!sameSecret(form.get("csrf") ?? "", ctx.csrf)) {
        sendError(
          res,
          new StatusError(
            "CSRF_TOKEN_INVALID",
            "the form's CSRF token is missing or not this session's: reload the page",
          ),
        );
        return;
      }
      json = false;
    }
    const actor = actorOf(adminToken, req.socket.remoteAddress, isLoopback(req.socket.remoteAddress));
    try {
      const result = await (action as NonNullable<typeof action>)(options.db, actor);
      shared = null; // the next page shows the change
      if (json) send(res, 200, "application/json; charset=utf-8", `${JSON.stringify(result)}\n`);
      else res.writeHead(303, { location: back, "cache-control": "no-store" }).end();
    } catch (error) {
      if (!(error instanceof ConsoleError)) throw error;
      if (json) sendError(res, error);
      else
        html(
          res,
          error.status,
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(error.code)}</title></head><body><p id="action-error">${escapeHtml(error.message)}</p><p><a href="${escapeHtml(back)}">back</a></p></body></html>`,
        );
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://status.invalid");
      if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST") {
        sendError(res, new StatusError("METHOD_NOT_ALLOWED", "only GET, HEAD and POST"), { allow: "GET, HEAD, POST" });
        return;
      }
      const refused = refusal(req, url, options.token, adminToken);
      if (refused) {
        sendError(res, refused, refused.status === 401 ? { "www-authenticate": 'Bearer realm="bonafide status"' } : {});
        return;
      }
      const path = url.pathname.replace(/\/+$/, "") || "/";
      if (req.method === "POST") {
        await post(req, res, url, path);
        return;
      }
      if (path === "/") {
        res.writeHead(302, { location: `/status${url.search}` }).end();
        return;
      }
      if (path === "/login") {
        html(res, 200, renderLoginPage(actionContext(req, url), safeBack(url.searchParams.get("back")), STATUS_CSS));
        return;
      }
      if (await consoleRead(req, res, url, path)) return;
      if (path !== "/status" && path !== "/status.json" && path !== "/metrics") {
        sendError(
          res,
          new StatusError("NOT_FOUND", "try /status, /status.json, /metrics, /jobs/ID or /lanes/KIND/CLIENT"),
        );
        return;
      }
      const view = await currentView(path);
      if (path === "/status") html(res, 200, renderStatusHtml(view, url.search, actionContext(req, url)));
      else if (path === "/metrics")
        send(res, 200, "text/plain; version=0.0.4; charset=utf-8", await metrics.text(view));
      else {
        // The data's fields at the top level as always (absent if no read ever succeeded), plus whether the
        // database answered and this server's own figures: 200 either way, the body says which.
        const body = { ...(view.data ?? {}), database: view.database, self: view.self };
        send(res, 200, "application/json; charset=utf-8", `${JSON.stringify(body)}\n`);
      }
    })().catch((error: unknown) => {
      void options.errors?.record(error, { route: req.url ?? "" });
      if (!res.headersSent)
        sendError(res, new StatusError("STATUS_FAILED", "the status page failed; the error was logged"));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/status`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
