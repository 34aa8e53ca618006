/**
 * @module New work follows the raters' capacity: the maintenance leader measures what the raters can rate
 * per minute and publishes, in `rater_capacity`, how many NEW domains one client may queue per minute
 * through one edge isolate (edge/rate/new-work.ts reads it).
 *
 *   per_minute            = max(live rater slots × 60 s / site timeout,   — each slot finishes at least one
 *                                                                            rating per site timeout
 *                               busiest of the last 10 whole minutes in job_throughput (completed + failed))
 *   backlog_factor        = min(1, 10 min × per_minute / jobs asked for and waiting)
 *   client_new_per_minute = max(1, floor(per_minute × client share % × backlog_factor))
 *
 * The floor keeps a quiet system (little measured throughput) from starving its first clients; the
 * measured peak lets the budget grow with what the raters have shown they can do; the backlog factor
 * shrinks every client's budget once the queue holds more than ten minutes of work, so many clients
 * together cannot outrun the raters for long. Only new domains are charged: asks for rated domains cost
 * the raters nothing.
 */
import type { RowDataPacket } from "mysql2/promise";
import { JobState } from "../../shared/queue-contract.ts";
import type { Db } from "../db/pool.ts";
import { PRIORITY_RERATE } from "./rerate.ts";

export interface CapacityOptions {
  /** The longest one rating may take (RATER_SITE_TIMEOUT_MS). */
  siteTimeoutMs: number;
  /** Share of the raters' capacity one client may fill with new domains per isolate, in percent. */
  clientSharePercent: number;
}

export interface Capacity {
  perMinute: number;
  clientNewPerMinute: number;
}

/** Default share: four clients at full tilt through one isolate each fill the raters. */
export const DEFAULT_CLIENT_SHARE_PERCENT = 25;
/** Queued work the raters may be behind by before budgets shrink. */
export const BACKLOG_TARGET_MINUTES = 10;
/** Waiting jobs counted at most (beyond it the budget is at its minimum anyway): a bounded count per tick. */
export const BACKLOG_COUNT_LIMIT = 100_000;

/** The measured figures: live rater slots, the busiest recent minute, jobs asked for and waiting. */
export interface Measured {
  slots: number;
  peakPerMinute: number;
  backlog: number;
}

/** The budget from measured figures (pure: the formula above). */
export function capacityFrom(measured: Measured, options: CapacityOptions): Capacity {
  const perMinute = Math.max(
    Math.ceil((measured.slots * 60_000) / options.siteTimeoutMs),
    Math.round(measured.peakPerMinute),
  );
  const target = BACKLOG_TARGET_MINUTES * perMinute;
  const factor = measured.backlog > target ? target / measured.backlog : 1;
  const clientNewPerMinute = Math.max(1, Math.floor((perMinute * options.clientSharePercent * factor) / 100));
  return { perMinute, clientNewPerMinute };
}

/** Measures the raters of `kind` and publishes their capacity and the per-client budget. */
export async function publishCapacity(db: Db, kind: string, options: CapacityOptions): Promise<Capacity> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT
       (SELECT COALESCE(SUM(concurrency), 0) FROM origin_process
         WHERE role = 'rater' AND state = 'running' AND heartbeat_at >= NOW(3) - INTERVAL 1 MINUTE) AS slots,
       (SELECT COALESCE(MAX(completed + failed), 0) FROM job_throughput
         WHERE kind = ? AND minute >= UTC_TIMESTAMP() - INTERVAL 11 MINUTE
           AND minute < DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:00')) AS peak,
       (SELECT COUNT(*) FROM (SELECT 1 FROM job WHERE kind = ? AND state IN (${JobState.Ready}, ${JobState.Delayed}, ${JobState.New}) AND priority < ?
          LIMIT ${BACKLOG_COUNT_LIMIT}) AS waiting) AS backlog`,
    [kind, kind, PRIORITY_RERATE],
  );
  const capacity = capacityFrom(
    {
      slots: Number(rows[0]?.slots ?? 0),
      peakPerMinute: Number(rows[0]?.peak ?? 0),
      backlog: Number(rows[0]?.backlog ?? 0),
    },
    options,
  );
  await db.query(
    `INSERT INTO rater_capacity (kind, per_minute, client_new_per_minute, measured_at) VALUES (?, ?, ?, NOW(3))
     ON DUPLICATE KEY UPDATE per_minute = VALUES(per_minute),
       client_new_per_minute = VALUES(client_new_per_minute), measured_at = VALUES(measured_at)`,
    [kind, capacity.perMinute, capacity.clientNewPerMinute],
  );
  return capacity;
}
