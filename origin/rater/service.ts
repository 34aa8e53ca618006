/**
 * @module The rater process's engine: a queue worker over `rate` jobs (origin/queue/worker.ts) whose
 * handler is rate-job.ts (crawl, score, store with the fenced completion, push), and — while it holds the
 * maintenance lease — the upkeep of maintenance.ts, every `maintenanceMs`.
 */

import type { WorkBounds } from "../config.ts";
import { describeError } from "../log.ts";
import { releaseLeadership, sleep, startQueueWorker } from "../queue/index.ts";
import { MAINTENANCE_LEASE, maintainIfLeader } from "./maintenance.ts";
import { createRateJobHandler, type RateJobDeps } from "./rate-job.ts";
import type { RateOptions } from "./rate-site.ts";

export const RATE_KIND = "rate";

export interface RaterOptions {
  owner: string;
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  heartbeatMs: number;
  maintenanceMs: number;
  /** Base of the retry backoff (30 s when absent); fault drills shorten it to see jobs die in seconds. */
  retryBaseMs?: number;
  /** Crawl limits, plus the remote sources (blacklist, register, RDAP) each rating consults. */
  crawl: RateOptions;
  /** Ask window, dead-job retention, client share of new work (default DEFAULT_WORK_BOUNDS). */
  bounds?: WorkBounds;
}

/** What the rater needs: the same as one rate job (see rate-job.ts). */
export type RaterDeps = RateJobDeps;

export interface RaterStats {
  owner: string;
  startedAt: string;
  inFlight: number;
  completed: number;
  failed: number;
}

export interface Rater {
  stats(): RaterStats;
  /** True once stop() began: no more claims. */
  draining(): boolean;
  /** Stops claiming, waits up to `graceMs` for running ratings, releases the rest. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the loops have ended (after stop). */
  done: Promise<void>;
}

/** Starts the rater's loops: the queue worker and the maintenance loop. */
export function startRater(deps: RaterDeps, options: RaterOptions): Rater {
  const { db, log, metrics } = deps;
  const stopping = new AbortController();
  const startedAt = new Date().toISOString();
  const rateJob = createRateJobHandler(deps, { crawl: options.crawl, retryBaseMs: options.retryBaseMs ?? 30_000 });
  const worker = startQueueWorker(
    {
      db,
      log,
      metrics,
      async onError(error, context) {
        log.error("queue worker error", { ...describeError(error), ...context });
        await deps.errors.record(error, context);
      },
    },
    { ...options, kind: RATE_KIND, tag: true },
    rateJob,
  );

  async function maintenanceLoop(): Promise<void> {
    const maintenance = { ...options, kind: RATE_KIND, siteTimeoutMs: options.crawl.siteTimeoutMs };
    while (!stopping.signal.aborted) {
      await maintainIfLeader(deps, maintenance).catch(async (error) => {
        log.error("maintenance failed", describeError(error));
        await deps.errors.record(error, { loop: "maintenance" });
      });
      await sleep(options.maintenanceMs, stopping.signal);
    }
  }

  const maintenance = maintenanceLoop();
  const done = Promise.all([worker.done, maintenance]).then(() => undefined);

  return {
    stats: () => {
      const m = metrics.snapshot();
      return { owner: options.owner, startedAt, inFlight: worker.inFlight(), completed: m.completed, failed: m.failed };
    },
    draining: () => worker.draining(),
    done,
    async stop(graceMs = 10_000) {
      stopping.abort();
      await Promise.all([worker.stop(graceMs), maintenance]);
      await releaseLeadership(db, MAINTENANCE_LEASE, options.owner).catch(() => undefined);
    },
  };
}
