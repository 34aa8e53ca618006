/**
 * @module The raters' share of bounded work (issue 12 item 4), one call per maintenance tick of the leader:
 * prune lapsed ratings, then re-queue the due ratings people still ask for (rerate.ts), prune dead jobs
 * (prune.ts), and publish the per-client new-domain budget (capacity.ts). Each step is bounded per tick.
 */
import type { WorkBounds } from "../config.ts";
import type { Db } from "../db/pool.ts";
import { DEFAULT_CLIENT_SHARE_PERCENT, publishCapacity } from "./capacity.ts";
import { DEFAULT_DEAD_JOB_RETENTION_DAYS, pruneDeadJobs, pruneLapsedRatings } from "./prune.ts";
import { DEFAULT_ASK_WINDOW_DAYS, enqueueDueRerates } from "./rerate.ts";

export const DEFAULT_WORK_BOUNDS: WorkBounds = Object.freeze({
  askWindowDays: DEFAULT_ASK_WINDOW_DAYS,
  deadJobRetentionDays: DEFAULT_DEAD_JOB_RETENTION_DAYS,
  clientSharePercent: DEFAULT_CLIENT_SHARE_PERCENT,
});

export interface BoundedWorkResult {
  rerated: number;
  lapsed: number;
  prunedRatings: number;
  prunedDeadJobs: number;
}

/** One tick of bounded work for the job kind `kind`, whose ratings take at most `siteTimeoutMs` each. */
export async function runBoundedWork(
  db: Db,
  kind: string,
  siteTimeoutMs: number,
  bounds: WorkBounds = DEFAULT_WORK_BOUNDS,
): Promise<BoundedWorkResult> {
  // Lapsed ratings go first, so that the sweep's batch is not spent on rows past their prune time.
  const prunedRatings = await pruneLapsedRatings(db, bounds.askWindowDays);
  const { queued: rerated, lapsed } = await enqueueDueRerates(db, undefined, bounds.askWindowDays);
  const prunedDeadJobs = await pruneDeadJobs(db, bounds.deadJobRetentionDays);
  await publishCapacity(db, kind, { siteTimeoutMs, clientSharePercent: bounds.clientSharePercent });
  return { rerated, lapsed, prunedRatings, prunedDeadJobs };
}
