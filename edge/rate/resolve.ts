/**
 * @module Flow 1 at the edge: the isolate's hot tier (hot-ratings.ts), KV, then the rating row in MySQL (written back to KV), else one
 * statement queues the domain and the item is W — within the client's new-domain budget (new-work.ts;
 * past it the item is 429 and nothing is queued). Cached ratings are still served when MySQL is down.
 */
import { normalizeDomainInput } from "../../shared/domain.ts";
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
import { DATABASE_DEADLINE_MS, withDeadline } from "./deadline.ts";
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
  log(event: Record<string, unknown>): void;
  /** How long each database statement may take (default DATABASE_DEADLINE_MS): never wait on MySQL. */
  deadlineMs?: number;
  /** Which new (never rated) domains this client may queue now; absent = all of them. */
  admitNew?(domains: readonly string[]): Promise<Admission>;
  /** How long a rating read may be answered from this isolate's hot tier (hot-ratings.ts); 0/absent = never. */
  hotTtlMs?: number;
}

export interface Resolution {
  items: RateItem[];
  sources: ItemSource[];
}

const KV_BULK_GET_MAX = 100;

/** The hot tier first, then KV for the rest (read as text, so what is parsed once is held as a string). */
async function readKv(deps: ResolveDeps, domains: string[]): Promise<Map<string, StoredRating>> {
  const nowMs = deps.now.getTime();
  const hotTtlMs = deps.hotTtlMs ?? 0;
  const found = hotTtlMs > 0 ? hotRatings(domains, nowMs, hotTtlMs) : new Map<string, StoredRating>();
  const rest = found.size === 0 ? domains : domains.filter((d) => !found.has(d));
  for (let i = 0; i < rest.length; i += KV_BULK_GET_MAX) {
    const chunk = rest.slice(i, i + KV_BULK_GET_MAX);
    try {
      const values = await deps.kv.get(chunk.map(ratingKey), "text");
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
  return found;
}

function parseRating(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // a damaged value is a miss: MySQL holds the rating
  }
}

function isStale(rating: StoredRating, now: Date): boolean {
  return Date.parse(rating.expiresAt) <= now.getTime();
}

/** Resolves every input in order; never throws for database trouble (those items become 503 / W). */
export async function resolveRatings(
  deps: ResolveDeps,
  inputs: readonly string[],
  clientKeyHex: string,
  priority: number,
): Promise<Resolution> {
  const parsed = inputs.map((input) => normalizeDomainInput(input));
  const domains = [...new Set(parsed.flatMap((p) => (p.ok ? [p.domain] : [])))];
  const ratings = await readKv(deps, domains);
  const source = new Map<string, ItemSource>([...ratings.keys()].map((d) => [d, "kv"]));

  let misses = domains.filter((d) => !ratings.has(d));
  let deferredRetryAfter = 0;
  if (misses.length > 0 && deps.store) {
    try {
      const deadline = deps.deadlineMs ?? DATABASE_DEADLINE_MS;
      const fromDb = await withDeadline(deps.store.readRatings(misses), deadline);
      for (const [domain, rating] of fromDb) {
        ratings.set(domain, rating);
        source.set(domain, "db");
        keepHot(rating, deps.now.getTime(), deps.hotTtlMs ?? 0);
        deps.waitUntil(
          deps.kv.put(ratingKey(domain), JSON.stringify(rating), { expiration: ratingKvExpiration(rating.expiresAt) }),
        );
      }
      misses = misses.filter((d) => !fromDb.has(d));
      if (misses.length > 0) {
        const admission = deps.admitNew ? await deps.admitNew(misses) : null;
        const admitted = admission?.admitted ?? misses;
        for (const d of admission?.deferred ?? []) source.set(d, "deferred");
        deferredRetryAfter = admission?.retryAfterSeconds ?? 0;
        if (admitted.length > 0) await withDeadline(deps.store.enqueue(admitted, clientKeyHex, priority), deadline);
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
  for (const [i, p] of parsed.entries()) {
    const input = inputs[i] ?? p.input; // echoed exactly as sent: SiteTruth clients match answers by it
    if (!p.ok) {
      items.push(invalidItem(input, p.reason, p.message));
      sources.push("invalid");
      continue;
    }
    const rating = ratings.get(p.domain);
    const from = source.get(p.domain) ?? "unavailable";
    if (rating) items.push(itemFromRating(input, rating, deps.now));
    else if (from === "queued") items.push(pendingItem(input, p.domain, deps.retryAfterSeconds));
    else if (from === "deferred") items.push(deferredItem(input, p.domain, deferredRetryAfter));
    else items.push(unavailableItem(input, p.domain, deps.retryAfterSeconds * 2));
    sources.push(from);
  }
  return { items, sources };
}
