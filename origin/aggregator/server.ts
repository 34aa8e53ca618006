/**
 * @module The aggregator's HTTP server: request id, concurrency cap (503), routing (404/405), deadline,
 * the handler, the barrier over every started call, required/optional bookkeeping, render, post-process,
 * debug, one log line and metrics per request; client disconnect cancels the page's back-end calls.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../log.ts";
import { type BackendDefinition, createBackendRegistry } from "./backends.ts";
import type { CallScope } from "./call.ts";
import { type DebugMode, readDebugMode, renderDebugReport } from "./debug.ts";
import { trustedHeaders } from "./edge-trust.ts";
import { AggregatorError } from "./errors.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { createPage } from "./page.ts";
import type { PostProcessor } from "./postprocess/types.ts";
import { createRenderPool } from "./render/pool.ts";
import { finishPage, sendError } from "./respond.ts";
import { allowedMethods, loadRoutes, METHODS, type Method, matchRoute, type Route } from "./router.ts";
import { createCallScope, pageBudget } from "./scope.ts";
import { createTransports } from "./transport.ts";

export interface AggregatorOptions {
  /** Folder of handler files (file-based routes), or routes already loaded. */
  readonly pages: string | readonly Route[];
  readonly backends: readonly BackendDefinition[];
  readonly postprocessors?: readonly PostProcessor[];
  readonly debugToken?: string | null;
  /** BONAFIDE_ORIGIN_SECRET: the deadline and request id headers count only with it (edge-trust.ts). */
  readonly edgeSecret?: string | null;
  readonly maxActive?: number;
  readonly pageTimeoutMs?: number;
  readonly retryBudget?: number;
  readonly renderThreads?: number;
  readonly cacheBytes?: number;
  readonly connections?: number;
  readonly languages?: readonly string[];
  readonly logger: Logger;
  /**
   * Told of every page that failed with a 5xx (after it is answered), e.g. to keep it in `error_log`; not of
   * requests the concurrency cap turned away (503 OVERLOADED).
   */
  readonly onPageError?: (error: unknown, context: PageErrorContext) => void;
}

export interface PageErrorContext {
  readonly requestId: string;
  readonly route: string;
  readonly path: string;
  readonly status: number;
}

export interface Aggregator {
  readonly server: Server;
  readonly metrics: Metrics;
  listen(port: number, host?: string): Promise<string>;
  /** Graceful: stop accepting, let pages in flight finish (up to `timeoutMs`), then close pools. */
  close(timeoutMs?: number): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds an aggregator (routes are imported once here). */
export async function createAggregator(options: AggregatorOptions): Promise<Aggregator> {
  const routes = typeof options.pages === "string" ? await loadRoutes(options.pages) : [...options.pages];
  const registry = createBackendRegistry(options.backends);
  const transports = createTransports(registry.list(), {
    cacheBytes: options.cacheBytes ?? 32 * 1024 * 1024,
    connections: options.connections ?? 64,
  });
  const pool = createRenderPool(options.renderThreads ?? 2);
  const metrics = createMetrics();
  const maxActive = options.maxActive ?? 256;
  const pageTimeoutMs = options.pageTimeoutMs ?? 5000;
  const languages = options.languages ?? ["en"];
  const log = options.logger;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const headers = trustedHeaders(req.headers, options.edgeSecret ?? null);
    const incomingId = headers["x-request-id"];
    const requestId = typeof incomingId === "string" && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    res.setHeader("x-request-id", requestId);
    const controller = new AbortController();
    // A client that goes away cancels the page: its back-end calls are aborted (Frontik's 499).
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    let status = 500;
    let route = "-";
    const records: CallScope["records"] = [];
    let debugMode: DebugMode = "off";
    let deadlineMs = pageTimeoutMs;
    try {
      if (metrics.active > maxActive)
        throw new AggregatorError("OVERLOADED", "too many requests in flight; retry shortly", {
          headers: { "retry-after": "1" },
        });
      let url: URL;
      try {
        url = new URL(req.url ?? "/", "http://aggregator.invalid");
      } catch {
        throw new AggregatorError("BAD_REQUEST", "malformed request URL");
      }
      if (url.pathname === "/_aggregator/metrics") {
        const text = await metrics.text();
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text);
        status = 200;
        return;
      }
      const match = matchRoute(routes, url.pathname);
      if (!match) throw new AggregatorError("NOT_FOUND", `no page at ${url.pathname}`);
      route = match.route.pattern;
      const method = (req.method ?? "GET").toUpperCase() as Method;
      const handler = match.route.handlers[method] ?? (method === "HEAD" ? match.route.handlers.GET : undefined);
      if (!handler || !METHODS.includes(method)) {
        const allow = allowedMethods(match.route).join(", ");
        throw new AggregatorError("METHOD_NOT_ALLOWED", `${method} is not allowed here; allowed: ${allow}`, {
          headers: { allow },
        });
      }
      const budget = pageBudget(headers, pageTimeoutMs);
      const { scope, requiredFailure } = createCallScope({
        backend: (name) => registry.get(name),
        dispatcher: (name) =>
          name.endsWith("#raw") ? transports.get(name.slice(0, -4)).raw : transports.get(name).data,
        budgetMs: budget,
        controller,
        requestId,
        retryBudget: options.retryBudget ?? 3,
        records,
        observe: (record) => metrics.observeCall(record),
      });
      const { page, state } = createPage(scope, {
        method,
        url,
        headers,
        params: match.params,
        body: req,
      });
      const debug = readDebugMode(options.debugToken ?? null, url, headers, page.cookies);
      debugMode = debug;
      scope.debug = debug !== "off";
      deadlineMs = budget;
      // The language comes from the URL only, never a cookie: pages are cached at the edge by URL.
      const langParam = url.searchParams.get("lang") ?? "";
      const lang = languages.includes(langParam) ? langParam : (languages[0] ?? "en");
      let result: Awaited<ReturnType<typeof handler>>;
      try {
        result = await handler(page);
      } catch (error) {
        if (error instanceof AggregatorError) throw error;
        throw new AggregatorError("HANDLER_FAILED", `the page handler for ${route} failed`, { cause: error });
      }
      status = await finishPage({
        req,
        res,
        result,
        page,
        state,
        scope,
        debug,
        lang,
        route,
        pool,
        metrics,
        started,
        budget,
        postprocessors: options.postprocessors ?? [],
        requiredFailure,
      });
    } catch (error) {
      // A failed page in debug mode answers its report (with the error status): which call failed, and how.
      const report =
        debugMode === "debug"
          ? (code: number, message: string) =>
              renderDebugReport({
                requestId,
                route,
                status: code,
                error: message,
                totalMs: Math.round(performance.now() - started),
                deadlineMs,
                template: null,
                postprocessMs: 0,
                degraded: [],
                calls: records,
              })
          : undefined;
      status = sendError(res, error, requestId, log, report);
      // A request the cap turned away never became a page: load shedding (in the metrics), not a failure.
      const shed = error instanceof AggregatorError && error.code === "OVERLOADED";
      if (status >= 500 && !shed) options.onPageError?.(error, { requestId, route, path: req.url ?? "", status });
    } finally {
      metrics.observePage(status, performance.now() - started);
      log.info("page", {
        requestId,
        method: req.method,
        path: req.url,
        route,
        status,
        ms: Math.round(performance.now() - started),
        calls: records.length,
        failed: records.filter((r) => r.failure).map((r) => r.backend),
        ...(controller.signal.aborted && !res.writableFinished ? { clientGone: true } : {}),
      });
    }
  }

  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    metrics.active++;
    res.on("close", () => metrics.active--);
    void handle(req, res);
  });

  return {
    server,
    metrics,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        // SO_REUSEPORT: `npx bonafide aggregator --processes P` runs P copies on one port (Frontik's model).
        server.listen({ port, host, reusePort: port !== 0 }, () => {
          const a = server.address();
          resolve(`http://${host}:${typeof a === "object" && a ? a.port : port}`);
        });
      }),
    async close(timeoutMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const until = Date.now() + timeoutMs;
      while (metrics.active > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await closed;
      await transports.close();
      await pool.close();
      metrics.stop();
    },
  };
}
