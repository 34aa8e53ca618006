/**
 * @module The queue's contract, one home for both runtimes: the `job.state` values and the priority
 * classes. The edge (its enqueue statements, shared/queue-sql.ts) and the origin (claim, lease, tagger,
 * maintenance, status, console) import these; no state or priority is written as a bare number elsewhere.
 * research/queue.md §4.2 explains the states; lower priority numbers are claimed sooner.
 */

/** `job.state` values. */
export const JobState = {
  /** Tagged and claimable (ix_claim). */
  Ready: 0,
  /** Claimed: `lease_token`/`lease_owner` set, `due_at` is when the lease runs out. */
  Leased: 1,
  /** Failed and waiting for its retry time (`due_at`). */
  Delayed: 2,
  /** Enqueued (or revived, or due again) and waiting for the tagger to give it a fair-queue tag. */
  New: 3,
  /** Out of attempts (or buried): kept for the console and pruned after a while. */
  Dead: 9,
} as const;
export type JobStateValue = (typeof JobState)[keyof typeof JobState];

/** A state's name for people (status pages, console, CLI). */
export function jobStateName(state: number): string {
  for (const [name, value] of Object.entries(JobState)) if (value === state) return name.toLowerCase();
  return `state ${state}`;
}

/** Priority classes; lower is claimed sooner. */
/** A client is waiting for this rating (an ask answered "W"). */
export const PRIORITY_USER_WAITING = 10;
/** Jobs enqueued without a priority. */
export const DEFAULT_PRIORITY = 100;
/** A stale page's refresh (the edge's stale hit). */
export const PAGE_PRIORITY = 100;
/** A webmaster asked for their site to be rated again. */
export const PRIORITY_WEBMASTER = 120;
/** A stale rating someone asked for, refreshed while it is served. */
export const PRIORITY_STALE_REFRESH = 150;
/** `npx bonafide import`'s default: bulk lists behind what people ask for. */
export const PRIORITY_IMPORT = 150;
/** Background re-ratings at expiry. */
export const PRIORITY_RERATE = 200;
/** `npx bonafide pages warm`'s default: behind stale hits. */
export const PAGE_WARM_PRIORITY = 200;

/**
 * Below this a job was asked for by someone waiting: when its domain was rated meanwhile, the stored
 * rating answers it and the site is not read again (origin/rater/service.ts).
 */
export const URGENT_BELOW = 100;

/**
 * The `client_key` column's bytes (the fairness lane): a client key given as hex (the edge's address keys),
 * or a synthetic lane such as `rerate` stored as its ASCII, at most 16 bytes.
 */
export function clientKeyBytes(clientKey: string): Uint8Array {
  if (/^(?:[0-9a-f]{2}){1,16}$/i.test(clientKey))
    return Uint8Array.from(clientKey.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
  return Uint8Array.from(clientKey.slice(0, 16), (c) => c.charCodeAt(0) & 0x7f);
}
