/**
 * @module Re-rating: the maintenance leader puts ratings whose time has come back on the queue, in one
 * low-priority lane (`rerate`), so that fresh asks from users always go first and a burst of expiries can
 * never crowd them out (design.md "Re-rating"). Stale ratings are still served meanwhile (edge/rate).
 */
import type { RowDataPacket } from "mysql2/promise";
import type { Db } from "../db/pool.ts";
import { enqueueJobs } from "../queue/index.ts";

/** The fair-queue lane and priority of background re-ratings (users ask at 10–30, stale asks at 150). */
export const RERATE_LANE = "rerate";
export const PRIORITY_RERATE = 200;
/** When a queued re-rating does not land (the site is down, the job dies), try again after this long. */
export const RERATE_RETRY_MS = 3600_000;

/** Enqueues up to `limit` ratings due for re-rating; returns how many domains were put on the queue. */
export async function enqueueDueRerates(db: Db, limit = 500): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT domain FROM rating WHERE next_rate_at <= NOW(3) ORDER BY next_rate_at LIMIT ?`,
    [limit],
  );
  if (rows.length === 0) return 0;
  const domains = rows.map((r) => String(r.domain));
  await enqueueJobs(
    db,
    "rate",
    domains.map((key) => ({ key, clientKey: RERATE_LANE, priority: PRIORITY_RERATE })),
  );
  // Not due again until the new rating sets next_rate_at to its own expiry, or an hour has passed.
  await db.query(
    `UPDATE rating SET next_rate_at = NOW(3) + INTERVAL ? MICROSECOND WHERE domain IN (?) AND next_rate_at <= NOW(3)`,
    [RERATE_RETRY_MS * 1000, domains],
  );
  return domains.length;
}
