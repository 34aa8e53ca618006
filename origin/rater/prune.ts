/**
 * @module Pruning the work that would otherwise grow for ever, run by the raters' maintenance leader: dead
 * jobs past their retention (their domain already carries its `U`/`error` rating, and a later ask queues it
 * afresh) and lapsed ratings (expired a whole ask window ago and not asked within it).
 *
 * Each step is one bounded, idempotent `DELETE … LIMIT n` per maintenance tick: a tick that deletes fewer
 * than `n` rows has caught up, one that deletes `n` leaves the rest to the next tick (every few seconds), so
 * a backlog drains without one long statement holding locks. The KV copy of a lapsed rating is left to
 * KV's own expiration (shared/kv-keys.ts: expiry + STALE_SERVE_MS, the default ask window).
 */
import type { ResultSetHeader } from "mysql2/promise";
import { JobState } from "../../shared/queue-contract.ts";
import type { Db } from "../db/pool.ts";
import { DEFAULT_ASK_WINDOW_DAYS } from "./rerate.ts";

/** Rows one prune step deletes at most per tick. */
export const PRUNE_BATCH = 500;
/** Default retention of dead jobs, for an operator to see why a domain failed (`last_error`). */
export const DEFAULT_DEAD_JOB_RETENTION_DAYS = 7;

/** Deletes up to `limit` dead jobs last touched more than `retentionDays` ago. */
export async function pruneDeadJobs(
  db: Db,
  retentionDays = DEFAULT_DEAD_JOB_RETENTION_DAYS,
  limit = PRUNE_BATCH,
): Promise<number> {
  // state = 9 ranges over ix_lease; a dead job holds no lease (failJob cleared it).
  const [result] = await db.query<ResultSetHeader>(
    `DELETE FROM job WHERE state = ${JobState.Dead} AND lease_owner IS NULL AND updated_at < NOW(3) - INTERVAL ? DAY LIMIT ?`,
    [retentionDays, limit],
  );
  return result.affectedRows;
}

/**
 * Deletes up to `limit` lapsed ratings: expired more than `askWindowDays` ago and not asked for within
 * the window. The re-rate sweep moved their `next_rate_at` to exactly that time (rerate.ts), so the range
 * runs over ix_next_rate; a rating still asked for is re-rated, never pruned.
 */
export async function pruneLapsedRatings(
  db: Db,
  askWindowDays = DEFAULT_ASK_WINDOW_DAYS,
  limit = PRUNE_BATCH,
): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `DELETE FROM rating
      WHERE next_rate_at <= NOW(3) AND expires_at <= NOW(3) - INTERVAL ? DAY
        AND (asked_at IS NULL OR asked_at < NOW(3) - INTERVAL ? DAY)
      LIMIT ?`,
    [askWindowDays, askWindowDays, limit],
  );
  return result.affectedRows;
}
