/**
 * @module One attempt of a back-end call: the HTTP request through the back-end's dispatcher with the
 * attempt's timeout and the page's cancel signal, the body read and classified; plus the URL and curl
 * helpers the call and proxy modes share. The timeout is an entry in the page's one timer (timers.ts),
 * cancelled when the attempt ends; the attempt's own AbortController is aborted by that timer, by the page
 * (cancel, fail-fast) or by its call when another try answered first (a hedge race).
 */
import { type Dispatcher, request } from "undici";
import { noteServerResult, type pickServer } from "./backends.ts";
import type { CallOptions, CallScope } from "./call.ts";
import type { CallFailure } from "./errors.ts";
import { type BodyKind, kindOf } from "./parse.ts";
import { pageTimers } from "./timers.ts";

/** Below this much remaining time a call is not started: it could not finish anyway. */
export const MIN_CALL_MS = 5;

export interface AttemptOutcome {
  status: number | null;
  failure: CallFailure | null;
  text: string;
  kind: BodyKind;
  message: string;
  cached: boolean;
}

/** Builds the request URL path with its query. */
export function buildPath(path: string, query: CallOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

/** A shell line that repeats the call, for the debug view. */
export function curlLine(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): string {
  const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const parts = ["curl", "-sS", ...(method === "GET" ? [] : ["-X", method]), q(url)];
  for (const [k, v] of Object.entries(headers)) parts.push("-H", q(`${k}: ${v}`));
  if (body !== undefined) parts.push("--data-binary", q(body));
  return parts.join(" ");
}

/** Why an attempt's controller was aborted (its `signal.reason`). */
const TIMED_OUT = Symbol("attempt timed out");
const PAGE_ABORTED = Symbol("page aborted");
const LOST = Symbol("another try answered first");

/** Aborts an attempt whose call no longer needs it (another try answered first): not a server failure. */
export function abortLoser(controller: AbortController): void {
  controller.abort(LOST);
}

export interface AttemptControl {
  /** Aborting it (abortLoser) ends the attempt as `aborted`. */
  readonly controller?: AbortController;
  /** Straight to the server: not coalesced with identical calls in flight, not through the cache (a hedge). */
  readonly raw?: boolean;
}

/** One HTTP attempt against one server, bounded by `timeoutMs` and the page's signal. */
export async function attempt(
  scope: CallScope,
  backendName: string,
  server: ReturnType<typeof pickServer>,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  control: AttemptControl = {},
): Promise<AttemptOutcome> {
  const controller = control.controller ?? new AbortController();
  const timers = pageTimers(scope);
  const timer = timers.at(performance.now() + timeoutMs, () => controller.abort(TIMED_OUT));
  const onPageAbort = () => controller.abort(PAGE_ABORTED);
  if (scope.signal.aborted) onPageAbort();
  else scope.signal.addEventListener("abort", onPageAbort, { once: true });
  server.inFlight++;
  try {
    const res = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher: scope.dispatcher(control.raw ? `${backendName}#raw` : backendName),
      signal: controller.signal,
    });
    const text = await res.body.text();
    const ct = res.headers["content-type"];
    noteServerResult(server, res.statusCode < 500);
    return {
      status: res.statusCode,
      failure: null,
      text,
      kind: kindOf(typeof ct === "string" ? ct : ""),
      message: "",
      cached: res.headers.age !== undefined,
    };
  } catch (error) {
    const reason: unknown = controller.signal.reason;
    if (scope.signal.aborted) return fail("aborted", `${backendName}: the page was cancelled`);
    if (reason === TIMED_OUT)
      return fail("timeout", `${backendName} did not answer within ${Math.round(timeoutMs)} ms`);
    if (reason === LOST) return fail("aborted", `${backendName}: another try answered first`);
    noteServerResult(server, false);
    return fail("connect", `${backendName}: ${(error as Error).message}`);
  } finally {
    timers.cancel(timer);
    scope.signal.removeEventListener("abort", onPageAbort);
    server.inFlight--;
  }
}

/** An attempt that produced no response. */
export function fail(failure: CallFailure, message: string): AttemptOutcome {
  return { status: null, failure, text: "", kind: "text" as BodyKind, message, cached: false };
}
