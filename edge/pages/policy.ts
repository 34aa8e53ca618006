/**
 * @module The page cache's pure rules: which requests may use it, the KV key of a page, and whether (and
 * for how long) an origin response may be stored — RFC 9111 as it applies to a shared cache.
 */

/** Query parameters that never change a page (tracking), dropped from the key. */
const IGNORED_PARAMS = /^(utm_[a-z]+|fbclid|gclid|yclid|_ga)$/;
/** Statuses a shared cache may store when explicitly marked fresh (RFC 9110 §15.1, "cacheable by default"). */
const STORABLE_STATUS = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);
/** KV values are limited to 25 MiB; pages bigger than this are passed through without being stored. */
export const MAX_STORED_BYTES = 20 * 1024 * 1024;

/** Whether a request may be answered from, or stored into, the page cache. */
export function usesPageCache(request: Request): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.headers.has("authorization")) return false;
  const url = new URL(request.url);
  // Debug and raw-data views are per developer and never cached (the aggregator also marks them no-store).
  if (url.searchParams.has("_debug") || url.searchParams.has("_raw")) return false;
  if (/(?:^|;\s*)bonafide_debug=/.test(request.headers.get("cookie") ?? "")) return false;
  return true;
}

/** Workers KV refuses keys longer than this many UTF-8 bytes. */
export const KV_MAX_KEY_BYTES = 512;

/**
 * `p:<host><path>?<sorted query>` — the same page for the same URL, whatever the parameter order. A URL
 * too long for a KV key is keyed by its SHA-256 instead (`p#<hash>:` and the URL's start, for people
 * listing keys), so a long search query is cached like any other.
 */
export async function pageCacheKey(url: URL): Promise<string> {
  const params = [...url.searchParams].filter(([k]) => !IGNORED_PARAMS.test(k));
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const qs = new URLSearchParams(params).toString();
  const key = `p:${url.host.toLowerCase()}${url.pathname}${qs ? `?${qs}` : ""}`;
  const bytes = new TextEncoder().encode(key);
  if (bytes.length <= KV_MAX_KEY_BYTES) return key;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  // 100 code points are at most 400 bytes: with the 67 before them, always inside the limit.
  return `p#${hex}:${Array.from(key).slice(0, 100).join("")}`;
}

/**
 * Seconds a shared cache may keep `response`, or null if it must not store it: needs `public` and
 * `s-maxage` > 0 (RFC 9111 §5.2.2.10), no `private`/`no-store`/`no-cache`, no Set-Cookie (a cookie meant
 * for one visitor must never be served to another), no Vary beyond Accept-Encoding (variants are keyed
 * by URL here), a storable status and a body small enough for KV.
 */
export function storableSeconds(response: Response): number | null {
  if (!STORABLE_STATUS.has(response.status)) return null;
  if (response.headers.has("set-cookie")) return null;
  const cc = (response.headers.get("cache-control") ?? "").toLowerCase();
  const directives = new Map(
    cc
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const eq = d.indexOf("=");
        return eq < 0 ? [d, ""] : [d.slice(0, eq), d.slice(eq + 1).replace(/^"|"$/g, "")];
      }),
  );
  if (
    !directives.has("public") ||
    directives.has("private") ||
    directives.has("no-store") ||
    directives.has("no-cache")
  )
    return null;
  const sMaxAge = Number(directives.get("s-maxage"));
  if (!Number.isInteger(sMaxAge) || sMaxAge <= 0) return null;
  const vary = (response.headers.get("vary") ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v && v !== "accept-encoding");
  if (vary.length > 0) return null;
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > MAX_STORED_BYTES) return null;
  return sMaxAge;
}

/** Response headers kept with a stored page (KV metadata is limited to 1 KiB, so only what matters). */
export const STORED_HEADERS = [
  "content-type",
  "content-language",
  "cache-control",
  "etag",
  "last-modified",
  "location",
];

/** What is stored beside the body. */
export interface StoredPageMeta {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** Epoch ms the page was stored and until when it is fresh. */
  readonly storedAt: number;
  readonly expiresAt: number;
}

/** The metadata for storing `response` for `seconds`. */
export function storedMeta(response: Response, seconds: number, now: number): StoredPageMeta {
  const headers: [string, string][] = [];
  for (const name of STORED_HEADERS) {
    const v = response.headers.get(name);
    if (v !== null && v.length <= 300) headers.push([name, v]);
  }
  return { status: response.status, headers, storedAt: now, expiresAt: now + seconds * 1000 };
}
