/**
 * @module The page cache's pure rules: which requests may use it, the KV key of a page, and whether (and
 * for how long, and how long stale) an origin response may be stored — RFC 9111 and RFC 5861 as they apply
 * to a shared cache.
 */

export { KV_MAX_KEY_BYTES, pageCacheKey } from "../../shared/page-jobs.ts";

/** Statuses a shared cache may store when explicitly marked fresh (RFC 9110 §15.1, "cacheable by default"). */
const STORABLE_STATUS = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);
/** KV values are limited to 25 MiB; pages bigger than this are passed through without being stored. */
export const MAX_STORED_BYTES = 20 * 1024 * 1024;

/** Whether a request may be answered from, or stored into, the page cache. */
export function usesPageCache(request: Request, url = new URL(request.url)): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.headers.has("authorization")) return false;
  // Debug and raw-data views are per developer and never cached (the aggregator also marks them no-store).
  if (url.search.length > 1 && (url.searchParams.has("_debug") || url.searchParams.has("_raw"))) return false;
  if (/(?:^|;\s*)bonafide_debug=/.test(request.headers.get("cookie") ?? "")) return false;
  return true;
}

/** The RFC 5861 windows used when the origin's Cache-Control names none (edge config). */
export interface WindowDefaults {
  readonly staleWhileRevalidateS: number;
  readonly staleIfErrorS: number;
}

/** How long a stored page is fresh and how long past that it may still be served. */
export interface Freshness {
  /** Freshness lifetime (RFC 9111 §4.2.1): `s-maxage`, else `max-age`. */
  readonly lifetimeS: number;
  /** The age the origin reported (`Age`, RFC 9111 §4.2.3), counted against the lifetime. */
  readonly initialAgeS: number;
  /** Served STALE while one refresh is on its way, this long past freshness (RFC 5861 §3). */
  readonly staleWhileRevalidateS: number;
  /** Served STALE-IF-ERROR when the origin fails, this long past freshness (RFC 5861 §4). */
  readonly staleIfErrorS: number;
}

/** `Cache-Control` as a map of lower-cased directive → argument ("" for none). */
export function cacheDirectives(value: string | null): Map<string, string> {
  return new Map(
    (value ?? "")
      .toLowerCase()
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d): [string, string] => {
        const eq = d.indexOf("=");
        return eq < 0
          ? [d, ""]
          : [
              d.slice(0, eq).trim(),
              d
                .slice(eq + 1)
                .trim()
                .replace(/^"|"$/g, ""),
            ];
      }),
  );
}

/** A delta-seconds argument (RFC 9111 §1.2.2), or null when absent or malformed. */
function deltaSeconds(directives: Map<string, string>, name: string): number | null {
  const raw = directives.get(name);
  if (raw === undefined || !/^\d{1,10}$/.test(raw)) return null;
  return Math.min(Number(raw), 2 ** 31 - 1);
}

/**
 * Whether (and how long) a shared cache may keep a response with `status` and `headers`, or null. Storable
 * with an explicit lifetime > 0: `s-maxage` (which RFC 9111 §5.2.2.10 makes public for shared caches), or
 * `max-age` with `public` (bonafide does not store a bare `max-age`, which is often meant for the browser
 * of one visitor). Never with `private`, `no-store`, `no-cache`, a Set-Cookie (a cookie for one visitor must
 * never reach another), a Vary beyond Accept-Encoding (variants are keyed by URL here), a status that is
 * not cacheable by default, or a body too big for KV. The stale windows come from `stale-while-revalidate`
 * and `stale-if-error`, else `defaults`; `must-revalidate` / `proxy-revalidate` forbid serving stale at all
 * (RFC 9111 §4.2.4), so both windows are then 0.
 */
export function pageFreshness(status: number, headers: Headers, defaults: WindowDefaults): Freshness | null {
  if (!STORABLE_STATUS.has(status)) return null;
  if (headers.has("set-cookie")) return null;
  const directives = cacheDirectives(headers.get("cache-control"));
  if (directives.has("private") || directives.has("no-store") || directives.has("no-cache")) return null;
  const sMaxAge = deltaSeconds(directives, "s-maxage");
  const maxAge = directives.has("public") ? deltaSeconds(directives, "max-age") : null;
  const lifetimeS = sMaxAge ?? maxAge;
  if (lifetimeS === null || lifetimeS <= 0) return null;
  const vary = (headers.get("vary") ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v && v !== "accept-encoding");
  if (vary.length > 0) return null;
  if (Number(headers.get("content-length") ?? "0") > MAX_STORED_BYTES) return null;
  const age = Number(headers.get("age") ?? "0");
  const initialAgeS = Number.isInteger(age) && age > 0 ? age : 0;
  const noStale = directives.has("must-revalidate") || directives.has("proxy-revalidate");
  return {
    lifetimeS,
    initialAgeS,
    staleWhileRevalidateS: noStale
      ? 0
      : (deltaSeconds(directives, "stale-while-revalidate") ?? defaults.staleWhileRevalidateS),
    staleIfErrorS: noStale ? 0 : (deltaSeconds(directives, "stale-if-error") ?? defaults.staleIfErrorS),
  };
}

/** Response headers kept with a stored page that are read most, listed first in its metadata. */
export const STORED_HEADERS = [
  "content-type",
  "location",
  "cache-control",
  "etag",
  "last-modified",
  "content-language",
];

/**
 * Response headers never kept with a stored page: hop-by-hop (RFC 9110 §7.6.1), a cookie (never stored at
 * all, pageFreshness), what the edge sets itself when it serves (`Age`, `Date`, the length and encoding of
 * the body it sends), the origin's tags (kept to the edge, like Cloudflare), and per-response identifiers.
 */
export const NOT_STORED_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "set-cookie",
  "set-cookie2",
  "age",
  "date",
  "content-length",
  "content-encoding",
  "cache-tag",
  "x-bonafide-cache",
  "x-request-id",
  "server-timing",
]);

/** Most tags kept per page, and longest tag (CloudFront allows 50 of 256 characters; Akamai 128 of 128). */
export const MAX_TAGS_PER_PAGE = 32;
export const MAX_TAG_CHARS = 128;

/** A tag as the tag index keeps it: printable ASCII without comma or space, matched case-insensitively. */
export function normalTag(raw: string): string | null {
  const tag = raw.trim().toLowerCase();
  return tag.length > 0 && tag.length <= MAX_TAG_CHARS && /^[\x21-\x2b\x2d-\x7e]+$/.test(tag) ? tag : null;
}

/** The tags of an origin's `Cache-Tag` header (comma-separated, Cloudflare's convention), bounded and deduplicated. */
export function parseCacheTags(value: string | null): string[] {
  const tags = new Set<string>();
  for (const raw of (value ?? "").split(",")) {
    const tag = normalTag(raw);
    if (tag) tags.add(tag);
    if (tags.size >= MAX_TAGS_PER_PAGE) break;
  }
  return [...tags];
}
