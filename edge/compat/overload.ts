/**
 * @module Overload at the edge: a token bucket per client (IPv4 address or IPv6 /64) per isolate, counted
 * in domains asked for, so one client polling hundreds of domains cannot starve the rest.
 *
 * SiteTruth answered 502 "Overload" past 100 outstanding requests per IP (research/rating.md §1.4); bonafide
 * answers 429 with `Retry-After` instead (§5.2). Per isolate is deliberate: it needs no shared state or
 * round trip, and a client spread over many isolates is still fair-queued per IP in MySQL.
 */

export interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface BucketLimits {
  /** Most domains a client may ask for at once. */
  burst: number;
  /** Domains refilled per minute. */
  perMinute: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Refills `bucket` up to `now` and takes `cost` tokens if it can; otherwise says when it could. */
export function takeTokens(bucket: Bucket, limits: BucketLimits, cost: number, nowMs: number): TakeResult {
  const elapsed = Math.max(0, nowMs - bucket.updatedMs);
  bucket.tokens = Math.min(limits.burst, bucket.tokens + (elapsed * limits.perMinute) / 60_000);
  bucket.updatedMs = nowMs;
  // A single request larger than the burst could never pass: charge it the whole bucket instead.
  const need = Math.min(cost, limits.burst);
  if (bucket.tokens >= need) {
    bucket.tokens -= need;
    return { ok: true };
  }
  const missing = need - bucket.tokens;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((missing * 60) / limits.perMinute)) };
}

/** What takeUpTo admitted: `taken` of the wanted tokens, and when the next one will be there if not all. */
export interface PartialTake {
  taken: number;
  retryAfterSeconds: number;
}

/** Refills `bucket` up to `now` and takes as many whole tokens as it holds, up to `wanted`. */
export function takeUpTo(bucket: Bucket, limits: BucketLimits, wanted: number, nowMs: number): PartialTake {
  const elapsed = Math.max(0, nowMs - bucket.updatedMs);
  bucket.tokens = Math.min(limits.burst, bucket.tokens + (elapsed * limits.perMinute) / 60_000);
  bucket.updatedMs = nowMs;
  const taken = Math.max(0, Math.min(wanted, Math.floor(bucket.tokens)));
  bucket.tokens -= taken;
  const missing = taken < wanted ? 1 - bucket.tokens : 0;
  return { taken, retryAfterSeconds: Math.max(1, Math.ceil((missing * 60) / limits.perMinute)) };
}

/** Most clients remembered per isolate; the oldest is forgotten first (a Map keeps insertion order). */
export const MAX_CLIENTS = 10_000;

/** Buckets by client key, bounded; a forgotten client starts with a full bucket, which errs on serving. */
export function createBucketTable(maxClients = MAX_CLIENTS) {
  const buckets = new Map<string, Bucket>();
  function touch(clientKey: string, limits: BucketLimits, nowMs: number): Bucket {
    let bucket = buckets.get(clientKey);
    if (bucket) buckets.delete(clientKey);
    else bucket = { tokens: limits.burst, updatedMs: nowMs };
    buckets.set(clientKey, bucket); // most recently used last
    while (buckets.size > maxClients) {
      const oldest = buckets.keys().next().value;
      if (oldest === undefined) break;
      buckets.delete(oldest);
    }
    return bucket;
  }
  return {
    take(clientKey: string, limits: BucketLimits, cost: number, nowMs: number): TakeResult {
      return takeTokens(touch(clientKey, limits, nowMs), limits, cost, nowMs);
    },
    /** As many of `wanted` tokens as the client's bucket holds (new domains: admit some, defer the rest). */
    takeUpTo(clientKey: string, limits: BucketLimits, wanted: number, nowMs: number): PartialTake {
      return takeUpTo(touch(clientKey, limits, nowMs), limits, wanted, nowMs);
    },
    get size(): number {
      return buckets.size;
    },
  };
}

/** The isolate's table: module state lives as long as the isolate does. */
export const isolateBuckets = createBucketTable();
