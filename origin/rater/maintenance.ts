/**
 * @module What the rater holding the maintenance lease does on each tick: queue upkeep (expired leases,
 * due retries), the push outbox, bounded work (bounded-work.ts), and pruning of old errors, throughput
 * rows, job history and audit rows. One leader at a time, whichever rater process holds the lease.
 */
import type { WorkBounds } from "../config.ts";
import { pruneAudit } from "../console/store.ts";
import type { Db } from "../db/pool.ts";
import { pruneErrors } from "../errors/record.ts";
import { describeError, type Logger } from "../log.ts";
import { pruneThroughput } from "../process/registry.ts";
import { pruneJobEvents } from "../queue/events.ts";
import { acquireLeadership, runQueueMaintenance } from "../queue/index.ts";
import { runBoundedWork } from "./bounded-work.ts";
import { drainOutbox, type Pusher } from "./push.ts";

export const MAINTENANCE_LEASE = "rater-maintenance";

export interface MaintenanceOptions {
  /** The job kind whose queue and bounded work are kept. */
  kind: string;
  owner: string;
  maintenanceMs: number;
  siteTimeoutMs: number;
  bounds?: WorkBounds;
}

/** Runs one maintenance pass if `owner` holds (or wins) the lease; logs what it did, when it did anything. */
export async function maintainIfLeader(
  deps: { db: Db; pusher: Pusher | null; log: Logger },
  options: MaintenanceOptions,
): Promise<void> {
  const { db, log } = deps;
  if (!(await acquireLeadership(db, MAINTENANCE_LEASE, options.owner, options.maintenanceMs * 3))) return;
  const queue = await runQueueMaintenance(db);
  const pushed = deps.pusher
    ? await drainOutbox(db, deps.pusher).catch((error) => {
        log.warn("outbox push failed", describeError(error));
        return 0;
      })
    : 0;
  const bounded = await runBoundedWork(db, options.kind, options.siteTimeoutMs, options.bounds);
  const pruned = {
    prunedErrors: await pruneErrors(db),
    // Dead processes' rows are pruned by every registered process (startProcessReporter), not here.
    prunedThroughput: await pruneThroughput(db),
    // The console's history and audit rows, by age like the errors (origin/console/store.ts).
    prunedJobEvents: await pruneJobEvents(db),
    prunedAudit: await pruneAudit(db),
  };
  const did = { ...queue, pushed, ...bounded, ...pruned };
  // Idle lanes pruned (queue.pruned) alone are not worth a line.
  if (Object.entries(did).some(([key, value]) => key !== "pruned" && value)) log.info("maintenance", did);
}
