/**
 * @module The job board's caching headers: each page's `Cache-Control` (its own lifetime, or
 * `JOB_BOARD_CACHE_CONTROL` for every page, so an operator can watch pages go STALE in seconds rather than a
 * minute) and its `Cache-Tag` (comma-separated, Cloudflare's convention), so that the edge can purge, say,
 * every page showing one employer when that employer changes.
 */

/** The longest override taken: a Cache-Control header is a few directives. */
const MAX_OVERRIDE = 256;

/**
 * The operator's override, or null. Throws, naming the variable, for a value that is not one printable
 * header line (a CR/LF would split the answer's headers).
 */
export function cacheControlOverride(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.JOB_BOARD_CACHE_CONTROL?.trim();
  if (!value) return null;
  if (value.length > MAX_OVERRIDE || !/^[\x20-\x7e]+$/.test(value))
    throw new Error(
      `JOB_BOARD_CACHE_CONTROL must be one Cache-Control header value of printable ASCII, at most ${MAX_OVERRIDE} characters`,
    );
  return value;
}

/** `own` (the page's lifetime), unless the operator set one for every page. */
export function jobBoardCacheControl(own: string): string {
  return cacheControlOverride() ?? own;
}

/** A Cache-Tag value: the tags that exist (ids are the back-ends' own: digits, or `e1`-style). */
export function jobBoardTags(...tags: (string | null | undefined)[]): string {
  return tags.filter((t): t is string => typeof t === "string" && /^[A-Za-z0-9_-]{1,120}$/.test(t)).join(",");
}
