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
  let upstream: Dispatcher.ResponseData;
  try {
    upstream = await request(url, {
      method: method as Dispatcher.HttpMethod,
      // A form or upload streams through to the back-end as it arrives.
      body: method === "GET" || method === "HEAD" ? undefined : req,
      headers: sent,
      dispatcher: scope.dispatcher(`${backendName}#raw`),
      signal: scope.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: Math.max(timeoutMs, 30_000), // a long download may outlive the page deadline, not stall
    });
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
  noteServerResult(server, upstream.statusCode < 500);
  for (const [k, v] of Object.entries(upstream.headers)) {
    if (v === undefined || HOP_BY_HOP.has(k)) continue;
    res.setHeader(k, v);
  }
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
