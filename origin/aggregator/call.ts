/**
 * @module One back-end call: pick a server, send with the remaining deadline, retry idempotent calls
 * within the page's retry budget, hedge (a second try to another server when the first is slow, if the
 * back-end's profile says so), parse by content type. It never throws: a failure becomes an error node,
 * and the page decides (required → status, optional → degraded document).
 */
import type { Dispatcher } from "undici";
import { type AttemptOutcome, abortLoser, attempt, buildPath, curlLine, fail, MIN_CALL_MS } from "./attempt.ts";
import { type Backend, hedgeDelayMs, pickServer, type Server } from "./backends.ts";
import type { CallFailure } from "./errors.ts";
import { type BodyKind, checkXml, prepareBody } from "./parse.ts";
import { type PageTimers, pageTimers, type TimerEntry } from "./timers.ts";

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
  /**
   * Whether the call may be sent twice: retried (GET, HEAD, OPTIONS, PUT, DELETE by default) and hedged
   * (GET and HEAD by default). `true` lets e.g. a search POST be retried and hedged.
   */
  readonly idempotent?: boolean;
  /** `false`: never hedge this call, whatever the back-end's profile says. */
  readonly hedge?: boolean;
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
  /** A hedge was sent for this call (it counts in `tries`); whether the hedge's answer was the one used. */
  hedge?: "lost" | "won";
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
  /** The page's one timer for its attempts' timeouts and hedges (created by the first attempt). */
  timers?: PageTimers;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** Hedging sends two at once, so only methods that are also safe by default. */
const HEDGEABLE = new Set(["GET", "HEAD"]);
const RETRY_STATUS = new Set([502, 503, 504]);

/** One try in flight. */
interface Running {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly controller: AbortController;
  readonly started: number;
  readonly hedge: boolean;
}

interface Settled {
  readonly run: Running;
  readonly outcome: AttemptOutcome;
}

const retriable = (o: AttemptOutcome) =>
  o.failure === "connect" || (o.failure === null && RETRY_STATUS.has(o.status ?? 0));
/** An answer the call can use as is: nothing to wait for from another try. */
const answered = (o: AttemptOutcome) => o.failure === null && !RETRY_STATUS.has(o.status ?? 0);

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
  const idempotent = options.idempotent ?? IDEMPOTENT.has(method);
  const maxTries = idempotent ? Math.max(1, options.maxTries ?? backend.maxTries) : 1;
  const hedgeable = options.hedge !== false && (options.idempotent ?? HEDGEABLE.has(method)) && maxTries > 1;
  const started = performance.now();
  const tried = new Set<string>();
  let tries = 0;
  let url = "";
  let headersSent: Record<string, string> = {};
  let outcome: AttemptOutcome;
  let hedge: CallRecord["hedge"];

  // Tries in flight (two at most: the first and its hedge) and those that ended, in order of ending.
  const running: Running[] = [];
  const settled: Settled[] = [];
  let wake: (() => void) | null = null;
  const timeoutFor = () => Math.min(options.timeoutMs ?? backend.timeoutMs, scope.deadline - Date.now());
  const launch = (server: Server, timeoutMs: number, isHedge: boolean) => {
    const target = `${server.origin}${path}`;
    const headers = {
      ...(body !== undefined && typeof options.body !== "string" ? { "content-type": "application/json" } : {}),
      ...options.headers,
      "x-request-id": scope.requestId,
      // Deadline propagation: the back-end learns how long we will wait, already shrunk by time spent.
      "x-deadline-timeout-ms": String(Math.floor(timeoutMs)),
      ...(scope.debug ? { "x-bonafide-debug": "1" } : {}),
    };
    const run: Running = {
      url: target,
      headers,
      controller: new AbortController(),
      started: performance.now(),
      hedge: isHedge,
    };
    running.push(run);
    // A hedge goes straight to its server: coalesced with the slow try it races, it would only wait for it.
    const control = { controller: run.controller, raw: isHedge };
    void attempt(scope, backendName, server, target, method, headers, body, timeoutMs, control)
      .catch((error: unknown) => fail("connect", `${backendName}: ${(error as Error).message}`))
      .then((o) => {
        running.splice(running.indexOf(run), 1);
        settled.push({ run, outcome: o });
        wake?.();
      });
  };
  const nextSettled = async (): Promise<Settled> => {
    while (settled.length === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    return settled.shift() as Settled;
  };

  // The hedge: armed once per call, with the first try; never when it could only start too near the deadline.
  let hedgeTimer: TimerEntry | null = null;
  const sendHedge = () => {
    hedgeTimer = null;
    if (running.length !== 1 || scope.signal.aborted || tries >= maxTries || scope.retryBudget.left <= 0) return;
    const server = pickServer(backend, tried);
    if (tried.has(server.origin) || server.avoidUntil > Date.now()) return; // no other server to ask
    const timeoutMs = timeoutFor();
    if (timeoutMs < MIN_CALL_MS) return;
    scope.retryBudget.left--;
    tries++;
    tried.add(server.origin);
    hedge = "lost";
    launch(server, timeoutMs, true);
  };
  const armHedge = () => {
    const delay = hedgeable ? hedgeDelayMs(backend) : null;
    if (delay === null || backend.servers.length < 2) return;
    if (scope.deadline - Date.now() - delay < MIN_CALL_MS) return;
    hedgeTimer = pageTimers(scope).at(performance.now() + delay, sendHedge);
  };

  for (;;) {
    tries++;
    const server = pickServer(backend, tried);
    tried.add(server.origin);
    url = `${server.origin}${path}`;
    const timeoutMs = timeoutFor();
    if (timeoutMs < MIN_CALL_MS) {
      outcome = fail("deadline", `no time left for ${backendName} (page deadline)`);
      break;
    }
    launch(server, timeoutMs, false);
    if (tries === 1) armHedge();
    // The first usable answer wins; a failed try waits for the other one still in flight, if any.
    let last: Settled;
    do last = await nextSettled();
    while (!answered(last.outcome) && running.length > 0);
    if (hedgeTimer) scope.timers?.cancel(hedgeTimer);
    hedgeTimer = null;
    for (const other of running) abortLoser(other.controller); // the slower try: aborted, its body unused
    outcome = last.outcome;
    url = last.run.url;
    headersSent = last.run.headers;
    if (last.run.hedge && answered(outcome)) hedge = "won";
    if (answered(outcome) && !outcome.cached) backend.latency.observe(performance.now() - last.run.started);
    if (!retriable(outcome) || tries >= maxTries || scope.retryBudget.left <= 0 || scope.signal.aborted) break;
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
    // Made when read (the debug view reads it; JSON.stringify calls the getter): most pages never do.
    get curl() {
      return curlLine(method, url, headersSent, body);
    },
    ...(hedge ? { hedge } : {}),
  };
  scope.records.push(record);
  scope.onCallDone(record);
  let error: ErrorNode | null = failure
    ? { backend: backendName, url, failure, status: outcome.status, message }
    : null;
  // An XML body has had only its shape checked (prepareBody): the full check runs when the body is first
  // read — or never, when the page is rendered with XSLT and libxml2 reads it (see `pendingCheck`).
  let unchecked = failure === null && outcome.kind === "xml" && method !== "HEAD";
  // `parse`: the body will be read on this thread, so check it by parsing it (once, kept) rather than
  // checking it and then parsing it (a page rendered in a worker only needs the check here).
  const check = (parse = false): boolean => {
    if (!unchecked) return false;
    unchecked = false;
    try {
      if (parse) data();
      else checkXml(outcome.text);
      return false;
    } catch (e) {
      failure = record.failure = "parse";
      message = `${backendName}: ${(e as Error).message}`;
      error = { backend: backendName, url, failure, status: outcome.status, message };
      return true;
    }
  };
  const result: CallResult & { [PENDING]: Pending } = {
    get ok() {
      check();
      return failure === null;
    },
    backend: backendName,
    required,
    status: outcome.status,
    kind: outcome.kind,
    get data() {
      check(true);
      return failure === null ? data() : null;
    },
    text: outcome.text,
    get error() {
      check();
      return error;
    },
    [PENDING]: { failed: () => failure !== null, check },
  };
  return result;
}

/** The full XML check a call result still owes (see runCall), for the XSLT path in respond.ts. */
const PENDING = Symbol("pending check");
interface Pending {
  /** Failed so far, without running the full check. */
  failed(): boolean;
  /**
   * Runs the full check if still owed; true when it failed now (the call then counts as a parse failure).
   * `parse`: by parsing the body, kept for `data` (when it will be read on this thread).
   */
  check(parse?: boolean): boolean;
}

/** `r`'s failure as known without the full XML check: true if it failed before. */
export function failedSoFar(r: CallResult): boolean {
  return (r as CallResult & { [PENDING]?: Pending })[PENDING]?.failed() ?? !r.ok;
}

/** Runs the full check `r` still owes (by parsing it if `parse`, see Pending); true when that check failed now. */
export function checkNow(r: CallResult, parse = false): boolean {
  return (r as CallResult & { [PENDING]?: Pending })[PENDING]?.check(parse) ?? false;
}
