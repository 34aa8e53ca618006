/**
 * @module The hot tier: a small per-isolate memory cache in front of KV for the hottest ratings and pages.
 *
 * It holds PLAIN DATA only — strings and ArrayBuffers with numbers beside them — never a promise, stream,
 * Response or anything else whose I/O belongs to the request that made it (ARCHITECTURE.md, "What may live
 * in module scope"). Every entry has a deadline the caller chooses (a short hot TTL, and never past the
 * item's own expiry), so other isolates converge on a new value within that TTL, and a `version` (the
 * rating's `ratedAt`, a page's store time) so an older value read from KV cannot replace a newer one put
 * by a push in the same isolate. A delete leaves a short tombstone so a read that began before it cannot
 * bring the deleted value back.
 *
 * Bounded in entries and bytes. Eviction is LRU (a Map in use order); admission is TinyLFU's: once the
 * cache is full a new key gets in only if a small frequency sketch says it was asked more often than the
 * entries it would evict, so a flood of distinct keys (each asked once) cannot push the hot set out.
 */
import { FrequencySketch } from "./hot-sketch.ts";

/** Plain data only: text, bytes, or both (a page's metadata and body). */
export type HotValue = string | ArrayBuffer | { readonly text: string; readonly bytes: ArrayBuffer };

export interface HotLimits {
  /** Entries held at most (tombstones included). */
  readonly maxEntries: number;
  /** Approximate bytes held at most: values (strings at 2 bytes a character) plus keys and overhead. */
  readonly maxBytes: number;
  /** A single value larger than this is never held (it would evict too much for one key). */
  readonly maxValueBytes: number;
}

interface Entry {
  /** null = tombstone: the key was deleted at `version`; nothing older may be put until `until`. */
  readonly value: HotValue | null;
  readonly bytes: number;
  /** Epoch ms after which the entry is not served. */
  readonly until: number;
  /** Orders values of one key: a put older than what is held is refused. */
  readonly version: number;
  /** Until when one request is re-reading this key ahead of its deadline (plain data: a time, not a promise). */
  refreshing: number;
}

/** Map entry, key and bookkeeping, roughly: so a flood of tiny values is bounded by bytes too. */
const ENTRY_OVERHEAD_BYTES = 96;

function valueBytes(value: HotValue | null): number {
  if (value === null) return 0;
  if (typeof value === "string") return value.length * 2;
  if (value instanceof ArrayBuffer) return value.byteLength;
  return value.text.length * 2 + value.bytes.byteLength;
}

function sizeOf(key: string, value: HotValue | null): number {
  return ENTRY_OVERHEAD_BYTES + key.length * 2 + valueBytes(value);
}

export interface HotStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
  /** New keys refused because the entries they would evict were asked for more often. */
  readonly rejected: number;
  readonly evicted: number;
}

export class HotCache {
  readonly limits: HotLimits;
  readonly #entries = new Map<string, Entry>();
  readonly #sketch: FrequencySketch;
  #bytes = 0;
  /** After clear({holdMs}): versions up to `version` are refused until `until` (no tombstone per key). */
  #floor = { version: Number.NEGATIVE_INFINITY, until: 0 };
  #hits = 0;
  #misses = 0;
  #rejected = 0;
  #evicted = 0;

  constructor(limits: HotLimits) {
    this.limits = limits;
    this.#sketch = new FrequencySketch(limits.maxEntries);
  }

  /**
   * The value held for `key` until its deadline; counts the ask either way (it feeds admission). Within
   * `refreshAheadMs` of the deadline, one caller (and again one per `refreshAheadMs`) gets a miss, so that it
   * re-reads the source and puts the value back while every other request is still served from memory —
   * instead of all of them missing together when the deadline passes.
   */
  get(key: string, nowMs: number, refreshAheadMs = 0): HotValue | undefined {
    this.#sketch.increment(key);
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.value === null || entry.until <= nowMs) {
      if (entry !== undefined && entry.until <= nowMs) this.#remove(key, entry);
      this.#misses++;
      return undefined;
    }
    if (entry.until - nowMs <= refreshAheadMs && entry.refreshing <= nowMs) {
      entry.refreshing = nowMs + refreshAheadMs;
      this.#misses++;
      return undefined;
    }
    // Most recently used goes last; the first key of the Map is the eviction candidate.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#hits++;
    return entry.value;
  }

  /**
   * Holds `value` for `key` until `untilMs` (a deadline already past holds nothing and drops what was held).
   * Refused: a value older than the one held (or than a live tombstone), one too large, or a new key the
   * admission policy turns away. Returns whether it is now held.
   */
  put(key: string, value: HotValue, opts: { nowMs: number; untilMs: number; version: number }): boolean {
    if (opts.nowMs < this.#floor.until && opts.version <= this.#floor.version) return false;
    const held = this.#entries.get(key);
    const heldLive = held !== undefined && held.until > opts.nowMs;
    if (heldLive && held.version > opts.version) return false;
    if (held?.value === null && heldLive && held.version >= opts.version) return false;
    const bytes = sizeOf(key, value);
    if (opts.untilMs <= opts.nowMs || bytes - ENTRY_OVERHEAD_BYTES > this.limits.maxValueBytes) {
      if (held !== undefined) this.#remove(key, held);
      return false;
    }
    if (held !== undefined) this.#remove(key, held);
    else if (!this.#makeRoom(key, bytes, opts.nowMs)) {
      this.#rejected++;
      return false;
    }
    // A replaced key may still need room if its new value is bigger: evict without asking admission.
    if (held !== undefined) this.#evictUntilFits(bytes);
    this.#entries.set(key, { value, bytes, until: opts.untilMs, version: opts.version, refreshing: 0 });
    this.#bytes += bytes;
    return true;
  }

  /**
   * Drops `key` and, for `holdMs`, refuses puts of versions up to `version` (default: now) — so a read from
   * KV that started before a purge or a deletion cannot put the old value back.
   */
  delete(key: string, opts: { nowMs: number; holdMs: number; version?: number }): void {
    const held = this.#entries.get(key);
    if (held !== undefined) this.#remove(key, held);
    if (opts.holdMs <= 0) return;
    const bytes = sizeOf(key, null);
    this.#evictUntilFits(bytes);
    this.#entries.set(key, {
      value: null,
      bytes,
      until: opts.nowMs + opts.holdMs,
      version: opts.version ?? opts.nowMs,
      refreshing: 0,
    });
    this.#bytes += bytes;
  }

  /**
   * Forgets everything (a purge the cache cannot index, e.g. by tag or prefix; tests). With `holdMs`, for
   * that long, refuses puts of versions up to `nowMs`: reads that began before the purge put nothing back.
   */
  clear(opts?: { nowMs: number; holdMs: number }): void {
    this.#entries.clear();
    this.#bytes = 0;
    this.#floor = opts
      ? { version: opts.nowMs, until: opts.nowMs + opts.holdMs }
      : { version: Number.NEGATIVE_INFINITY, until: 0 };
  }

  stats(): HotStats {
    return {
      entries: this.#entries.size,
      bytes: this.#bytes,
      hits: this.#hits,
      misses: this.#misses,
      rejected: this.#rejected,
      evicted: this.#evicted,
    };
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  #fits(bytes: number): boolean {
    return this.#entries.size < this.limits.maxEntries && this.#bytes + bytes <= this.limits.maxBytes;
  }

  /**
   * Room for a new key: the least recently used entries it would displace, in order, must each be dead
   * (past their deadline) or asked for less often than the newcomer; otherwise nothing is evicted.
   */
  #makeRoom(key: string, bytes: number, nowMs: number): boolean {
    if (this.#fits(bytes)) return true;
    const frequency = this.#sketch.estimate(key);
    const victims: [string, Entry][] = [];
    let freedEntries = 0;
    let freedBytes = 0;
    for (const [k, e] of this.#entries) {
      if (
        this.#entries.size - freedEntries < this.limits.maxEntries &&
        this.#bytes - freedBytes + bytes <= this.limits.maxBytes
      )
        break;
      if (e.until > nowMs && this.#sketch.estimate(k) >= frequency) return false;
      victims.push([k, e]);
      freedEntries++;
      freedBytes += e.bytes;
    }
    for (const [k, e] of victims) this.#remove(k, e);
    this.#evicted += victims.length;
    return true;
  }

  #evictUntilFits(bytes: number): void {
    while (!this.#fits(bytes)) {
      const first = this.#entries.entries().next();
      if (first.done) return;
      this.#remove(first.value[0], first.value[1]);
      this.#evicted++;
    }
  }
}

/** Ratings: a rating is ~0.5–2 KB of JSON; 8,192 of them fit in 8 MiB (an isolate has 128 MB). */
export const ratingsHot = new HotCache({ maxEntries: 8192, maxBytes: 8 * 1024 * 1024, maxValueBytes: 64 * 1024 });

/** Pages: fewer and larger; a page bigger than 1 MiB is served from KV each time. */
export const pagesHot = new HotCache({ maxEntries: 512, maxBytes: 16 * 1024 * 1024, maxValueBytes: 1024 * 1024 });
