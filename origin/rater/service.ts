/**
 * @module The rater process's engine: a queue worker over `rate` jobs (origin/queue/worker.ts) whose
 * handler crawls and scores a site, stores the rating with the job's fenced completion and pushes it to
 * the edge; and — while it holds the maintenance lease — queue upkeep, the push outbox, and pruning of
 * old errors and dead process rows, and bounded work (bounded-work.ts).
 */

import { URGENT_BELOW } from "../../shared/queue-contract.ts";
import type { StoredRating } from "../../shared/rating.ts";
import type { WorkBounds } from "../config.ts";
import { pruneAudit } from "../console/store.ts";
import type { Db } from "../db/pool.ts";
import { type ErrorRecorder, pruneErrors } from "../errors/record.ts";
import { describeError, type Logger } from "../log.ts";
import type { ProcessMetrics } from "../process/metrics.ts";
import { pruneThroughput } from "../process/registry.ts";
import { type FailureDetail, failureCode, pruneJobEvents } from "../queue/events.ts";
import {
  acquireLeadership,
  type ClaimedJob,
  completeJobs,
  failJob,
  isLastAttempt,
  LeaseLostError,
  releaseLeadership,
  retryDelayMs,
  runQueueMaintenance,
  sleep,
  startQueueWorker,
} from "../queue/index.ts";
import { runBoundedWork } from "./bounded-work.ts";
import type { SiteFetcher } from "./crawl.ts";
import { drainOutbox, markPushed, type Pusher } from "./push.ts";
import { failedRating, type RateOptions, rateSite, TransientRatingError } from "./rate-site.ts";
import { readRating, storeRatingAndBury, storeRatingAndComplete } from "./rating-store.ts";

export const RATE_KIND = "rate";
const MAINTENANCE_LEASE = "rater-maintenance";

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

export interface RaterDeps {
  db: Db;
  fetcher: SiteFetcher;
  pusher: Pusher | null;
  log: Logger;
  errors: ErrorRecorder;
  metrics: ProcessMetrics;
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
  /** True once stop() began: no more claims. */
  draining(): boolean;
  /** Stops claiming, waits up to `graceMs` for running ratings, releases the rest. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the loops have ended (after stop). */
  done: Promise<void>;
}

/** Starts the rater's loops. */
export function startRater(deps: RaterDeps, options: RaterOptions): Rater {
  const { db, log, metrics } = deps;
  const stopping = new AbortController();
  const startedAt = new Date().toISOString();
  const retryBaseMs = options.retryBaseMs ?? 30_000;

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

  /** The job is dead: its U/error rating and its death commit together (fenced), then the rating is pushed. */
  async function finishFailed(job: ClaimedJob, reason: string, detail: FailureDetail = {}): Promise<void> {
    const rating = failedRating(job.key, reason, new Date());
    await storeRatingAndBury(db, job, rating, { failure: reason, attempts: job.attempt }, reason, detail);
    await push(rating);
  }

  async function rateJob(job: ClaimedJob): Promise<"handled" | "failed"> {
    const jobLog = log.child({ job: job.id, domain: job.key, attempt: job.attempt });
    const started = Date.now();
    try {
      if (job.attempt > job.maxAttempts) {
        // Its earlier leases expired without a result (the rater died or hung, or the database was down
        // when it failed): stop trying for now, with a rating, in one fenced transaction.
        await finishFailed(job, "every attempt ended without a result", { code: "ATTEMPTS_EXHAUSTED" });
        return "failed";
      }
      const existing = await readRating(db, job.key);
      if (existing && Date.parse(existing.expiresAt) > Date.now() + 60_000 && job.priority < URGENT_BELOW) {
        // Rated meanwhile (an ask raced the previous rating's commit): the stored rating and its evidence
        // stand as they are; this job only ends (fenced) and the rating is pushed again.
        if ((await completeJobs(db, [job])) !== 1) throw new LeaseLostError(job.id);
        await push(existing);
        return "handled";
      }
      const { rating, evidence } = await rateSite(deps.fetcher, job.key, options.crawl);
      if (evidence.failure) metrics.countFetchError(evidence.failure.code);
      await storeRatingAndComplete(db, job, rating, evidence);
      await push(rating);
      jobLog.info("rated", {
        rating: rating.rating,
        ratingInfo: rating.ratingInfo,
        score: rating.score,
        pages: evidence.pages.length,
        ms: Date.now() - started,
        waitedMs: job.claimedAt.getTime() - job.enqueuedAt.getTime(),
      });
      return "handled";
    } catch (error) {
      if (error instanceof LeaseLostError) {
        jobLog.warn("lease lost; another rater has the job", describeError(error));
        return "failed";
      }
      const transient = error instanceof TransientRatingError;
      if (transient) metrics.countFetchError(error.code);
      else await deps.errors.record(error, { job: job.id, domain: job.key, attempt: job.attempt });
      const described = describeError(error);
      const message = described.error;
      const detail = { code: failureCode(error), ...(described.stack ? { stack: described.stack } : {}) };
      // The last attempt ends in one fenced transaction (rating + dead job); earlier ones schedule a retry.
      const outcome = isLastAttempt(job)
        ? await finishFailed(job, message, detail).then(
            () => "dead" as const,
            async (e) => {
              // Lost: another rater holds the job now. Anything else (the database is down): the lease
              // runs out and the job comes back, past its attempts, to be buried by the next claim.
              if (!(e instanceof LeaseLostError)) await deps.errors.record(e, { job: job.id, domain: job.key });
              return "lost" as const;
            },
          )
        : await failJob(db, job, {
            error: message,
            ...detail,
            retryInMs: retryDelayMs(job.attempt, Math.random, retryBaseMs),
          }).catch((e) => {
            jobLog.error("could not record the failure", describeError(e));
            return "lost" as const;
          });
      jobLog.warn("rating failed", { ...describeError(error), outcome, ms: Date.now() - started });
      return "failed";
    }
  }

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
    {
      kind: RATE_KIND,
      owner: options.owner,
      concurrency: options.concurrency,
      pollMs: options.pollMs,
      leaseMs: options.leaseMs,
      heartbeatMs: options.heartbeatMs,
      tag: true,
    },
    rateJob,
  );

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
          const bounded = await runBoundedWork(db, RATE_KIND, options.crawl.siteTimeoutMs, options.bounds);
          const pruned = await pruneErrors(db);
          // Dead processes' rows are pruned by every registered process (startProcessReporter), not here.
          const throughput = await pruneThroughput(db);
          // The console's history and audit rows, by age like the errors (origin/console/store.ts).
          const events = await pruneJobEvents(db);
          const audit = await pruneAudit(db);
          if (
            queue.swept ||
            queue.promoted ||
            pushed ||
            pruned ||
            throughput ||
            events ||
            audit ||
            Object.values(bounded).some(Boolean)
          )
            log.info("maintenance", {
              ...queue,
              pushed,
              ...bounded,
              prunedErrors: pruned,
              prunedThroughput: throughput,
              prunedJobEvents: events,
              prunedAudit: audit,
            });
        }
      } catch (error) {
        log.error("maintenance failed", describeError(error));
        await deps.errors.record(error, { loop: "maintenance" });
      }
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
