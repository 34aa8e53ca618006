/**
 * @module The rater process's engine: claims rating jobs in batches sized to its free slots, runs many
 * ratings at once, keeps its leases alive, stores and pushes results, and — while it holds the
 * maintenance lease — sweeps the queue and drains the push outbox. Stopping stops claiming, lets running
 * ratings finish within a grace period and gives the rest back.
 */
import type { StoredRating } from "../../shared/rating.ts";
import type { Db } from "../db/pool.ts";
import { type ErrorRecorder, pruneErrors } from "../errors/record.ts";
import { describeError, type Logger } from "../log.ts";
import {
  acquireLeadership,
  type ClaimedJob,
  claimJobs,
  failJob,
  heartbeat,
  LeaseLostError,
  releaseJob,
  releaseLeadership,
  runQueueMaintenance,
  tagNewJobs,
} from "../queue/index.ts";
import type { CrawlOptions, SiteFetcher } from "./crawl.ts";
import { drainOutbox, markPushed, type Pusher } from "./push.ts";
import { failedRating, rateSite, TransientRatingError } from "./rate-site.ts";
import { readRating, storeRatingAndComplete } from "./rating-store.ts";

export const RATE_KIND = "rate";
const MAINTENANCE_LEASE = "rater-maintenance";

export interface RaterOptions {
  owner: string;
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  heartbeatMs: number;
  maintenanceMs: number;
  crawl: CrawlOptions;
}

export interface RaterDeps {
  db: Db;
  fetcher: SiteFetcher;
  pusher: Pusher | null;
  log: Logger;
  errors: ErrorRecorder;
}

export interface RaterStats {
  owner: string;
  startedAt: string;
  inFlight: number;
  completed: number;
  failed: number;
}

export interface Rater {
  stats(): RaterStats;
  /** Stops claiming, waits up to `graceMs` for running ratings, releases the rest. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the loops have ended (after stop). */
  done: Promise<void>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Starts the rater's loops. */
export function startRater(deps: RaterDeps, options: RaterOptions): Rater {
  const { db, log } = deps;
  const stopping = new AbortController();
  const inFlight = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  const stats: RaterStats = {
    owner: options.owner,
    startedAt: new Date().toISOString(),
    inFlight: 0,
    completed: 0,
    failed: 0,
  };

  async function push(rating: StoredRating): Promise<void> {
    if (!deps.pusher) return;
    try {
      await deps.pusher.push([rating]);
      await markPushed(db, [rating]);
    } catch (error) {
      // The outbox (pushed_at IS NULL) keeps it; the maintenance leader pushes it again.
      log.warn("push to edge failed; left in the outbox", { domain: rating.domain, ...describeError(error) });
    }
  }

  async function finishFailed(job: ClaimedJob, reason: string): Promise<void> {
    const rating = failedRating(job.key, reason, new Date());
    await storeRatingAndComplete(db, job, rating, { failure: reason, attempts: job.attempt });
    await push(rating);
  }

  async function runJob(job: ClaimedJob): Promise<void> {
    const jobLog = log.child({ job: job.id, domain: job.key, attempt: job.attempt });
    const started = Date.now();
    try {
      if (job.attempt > job.maxAttempts) {
        // Its earlier leases expired without a result (the rater died or hung): stop trying for now.
        await finishFailed(job, "every attempt ended without a result");
        stats.failed++;
        return;
      }
      const existing = await readRating(db, job.key);
      if (existing && Date.parse(existing.expiresAt) > Date.now() + 60_000 && job.priority < 100) {
        // Rated meanwhile (the ask raced KV propagation): answer with what we have.
        await storeRatingAndComplete(db, job, existing, { reused: true });
        await push(existing);
        stats.completed++;
        return;
      }
      const { rating, evidence } = await rateSite(deps.fetcher, job.key, options.crawl);
      await storeRatingAndComplete(db, job, rating, evidence);
      await push(rating);
      stats.completed++;
      jobLog.info("rated", {
        rating: rating.rating,
        ratingInfo: rating.ratingInfo,
        score: rating.score,
        pages: evidence.pages.length,
        ms: Date.now() - started,
        waitedMs: job.claimedAt.getTime() - job.enqueuedAt.getTime(),
      });
    } catch (error) {
      stats.failed++;
      if (error instanceof LeaseLostError) {
        jobLog.warn("lease lost; another rater has the job", describeError(error));
        return;
      }
      const transient = error instanceof TransientRatingError;
      if (!transient) await deps.errors.record(error, { job: job.id, domain: job.key, attempt: job.attempt });
      const message = describeError(error).error;
      const outcome = await failJob(db, job, { error: message }).catch((e) => {
        jobLog.error("could not record the failure", describeError(e));
        return "lost" as const;
      });
      if (outcome === "dead") await finishFailed(job, message).catch((e) => deps.errors.record(e, { job: job.id }));
      jobLog.warn("rating failed", { ...describeError(error), outcome, ms: Date.now() - started });
    }
  }

  async function claimLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      const free = options.concurrency - inFlight.size;
      let claimed = 0;
      try {
        await tagNewJobs(db, RATE_KIND);
        if (free > 0) {
          const jobs = await claimJobs(db, {
            kind: RATE_KIND,
            owner: options.owner,
            limit: free,
            leaseMs: options.leaseMs,
          });
          claimed = jobs.length;
          for (const job of jobs) {
            const done = runJob(job).finally(() => {
              inFlight.delete(job.id);
              stats.inFlight = inFlight.size;
            });
            inFlight.set(job.id, { job, done });
          }
          stats.inFlight = inFlight.size;
        }
      } catch (error) {
        log.error("claim failed", describeError(error));
        await deps.errors.record(error, { loop: "claim" });
        await sleep(options.pollMs * 5, stopping.signal);
      }
      // A full batch means more may be waiting: claim again at once, else poll.
      if (claimed === 0 || claimed < free) await sleep(options.pollMs, stopping.signal);
    }
  }

  async function heartbeatLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      await sleep(options.heartbeatMs, stopping.signal);
      if (inFlight.size === 0) continue;
      await heartbeat(db, options.owner, options.leaseMs).catch((error) =>
        log.warn("heartbeat failed", describeError(error)),
      );
    }
  }

  async function maintenanceLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        if (await acquireLeadership(db, MAINTENANCE_LEASE, options.owner, options.maintenanceMs * 3)) {
          const queue = await runQueueMaintenance(db);
          const pushed = deps.pusher
            ? await drainOutbox(db, deps.pusher).catch((error) => {
                log.warn("outbox push failed", describeError(error));
                return 0;
              })
            : 0;
          const pruned = await pruneErrors(db);
          if (queue.swept || queue.promoted || pushed || pruned)
            log.info("maintenance", { ...queue, pushed, prunedErrors: pruned });
        }
      } catch (error) {
        log.error("maintenance failed", describeError(error));
      }
      await sleep(options.maintenanceMs, stopping.signal);
    }
  }

  const loops = Promise.all([claimLoop(), heartbeatLoop(), maintenanceLoop()]).then(() => undefined);

  return {
    stats: () => ({ ...stats }),
    done: loops,
    async stop(graceMs = 10_000) {
      stopping.abort();
      await loops;
      const running = [...inFlight.values()];
      const finished = Promise.all(running.map((r) => r.done)).then(() => true);
      const inTime = await Promise.race([finished, sleep(graceMs).then(() => false)]);
      if (!inTime) {
        const left = [...inFlight.values()];
        await Promise.all(left.map((r) => releaseJob(db, r.job).catch(() => false)));
        log.warn("released unfinished jobs on shutdown", { released: left.length });
      }
      await releaseLeadership(db, MAINTENANCE_LEASE, options.owner).catch(() => undefined);
    },
  };
}
