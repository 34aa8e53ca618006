/**
 * @module The status server: `/status` (HTML that reloads itself), `/status.json` (the same data) and
 * `/metrics` (Prometheus). With a token it asks for `Authorization: Bearer <token>` (or `?token=` for a
 * browser); without one it answers loopback clients only, so an unconfigured server never leaks.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OriginConfig } from "../config.ts";
import type { Db } from "../db/pool.ts";
import type { ErrorRecorder } from "../errors/record.ts";
import { renderStatusHtml } from "./html.ts";
import { renderMetrics } from "./metrics.ts";
import { DEFAULT_REPORT_MS, readStatus, type StatusData } from "./read.ts";
import { type StatusView, statusView } from "./view.ts";

export interface StatusServerOptions {
  db: Db;
  host: string;
  port: number;
  token: string | null;
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

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): void {
  send(res, status, "application/json; charset=utf-8", `${JSON.stringify({ error: { code, message } })}\n`, extra);
}

/** Why `req` may not see the status, or null when it may. */
function refusal(req: IncomingMessage, url: URL, token: string | null): [number, string, string] | null {
  if (token === null) {
    return isLoopback(req.socket.remoteAddress)
      ? null
      : [403, "STATUS_LOOPBACK_ONLY", "the status pages answer loopback only until BONAFIDE_STATUS_TOKEN is set"];
  }
  const header = req.headers.authorization ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7) : (url.searchParams.get("token") ?? "");
  if (given && sameSecret(given, token)) return null;
  return [401, "STATUS_TOKEN_REQUIRED", "send Authorization: Bearer <BONAFIDE_STATUS_TOKEN> (or ?token=)"];
}

/** Starts the status server; port 0 picks a free port. */
/** The listening settings `config` gives a status server (host, port, token, the registry's report interval). */
export function statusServerSettings(
  config: OriginConfig,
): Pick<StatusServerOptions, "host" | "port" | "token" | "reportMs"> {
  const { statusHost, statusPort, statusToken, reportMs } = config.ops;
  return { host: statusHost, port: statusPort, token: statusToken, reportMs };
}

export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const shareMs = options.shareMs ?? 2_000;
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
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://status.invalid");
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendError(res, 405, "METHOD_NOT_ALLOWED", "only GET and HEAD", { allow: "GET, HEAD" });
        return;
      }
      const refused = refusal(req, url, options.token);
      if (refused) {
        const [status, code, message] = refused;
        sendError(
          res,
          status,
          code,
          message,
          status === 401 ? { "www-authenticate": 'Bearer realm="bonafide status"' } : {},
        );
        return;
      }
      const path = url.pathname.replace(/\/+$/, "") || "/";
      if (path === "/") {
        res.writeHead(302, { location: `/status${url.search}` }).end();
        return;
      }
      if (path !== "/status" && path !== "/status.json" && path !== "/metrics") {
        sendError(res, 404, "NOT_FOUND", "try /status, /status.json or /metrics");
        return;
      }
      const view = await currentView(path);
      if (path === "/status") send(res, 200, "text/html; charset=utf-8", renderStatusHtml(view, url.search));
      else if (path === "/metrics") send(res, 200, "text/plain; version=0.0.4; charset=utf-8", renderMetrics(view));
      else {
        // The data's fields at the top level as always (absent if no read ever succeeded), plus whether the
        // database answered and this server's own figures: 200 either way, the body says which.
        const body = { ...(view.data ?? {}), database: view.database, self: view.self };
        send(res, 200, "application/json; charset=utf-8", `${JSON.stringify(body)}\n`);
      }
    })().catch((error: unknown) => {
      void options.errors?.record(error, { route: req.url ?? "" });
      if (!res.headersSent) sendError(res, 503, "STATUS_FAILED", "the status page failed; the error was logged");
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
