/**
 * @module A drain loop over one kind of job, for any process (raters, aggregators, benchmarks): claims in
 * batches sized to its free slots, runs the handler for each job concurrently, completes finished jobs in
 * one fenced statement per claim batch, extends its leases on a timer, and on stop stops claiming, lets
 * running jobs finish within a grace period and gives the rest back.
 */
import type { Db } from "../db/pool.ts";
import { describeError, type Logger } from "../log.ts";
import type { ProcessMetrics } from "../process/metrics.ts";
import { claimJobs } from "./claim.ts";
import { completeJobs, failJob, heartbeat, releaseJob } from "./lease.ts";
import { tagNewJobs } from "./tagger.ts";
import { type ClaimedJob, LeaseLostError } from "./types.ts";

/**
 * Runs one job. Resolve `"done"` and the worker deletes the job (fenced, batched); resolve `"handled"`
 * when the handler already completed it itself (e.g. in the transaction that stored its result), or
 * `"failed"` when it already recorded a failure itself. A throw schedules a retry with backoff (or marks
 * the job dead after its last attempt).
 */
export type JobHandler = (job: ClaimedJob) => Promise<"done" | "handled" | "failed">;

export interface QueueWorkerOptions {
  kind: string;
  owner: string;
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  heartbeatMs: number;
  /** Also tag new jobs (fair-queue) before each claim; any number of workers may do it at once. */
  tag?: boolean;
}

export interface QueueWorkerDeps {
  db: Db;
  log: Logger;
  metrics?: ProcessMetrics;
  /** Unexpected errors (the handler's, the loop's); should record them, must not throw. */
  onError(error: unknown, context: Record<string, unknown>): Promise<void>;
}

export interface QueueWorker {
  inFlight(): number;
  draining(): boolean;
  /** Stops claiming, waits up to `graceMs` for running jobs, releases the rest. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the loops have ended. */
  done: Promise<void>;
}

/** Sleeps `ms`, waking early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
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
}

/** Starts draining `options.kind` with `handler`. */
export function startQueueWorker(deps: QueueWorkerDeps, options: QueueWorkerOptions, handler: JobHandler): QueueWorker {
  const { db, log } = deps;
  const stopping = new AbortController();
  const running = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  let wake: (() => void) | null = null;
  // Group commit: finished jobs wait here while one DELETE is in flight, then go in the next one.
  let toComplete: ClaimedJob[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (toComplete.length > 0) {
      const batch = toComplete;
      toComplete = [];
      const deleted = await completeJobs(db, batch).catch(async (error) => {
        await deps.onError(error, { loop: "complete", jobs: batch.length });
        return -1;
      });
      if (deleted >= 0 && deleted < batch.length)
        log.warn("leases lost before completion", { lost: batch.length - deleted });
    }
  }

  async function runOne(job: ClaimedJob): Promise<void> {
    const started = Date.now();
    let ok = false;
    try {
      const outcome = await handler(job);
      if (outcome === "done") {
        toComplete.push(job);
        flushing ??= flush().finally(() => {
          flushing = null;
        });
        await flushing;
      }
      ok = outcome !== "failed";
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn("lease lost; another process has the job", { job: job.id, key: job.key });
      } else {
        await deps.onError(error, { job: job.id, kind: job.kind, key: job.key, attempt: job.attempt });
        await failJob(db, job, { error: describeError(error).error }).catch((e) =>
          deps.onError(e, { job: job.id, loop: "fail" }),
        );
      }
    } finally {
      deps.metrics?.observeJob(job.kind, Date.now() - started, ok);
    }
  }

  async function claimLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      const free = options.concurrency - running.size;
      let claimed = 0;
      try {
        if (options.tag) await tagNewJobs(db, options.kind);
        if (free > 0) {
          const jobs = await claimJobs(db, {
            kind: options.kind,
            owner: options.owner,
            limit: free,
            leaseMs: options.leaseMs,
          });
          claimed = jobs.length;
          deps.metrics?.countClaimed(claimed);
          for (const job of jobs) {
            const done = runOne(job).finally(() => {
              running.delete(job.id);
              wake?.();
            });
            running.set(job.id, { job, done });
          }
        }
      } catch (error) {
        await deps.onError(error, { loop: "claim" });
        await sleep(options.pollMs * 5, stopping.signal);
        continue;
      }
      if (claimed > 0 && claimed === free) {
        // Full: wait for a slot to free up (or the poll interval), then claim again at once.
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.pollMs);
        });
        wake = null;
      } else if (claimed === 0) {
        await sleep(options.pollMs, stopping.signal);
      }
    }
  }

  async function heartbeatLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      await sleep(options.heartbeatMs, stopping.signal);
      if (running.size === 0 || stopping.signal.aborted) continue;
      await heartbeat(db, options.owner, options.leaseMs).catch((error) =>
        log.warn("heartbeat failed", describeError(error)),
      );
    }
  }

  const loops = Promise.all([claimLoop(), heartbeatLoop()]).then(() => undefined);

  return {
    inFlight: () => running.size,
    draining: () => stopping.signal.aborted,
    done: loops,
    async stop(graceMs = 10_000) {
      stopping.abort();
      wake?.();
      await loops;
      // Keep the leases alive while the last jobs finish, however long the grace period.
      const keepAlive = setInterval(() => {
        void heartbeat(db, options.owner, options.leaseMs).catch(() => undefined);
      }, options.heartbeatMs);
      try {
        const finished = Promise.all([...running.values()].map((r) => r.done)).then(() => true);
        const inTime = await Promise.race([finished, sleep(graceMs).then(() => false)]);
        if (!inTime) {
          const left = [...running.values()];
          const released = await Promise.all(left.map((r) => releaseJob(db, r.job).catch(() => false)));
          log.warn("released unfinished jobs on stop", { released: released.filter(Boolean).length });
        }
        await flushing;
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}
