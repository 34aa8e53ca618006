/**
 * @module What a handler sees: the request, `fetch` (starts a back-end call at once; parallel by default),
 * `group` (await several by name), the document to put placeholders into, response headers and cookies,
 * and the results it can return: render, proxy, redirect, text.
 */
import type { IncomingHttpHeaders } from "node:http";
import { type CallOptions, type CallResult, type CallScope, runCall } from "./call.ts";
import { BackendCall } from "./document.ts";
import { AggregatorError } from "./errors.ts";
import type { Template } from "./render/template.ts";

export type PageResult =
  | { readonly type: "render"; readonly template: Template }
  | { readonly type: "proxy"; readonly backend: string; readonly options: CallOptions }
  | { readonly type: "redirect"; readonly location: string; readonly status: 301 | 302 | 303 | 307 | 308 }
  | { readonly type: "text"; readonly body: string; readonly contentType: string };

export interface Page {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly cookies: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** The output document; values may be pending calls (placeholders), awaited before rendering. */
  readonly doc: Record<string, unknown>;
  /** The request body as text (at most MAX_BODY_BYTES, else 413). */
  readBody(): Promise<string>;
  /** Starts a call now and returns it pending; `await` it or put it into `doc`. */
  fetch(backend: string, pathOrOptions: string | CallOptions, options?: Omit<CallOptions, "path">): BackendCall;
  /** Awaits several calls (started already) and returns their results by name. */
  group<T extends Record<string, PromiseLike<CallResult>>>(calls: T): Promise<{ [K in keyof T]: CallResult }>;
  /** Sets the page's status (the default is 200; failed required calls override it). */
  status(code: number): void;
  header(name: string, value: string): void;
  cookie(name: string, value: string, attributes?: string): void;
  render(template: Template): PageResult;
  proxy(backend: string, pathOrOptions: string | CallOptions): PageResult;
  redirect(location: string, status?: 301 | 302 | 303 | 307 | 308): PageResult;
  text(body: string, contentType?: string): PageResult;
}

export type Handler = (page: Page) => PageResult | Promise<PageResult>;

/** The largest request body a handler may read. */
export const MAX_BODY_BYTES = 1024 * 1024;

async function readLimited(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new AggregatorError("PAYLOAD_TOO_LARGE", `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface PageState {
  status: number;
  readonly headers: Map<string, string>;
  readonly cookies: string[];
  /** Every call this page started, in order. */
  readonly calls: BackendCall[];
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const value = part.slice(eq + 1).trim();
    try {
      out[part.slice(0, eq).trim()] = decodeURIComponent(value);
    } catch {
      out[part.slice(0, eq).trim()] = value;
    }
  }
  return out;
}

/** Creates the handler's view of one request. */
export function createPage(
  scope: CallScope,
  request: {
    method: string;
    url: URL;
    headers: IncomingHttpHeaders;
    params: Record<string, string>;
    body: AsyncIterable<Buffer>;
  },
): { page: Page; state: PageState } {
  const state: PageState = { status: 200, headers: new Map(), cookies: [], calls: [] };
  const toOptions = (p: string | CallOptions, extra?: Omit<CallOptions, "path">): CallOptions =>
    typeof p === "string" ? { ...extra, path: p } : { ...p, ...extra };
  const page: Page = {
    method: request.method,
    path: request.url.pathname,
    params: request.params,
    query: request.url.searchParams,
    headers: request.headers,
    cookies: parseCookies(request.headers.cookie),
    requestId: scope.requestId,
    doc: {},
    readBody: () => readLimited(request.body),
    fetch(backend, pathOrOptions, options) {
      scope.backend(backend); // unknown names fail here, in the handler, with UNKNOWN_BACKEND
      const call = new BackendCall(backend, runCall(scope, backend, toOptions(pathOrOptions, options)));
      state.calls.push(call);
      return call;
    },
    async group(calls) {
      const entries = await Promise.all(Object.entries(calls).map(async ([k, c]) => [k, await c] as const));
      return Object.fromEntries(entries) as { [K in keyof typeof calls]: CallResult };
    },
    status(code) {
      if (!Number.isInteger(code) || code < 200 || code > 599) throw new RangeError(`bad status ${code}`);
      state.status = code;
    },
    header(name, value) {
      state.headers.set(name.toLowerCase(), value);
    },
    cookie(name, value, attributes = "Path=/; HttpOnly; SameSite=Lax") {
      state.cookies.push(`${name}=${encodeURIComponent(value)}; ${attributes}`);
    },
    render: (template) => ({ type: "render", template }),
    proxy: (backend, pathOrOptions) => {
      scope.backend(backend);
      return { type: "proxy", backend, options: toOptions(pathOrOptions) };
    },
    redirect: (location, status = 302) => ({ type: "redirect", location, status }),
    text: (body, contentType = "text/plain; charset=utf-8") => ({ type: "text", body, contentType }),
  };
  return { page, state };
}
