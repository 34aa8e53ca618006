/**
 * @module The page refresh job (issue 14, contract §1), shared by the edge that queues it and the origin
 * that renders it: its kind, job key, payload and fairness lanes.
 */

export const PAGE_JOB_KIND = "page";
/** Lane label (ASCII client_key bytes) of refreshes queued by stale hits at the edge. */
export const PAGE_REFRESH_LANE = "page";
/** Lane label of `npx bonafide pages warm`, which must use a larger (later) priority than stale refreshes. */
export const PAGE_WARM_LANE = "pagewarm";
/** Priority of a stale hit's refresh: a visitor was served a stale page, nobody waits on it. */
export const PAGE_REFRESH_PRIORITY = 100;

/** The job's payload: the URL as the visitor asked it, the cache key, and the stored validators. */
export interface PageJobPayload {
  readonly url: string;
  readonly key: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

const MAX_JOB_KEY_BYTES = 255;

/** `job_key` of a page: its cache key when ASCII and ≤ 255 bytes, else `p#` + SHA-256 hex of the key. */
export async function pageJobKey(cacheKey: string): Promise<string> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is exactly \x00-\x7f
  if (cacheKey.length <= MAX_JOB_KEY_BYTES && /^[\x00-\x7f]*$/.test(cacheKey)) return cacheKey;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(cacheKey)));
  return `p#${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
