/**
 * @module The edge's log: one wide event per request (workers-sdk's router worker does the same), built as
 * the request runs and written once, as one JSON line on stdout, in edge/index.ts's `finally`: request id
 * (Cloudflare's `cf-ray`, else a fresh UUID; the same id goes to the origin as `x-request-id`), route,
 * status, duration, the page cache's answer, the rules version and rule, rating items by source (the hot tier
 * apart from KV), the error answered, and every problem met on the way. A problem met after the event was
 * written (work left to waitUntil) is written as its own line with the same request id.
 *
 * The event travels with the request's ExecutionContext (`RequestContext`): module scope holds no request's
 * data. A call without one (a test calling the app directly) logs nothing into an event.
 */
import type { EdgeError } from "./errors.ts";

/** Something that went wrong but did not decide the answer (a KV read failed, a background refresh failed). */
export interface Problem {
  level: "warn" | "error";
  msg: string;
  [field: string]: unknown;
}

const MAX_LOGGED_PATH = 256;

/** Route names by path prefix, first match wins (plain data). */
const ROUTES: readonly (readonly [string, string])[] = [
  ["/api/v1/rate", "rate"],
  ["/api/v1/sites", "sites"],
  ["/api/v1/meta", "meta"],
  ["/api/", "api-unknown"],
  ["/fcgi/", "sitetruth"],
  ["/cgi-bin/", "sitetruth"],
  ["/_bonafide/internal/ratings", "push-ratings"],
  ["/_bonafide/internal/pages", "push-pages"],
  ["/_bonafide/rules", "admin-rules"],
  ["/_bonafide/pages", "admin-pages"],
  ["/_bonafide/", "admin-unknown"],
];

function routeOf(path: string): string {
  for (const [prefix, name] of ROUTES) if (path.startsWith(prefix)) return name;
  return "page";
}

/** The error a request was answered with, as its event records it. */
interface LoggedError {
  code: string;
  message: string;
  /** An unexpected error's stack (the client saw only INTERNAL). */
  cause?: string;
}

/** One request's wide event. */
export class RequestLog implements Reporter {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly #startedAt = Date.now();
  #written = false;
  route: string;
  status = 0;
  /** Rating items by where they came from: hot, kv, db, queued, deferred, invalid, unavailable. */
  items: Record<string, number> | undefined;
  error: LoggedError | undefined;
  problems: Problem[] | undefined;

  constructor(request: Request, path: string) {
    this.requestId = request.headers.get("cf-ray") ?? crypto.randomUUID();
    this.method = request.method;
    // A path is the client's to choose: the log keeps its first MAX_LOGGED_PATH characters.
    this.path = path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
    this.route = routeOf(path);
  }

  /** The error the answer says; an unexpected one keeps its cause's stack (the client saw only INTERNAL). */
  recordError(error: EdgeError): void {
    const cause = error.code === "INTERNAL" && error.cause !== undefined ? describe(error.cause) : undefined;
    this.error = { code: error.wireCode, message: error.message, ...(cause ? { cause } : {}) };
  }

  /** Counts rating items by source; `fromHot` of the `kv` ones came from this isolate's memory. */
  countItems(sources: readonly string[], fromHot: number): void {
    const items: Record<string, number> = fromHot > 0 ? { hot: fromHot } : {};
    for (const s of sources) items[s] = (items[s] ?? 0) + 1;
    if (fromHot > 0) items.kv = (items.kv ?? 0) - fromHot;
    if (items.kv === 0) delete items.kv;
    this.items = items;
  }

  /** A problem of this request: a field of the event, or its own line once the event is written. */
  report(problem: Problem): void {
    if (this.#written) console.log(JSON.stringify({ requestId: this.requestId, after: true, ...problem }));
    else if (this.problems) this.problems.push(problem);
    else this.problems = [problem];
  }

  /** Writes the event (once): what the answer says in its headers, then the line. */
  write(response: Response | null): void {
    if (this.#written) return;
    this.#written = true;
    const h = response?.headers;
    // Fields assigned in place (no spread of a temporary object per optional field); the key order is the
    // line's, as before.
    const event: Record<string, unknown> = {
      event: "edge.request",
      requestId: this.requestId,
      method: this.method,
      route: this.route,
      path: this.path,
      status: response?.status ?? 500,
      durationMs: Date.now() - this.#startedAt,
    };
    if (h) {
      const cache = h.get("x-bonafide-cache");
      if (cache) event.cache = cache;
      const rulesVersion = h.get("x-bonafide-rules-version");
      if (rulesVersion) event.rulesVersion = Number(rulesVersion);
      const rule = h.get("x-bonafide-rule");
      if (rule) event.rule = rule;
    }
    if (this.items) event.items = this.items;
    if (this.error) event.error = this.error;
    if (this.problems) event.problems = this.problems;
    console.log(JSON.stringify(event));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? String(error.stack ?? error) : String(error);
}

/**
 * The request's ExecutionContext with its log event (edge/index.ts makes one per request). It forwards what
 * the edge and Hono use (waitUntil, passThroughOnException, props); `asExecutionContext` hands it on.
 */
export class RequestContext {
  readonly #inner: ExecutionContext;
  readonly log: RequestLog;
  constructor(inner: ExecutionContext, log: RequestLog) {
    this.#inner = inner;
    this.log = log;
  }
  waitUntil(promise: Promise<unknown>): void {
    this.#inner.waitUntil(promise);
  }
  passThroughOnException(): void {
    this.#inner.passThroughOnException();
  }
  get props(): unknown {
    return this.#inner.props;
  }
  /** This context where an ExecutionContext is asked for (only the members above are ever used). */
  asExecutionContext(): ExecutionContext {
    return this as unknown as ExecutionContext;
  }
}

/** The log event of the request `ctx` belongs to; null for a call made without one. */
export function eventOf(ctx: unknown): RequestLog | null {
  return ctx instanceof RequestContext ? ctx.log : null;
}

/** The log event of the request a Hono Context serves (Hono throws when asked for an ExecutionContext it lacks). */
export function eventOfContext(c: { readonly executionCtx: unknown }): RequestLog | null {
  try {
    return eventOf(c.executionCtx);
  } catch {
    return null;
  }
}

/** Where a module reports a problem: the request's event (a RequestLog), or LOG_LINE. */
export interface Reporter {
  report(problem: Problem): void;
}

/** For work outside any request (and calls made without one): the problem as a line of its own. */
export const LOG_LINE: Reporter = Object.freeze({
  report(problem: Problem): void {
    console.log(JSON.stringify(problem));
  },
});

/** The request's event, else LOG_LINE. */
export function reporterOf(ctx: unknown): Reporter {
  return eventOf(ctx) ?? LOG_LINE;
}
