/**
 * @module The aggregator's HTTP server: one request runs admission (503 above the cap), routing (404/405),
 * the deadline and call scope, the handler, the answer (respond.ts), the error answer, and one log line and
 * metrics per request; each step is a named function below, `handle` only orders them. A client that
 * disconnects cancels the page's back-end calls. Settings arrive resolved (settings.ts); the site's parts
 * (pages, back-ends, post-processors, languages) are given by its caller (run.ts, tests).
 */
import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Logger } from "../log.ts";
import { type BackendDefinition, createBackendRegistry } from "./backends.ts";
import type { CallRecord } from "./call.ts";
import { type DebugMode, type PageTrace, readDebugMode, traceReport } from "./debug.ts";
import { trustedHeaders } from "./edge-trust.ts";
import { AggregatorError } from "./errors.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { createPage, type Handler } from "./page.ts";
import type { PostProcessor } from "./postprocess/types.ts";
import { createRenderPool } from "./render/pool.ts";
import { createResponder, sendError } from "./respond.ts";
import { allowedMethods, loadRoutes, METHODS, type Method, matchRoute, type Route } from "./router.ts";
import { createCallScope, pageBudget } from "./scope.ts";
import type { AggregatorSettings } from "./settings.ts";
import { createTransports } from "./transport.ts";

export interface AggregatorOptions {
  /** Folder of handler files (file-based routes), or routes already loaded. */
  readonly pages: string | readonly Route[];
  readonly backends: readonly BackendDefinition[];
  readonly postprocessors?: readonly PostProcessor[];
  /** The page languages (`?lang=`); the first is the default. */
  readonly languages?: readonly string[];
  /** Resolved: from the configuration (serverSettings) or the defaults with a caller's changes (aggregatorSettings). */
  readonly settings: AggregatorSettings;
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
const METRICS_PATH = "/_aggregator/metrics";

/** The caller's request id if the edge vouched for it and it is well-formed, else a new one. */
function requestIdOf(headers: IncomingHttpHeaders): string {
  const incoming = headers["x-request-id"];
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** A client that goes away cancels the page: its back-end calls are aborted (Frontik's 499). */
function cancelOnDisconnect(res: ServerResponse): AbortController {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? "/", "http://aggregator.invalid");
  } catch {
    throw new AggregatorError("BAD_REQUEST", "malformed request URL");
  }
}

/** The route's handler for the request's method (HEAD falls back to GET); 405 with Allow otherwise. */
function handlerFor(route: Route, method: Method): Handler {
  const handler = route.handlers[method] ?? (method === "HEAD" ? route.handlers.GET : undefined);
  if (handler && METHODS.includes(method)) return handler;
  const allow = allowedMethods(route).join(", ");
  throw new AggregatorError("METHOD_NOT_ALLOWED", `${method} is not allowed here; allowed: ${allow}`, {
    headers: { allow },
  });
}

/** The page's language comes from the URL only, never a cookie: pages are cached at the edge by URL. */
function pageLanguage(url: URL, languages: readonly string[]): string {
  const asked = url.searchParams.get("lang") ?? "";
  return languages.includes(asked) ? asked : (languages[0] ?? "en");
}

/** A handler's own AggregatorError answers as it is; anything else it throws is the handler failing. */
function handlerFailure(error: unknown, route: string): AggregatorError {
  if (error instanceof AggregatorError) return error;
  return new AggregatorError("HANDLER_FAILED", `the page handler for ${route} failed`, { cause: error });
}

/** Backends a failed page called without success, for its log line. */
function failedBackends(records: readonly CallRecord[]): string[] {
  return records.filter((r) => r.failure).map((r) => r.backend);
}

/** Builds an aggregator (routes are imported once here). */
export async function createAggregator(options: AggregatorOptions): Promise<Aggregator> {
  const { settings, logger: log } = options;
  const routes = typeof options.pages === "string" ? await loadRoutes(options.pages) : [...options.pages];
  const registry = createBackendRegistry(options.backends);
  const transports = createTransports(registry.list(), {
    cacheBytes: settings.cacheBytes,
    connections: settings.connections,
  });
  const pool = createRenderPool(settings.renderThreads, settings.tsxRuntime);
  const metrics = createMetrics();
  const responder = createResponder(pool, metrics, options.postprocessors ?? []);
  const languages = options.languages ?? ["en"];
  // The call scope's lookups, the same for every page.
  const backendOf = (name: string) => registry.get(name);
  const dispatcherOf = (name: string) =>
    name.endsWith("#raw") ? transports.get(name.slice(0, -4)).raw : transports.get(name).data;
  const observeCall = (record: CallRecord) => metrics.observeCall(record);

  /** Admission: above the cap a request is turned away before it costs anything (load shedding). */
  function admit(): void {
    if (metrics.active > settings.maxActive)
      throw new AggregatorError("OVERLOADED", "too many requests in flight; retry shortly", {
        headers: { "retry-after": "1" },
      });
  }

  async function serveMetrics(res: ServerResponse): Promise<number> {
    const text = await metrics.text();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text);
    return 200;
  }

  /** The error answer (a debug report in debug mode), and a 5xx told to onPageError; returns the status. */
  function answerError(res: ServerResponse, error: unknown, trace: PageTrace, debugMode: DebugMode): number {
    // A failed page in debug mode answers its report (with the error status): which call failed, and how.
    const report =
      debugMode === "debug"
        ? (status: number, message: string) =>
            traceReport(trace, { status, error: message, template: null, postprocessMs: 0, degraded: [] })
        : undefined;
    const status = sendError(res, error, trace.requestId, log, report);
    // A request the cap turned away never became a page: load shedding (in the metrics), not a failure.
    const shed = error instanceof AggregatorError && error.code === "OVERLOADED";
    if (status >= 500 && !shed)
      options.onPageError?.(error, { requestId: trace.requestId, route: trace.route, path: res.req.url ?? "", status });
    return status;
  }

  /** The request's metrics and its one log line. */
  function recordPage(res: ServerResponse, trace: PageTrace, status: number, controller: AbortController): void {
    const ms = performance.now() - trace.started;
    metrics.observePage(status, ms);
    log.info("page", {
      requestId: trace.requestId,
      method: res.req.method,
      path: res.req.url,
      route: trace.route,
      status,
      ms: Math.round(ms),
      calls: trace.records.length,
      failed: failedBackends(trace.records),
      ...(controller.signal.aborted && !res.writableFinished ? { clientGone: true } : {}),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const headers = trustedHeaders(req.headers, settings.edgeSecret);
    const trace: PageTrace = {
      requestId: requestIdOf(headers),
      started,
      route: "-",
      deadlineMs: settings.pageTimeoutMs,
      records: [],
    };
    res.setHeader("x-request-id", trace.requestId);
    const controller = cancelOnDisconnect(res);
    let status = 500;
    let debugMode: DebugMode = "off";
    try {
      admit();
      const url = requestUrl(req);
      if (url.pathname === METRICS_PATH) {
        status = await serveMetrics(res);
        return;
      }
      const match = matchRoute(routes, url.pathname);
      if (!match) throw new AggregatorError("NOT_FOUND", `no page at ${url.pathname}`);
      trace.route = match.route.pattern;
      const method = (req.method ?? "GET").toUpperCase() as Method;
      const handler = handlerFor(match.route, method);
      const budget = pageBudget(headers, settings.pageTimeoutMs);
      const calls = createCallScope({
        backend: backendOf,
        dispatcher: dispatcherOf,
        budgetMs: budget,
        controller,
        requestId: trace.requestId,
        retryBudget: settings.retryBudget,
        records: trace.records,
        observe: observeCall,
      });
      const handled = createPage(calls.scope, { method, url, headers, params: match.params, body: req });
      debugMode = readDebugMode(settings.debugToken, url, headers, handled.page.cookies);
      calls.scope.debug = debugMode !== "off";
      trace.deadlineMs = budget;
      const lang = pageLanguage(url, languages);
      let result: Awaited<ReturnType<Handler>>;
      try {
        result = await handler(handled.page);
      } catch (error) {
        throw handlerFailure(error, trace.route);
      }
      status = await responder.finishPage(res, result, handled, calls, lang, debugMode, trace);
    } catch (error) {
      status = answerError(res, error, trace, debugMode);
    } finally {
      recordPage(res, trace, status, controller);
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
