/**
 * @module One back-end call: pick a server, send with the remaining deadline, retry idempotent calls
 * within the page's retry budget, parse by content type. It never throws: a failure becomes an error
 * node, and the page decides (required → status, optional → degraded document).
 */
import type { Dispatcher } from "undici";
import { type AttemptOutcome, attempt, buildPath, curlLine, MIN_CALL_MS } from "./attempt.ts";
import { type Backend, pickServer } from "./backends.ts";
import type { CallFailure } from "./errors.ts";
import { type BodyKind, prepareBody } from "./parse.ts";

export interface CallOptions {
  readonly method?: string;
  /** Path and query on the back-end, e.g. `/search`. */
  readonly path: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /** Per-call timeout, ms; the back-end's profile otherwise. Always capped by the page deadline. */
  readonly timeoutMs?: number;
  /** Overrides the back-end's `required`. */
  readonly required?: boolean;
  /** Overrides the back-end's `maxTries` (idempotent methods only). */
  readonly maxTries?: number;
  /** Statuses below this count as success (default 400: a 404 is an error node). */
  readonly okBelow?: number;
}

export interface ErrorNode {
  readonly backend: string;
  readonly url: string;
  readonly failure: CallFailure;
  readonly status: number | null;
  readonly message: string;
}

export interface CallResult {
  readonly ok: boolean;
  readonly backend: string;
  readonly required: boolean;
  readonly status: number | null;
  readonly kind: BodyKind;
  /** The parsed body (XML → object, parsed on first use; JSON → value; else the text); null on failure. */
  readonly data: unknown;
  /** The raw body text (XML is embedded verbatim into XSLT documents). */
  readonly text: string;
  readonly error: ErrorNode | null;
}

/** What a debug page shows for each call. */
export interface CallRecord {
  backend: string;
  method: string;
  url: string;
  status: number | null;
  bytes: number;
  ms: number;
  tries: number;
  failure: CallFailure | null;
  cache: "hit" | "miss";
  required: boolean;
  curl: string;
}

/** The per-page environment every call of that page shares. */
export interface CallScope {
  backend(name: string): Backend;
  dispatcher(name: string): Dispatcher;
  /** Absolute epoch ms by which the page must answer. */
  readonly deadline: number;
  readonly signal: AbortSignal;
  readonly requestId: string;
  /** Debug mode: calls carry `x-bonafide-debug: 1`, so back-ends can add detail too (Frontik's X-Hh-Debug). */
  debug: boolean;
  /** Retries left for the whole page (shared by all its calls). */
  retryBudget: { left: number };
  readonly records: CallRecord[];
  onCallDone(record: CallRecord): void;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRY_STATUS = new Set([502, 503, 504]);

/** Runs one call to completion; resolves, never rejects. */
export async function runCall(scope: CallScope, backendName: string, options: CallOptions): Promise<CallResult> {
  const backend = scope.backend(backendName);
  const method = (options.method ?? "GET").toUpperCase();
  const required = options.required ?? backend.required;
  const path = buildPath(options.path, options.query);
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : JSON.stringify(options.body);
  const maxTries = IDEMPOTENT.has(method) ? Math.max(1, options.maxTries ?? backend.maxTries) : 1;
  const started = performance.now();
  const tried = new Set<string>();
  let tries = 0;
  let url = "";
  let headersSent: Record<string, string> = {};
  let outcome: AttemptOutcome;

  for (;;) {
    tries++;
    const server = pickServer(backend, tried);
    tried.add(server.origin);
    url = `${server.origin}${path}`;
    const remaining = scope.deadline - Date.now();
    const timeoutMs = Math.min(options.timeoutMs ?? backend.timeoutMs, remaining);
    if (timeoutMs < MIN_CALL_MS) {
      outcome = {
        status: null,
        failure: "deadline",
        text: "",
        kind: "text",
        message: `no time left for ${backendName} (page deadline)`,
        cached: false,
      };
      break;
    }
    headersSent = {
      ...(body !== undefined && typeof options.body !== "string" ? { "content-type": "application/json" } : {}),
      ...options.headers,
      "x-request-id": scope.requestId,
      // Deadline propagation: the back-end learns how long we will wait, already shrunk by time spent.
      "x-deadline-timeout-ms": String(Math.floor(timeoutMs)),
      ...(scope.debug ? { "x-bonafide-debug": "1" } : {}),
    };
    outcome = await attempt(scope, backendName, server, url, method, headersSent, body, timeoutMs);
    const retriable =
      outcome.failure === "connect" || (outcome.failure === null && RETRY_STATUS.has(outcome.status ?? 0));
    if (!retriable || tries >= maxTries || scope.retryBudget.left <= 0 || scope.signal.aborted) break;
    scope.retryBudget.left--;
  }

  const okBelow = options.okBelow ?? 400;
  let data: () => unknown = () => null;
  let { failure, message } = outcome;
  if (failure === null && (outcome.status ?? 0) >= okBelow) {
    failure = "status";
    message = `${backendName} answered ${outcome.status}`;
  }
  if (failure === null) {
    try {
      if (method !== "HEAD") data = prepareBody(outcome.kind, outcome.text);
    } catch (error) {
      failure = "parse";
      message = `${backendName}: ${(error as Error).message}`;
    }
  }
  const record: CallRecord = {
    backend: backendName,
    method,
    url,
    status: outcome.status,
    bytes: Buffer.byteLength(outcome.text),
    ms: Math.round((performance.now() - started) * 10) / 10,
    tries,
    failure,
    cache: outcome.cached ? "hit" : "miss",
    required,
    curl: curlLine(method, url, headersSent, body),
  };
  scope.records.push(record);
  scope.onCallDone(record);
  const error = failure ? { backend: backendName, url, failure, status: outcome.status, message } : null;
  return {
    ok: failure === null,
    backend: backendName,
    required,
    status: outcome.status,
    kind: outcome.kind,
    get data() {
      return data();
    },
    text: outcome.text,
    error,
  };
}
