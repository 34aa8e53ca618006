/** @module Fetch failures with stable codes, and whether each is the site's lasting answer or worth retrying. */

export type FetchErrorCode =
  | "FETCH_BLOCKED_ADDRESS"
  | "FETCH_BLOCKED_PORT"
  | "FETCH_REFUSED"
  | "FETCH_DNS"
  | "FETCH_DNS_TEMPORARY"
  | "FETCH_TIMEOUT"
  | "FETCH_TOO_MANY_REDIRECTS"
  | "FETCH_BAD_URL"
  | "FETCH_TLS"
  | "FETCH_RESET"
  | "FETCH_UNREACHABLE"
  | "FETCH_HTTP"
  | "FETCH_ABORTED"
  | "FETCH_FAILED";

/**
 * Permanent = asking again soon gives the same answer, so the rater records a U rating instead of retrying
 * (origin/rater/rate-site.ts): the name does not exist, the address or port is off-limits, nothing listens,
 * the certificate is bad, the URL or redirect chain is unusable. Timeouts, resets and DNS trouble pass.
 */
import { OriginError } from "../../errors/model.ts";

const PERMANENT: Readonly<Record<FetchErrorCode, boolean>> = {
  FETCH_BLOCKED_ADDRESS: true,
  FETCH_BLOCKED_PORT: true,
  FETCH_REFUSED: true,
  FETCH_DNS: true,
  FETCH_DNS_TEMPORARY: false,
  FETCH_TIMEOUT: false,
  FETCH_TOO_MANY_REDIRECTS: true,
  FETCH_BAD_URL: true,
  FETCH_TLS: true,
  FETCH_RESET: false,
  FETCH_UNREACHABLE: false,
  FETCH_HTTP: false,
  FETCH_ABORTED: false,
  FETCH_FAILED: false,
};

export class FetchError extends OriginError<FetchErrorCode> {
  readonly permanent: boolean;
  constructor(code: FetchErrorCode, message: string, options: { cause?: unknown; permanent?: boolean } = {}) {
    super(code, message, options);
    this.permanent = options.permanent ?? PERMANENT[code];
  }
}

// Node (errno / getaddrinfo / c-ares / OpenSSL) and undici codes, by what they mean for a fetch.
const BY_CODE: Readonly<Record<string, FetchErrorCode>> = {
  ECONNREFUSED: "FETCH_REFUSED",
  ECONNRESET: "FETCH_RESET",
  EPIPE: "FETCH_RESET",
  ECONNABORTED: "FETCH_RESET",
  UND_ERR_SOCKET: "FETCH_RESET",
  UND_ERR_CLOSED: "FETCH_RESET",
  ETIMEDOUT: "FETCH_TIMEOUT",
  UND_ERR_CONNECT_TIMEOUT: "FETCH_TIMEOUT",
  UND_ERR_HEADERS_TIMEOUT: "FETCH_TIMEOUT",
  UND_ERR_BODY_TIMEOUT: "FETCH_TIMEOUT",
  EHOSTUNREACH: "FETCH_UNREACHABLE",
  ENETUNREACH: "FETCH_UNREACHABLE",
  EHOSTDOWN: "FETCH_UNREACHABLE",
  ENETDOWN: "FETCH_UNREACHABLE",
  ENOTFOUND: "FETCH_DNS",
  EAI_NONAME: "FETCH_DNS",
  ENODATA: "FETCH_DNS",
  EAI_NODATA: "FETCH_DNS",
  EAI_AGAIN: "FETCH_DNS_TEMPORARY",
  EAI_FAIL: "FETCH_DNS_TEMPORARY",
  ESERVFAIL: "FETCH_DNS_TEMPORARY",
  ETIMEOUT: "FETCH_DNS_TEMPORARY",
  EREFUSED: "FETCH_DNS_TEMPORARY",
  UND_ERR_HEADERS_OVERFLOW: "FETCH_HTTP",
  UND_ERR_RES_EXCEEDED_MAX_SIZE: "FETCH_HTTP",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "FETCH_HTTP",
  ERR_INVALID_URL: "FETCH_BAD_URL",
  EPROTO: "FETCH_TLS",
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

function classify(node: object): FetchErrorCode | undefined {
  const { code, name } = node as { code?: unknown; name?: unknown };
  if (name === "TimeoutError") return "FETCH_TIMEOUT"; // AbortSignal.timeout() fired
  if (typeof code === "string") {
    const known = BY_CODE[code];
    if (known) return known;
    if (TLS_CODE.test(code)) return "FETCH_TLS";
    if (code.startsWith("HPE_")) return "FETCH_HTTP"; // llhttp: the response is not valid HTTP/1.1
  }
  return undefined;
}

/**
 * Turns anything a fetch threw into a FetchError. undici wraps network failures as `TypeError: fetch
 * failed` with the real error in `cause` (sometimes an AggregateError from happy-eyeballs), so the whole
 * chain is searched: a FetchError raised by the guard wins, else the first recognised code.
 */
export function toFetchError(err: unknown): FetchError {
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  let found: FetchErrorCode | undefined;
  let aborted = false;
  for (let i = 0; i < queue.length && i < 32; i++) {
    const node = queue[i];
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    seen.add(node);
    if (node instanceof FetchError) return node;
    found ??= classify(node);
    if ((node as { name?: unknown }).name === "AbortError") aborted = true;
    const { cause, errors } = node as { cause?: unknown; errors?: unknown };
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = found ?? (aborted ? "FETCH_ABORTED" : "FETCH_FAILED");
  const detail = describe(err);
  return new FetchError(code, detail && detail !== message ? `${message}: ${detail}` : message, { cause: err });
}

/** The innermost message of the cause chain ("fetch failed" alone says nothing). */
function describe(err: unknown): string {
  let node = err;
  for (let depth = 0; depth < 8 && node instanceof Error && node.cause instanceof Error; depth++) node = node.cause;
  return node instanceof Error ? node.message : "";
}
