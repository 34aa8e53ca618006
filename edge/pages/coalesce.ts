/**
 * @module Concurrent misses for one page in one isolate make one origin request (nginx's `proxy_cache_lock`,
 * Varnish's waiting list), with plain data only: a request that finds no mark for its key marks it
 * "fetching" and asks the origin; the others poll the mark on their own timers, in their own request, until
 * the first one leaves the bytes ("done": status, headers and an ArrayBuffer copy), says the origin failed
 * ("error") or that the page is not for sharing ("pass", remembered briefly so such pages are not
 * serialised), or until their own bounded wait ends and they ask the origin themselves. Never a promise,
 * stream or Response: those belong to the request that made them (research/edge.md §1b.5).
 */
import type { StoredPageMeta } from "./meta.ts";

/** Pages bigger than this are not shared between waiters: they stream to their own request only. */
export const MAX_SHARED_BYTES = 1024 * 1024;
/** Bounds of the map: entries, and bytes held in "done" entries. */
const MAX_ENTRIES = 1000;
const MAX_DONE_BYTES = 8 * 1024 * 1024;
/** How long a finished fetch's bytes are kept for waiters that have not polled yet (KV has them too). */
const DONE_KEEP_MS = 5_000;
/** How long an uncacheable answer or an origin failure is remembered for the waiters of that fetch. */
const PASS_KEEP_MS = 10_000;
const ERROR_KEEP_MS = 1_000;
/** Waiters poll every POLL_MIN_MS at first, backing off to POLL_MAX_MS. */
const POLL_MIN_MS = 5;
const POLL_MAX_MS = 50;

export type Mark =
  | { readonly state: "fetching"; readonly until: number }
  | { readonly state: "done"; readonly until: number; readonly meta: StoredPageMeta; readonly bytes: ArrayBuffer }
  | { readonly state: "pass"; readonly until: number }
  | { readonly state: "error"; readonly until: number };

const marks = new Map<string, Mark>();
let doneBytes = 0;

function remove(key: string): void {
  const old = marks.get(key);
  if (old?.state === "done") doneBytes -= old.bytes.byteLength;
  marks.delete(key);
}

function set(key: string, mark: Mark): void {
  remove(key);
  marks.set(key, mark);
  if (mark.state === "done") doneBytes += mark.bytes.byteLength;
  // A Map iterates in insertion order: the oldest marks go first.
  for (const oldest of marks.keys()) {
    if (marks.size <= MAX_ENTRIES && doneBytes <= MAX_DONE_BYTES) break;
    remove(oldest);
  }
}

/** The live mark of `key`, if any. */
export function markOf(key: string, now: number): Mark | undefined {
  const mark = marks.get(key);
  if (mark && mark.until <= now) {
    remove(key);
    return undefined;
  }
  return mark;
}

/**
 * "lead": this request asks the origin (its mark lasts `waitMs`); "wait": another one is asking;
 * "pass": the page is not shared now, ask the origin without coalescing; a "done" mark: another request has
 * just fetched it (and KV may not show it yet).
 */
export function claim(key: string, now: number, waitMs: number): "lead" | "wait" | "pass" | (Mark & { state: "done" }) {
  const mark = markOf(key, now);
  if (mark?.state === "done") return mark;
  if (mark?.state === "fetching") return "wait";
  if (mark?.state === "pass") return "pass";
  set(key, { state: "fetching", until: now + waitMs });
  return "lead";
}

/** The leader's outcomes. `bytes` is copied: the map never holds a buffer a Response may still use. */
export function finishDone(key: string, meta: StoredPageMeta, bytes: ArrayBuffer, now: number): void {
  set(key, { state: "done", until: now + DONE_KEEP_MS, meta, bytes: bytes.slice(0) });
}
export function finishPass(key: string, now: number): void {
  set(key, { state: "pass", until: now + PASS_KEEP_MS });
}
export function finishError(key: string, now: number): void {
  set(key, { state: "error", until: now + ERROR_KEEP_MS });
}
/** After a purge: this isolate forgets the page's bytes (other isolates' within DONE_KEEP_MS). */
export function forget(key: string): void {
  remove(key);
}

/**
 * Polls `key`'s mark on this request's own timer until it is no longer "fetching" or `deadline` passes;
 * the mark then (undefined: gone or timed out — ask the origin yourself).
 */
export async function waitForLeader(key: string, deadline: number): Promise<Mark | undefined> {
  let interval = POLL_MIN_MS;
  for (;;) {
    const now = Date.now();
    if (now >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, deadline - now)));
    interval = Math.min(POLL_MAX_MS, interval * 2);
    const mark = markOf(key, Date.now());
    if (mark?.state !== "fetching") return mark;
  }
}

/** How many marks are held (for tests of the bound). */
export function markCount(): number {
  return marks.size;
}
