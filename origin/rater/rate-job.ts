/**
 * @module The rater's handler of one `rate` job: crawl and score the site, store the rating with the job's
 * fenced completion and push it to the edge; on failure, schedule a retry or — after the last attempt —
 * bury the job with a U/error rating. What the queue worker (origin/queue/worker.ts) runs for each claim.
 */
import { URGENT_BELOW } from "../../shared/queue-contract.ts";
import type { StoredRating } from "../../shared/rating.ts";
import type { Db } from "../db/pool.ts";
import type { ErrorRecorder } from "../errors/record.ts";
import { describeError, type Logger } from "../log.ts";
import type { ProcessMetrics } from "../process/metrics.ts";
import { type FailureDetail, failureCode } from "../queue/events.ts";
import {
  type ClaimedJob,
  completeJobs,
  failJob,
  isLastAttempt,
  type JobHandler,
  LeaseLostError,
  retryDelayMs,
} from "../queue/index.ts";
import type { SiteFetcher } from "./crawl.ts";
import { markPushed, type Pusher } from "./push.ts";
import { failedRating, type RateOptions, rateSite, TransientRatingError } from "./rate-site.ts";
import { readRating, storeRatingAndBury, storeRatingAndComplete } from "./rating-store.ts";

export interface RateJobDeps {
  db: Db;
  fetcher: SiteFetcher;
  pusher: Pusher | null;
  log: Logger;
  errors: ErrorRecorder;
  metrics: ProcessMetrics;
}

export interface RateJobOptions {
  crawl: RateOptions;
  /** Base of the retry backoff. */
  retryBaseMs: number;
}

/** A rating younger than this is not redone by a job that is not urgent. */
const FRESH_FOR_MS = 60_000;

/** The handler of `rate` jobs, for startQueueWorker. */
export function createRateJobHandler(deps: RateJobDeps, options: RateJobOptions): JobHandler {
  const { db, log, metrics } = deps;

  /** Pushes `rating` to the edge; a failed push stays in the outbox for the maintenance leader. */
  async function pushRating(rating: StoredRating): Promise<void> {
    if (!deps.pusher) return;
    try {
      await deps.pusher.push([rating]);
      await markPushed(db, [rating]);
    } catch (error) {
      log.warn("push to edge failed; left in the outbox", { domain: rating.domain, ...describeError(error) });
    }
  }

  /** The job is dead: its U/error rating and its death commit together (fenced), then the rating is pushed. */
  async function buryWithRating(job: ClaimedJob, reason: string, detail: FailureDetail = {}): Promise<void> {
    const rating = failedRating(job.key, reason, new Date());
    await storeRatingAndBury(db, job, rating, { failure: reason, attempts: job.attempt }, reason, detail);
    await pushRating(rating);
  }

  /** Rated meanwhile (an ask raced the previous rating's commit): the stored rating stands, if still fresh. */
  async function endIfRatedMeanwhile(job: ClaimedJob): Promise<boolean> {
    const existing = await readRating(db, job.key);
    if (!existing || Date.parse(existing.expiresAt) <= Date.now() + FRESH_FOR_MS || job.priority >= URGENT_BELOW)
      return false;
    // Its evidence stands as it is; this job only ends (fenced) and the rating is pushed again.
    if ((await completeJobs(db, [job])) !== 1) throw new LeaseLostError(job.id);
    await pushRating(existing);
    return true;
  }

  /** The last attempt ends in one fenced transaction (rating + dead job); earlier ones schedule a retry. */
  async function recordFailure(job: ClaimedJob, error: unknown, jobLog: Logger): Promise<"retry" | "dead" | "lost"> {
    const described = describeError(error);
    const detail = { code: failureCode(error), ...(described.stack ? { stack: described.stack } : {}) };
    if (isLastAttempt(job))
      return buryWithRating(job, described.error, detail).then(
        () => "dead" as const,
        async (e) => {
          // Lost: another rater holds the job now. Anything else (the database is down): the lease runs
          // out and the job comes back, past its attempts, to be buried by the next claim.
          if (!(e instanceof LeaseLostError)) await deps.errors.record(e, { job: job.id, domain: job.key });
          return "lost" as const;
        },
      );
    const retryInMs = retryDelayMs(job.attempt, Math.random, options.retryBaseMs);
    return failJob(db, job, { error: described.error, ...detail, retryInMs }).catch((e) => {
      jobLog.error("could not record the failure", describeError(e));
      return "lost" as const;
    });
  }

  return async function rateJob(job) {
    const jobLog = log.child({ job: job.id, domain: job.key, attempt: job.attempt });
    const started = Date.now();
    try {
      if (job.attempt > job.maxAttempts) {
        // Its earlier leases expired without a result (the rater died or hung, or the database was down
        // when it failed): stop trying for now, with a rating, in one fenced transaction.
        await buryWithRating(job, "every attempt ended without a result", { code: "ATTEMPTS_EXHAUSTED" });
        return "failed";
      }
      if (await endIfRatedMeanwhile(job)) return "handled";
      const { rating, evidence } = await rateSite(deps.fetcher, job.key, options.crawl);
      if (evidence.failure) metrics.countFetchError(evidence.failure.code);
      await storeRatingAndComplete(db, job, rating, evidence);
      await pushRating(rating);
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
      if (error instanceof TransientRatingError) metrics.countFetchError(error.code);
      else await deps.errors.record(error, { job: job.id, domain: job.key, attempt: job.attempt });
      const outcome = await recordFailure(job, error, jobLog);
      jobLog.warn("rating failed", { ...describeError(error), outcome, ms: Date.now() - started });
      return "failed";
    }
  };
}
