/**
 * @module KV key names and lifetimes shared by the edge (reads) and the origin (pushes).
 */

/** KV key of a domain's rating. */
export function ratingKey(domain: string): string {
  return `rating:${domain}`;
}

/** KV key that remembers a push nonce until its timestamp could no longer be accepted. */
export function nonceKey(nonce: string): string {
  return `nonce:${nonce}`;
}

/**
 * A rating stays in KV this long past its expiry, so a stale rating can still be served while it is
 * re-rated (stale-while-revalidate) instead of answering W for a domain we know.
 */
export const STALE_SERVE_MS = 30 * 24 * 3600_000;

/** KV keeps nothing longer than this: a rating is re-rated long before, and expirations must fit in 32 bits. */
export const MAX_KV_LIFETIME_MS = 365 * 24 * 3600_000;

/** Absolute KV expiration (seconds since the epoch) for a rating that expires at `expiresAt`. */
export function ratingKvExpiration(expiresAt: string, now = Date.now()): number {
  const wanted = Date.parse(expiresAt) + STALE_SERVE_MS;
  const at = Math.min(Math.max(Number.isNaN(wanted) ? 0 : wanted, now + 120_000), now + MAX_KV_LIFETIME_MS);
  return Math.floor(at / 1000);
}
