/**
 * @module The job board's caching headers: each page's `Cache-Control` (its own lifetime, or the
 * operator's JOB_BOARD_CACHE_CONTROL for every page, settings.ts) and its `Cache-Tag` (comma-separated,
 * Cloudflare's convention), so that the edge can purge, say, every page showing one employer when that
 * employer changes.
 */
import { jobBoardSettings } from "./settings.ts";

/** `own` (the page's lifetime), unless the operator set one for every page. */
export function jobBoardCacheControl(own: string): string {
  return jobBoardSettings().cacheControl ?? own;
}

/** A Cache-Tag value: the tags that exist (ids are the back-ends' own: digits, or `e1`-style). */
export function jobBoardTags(...tags: (string | null | undefined)[]): string {
  return tags.filter((t): t is string => typeof t === "string" && /^[A-Za-z0-9_-]{1,120}$/.test(t)).join(",");
}
