/**
 * @module Re-rating: the maintenance leader puts ratings whose time has come back on the queue, in one
 * low-priority lane (`rerate`), so that fresh asks from users always go first and a burst of expiries can
 * never crowd them out (design.md "Re-rating"). Stale ratings are still served meanwhile (edge/rate).
 *
 * Only while people ask: a rating is re-rated at expiry only if a client asked for the domain since the
 * rating was made and within the ask window (`asked_at`, recorded with the rating a client's job produced
 * — rating-store.ts — never on a KV hit). Every other due rating lapses: its `next_rate_at` moves to its
 * prune time (prune.ts), and the first ask after its expiry, a stale KV hit, queues it again at the edge.
 */
import type { RowDataPacket } from "mysql2/promise";
import { PRIORITY_RERATE } from "../../shared/queue-contract.ts";
import type { Db } from "../db/pool.ts";
import { enqueueJobs } from "../queue/index.ts";
import type { ClaimedJob } from "../queue/types.ts";

/** The fair-queue lane and priority of background re-ratings (users ask at 10–30, stale asks at 150). */
export const RERATE_LANE = "rerate";
export { PRIORITY_RERATE };
/** When a queued re-rating does not land (the site is down, the job dies), try again after this long. */
export const RERATE_RETRY_MS = 3600_000;
/** Default ask window: a rating not asked for within it is not re-rated and is pruned that long after expiry. */
export const DEFAULT_ASK_WINDOW_DAYS = 30;

/**
 * True when a client asked for this job: anything more urgent than a background re-rating (the edge
 * queues at 10–150, origin imports at 100). A re-rating a client asked for meanwhile took the client's
 * priority (shared/queue-sql.ts keeps the lowest), so it counts as asked too.
 */
export function isAskedJob(job: Pick<ClaimedJob, "priority">): boolean {
  return job.priority < PRIORITY_RERATE;
}

export interface RerateResult {
  /** Domains put on the queue: asked since their rating was made, within the window. */
  queued: number;
  /** Due ratings nobody asked for: not re-rated; due again only at their prune time. */
  lapsed: number;
}

/** Enqueues up to `limit` due ratings that were asked for; lets the unasked ones lapse. */
export async function enqueueDueRerates(
  db: Db,
  limit = 500,
  askWindowDays = DEFAULT_ASK_WINDOW_DAYS,
): Promise<RerateResult> {
  // Rows already past their prune time are prune.ts's (it runs first in the same tick); skipping them
  // keeps a prune backlog from filling this batch.
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT domain, (asked_at IS NOT NULL AND asked_at >= rated_at AND asked_at >= NOW(3) - INTERVAL ? DAY) AS asked
       FROM rating WHERE next_rate_at <= NOW(3) AND expires_at > NOW(3) - INTERVAL ? DAY
      ORDER BY next_rate_at LIMIT ?`,
    [askWindowDays, askWindowDays, limit],
  );
  const asked = rows.filter((r) => Number(r.asked) === 1).map((r) => String(r.domain));
  const lapsed = rows.filter((r) => Number(r.asked) !== 1).map((r) => String(r.domain));
  if (asked.length > 0) {
    await enqueueJobs(
      db,
      "rate",
      asked.map((key) => ({ key, clientKey: RERATE_LANE, priority: PRIORITY_RERATE })),
    );
    // Not due again until the new rating sets next_rate_at to its own expiry, or an hour has passed.
    await db.query(
      `UPDATE rating SET next_rate_at = NOW(3) + INTERVAL ? MICROSECOND WHERE domain IN (?) AND next_rate_at <= NOW(3)`,
      [RERATE_RETRY_MS * 1000, asked],
    );
  }
  if (lapsed.length > 0) {
    // Looked at again only when it may be pruned; a new rating (asked at the edge) resets next_rate_at.
    await db.query(
      `UPDATE rating SET next_rate_at = expires_at + INTERVAL ? DAY WHERE domain IN (?) AND next_rate_at <= NOW(3)`,
      [askWindowDays, lapsed],
    );
  }
  return { queued: asked.length, lapsed: lapsed.length };
}
