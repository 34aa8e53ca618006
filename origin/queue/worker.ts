/**
 * @module A drain loop over one kind of job, for any process (raters, aggregators, benchmarks): claims in
 * batches sized to its free slots, runs the handler for each job concurrently, completes finished jobs in
 * one fenced statement per claim batch, extends its leases on a timer, and on stop stops claiming, lets
 * running jobs finish within a grace period and gives the rest back.
 */
import type { Db } from "../db/pool.ts";
import { describeError, type Logger } from "../log.ts";
import type { ProcessMetrics } from "../process/metrics.ts";
import { completeAndClaimJobs } from "./claim.ts";
import { failureCode } from "./events.ts";
import { completeJobs, failJob, heartbeat, releaseJobs } from "./lease.ts";
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
  /**
   * Jobs claimed ahead of free slots and held (leased) until a slot frees, like graphile-worker's local
   * queue: fewer, bigger claim transactions for short jobs. Keep 0 for long jobs (ratings), where a job
   * waiting in one process's buffer is a job another idle process could be running. Default 0.
   */
  prefetch?: number;
  /**
   * Tag this kind's untagged jobs (from the edge, and retries coming due) beside claiming; default true.
   * Any number of workers may do it at once (SKIP LOCKED keeps them apart).
   */
  tag?: boolean;
  /**
   * Background work yields to the process's foreground: while this returns true the worker claims nothing
   * new (finished jobs are still completed) and the jobs stay claimable by less busy processes. An
   * aggregator passes "its admission queue is busy", so page refreshes never starve live requests.
   */
  busy?: () => boolean;
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

const TAG_BATCH = 500;

/**
 * Sleeps `ms`, waking early when `signal` aborts. The abort listener goes when the timer fires: a loop
 * sleeping on one long-lived signal would otherwise add a listener per sleep for the life of the process.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", wake);
      resolve();
    }, ms);
    signal?.addEventListener("abort", wake, { once: true });
  });
}

/** Starts draining `options.kind` with `handler`. */
export function startQueueWorker(deps: QueueWorkerDeps, options: QueueWorkerOptions, handler: JobHandler): QueueWorker {
  const { db, log } = deps;
  const stopping = new AbortController();
  const running = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  const prefetch = Math.max(0, options.prefetch ?? 0);
  let buffered: ClaimedJob[] = [];
  // Finished jobs wait here for the next claim transaction, which deletes them and claims their successors
  // with one commit (completeAndClaimJobs): group commit, and half the redo-log flushes.
  let toComplete: ClaimedJob[] = [];
  const wakers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of wakers) wake();
    wakers.clear();
  };
  /** Waits `ms`, or less when a job finishes or the worker stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wakers.add(resolve);
      setTimeout(resolve, ms);
    });

  async function runOne(job: ClaimedJob): Promise<void> {
    const started = Date.now();
    let ok = false;
    try {
      const outcome = await handler(job);
      // The slot frees now; the job stays leased until the next claim transaction deletes it. Should that
      // fail for good, the lease runs out and the job runs again: at least once, never lost.
      if (outcome === "done") toComplete.push(job);
      ok = outcome !== "failed";
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn("lease lost; another process has the job", { job: job.id, key: job.key });
      } else {
        await deps.onError(error, { job: job.id, kind: job.kind, key: job.key, attempt: job.attempt });
        const described = describeError(error);
        await failJob(db, job, {
          error: described.error,
          code: failureCode(error),
          ...(described.stack ? { stack: described.stack } : {}),
        }).catch((e) => deps.onError(e, { job: job.id, loop: "fail" }));
      }
    } finally {
      deps.metrics?.observeJob(job.kind, Date.now() - started, ok);
    }
  }

  function noteLost(finished: number, completed: number): void {
    if (completed < finished) log.warn("leases lost before completion", { lost: finished - completed });
  }

  function startBuffered(): void {
    // Once stopping, nothing new starts: stop() gives the buffered jobs back.
    while (!stopping.signal.aborted && running.size < options.concurrency && buffered.length > 0) {
      const job = buffered.shift() as ClaimedJob;
      const done = runOne(job).finally(() => {
        running.delete(job.id);
        startBuffered();
        wakeAll();
      });
      running.set(job.id, { job, done });
    }
  }

  async function claimLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      const free = options.busy?.() ? 0 : options.concurrency + prefetch - running.size - buffered.length;
      const finished = toComplete;
      toComplete = [];
      let claimed = 0;
      if (free > 0 || finished.length > 0) {
        try {
          const result = await completeAndClaimJobs(db, finished, {
            kind: options.kind,
            owner: options.owner,
            limit: Math.max(0, free),
            leaseMs: options.leaseMs,
          });
          noteLost(finished.length, result.completed);
          claimed = result.jobs.length;
          deps.metrics?.countClaimed(claimed);
          buffered.push(...result.jobs);
          startBuffered();
        } catch (error) {
          toComplete = [...finished, ...toComplete];
          await deps.onError(error, { loop: "claim" });
          await sleep(options.pollMs * 5, stopping.signal);
          continue;
        }
      }
      // A full batch: more may be waiting, claim again as soon as a slot frees. Otherwise poll, but
      // still wake for a finished job, whose completion should not wait for the poll.
      if (claimed === 0 || claimed >= free) await pause(options.pollMs);
    }
  }

  // Tagging runs beside claiming, not before each claim: the two overlap instead of adding up.
  async function tagLoop(): Promise<void> {
    while (options.tag !== false && !stopping.signal.aborted) {
      const tagged = await tagNewJobs(db, options.kind, TAG_BATCH).catch(async (error) => {
        await deps.onError(error, { loop: "tag" });
        return 0;
      });
      if (tagged < TAG_BATCH) await sleep(options.pollMs, stopping.signal);
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

  // One claim loop: a second one was measured slower (more, smaller transactions on a CPU-bound server).
  const loops = Promise.all([claimLoop(), tagLoop(), heartbeatLoop()]).then(() => undefined);

  return {
    inFlight: () => running.size,
    draining: () => stopping.signal.aborted,
    done: loops,
    async stop(graceMs = 10_000) {
      stopping.abort();
      wakeAll();
      if (graceMs <= 0) {
        // Forced: give back what is held before anything else, so a claim or tag query still in flight
        // (slow under load) cannot use up the little time a forced exit has. Their fenced writes fail later.
        const held = [...buffered, ...[...running.values()].map((r) => r.job)];
        buffered = [];
        await releaseJobs(db, held).catch((error) => deps.onError(error, { loop: "release" }));
      }
      await loops;
      // Claimed but never started: give them back at once.
      const unstarted = buffered;
      buffered = [];
      await releaseJobs(db, unstarted).catch((error) => deps.onError(error, { loop: "release" }));
      // Keep the leases alive while the last jobs finish, however long the grace period.
      const keepAlive = setInterval(() => {
        void heartbeat(db, options.owner, options.leaseMs).catch(() => undefined);
      }, options.heartbeatMs);
      try {
        const graceTimer = new AbortController(); // so an early finish does not keep the process up
        const finished = Promise.all([...running.values()].map((r) => r.done)).then(() => true);
        const inTime = await Promise.race([finished, sleep(graceMs, graceTimer.signal).then(() => false)]);
        graceTimer.abort();
        if (!inTime) {
          const left = [...running.values()];
          const released = await releaseJobs(
            db,
            left.map((r) => r.job),
          ).catch(async (error) => {
            await deps.onError(error, { loop: "release" });
            return 0;
          });
          log.warn("released unfinished jobs on stop", { released });
        }
        if (toComplete.length > 0) {
          const finished = toComplete;
          toComplete = [];
          noteLost(finished.length, await completeJobs(db, finished));
        }
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}
