/**
 * @module Pages in the hot tier (edge/hot-cache.ts), for the page cache to call: a page's bytes and its
 * metadata (as the page cache's own JSON text), held until the sooner of now + the hot TTL and the end of
 * what may be served without the origin — its freshness, then its stale-while-revalidate window. The page
 * cache reads the state from the metadata at each hit: `HIT` while fresh, `STALE` (with its one refresh)
 * after; a page past its stale-while-revalidate window is never held (stale-if-error needs the origin
 * asked first). Purges, a push and a refresh made in this isolate drop its copy at once (a purge also keeps
 * a read that began before it from putting it back); other isolates drop theirs when their hot TTL runs
 * out.
 *
 * Bytes only, never a stream or Response: `holdPageFrom` reads a stream the caller tee'd off (in the
 * caller's own waitUntil) into an ArrayBuffer, giving up past the per-value limit; `heldPage` hands out a
 * copy, so no request's Response ever owns (or detaches) the held buffer.
 */
import { pagesHot } from "./hot-cache.ts";

export interface HeldPage {
  /** The page cache's metadata for this page, as it serialised it. */
  readonly meta: string;
  /** A copy of the body, the caller's to use. */
  readonly body: ArrayBuffer;
}

export interface HoldOptions {
  readonly nowMs: number;
  /**
   * When the page may no longer be served without asking the origin: the end of its stale-while-revalidate
   * window (windowsOf(meta).swrUntil; its freshness when it has none). Never held past this.
   */
  readonly servableUntilMs: number;
  /** When the stored copy was made: an older copy never replaces a newer one, nor outlives a purge. */
  readonly version: number;
  /** The hot TTL (BONAFIDE_HOT_TTL_MS); 0 holds nothing. */
  readonly ttlMs: number;
}

/**
 * The page held for `key` (fresh or inside its stale-while-revalidate window: the caller reads which from
 * its metadata), or undefined — also for the one request that re-reads KV in the last fifth
 * of the hot TTL (`ttlMs`), so the others never all miss at once.
 */
export function heldPage(key: string, nowMs: number, ttlMs = 0): HeldPage | undefined {
  const value = pagesHot.get(key, nowMs, Math.floor(ttlMs / 5));
  if (value === undefined || typeof value === "string" || value instanceof ArrayBuffer) return undefined;
  return { meta: value.text, body: value.bytes.slice(0) };
}

function hold(key: string, meta: string, bytes: ArrayBuffer, opts: HoldOptions): boolean {
  if (opts.ttlMs <= 0) return false;
  const untilMs = Math.min(opts.nowMs + opts.ttlMs, opts.servableUntilMs);
  return pagesHot.put(key, { text: meta, bytes }, { nowMs: opts.nowMs, untilMs, version: opts.version });
}

/** Holds (a copy of) a page's bytes; returns whether they are held. */
export function holdPage(key: string, meta: string, body: ArrayBuffer, opts: HoldOptions): boolean {
  return hold(key, meta, body.slice(0), opts);
}

/**
 * Reads `stream` (a tee'd branch of the stored page) and holds it; a body over the hot tier's per-value
 * limit is cancelled and not held. Never throws: the hot tier only saves work.
 */
export async function holdPageFrom(
  key: string,
  meta: string,
  stream: ReadableStream<Uint8Array>,
  opts: HoldOptions,
): Promise<boolean> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > pagesHot.limits.maxValueBytes) {
        await reader.cancel();
        return false;
      }
      chunks.push(value);
    }
  } catch {
    return false;
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return hold(key, meta, body.buffer, opts);
}

/** A purge of `keys` (URL purge, soft or hard): this isolate stops answering them from memory at once. */
export function dropPages(keys: readonly string[], nowMs: number, holdMs: number): void {
  for (const key of keys) pagesHot.delete(key, { nowMs, holdMs });
}

/**
 * A purge by prefix or tag (which the hot tier does not index) or of everything: drop every held page, and
 * for `holdMs` refuse copies stored before now (reads that began before the purge).
 */
export function dropAllPages(nowMs: number, holdMs: number): void {
  pagesHot.clear({ nowMs, holdMs });
}
