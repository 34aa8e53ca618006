/**
 * @module Queue upkeep, idempotent and safe to run from any process: expired leases come back, due
 * retries re-enter through the tagger, idle lanes are pruned.
 */
import type { ResultSetHeader } from "mysql2/promise";
import { JobState } from "../../shared/queue-contract.ts";
import type { Db } from "../db/pool.ts";

const BATCH = 500;

/**
 * Returns jobs whose lease expired (their holder died or hung) to ready, with their old tag: the head of
 * their class. Their attempt stays counted, so a job that kills its raters runs out of attempts.
 */
export async function sweepExpiredLeases(db: Db): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `UPDATE job SET state = ${JobState.Ready}, lease_token = NULL, lease_owner = NULL, due_at = NULL
      WHERE state = ${JobState.Leased} AND due_at < NOW(3) LIMIT ${BATCH}`,
  );
  return result.affectedRows;
}

/** Moves due retries to "new", so the tagger places them at the current round, not at their old tag. */
export async function promoteDueRetries(db: Db): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    // Delayed jobs hold no lease (failJob clears the owner): saying so lets ix_lease range over due_at.
    `UPDATE job SET state = ${JobState.New}, due_at = NULL
      WHERE state = ${JobState.Delayed} AND lease_owner IS NULL AND due_at <= NOW(3) LIMIT ${BATCH}`,
  );
  return result.affectedRows;
}

/**
 * Deletes lanes idle for `idleMs` whose client has nothing waiting: such a lane tags like no lane at all
 * (research/queue.md §3 pitfall 4).
 */
export async function pruneIdleLanes(db: Db, idleMs = 3_600_000): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `DELETE FROM job_lane
      WHERE updated_at < NOW(3) - INTERVAL ? MICROSECOND
        AND NOT EXISTS (SELECT 1 FROM job WHERE job.kind = job_lane.kind AND job.client_key = job_lane.client_key
                          AND job.state IN (${JobState.Ready}, ${JobState.Leased}, ${JobState.Delayed}, ${JobState.New}))
      LIMIT ${BATCH}`,
    [idleMs * 1000],
  );
  return result.affectedRows;
}

/** Runs every upkeep step once; returns what each did. */
export async function runQueueMaintenance(db: Db): Promise<{ swept: number; promoted: number; pruned: number }> {
  const swept = await sweepExpiredLeases(db);
  const promoted = await promoteDueRetries(db);
  const pruned = await pruneIdleLanes(db);
  return { swept, promoted, pruned };
}
