/**
 * @module Purging the page cache (contract §4): by URL (its cache key), by URL prefix (KV keys listed by the
 * prefix `p:<host><path-prefix>`; long URLs stored under their hash, `p#…`, cannot be found this way) and by
 * tag (the tag index, store.ts). Hard purge deletes pages (and the index entries their metadata names);
 * soft purge marks them stale from now (served STALE while refreshed, store.ts markStale).
 *
 * KV lists are paged by cursor and eventually consistent (a page stored in the last minute may not be
 * listed yet, elsewhere than where it was stored). A Worker may make 1,000 KV calls per request, so one
 * purge spends at most MAX_PURGE_KV_CALLS; what did not fit is reported as `truncated` (repeat the request).
 */
import { EdgeError, kvCall } from "../errors.ts";
import { dropAllPages, dropPages } from "../hot-pages.ts";
import { forget } from "./coalesce.ts";
import { normalTag, pageCacheKey } from "./policy.ts";
import { forgetRefresh } from "./refresh.ts";
import { isEntryOfTag, markStale, readPage, type TagEntryMeta, tagEntryKey, tagPrefix } from "./store.ts";

/** KV calls one purge request may make (lists, reads, writes, deletes); the platform allows 1,000. */
export const MAX_PURGE_KV_CALLS = 900;
const MAX_URLS = 100;
const MAX_PREFIXES = 20;
const MAX_TAGS = 20;
const PARALLEL = 10;

export interface PurgeRequest {
  readonly urls: readonly URL[];
  /** KV key prefixes (`p:<host><path-prefix>`). */
  readonly prefixes: readonly string[];
  readonly tags: readonly string[];
  readonly soft: boolean;
}

function invalid(field: string, message: string): EdgeError {
  return new EdgeError("INVALID_PURGE", `${field}: ${message}`, { details: { field } });
}

function absoluteUrl(value: unknown, field: string): URL {
  try {
    if (typeof value === "string" && /^https?:\/\//i.test(value)) return new URL(value);
  } catch {
    // below
  }
  throw invalid(field, "must be an absolute http(s) URL");
}

function stringList(body: Record<string, unknown>, field: string, max: number): unknown[] {
  const value = body[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, "must be an array");
  if (value.length > max) throw invalid(field, `at most ${max} per request`);
  return value;
}

/** The purge body, checked: 400 when it is not JSON, 422 naming the field that is wrong. */
export async function parsePurge(text: string): Promise<PurgeRequest> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new EdgeError("BAD_JSON", "the body is not valid JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalid("body", 'must be a JSON object {"urls", "prefixes", "tags", "soft"}');
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields))
    if (!["urls", "prefixes", "tags", "soft"].includes(name)) throw invalid(name, "is not a purge field");
  const urls = stringList(fields, "urls", MAX_URLS).map((u, i) => absoluteUrl(u, `urls[${i}]`));
  const prefixes = stringList(fields, "prefixes", MAX_PREFIXES).map((p, i) => {
    const url = absoluteUrl(p, `prefixes[${i}]`);
    return `p:${url.host.toLowerCase()}${url.pathname}${url.search}`;
  });
  const tags = stringList(fields, "tags", MAX_TAGS).map((t, i) => {
    const tag = typeof t === "string" ? normalTag(t) : null;
    if (!tag) throw invalid(`tags[${i}]`, "must be 1 to 128 printable ASCII characters without comma or space");
    return tag;
  });
  if (fields.soft !== undefined && typeof fields.soft !== "boolean") throw invalid("soft", "must be true or false");
  if (urls.length + prefixes.length + tags.length === 0)
    throw invalid("urls", "name at least one URL, prefix or tag to purge");
  return { urls, prefixes, tags, soft: fields.soft === true };
}

/** Pages found for a purge: page key → the tag index entries that led to it. */
type Found = Map<string, string[]>;

/** Lists `prefix` page by page while `calls` allows, handing each key (and its metadata) to `take`. */
async function listAll(
  pages: KVNamespace,
  prefix: string,
  calls: { left: number },
  take: (name: string, metadata: unknown) => boolean,
): Promise<boolean> {
  let cursor: string | undefined;
  for (;;) {
    if (calls.left <= 0) return false;
    calls.left--;
    const page = await kvCall(pages.list({ prefix, cursor, limit: 1000 }));
    for (const k of page.keys) if (!take(k.name, k.metadata)) return false;
    if (page.list_complete) return true;
    cursor = page.cursor;
  }
}

export interface PurgeResult {
  purged: number;
  truncated: boolean;
}

/** Purges what `request` names, within MAX_PURGE_KV_CALLS. */
export async function purgePages(
  pages: KVNamespace,
  request: PurgeRequest,
  now: number,
  hotTtlMs: number,
): Promise<PurgeResult> {
  // This isolate's hot tier at once (by key for URLs; all of it for prefixes and tags, which it does not
  // index), refusing copies read before now for one hot TTL; other isolates' copies end within that TTL.
  if (request.prefixes.length > 0 || request.tags.length > 0) dropAllPages(now, hotTtlMs);
  // Each page costs about two calls (read, then write or delete) beyond the lists: keep room for them.
  const calls = { left: MAX_PURGE_KV_CALLS };
  const found: Found = new Map();
  let complete = true;
  const add = (key: string, entry?: string): boolean => {
    if (!found.has(key)) {
      if (calls.left < 3) return false;
      calls.left -= 2;
      found.set(key, []);
    }
    if (entry && !request.soft) {
      if (calls.left < 1) return false;
      calls.left--;
      found.get(key)?.push(entry);
    }
    return true;
  };
  for (const url of request.urls) complete &&= add(await pageCacheKey(url));
  for (const prefix of request.prefixes) {
    if (!complete) break;
    complete = await listAll(pages, prefix, calls, (name) => add(name));
  }
  for (const tag of request.tags) {
    if (!complete) break;
    complete = await listAll(pages, tagPrefix(tag), calls, (name, metadata) => {
      const page = (metadata as TagEntryMeta | null)?.k;
      return !isEntryOfTag(name, tag) || typeof page !== "string" || add(page, name);
    });
  }
  let purged = 0;
  const keys = [...found.keys()];
  dropPages(keys, now, hotTtlMs);
  for (let i = 0; i < keys.length; i += PARALLEL) {
    const done = await Promise.all(
      keys.slice(i, i + PARALLEL).map(async (key) => {
        forget(key);
        forgetRefresh(key);
        if (request.soft) return markStale(pages, key, now);
        const page = await readPage(pages, key, "stream");
        await page?.value.cancel();
        // The index entries the metadata names, while the call budget allows (the rest expire with the page).
        const entries = new Set(found.get(key));
        for (const tag of page?.meta.tags ?? []) {
          if (calls.left <= 0) break;
          calls.left--;
          entries.add(await tagEntryKey(tag, key));
        }
        await Promise.all([pages.delete(key), ...[...entries].map((e) => pages.delete(e))]);
        return page !== null;
      }),
    );
    purged += done.filter(Boolean).length;
  }
  return { purged, truncated: !complete };
}
