/**
 * @module Proxy mode: the back-end's answer goes to the client as it is — status, headers, every
 * Set-Cookie, redirects unfollowed — and its body is piped with backpressure, never buffered, so a large
 * binary download costs a few socket buffers of memory. Hop-by-hop headers are dropped (RFC 9110 §7.6.1).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { type Dispatcher, request } from "undici";
import { buildPath, MIN_CALL_MS } from "./attempt.ts";
import { noteServerResult, pickServer } from "./backends.ts";
import type { CallOptions, CallScope } from "./call.ts";
import { AggregatorError } from "./errors.ts";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authenticate",
  "proxy-authorization",
]);
/** Request headers worth passing to the back-end in proxy mode (conditional and range requests work). */
const FORWARD = [
  "accept",
  "accept-language",
  "cookie",
  "range",
  "if-none-match",
  "if-modified-since",
  "user-agent",
  "content-type",
  "content-length",
];

interface Upstream {
  readonly response: Dispatcher.ResponseData;
  readonly server: ReturnType<typeof pickServer>;
  readonly url: string;
  readonly method: string;
  readonly started: number;
}

/** Sends the request to one of `backend`'s servers; throws AggregatorError (502/504) if no answer comes. */
async function openUpstream(
  scope: CallScope,
  backendName: string,
  options: CallOptions,
  req: IncomingMessage,
): Promise<Upstream> {
  const backend = scope.backend(backendName);
  const server = pickServer(backend, new Set());
  const url = `${server.origin}${buildPath(options.path, options.query)}`;
  const timeoutMs = Math.min(options.timeoutMs ?? backend.timeoutMs, scope.deadline - Date.now());
  if (timeoutMs < MIN_CALL_MS) throw new AggregatorError("DEADLINE_EXCEEDED", `no time left to call ${backendName}`);
  const sent: Record<string, string> = {
    ...options.headers,
    "x-request-id": scope.requestId,
    "x-deadline-timeout-ms": String(Math.floor(timeoutMs)),
  };
  for (const name of FORWARD) {
    const v = req.headers[name];
    if (typeof v === "string" && !(name in sent)) sent[name] = v;
  }
  sent["x-forwarded-for"] = req.socket.remoteAddress ?? "";
  const method = options.method ?? req.method ?? "GET";
  const started = performance.now();
  server.inFlight++;
  try {
    const response = await request(url, {
      method: method as Dispatcher.HttpMethod,
      // A form or upload streams through to the back-end as it arrives.
      body: method === "GET" || method === "HEAD" ? undefined : req,
      headers: sent,
      dispatcher: scope.dispatcher(`${backendName}#raw`),
      signal: scope.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: Math.max(timeoutMs, 30_000), // a long download may outlive the page deadline, not stall
    });
    noteServerResult(server, response.statusCode < 500);
    return { response, server, url, method, started };
  } catch (error) {
    server.inFlight--;
    noteServerResult(server, false);
    const timedOut = (error as { code?: string }).code === "UND_ERR_HEADERS_TIMEOUT";
    record(scope, backendName, method, url, null, 0, started, timedOut ? "timeout" : "connect");
    throw new AggregatorError(
      timedOut ? "BACKEND_TIMEOUT" : "BACKEND_FAILED",
      `${backendName}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The back-end's headers a client of the proxied page gets (hop-by-hop ones dropped). */
function passedHeaders(upstream: Dispatcher.ResponseData): [string, string | string[]][] {
  return Object.entries(upstream.headers).filter(
    (e): e is [string, string | string[]] => e[1] !== undefined && !HOP_BY_HOP.has(e[0]),
  );
}

/** Streams `backend`'s answer to `res`. Throws AggregatorError (502/504) only before the first byte. */
export async function proxyCall(
  scope: CallScope,
  backendName: string,
  options: CallOptions,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Map<string, string>,
  cookies: string[],
): Promise<number> {
  const { response: upstream, server, url, method, started } = await openUpstream(scope, backendName, options, req);
  for (const [k, v] of passedHeaders(upstream)) res.setHeader(k, v);
  for (const [k, v] of headers) res.setHeader(k, v);
  if (cookies.length) res.appendHeader("set-cookie", cookies);
  res.setHeader("x-request-id", scope.requestId);
  res.writeHead(upstream.statusCode);
  let bytes = 0;
  upstream.body.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  try {
    await pipeline(upstream.body, res);
  } finally {
    server.inFlight--;
    record(scope, backendName, method, url, upstream.statusCode, bytes, started, null);
  }
  return upstream.statusCode;
}

/** In debug mode the body is read only this far: enough to see it flows, not a whole download. */
export const INSPECT_BYTES = 1024 * 1024;

/** What a proxied page would have answered, for the debug report. */
export interface ProxiedAnswer {
  readonly backend: string;
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  /** Body bytes read (at most INSPECT_BYTES); `truncated` when there was more. */
  readonly bytes: number;
  readonly truncated: boolean;
}

/**
 * Debug mode for a proxied page: makes the same call, reads the answer's head and up to INSPECT_BYTES of
 * its body, and records the call — the client gets the debug report instead of the body.
 */
export async function inspectProxyCall(
  scope: CallScope,
  backendName: string,
  options: CallOptions,
  req: IncomingMessage,
): Promise<ProxiedAnswer> {
  const { response: upstream, server, url, method, started } = await openUpstream(scope, backendName, options, req);
  let bytes = 0;
  let truncated = false;
  try {
    for await (const chunk of upstream.body) {
      bytes += (chunk as Buffer).length;
      if (bytes >= INSPECT_BYTES) {
        truncated = true;
        break; // leaving the loop destroys the body: the rest is never downloaded
      }
    }
  } finally {
    server.inFlight--;
    record(scope, backendName, method, url, upstream.statusCode, bytes, started, null);
  }
  return {
    backend: backendName,
    status: upstream.statusCode,
    headers: Object.fromEntries(passedHeaders(upstream)),
    bytes,
    truncated,
  };
}

function record(
  scope: CallScope,
  backend: string,
  method: string,
  url: string,
  status: number | null,
  bytes: number,
  started: number,
  failure: "timeout" | "connect" | null,
): void {
  const r = {
    backend,
    method,
    url,
    status,
    bytes,
    ms: Math.round(performance.now() - started),
    tries: 1,
    failure,
    cache: "miss" as const,
    required: true,
    curl: `curl -sS${method === "GET" ? "" : ` -X ${method}`} '${url}'`,
  };
  scope.records.push(r);
  scope.onCallDone(r);
}
