import { PAGE_PRIORITY, PAGE_WARM_PRIORITY } from "./queue-contract.ts";
/**
 * @module The page-refresh job and the page push as the edge's page cache and the aggregators agree on them
 * (issue 14, "the contract"): the job's kind, lanes, key and payload, and the push body. Pure, so the
 * edge, the aggregator, the CLI and the tests all read and write the same shapes.
 */

/** `job.kind` of a page refresh. */
export const PAGE_KIND = "page";
/** The fairness lane of refreshes the edge queues on a stale hit (ASCII label, see clientKeyBytes). */
export const PAGE_LANE = "page";
/** The lane of `npx bonafide pages warm`. */
export const PAGE_WARM_LANE = "pagewarm";
/** Stale-hit refreshes, and warming behind every stale refresh (values: shared/queue-contract.ts). */
export { PAGE_PRIORITY, PAGE_WARM_PRIORITY };
/** Where the aggregator pushes a rendered (or revalidated) page. */
export const PAGE_PUSH_PATH = "/_bonafide/internal/pages";
/** The edge's admin endpoints for pages. */
export const PAGE_STATUS_PATH = "/_bonafide/pages/status";
export const PAGE_PURGE_PATH = "/_bonafide/pages/purge";
/** The edge refuses a push body larger than this (encoded). */
export const PAGE_PUSH_MAX_BYTES = 8 * 1024 * 1024;
/** `job.job_key` holds at most this many bytes. */
const JOB_KEY_MAX_BYTES = 255;

/** What a page job carries: the URL as the visitor asked, its cache key, and the stored validators. */
export interface PageJobPayload {
  readonly url: string;
  readonly key: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

/** A freshly rendered page. */
export interface PagePushStored {
  readonly url: string;
  readonly renderedAt: number;
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** Base64 of the page's bytes. */
  readonly body: string;
}

/** Revalidation found the page unchanged: only its freshness (and validators) move. */
export interface PagePushNotModified {
  readonly url: string;
  readonly renderedAt: number;
  readonly notModified: true;
  readonly headers: readonly (readonly [string, string])[];
}

export type PagePushBody = PagePushStored | PagePushNotModified;

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The job key of a page's cache key: the key itself when it is ASCII and fits `job_key` (255 bytes), else
 * `p#` + its SHA-256 (the column is ASCII; one key, one job either way).
 */
export async function pageJobKey(cacheKey: string): Promise<string> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is "ASCII only", control characters included
  if (cacheKey.length <= JOB_KEY_MAX_BYTES && /^[\x00-\x7f]*$/.test(cacheKey)) return cacheKey;
  return `p#${await sha256Hex(cacheKey)}`;
}

/** Query parameters that never change a page (tracking), dropped from the key. */
const IGNORED_PARAMS = /^(utm_[a-z]+|fbclid|gclid|yclid|_ga)$/;
/** Workers KV refuses keys longer than this many UTF-8 bytes. */
export const KV_MAX_KEY_BYTES = 512;

/**
 * The page cache's KV key of `url`, exactly as the edge computes it (edge/pages/policy.ts `pageCacheKey`):
 * `p:<host><path>?<sorted query>`, tracking parameters dropped, too-long keys hashed. The one
 * definition: the edge (edge/pages/policy.ts re-exports it) and the origin's page jobs use the same key.
 */
export async function pageCacheKey(url: URL): Promise<string> {
  // No query (most page views): no parameters to sort. Same key as below, without URLSearchParams.
  if (url.search.length <= 1) {
    const plain = `p:${url.host.toLowerCase()}${url.pathname}`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a short key needs no encoding to know it fits.
    if (plain.length * 3 <= KV_MAX_KEY_BYTES) return plain;
  }
  const params: [string, string][] = [];
  // forEach, not spread: shared/ is type-checked without DOM.Iterable.
  url.searchParams.forEach((value, name) => {
    if (!IGNORED_PARAMS.test(name)) params.push([name, value]);
  });
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const qs = new URLSearchParams(params).toString();
  const key = `p:${url.host.toLowerCase()}${url.pathname}${qs ? `?${qs}` : ""}`;
  const bytes = new TextEncoder().encode(key);
  if (bytes.length <= KV_MAX_KEY_BYTES) return key;
  return `p#${await sha256Hex(key)}:${Array.from(key).slice(0, 100).join("")}`;
}

/** The longest URL a page job carries (the edge never caches longer ones usefully; bounds the payload). */
export const MAX_PAGE_URL_LENGTH = 8192;

/**
 * Checks that `text` is an absolute http(s) URL a page job may carry; returns the URL or a message
 * saying what is wrong.
 */
export function parsePageUrl(text: string): { ok: true; url: URL } | { ok: false; message: string } {
  if (text.length > MAX_PAGE_URL_LENGTH) return { ok: false, message: `longer than ${MAX_PAGE_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: "not an absolute URL (https://host/path)" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "not an http(s) URL" };
  if (url.username || url.password) return { ok: false, message: "a URL with credentials is not a page" };
  if (url.hash) return { ok: false, message: "a #fragment is never sent to a server; drop it" };
  return { ok: true, url };
}

/** A validator header value as stored: printable ASCII, bounded. */
function validator(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 300 && /^[\x20-\x7e]+$/.test(value);
}

/**
 * A claimed job's payload (already JSON-parsed by the queue, null when it was not JSON) as a page job, or
 * the reason it is not one. The key must be the URL's own cache key: a job never refreshes a page other
 * than the one its URL names.
 */
export async function parsePageJobPayload(
  payload: unknown,
): Promise<{ ok: true; job: PageJobPayload; url: URL } | { ok: false; message: string }> {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload))
    return { ok: false, message: "bad page job payload: not a JSON object" };
  const p = payload as Record<string, unknown>;
  if (typeof p.url !== "string") return { ok: false, message: "bad page job payload: url is missing or not a string" };
  const parsed = parsePageUrl(p.url);
  if (!parsed.ok) return { ok: false, message: `bad page job payload: url ${parsed.message}` };
  if (typeof p.key !== "string") return { ok: false, message: "bad page job payload: key is missing or not a string" };
  const key = await pageCacheKey(parsed.url);
  if (p.key !== key)
    return {
      ok: false,
      message: `bad page job payload: key ${JSON.stringify(p.key.slice(0, 80))} is not the URL's cache key`,
    };
  if (p.etag !== undefined && !validator(p.etag))
    return { ok: false, message: "bad page job payload: etag is not a header value" };
  if (p.lastModified !== undefined && !validator(p.lastModified))
    return { ok: false, message: "bad page job payload: lastModified is not a header value" };
  return {
    ok: true,
    url: parsed.url,
    job: {
      url: p.url,
      key,
      ...(p.etag !== undefined ? { etag: p.etag as string } : {}),
      ...(p.lastModified !== undefined ? { lastModified: p.lastModified as string } : {}),
    },
  };
}

/** The job row a page URL becomes: its job key and payload text. */
export async function pageJobFor(url: URL, validators: { etag?: string; lastModified?: string } = {}) {
  const key = await pageCacheKey(url);
  const payload: PageJobPayload = { url: url.href, key, ...validators };
  return { jobKey: await pageJobKey(key), key, payload: JSON.stringify(payload) };
}
