/**
 * @module The page cache in KV: a page under its cache key (value = bytes, metadata = meta.ts), and the tag
 * index, one key per tag and page, `t:<tag>:<sha256 hex of the page key>` whose metadata names the page key,
 * so that a tag's pages are found by listing the tag's prefix. Entries of the index expire with their page;
 * one left behind by a page that changed its tags only makes a purge touch that page too.
 */
import { kvCall } from "../errors.ts";
import { LOG_LINE, type Reporter } from "../log.ts";
import { buildMeta, kvTtlSeconds, readMeta, type StoredPageMeta } from "./meta.ts";
import { pageFreshness, parseCacheTags, type WindowDefaults } from "./policy.ts";

export interface StoredPage<T> {
  readonly value: T;
  readonly meta: StoredPageMeta;
}

function warn(log: Reporter, msg: string, key: string, error: unknown): void {
  log.report({ level: "warn", msg, key, error: String(error) });
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Prefix of a tag's entries in the index. */
export function tagPrefix(tag: string): string {
  return `t:${tag}:`;
}

/** Whether `name` (listed under `tagPrefix(tag)`) is an entry of that very tag, not of a longer tag sharing the prefix. */
export function isEntryOfTag(name: string, tag: string): boolean {
  return /^[0-9a-f]{64}$/.test(name.slice(tagPrefix(tag).length));
}

/** The index key of `tag` for the page under `pageKey`. */
export async function tagEntryKey(tag: string, pageKey: string): Promise<string> {
  return `${tagPrefix(tag)}${await sha256Hex(pageKey)}`;
}

/** Metadata of a tag index entry: the page it points to. */
export interface TagEntryMeta {
  readonly k: string;
}

/** The stored page and its metadata, or null when absent (or KV cannot be read now: the cache only saves work). */
export async function readPage<T extends "stream" | "arrayBuffer">(
  pages: KVNamespace,
  key: string,
  type: T,
  log: Reporter = LOG_LINE,
): Promise<StoredPage<T extends "stream" ? ReadableStream : ArrayBuffer> | null> {
  try {
    const hit = await pages.getWithMetadata<StoredPageMeta>(key, { type } as { type: "stream" });
    if (hit.value === null) return null;
    const meta = readMeta(hit.metadata);
    if (!meta) {
      if (hit.value instanceof ReadableStream) await hit.value.cancel();
      return null;
    }
    return { value: hit.value as never, meta };
  } catch (error) {
    warn(log, "page cache read failed", key, error);
    return null;
  }
}

/**
 * Stores `body` with `meta` for as long as its windows allow, and its tag index entries (all of `tags`, also
 * those the metadata had no room for). False when the windows have already passed (nothing stored).
 */
export async function writePage(
  pages: KVNamespace,
  key: string,
  body: ArrayBuffer | ReadableStream,
  meta: StoredPageMeta,
  tags: readonly string[],
  now: number,
): Promise<boolean> {
  const expirationTtl = kvTtlSeconds(meta, now);
  if (expirationTtl === null) {
    if (body instanceof ReadableStream) await body.cancel();
    return false;
  }
  await kvCall(pages.put(key, body, { expirationTtl, metadata: meta }));
  await Promise.all(
    tags.map(async (tag) =>
      pages.put(await tagEntryKey(tag, key), "", { expirationTtl, metadata: { k: key } satisfies TagEntryMeta }),
    ),
  );
  return true;
}

/** Like writePage, for a waitUntil: failures are logged, never thrown (the visitor already has the page). */
export function writePageInBackground(
  pages: KVNamespace,
  key: string,
  body: ArrayBuffer | ReadableStream,
  meta: StoredPageMeta,
  tags: readonly string[],
  now: number,
  log: Reporter,
): Promise<void> {
  return writePage(pages, key, body, meta, tags, now).then(
    () => undefined,
    (error: unknown) => warn(log, "page store failed", key, error),
  );
}

/** Deletes the page and the index entries of the tags its metadata names. */
export async function deletePage(pages: KVNamespace, key: string, meta: StoredPageMeta | null): Promise<void> {
  await kvCall(pages.delete(key));
  await Promise.all((meta?.tags ?? []).map(async (tag) => pages.delete(await tagEntryKey(tag, key))));
}

/**
 * Soft purge: the page is stale from `now` on (served STALE while refreshed, inside its windows). A page
 * without stale windows is deleted, as nothing could serve it stale. True when there was a page.
 */
export async function markStale(pages: KVNamespace, key: string, now: number): Promise<boolean> {
  const page = await readPage(pages, key, "arrayBuffer");
  if (!page) return false;
  if (page.meta.expiresAt <= now) return true;
  const meta: StoredPageMeta = { ...page.meta, expiresAt: now };
  if (!(await writePage(pages, key, page.value, meta, [], now))) await deletePage(pages, key, page.meta);
  return true;
}

export type FreshenResult = "freshened" | "absent" | "older" | "not-storable";

/**
 * Revalidated unchanged (a 304, or a push with `notModified`): the stored bytes and status stay, the stored
 * headers are updated with `headers` (RFC 9111 §4.3.4) and freshness and `Age` restart at `renderedAt`. A
 * page stored at or after `renderedAt` is left alone.
 */
export async function freshenPage(
  pages: KVNamespace,
  key: string,
  headers: Headers,
  renderedAt: number,
  defaults: WindowDefaults,
  now: number,
): Promise<FreshenResult> {
  const page = await readPage(pages, key, "arrayBuffer");
  if (!page) return "absent";
  if (renderedAt <= page.meta.storedAt) return "older";
  const merged = new Headers(page.meta.headers as [string, string][]);
  for (const [name, value] of headers) merged.set(name, value);
  const freshness = pageFreshness(page.meta.status, merged, defaults);
  const tags = headers.has("cache-tag") ? parseCacheTags(headers.get("cache-tag")) : (page.meta.tags ?? []);
  const meta = freshness && buildMeta(page.meta.status, merged, freshness, renderedAt, page.value.byteLength, tags);
  if (!meta) return "not-storable";
  return (await writePage(pages, key, page.value, meta, tags, now)) ? "freshened" : "older";
}
