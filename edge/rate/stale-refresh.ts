/**
 * @module How often a stale rating's refresh is queued: the first ask after a rating expires reaches the
 * database (the ask that re-rates it, and that the rating made for it records as `asked_at`); the asks
 * after it, while the new rating is on its way, are served the stale one without another write. At most
 * one refresh per domain per isolate per REFRESH_EVERY_MS, remembered as plain numbers in a bounded map.
 */

/** How long an isolate leaves a queued refresh alone: a rating takes seconds, a dead job revives after this. */
export const REFRESH_EVERY_MS = 60_000;
/** Most domains remembered per isolate; the oldest is forgotten first (a Map keeps insertion order). */
export const MAX_REMEMBERED = 10_000;

const queuedAt = new Map<string, number>();

/** The stale `domains` whose refresh this isolate has not queued within REFRESH_EVERY_MS. */
export function refreshesDue(domains: readonly string[], nowMs: number): string[] {
  return domains.filter((d) => {
    const at = queuedAt.get(d);
    return at === undefined || nowMs - at >= REFRESH_EVERY_MS;
  });
}

/** Remembers that the refresh of `domains` was queued at `nowMs`. */
export function refreshesQueued(domains: readonly string[], nowMs: number): void {
  for (const d of domains) {
    queuedAt.delete(d);
    queuedAt.set(d, nowMs);
  }
  while (queuedAt.size > MAX_REMEMBERED) {
    const oldest = queuedAt.keys().next().value;
    if (oldest === undefined) break;
    queuedAt.delete(oldest);
  }
}
