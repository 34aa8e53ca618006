/** @module One page, safely: http(s) only, redirects followed by hand through the guard, bounded in time and size. */
import { type Dispatcher, fetch } from "undici";
import { USER_AGENT } from "../../config.ts";
import { decodeBody, readCapped } from "./body.ts";
import { FetchError, type FetchErrorCode, toFetchError } from "./errors.ts";

export interface FetchPageOptions {
  /** Decoded (decompressed) bytes kept; the rest is not read. Default 1 MiB (SiteTruth's limit, research §4.3). */
  maxBytes?: number;
  /** Budget for the whole page, redirects included. Default 10 s. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Content types whose body is read (`type/subtype`, `type/*`, or `*\/*`); others are reported, not read. */
  accept?: readonly string[];
  userAgent?: string;
  signal?: AbortSignal;
  /** Extra request headers (a register API's Authorization); sent to the first URL's origin only. */
  headers?: Record<string, string>;
}

export interface Redirect {
  from: string;
  to: string;
  status: number;
}

export interface FetchedPage {
  requestedUrl: string;
  finalUrl: string;
  status: number;
  /** Lowercased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The media type without parameters, lowercased; "" when the response has none. */
  contentType: string;
  body: string;
  /** Decoded bytes read (≤ maxBytes). */
  bytes: number;
  truncated: boolean;
  redirects: Redirect[];
  elapsedMs: number;
}

const HTML = ["text/html", "application/xhtml+xml"];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Parses `raw` (relative to `base`) into a URL we may fetch: http(s), no credentials, no fragment. */
function target(raw: string, base: URL | undefined, stripCredentials: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    throw new FetchError("FETCH_BAD_URL", `not a URL: ${JSON.stringify(raw.slice(0, 200))}`, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError("FETCH_BAD_URL", `scheme ${url.protocol} is not fetched (http and https only)`);
  }
  if (url.username || url.password) {
    // Credentials are never sent; a caller passing them is a bug, a site redirecting with them is stripped.
    if (!stripCredentials) throw new FetchError("FETCH_BAD_URL", "URLs with credentials are not fetched");
    url.username = "";
    url.password = "";
  }
  url.hash = "";
  return url;
}

function accepts(accept: readonly string[], type: string): boolean {
  // No Content-Type: RFC 9110 §8.3 lets the recipient examine the data; the size cap bounds the cost.
  if (type === "") return true;
  const major = type.split("/")[0];
  return accept.some((a) => a === "*/*" || a === type || a === `${major}/*`);
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name] = name in out ? `${out[name]}, ${value}` : value;
  return out;
}

/**
 * Fetches `url` through `agent` (the guarded Agent). Redirects are followed here, not by undici, so every
 * hop is re-parsed and dialled through the same guard (research §4.1 item 5). No cookie jar exists, so
 * none is sent or kept. Throws FetchError.
 */
export async function fetchPage(agent: Dispatcher, url: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const started = performance.now();
  const maxBytes = options.maxBytes ?? 1_048_576;
  const maxRedirects = options.maxRedirects ?? 5;
  const accept = (options.accept ?? HTML).map((a) => a.toLowerCase());
  const deadline = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const base = { "user-agent": options.userAgent ?? USER_AGENT, accept: [...accept, "*/*;q=0.1"].join(", ") };
  const redirects: Redirect[] = [];
  let current = target(url, undefined, false);
  const origin = current.origin;
  try {
    // Ends: every pass either returns, throws, or records one more redirect (at most maxRedirects).
    for (;;) {
      // A credential given for one origin never follows a redirect to another.
      const headers = options.headers && current.origin === origin ? { ...options.headers, ...base } : base;
      const response = await fetch(current, { dispatcher: agent, redirect: "manual", signal, headers });
      const location = response.headers.get("location");
      if (REDIRECT_STATUSES.has(response.status) && location !== null) {
        await response.body?.cancel().catch(() => undefined);
        if (redirects.length >= maxRedirects) {
          throw new FetchError("FETCH_TOO_MANY_REDIRECTS", `more than ${maxRedirects} redirects from ${url}`);
        }
        const next = target(location, current, true);
        redirects.push({ from: current.href, to: next.href, status: response.status });
        current = next;
        continue;
      }
      const contentType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      let read = { data: new Uint8Array(0), truncated: false };
      if (response.body && accepts(accept, contentType)) read = await readCapped(response.body, maxBytes);
      else await response.body?.cancel().catch(() => undefined);
      const responseHeaders = headerRecord(response.headers);
      return {
        requestedUrl: url,
        finalUrl: current.href,
        status: response.status,
        headers: responseHeaders,
        contentType,
        body: decodeBody(read.data, responseHeaders["content-type"] ?? "", contentType),
        bytes: read.data.byteLength,
        truncated: read.truncated,
        redirects,
        elapsedMs: Math.round(performance.now() - started),
      };
    }
  } catch (error) {
    throw toFetchError(error);
  }
}

// Failures at the connection level, where a site may still serve plain http (research §4.3 "https then http").
// Not DNS trouble: http would ask the same resolver for the same name, adding load to a struggling resolver.
const FALL_BACK_ON = new Set<FetchErrorCode>([
  "FETCH_REFUSED",
  "FETCH_TLS",
  "FETCH_TIMEOUT",
  "FETCH_RESET",
  "FETCH_UNREACHABLE",
]);

export interface SchemeFallbackResult {
  page: FetchedPage;
  scheme: "https" | "http";
  /** Why https failed, when the page came over http. */
  httpsFailure?: FetchErrorCode;
}

/**
 * Fetches `https://domain/path`, and `http://domain/path` if https failed at the connection level. When
 * both fail, the http error is thrown, permanent only if the https failure was permanent too.
 */
export async function fetchWithSchemeFallback(
  agent: Dispatcher,
  domain: string,
  path: string,
  options: FetchPageOptions = {},
): Promise<SchemeFallbackResult> {
  const rest = path.startsWith("/") ? path : `/${path}`;
  let httpsError: FetchError;
  try {
    return { page: await fetchPage(agent, `https://${domain}${rest}`, options), scheme: "https" };
  } catch (error) {
    httpsError = toFetchError(error);
    if (!FALL_BACK_ON.has(httpsError.code) || options.signal?.aborted) throw httpsError;
  }
  try {
    const page = await fetchPage(agent, `http://${domain}${rest}`, options);
    return { page, scheme: "http", httpsFailure: httpsError.code };
  } catch (error) {
    const httpError = toFetchError(error);
    throw new FetchError(httpError.code, `https: ${httpsError.message}; http: ${httpError.message}`, {
      cause: httpError,
      permanent: httpError.permanent && httpsError.permanent,
    });
  }
}
