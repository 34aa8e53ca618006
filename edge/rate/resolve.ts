/**
 * @module Flow 1 at the edge: the isolate's hot tier (hot-ratings.ts), KV, then the rating row in MySQL
 * (written back to KV), else one statement queues the domain and the item is W — within the client's new-domain budget (new-work.ts;
 * past it the item is 429 and nothing is queued). Cached ratings are still served when MySQL is down.
 *
 * A SiteTruth-era client may ask for hundreds of domains at once (compat/parse-v3.ts), so every step is
 * sized for that: KV is read 100 keys per call with a few calls in flight, MySQL is asked in one statement
 * per step, and the whole resolution shares one deadline: what is not ready when it passes is answered as
 * unavailable (ask again), never waited for.
 */
import { type DomainResult, normalizeDomainInput } from "../../shared/domain.ts";
import { ratingKey, ratingKvExpiration } from "../../shared/kv-keys.ts";
import {
  deferredItem,
  type ItemSource,
  invalidItem,
  isStoredRating,
  itemFromRating,
  pendingItem,
  type RateItem,
  type StoredRating,
  unavailableItem,
} from "../../shared/rating.ts";
import type { Problem } from "../log.ts";
import { ParseMemo } from "../parse-memo.ts";
import { DATABASE_DEADLINE_MS, DeadlineError, withDeadline } from "./deadline.ts";
import { hotRatings, keepHot } from "./hot-ratings.ts";
import type { Admission } from "./new-work.ts";
import { refreshesDue, refreshesQueued } from "./stale-refresh.ts";
import { PRIORITY_STALE_REFRESH, type RatingStore } from "./store.ts";

export interface ResolveDeps {
  kv: KVNamespace;
  store: RatingStore | null;
  now: Date;
  retryAfterSeconds: number;
  waitUntil(promise: Promise<unknown>): void;
  /** Where problems go: the request's log event (edge/log.ts). */
  log(problem: Problem): void;
  /**
   * How long the whole resolution — KV reads and every database statement together — may take (default
   * DATABASE_DEADLINE_MS): never wait on MySQL, and answer in time with whatever is ready.
   */
  deadlineMs?: number;
  /** Which new (never rated) domains this client may queue now, within `deadlineMs`; absent = all of them. */
  admitNew?(domains: readonly string[], deadlineMs: number): Promise<Admission>;
  /** How long a rating read may be answered from this isolate's hot tier (hot-ratings.ts); 0/absent = never. */
  hotTtlMs?: number;
}

export interface Resolution {
  items: RateItem[];
  sources: ItemSource[];
  /** How many of the `kv` items this isolate's hot tier answered (for the request's log event). */
  fromHot: number;
}

/** Keys per KV bulk read: `get([...keys])` takes at most 100 (research/edge.md, KV limits). */
const KV_BULK_GET_MAX = 100;
/**
 * Bulk reads in flight at once. A Worker has 6 simultaneous outgoing connections per request (Workers
 * limits; research/edge.md), and the database statements that follow need theirs: 4 leaves room.
 */
export const KV_PARALLEL_READS = 4;
/**
 * Ratings found in MySQL but not in KV are written back for the next ask; at most this many per request,
 * since a Worker invocation may make 1,000 KV operations in all (the rest are written back on later asks).
 */
export const MAX_KV_WRITE_BACKS = 100;

/**
 * Inputs as parsed (shared/domain.ts), by their text: a domain asked again and again is parsed once per
 * isolate, not per request (the WHATWG URL parser and the public-suffix lookup were ≈5% of a hot rating
 * hit's CPU). Bounded like every memo here; a hostile stream of new inputs only empties it.
 */
const parsedInputs = new ParseMemo<DomainResult>({ maxEntries: 4096, maxChars: 1 << 20 }, normalizeDomainInput);

/** How many inputs' items one rating keeps (a domain is asked as `shop.de`, `www.shop.de`, a URL…). */
const ITEMS_PER_RATING = 16;

/**
 * Items made from a rating, by the rating and the input (and whether it was stale then). Only a frozen
 * rating — the hot tier's and KV's parsed ratings (edge/parse-memo.ts) — keeps its items: it cannot change,
 * and a new rating is a new object, so an item can never outlive what it was made from (WeakMap). The items
 * are frozen, so shared/protocol.ts makes each one's JSON text once too.
 */
const itemsByRating = new WeakMap<StoredRating, Map<string, RateItem>>();

function ratingItem(input: string, rating: StoredRating, now: Date): RateItem {
  if (!Object.isFrozen(rating)) return itemFromRating(input, rating, now);
  const key = `${isStale(rating, now) ? "s" : "f"}${input}`;
  let items = itemsByRating.get(rating);
  if (!items) {
    items = new Map();
    itemsByRating.set(rating, items);
  }
  let item = items.get(key);
  if (!item) {
    if (items.size >= ITEMS_PER_RATING) items.clear();
    item = Object.freeze(itemFromRating(input, rating, now));
    items.set(key, item);
  }
  return item;
}

/** Milliseconds left before `deadlineAtMs`; a DeadlineError when none are (the statement is not even sent). */
function remainingMs(deadlineAtMs: number, totalMs: number): number {
  const left = deadlineAtMs - Date.now();
  if (left <= 0) throw new DeadlineError(totalMs);
  return left;
}

/**
 * Reads `domains`' ratings from KV, 100 keys per call and KV_PARALLEL_READS calls at a time, until all are
 * read or the deadline passes: then it returns what has arrived, and no further call is started.
 */
async function readKv(
  deps: ResolveDeps,
  domains: string[],
  deadlineAtMs: number,
  totalMs: number,
): Promise<{ ratings: Map<string, StoredRating>; held: ReadonlySet<string> | null }> {
  // The hot tier first, then KV for the rest (read as text, so what is parsed once is held as a string).
  const nowMs = deps.now.getTime();
  const hotTtlMs = deps.hotTtlMs ?? 0;
  const found = hotTtlMs > 0 ? hotRatings(domains, nowMs, hotTtlMs) : new Map<string, StoredRating>();
  const held = found.size === 0 ? null : new Set(found.keys());
  const rest = held === null ? domains : domains.filter((d) => !held.has(d));
  // All held: no KV read, so no deadline timer either (a timer per request cost ~4% of a hot hit's CPU).
  if (rest.length === 0) return { ratings: found, held };
  const chunks: string[][] = [];
  for (let i = 0; i < rest.length; i += KV_BULK_GET_MAX) chunks.push(rest.slice(i, i + KV_BULK_GET_MAX));
  let next = 0;
  let late = false;
  const lane = async (): Promise<void> => {
    for (let chunk = chunks[next++]; chunk && !late; chunk = chunks[next++]) {
      try {
        const values = await deps.kv.get(chunk.map(ratingKey), "text");
        if (late) return; // past the deadline: this request has answered without it
        for (const domain of chunk) {
          const text = values.get(ratingKey(domain));
          const value = typeof text === "string" ? parseRating(text) : null;
          if (!isStoredRating(value) || value.domain !== domain) continue;
          found.set(domain, value);
          keepHot(value, nowMs, hotTtlMs, text ?? undefined);
        }
      } catch (error) {
        // KV trouble is a miss, not an outage: MySQL can still answer.
        deps.log({ level: "warn", msg: "kv read failed", error: String(error) });
      }
    }
  };
  const lanes = Promise.all(Array.from({ length: Math.min(KV_PARALLEL_READS, chunks.length) }, lane));
  try {
    await withDeadline(lanes, remainingMs(deadlineAtMs, totalMs));
  } catch (error) {
    late = true;
    deps.log({ level: "warn", msg: "kv reads past the deadline", error: String(error), found: found.size });
  }
  // A copy: a read still in flight can no longer change this request's answer.
  return { ratings: new Map(found), held };
}

function parseRating(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // a damaged value is a miss: MySQL holds the rating
  }
}

/** `expiresAt` in epoch ms, parsed once per frozen rating or item (a batch asked for it three times each). */
const expiryMs = new WeakMap<object, number>();

export function expiresAtMs(x: { readonly expiresAt: string }): number {
  if (!Object.isFrozen(x)) return Date.parse(x.expiresAt);
  let ms = expiryMs.get(x);
  if (ms === undefined) {
    ms = Date.parse(x.expiresAt);
    expiryMs.set(x, ms);
  }
  return ms;
}

function isStale(rating: StoredRating, now: Date): boolean {
  return expiresAtMs(rating) <= now.getTime();
}

/** Resolves every input in order; never throws for database trouble (those items become 503 / W). */
export async function resolveRatings(
  deps: ResolveDeps,
  inputs: readonly string[],
  clientKeyHex: string,
  priority: number,
): Promise<Resolution> {
  const parsed = inputs.map((input) => parsedInputs.get(input));
  const domains = [...new Set(parsed.flatMap((p) => (p.ok ? [p.domain] : [])))];
  const totalMs = deps.deadlineMs ?? DATABASE_DEADLINE_MS;
  const deadlineAtMs = Date.now() + totalMs;
  const { ratings, held } = await readKv(deps, domains, deadlineAtMs, totalMs);
  const source = new Map<string, ItemSource>([...ratings.keys()].map((d) => [d, "kv"]));

  let misses = domains.filter((d) => !ratings.has(d));
  let deferredRetryAfter = 0;
  if (misses.length > 0 && deps.store) {
    try {
      const left = () => remainingMs(deadlineAtMs, totalMs);
      const fromDb = await withDeadline(deps.store.readRatings(misses), left());
      let writeBacks = 0;
      for (const [domain, rating] of fromDb) {
        ratings.set(domain, rating);
        source.set(domain, "db");
        keepHot(rating, deps.now.getTime(), deps.hotTtlMs ?? 0);
        if (writeBacks++ >= MAX_KV_WRITE_BACKS) continue;
        deps.waitUntil(
          deps.kv.put(ratingKey(domain), JSON.stringify(rating), { expiration: ratingKvExpiration(rating.expiresAt) }),
        );
      }
      misses = misses.filter((d) => !fromDb.has(d));
      if (misses.length > 0) {
        const admission = deps.admitNew ? await deps.admitNew(misses, left()) : null;
        const admitted = admission?.admitted ?? misses;
        for (const d of admission?.deferred ?? []) source.set(d, "deferred");
        deferredRetryAfter = admission?.retryAfterSeconds ?? 0;
        // One statement for every admitted domain, however many: a page's hosts are queued together.
        if (admitted.length > 0) await withDeadline(deps.store.enqueue(admitted, clientKeyHex, priority), left());
        for (const d of admitted) source.set(d, "queued");
      }
    } catch (error) {
      deps.log({ level: "error", msg: "database unavailable", error: String(error) });
    }
  }

  const nowMs = deps.now.getTime();
  const stale = refreshesDue(
    [...ratings.values()].filter((r) => isStale(r, deps.now)).map((r) => r.domain),
    nowMs,
  );
  if (stale.length > 0 && deps.store) {
    const store = deps.store;
    deps.waitUntil(
      store.enqueue(stale, clientKeyHex, PRIORITY_STALE_REFRESH).then(
        () => refreshesQueued(stale, nowMs),
        (error) => {
          deps.log({ level: "warn", msg: "stale refresh enqueue failed", error: String(error) });
        },
      ),
    );
  }

  const items: RateItem[] = [];
  const sources: ItemSource[] = [];
  let fromHot = 0;
  for (const [i, p] of parsed.entries()) {
    const input = inputs[i] ?? p.input; // echoed exactly as sent: SiteTruth clients match answers by it
    if (!p.ok) {
      items.push(invalidItem(input, p.reason, p.message));
      sources.push("invalid");
      continue;
    }
    const rating = ratings.get(p.domain);
    const from = source.get(p.domain) ?? "unavailable";
    if (rating) items.push(ratingItem(input, rating, deps.now));
    else if (from === "queued") items.push(pendingItem(input, p.domain, deps.retryAfterSeconds));
    else if (from === "deferred") items.push(deferredItem(input, p.domain, deferredRetryAfter));
    else items.push(unavailableItem(input, p.domain, deps.retryAfterSeconds * 2));
    sources.push(from);
    if (from === "kv" && held?.has(p.domain)) fromHot++;
  }
  return { items, sources, fromHot };
}
