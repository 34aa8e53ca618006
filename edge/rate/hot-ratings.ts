/**
 * @module Ratings in the hot tier (edge/hot-cache.ts): only positive answers (a stored rating) are held,
 * each until the sooner of now + the hot TTL and its own `expiresAt` — so the hot tier never serves a
 * rating past its expiry (the read then goes to KV, which serves it stale and queues its refresh), and
 * a W (unknown domain) is never held at all, so a rating that arrives is seen on the next KV read.
 * A push puts the new rating here at once (this isolate sees it immediately); other isolates see it
 * when their copy's hot TTL runs out and KV has it.
 */
import { isStoredRating, type StoredRating } from "../../shared/rating.ts";
import { ratingsHot } from "../hot-cache.ts";
import { ParseMemo } from "../parse-memo.ts";

/** Default hot TTL: how long an isolate may answer a rating from memory without asking KV again. */
export const DEFAULT_HOT_TTL_MS = 5_000;
/** Upper bound on BONAFIDE_HOT_TTL_MS: KV's own propagation (~60 s) is the bound past this. */
export const MAX_HOT_TTL_MS = 60_000;

/**
 * Held texts parsed once (~3% of a hot hit's CPU was re-parsing); null = not a StoredRating. 1 Mi characters
 * of text (~2 MiB, and about as much again parsed) beside the hot tier's 8 MiB.
 */
const parsedRatings = new ParseMemo<StoredRating | null>({ maxEntries: 1024, maxChars: 1 << 20 }, (text) => {
  const rating = JSON.parse(text) as unknown;
  return isStoredRating(rating) ? rating : null;
});

/** The held ratings among `domains` (those fresh in the hot tier), by domain. */
export function hotRatings(domains: readonly string[], nowMs: number, ttlMs: number): Map<string, StoredRating> {
  const found = new Map<string, StoredRating>();
  // The last fifth of an entry's hot TTL: one request re-reads KV while the rest are still answered here.
  const refreshAheadMs = Math.floor(ttlMs / 5);
  for (const domain of domains) {
    const text = ratingsHot.get(domain, nowMs, refreshAheadMs);
    if (typeof text !== "string") continue;
    const rating = parsedRatings.get(text);
    if (rating?.domain === domain) found.set(domain, rating);
  }
  return found;
}

/** Holds `rating` for up to `ttlMs` (never past its `expiresAt`; an expired one is not held). */
export function keepHot(rating: StoredRating, nowMs: number, ttlMs: number, text = JSON.stringify(rating)): boolean {
  if (ttlMs <= 0) return false;
  const expiresMs = Date.parse(rating.expiresAt);
  const version = Date.parse(rating.ratedAt);
  if (Number.isNaN(expiresMs) || Number.isNaN(version)) return false;
  return ratingsHot.put(rating.domain, text, { nowMs, untilMs: Math.min(nowMs + ttlMs, expiresMs), version });
}
