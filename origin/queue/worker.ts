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

/** What one worker's pieces share: its settings, its jobs in each stage, its stop signal and its wake-ups. */
interface WorkerState {
  deps: QueueWorkerDeps;
  options: QueueWorkerOptions;
  handler: JobHandler;
  stopping: AbortController;
  running: Map<string, { job: ClaimedJob; done: Promise<void> }>;
  /** Claimed, waiting for a free slot (prefetch), or for stop() to give them back. */
  buffered: ClaimedJob[];
  /**
   * Finished jobs wait here for the next claim transaction, which deletes them and claims their successors
   * with one commit (completeAndClaimJobs): group commit, and half the redo-log flushes.
   */
  toComplete: ClaimedJob[];
  wakers: Set<() => void>;
}

/** Wakes every loop waiting in pause(): a job finished or the worker stops. */
function wakeAll(state: WorkerState): void {
  for (const wake of state.wakers) wake();
  state.wakers.clear();
}

/** Waits `ms`, or less when a job finishes or the worker stops. */
function pause(state: WorkerState, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    state.wakers.add(resolve);
    setTimeout(resolve, ms);
  });
}

/** Runs the handler on `job` and acts on its outcome: completion queued, or the failure recorded. */
async function runJob(state: WorkerState, job: ClaimedJob): Promise<void> {
  const { deps } = state;
  const started = Date.now();
  let ok = false;
  try {
    const outcome = await state.handler(job);
    // The slot frees now; the job stays leased until the next claim transaction deletes it. Should that
    // fail for good, the lease runs out and the job runs again: at least once, never lost.
    if (outcome === "done") state.toComplete.push(job);
    ok = outcome !== "failed";
  } catch (error) {
    if (error instanceof LeaseLostError) {
      deps.log.warn("lease lost; another process has the job", { job: job.id, key: job.key });
    } else {
      await deps.onError(error, { job: job.id, kind: job.kind, key: job.key, attempt: job.attempt });
      const described = describeError(error);
      await failJob(deps.db, job, {
        error: described.error,
        code: failureCode(error),
        ...(described.stack ? { stack: described.stack } : {}),
      }).catch((e) => deps.onError(e, { job: job.id, loop: "fail" }));
    }
  } finally {
    deps.metrics?.observeJob(job.kind, Date.now() - started, ok);
  }
}

/** Starts buffered jobs while slots are free; each finished job frees its slot and wakes the claim loop. */
function startBuffered(state: WorkerState): void {
  // Once stopping, nothing new starts: stop() gives the buffered jobs back.
  while (!state.stopping.signal.aborted && state.running.size < state.options.concurrency) {
    const job = state.buffered.shift();
    if (!job) return;
    const done = runJob(state, job).finally(() => {
      state.running.delete(job.id);
      startBuffered(state);
      wakeAll(state);
    });
    state.running.set(job.id, { job, done });
  }
}

function noteLost(log: Logger, finished: number, completed: number): void {
  if (completed < finished) log.warn("leases lost before completion", { lost: finished - completed });
}

/** Completes the finished jobs and claims as many as there is room for, in one transaction; loops until stop. */
async function claimLoop(state: WorkerState): Promise<void> {
  const { deps, options } = state;
  const prefetch = Math.max(0, options.prefetch ?? 0);
  while (!state.stopping.signal.aborted) {
    const free = options.busy?.() ? 0 : options.concurrency + prefetch - state.running.size - state.buffered.length;
    const finished = state.toComplete;
    state.toComplete = [];
    let claimed = 0;
    if (free > 0 || finished.length > 0) {
      try {
        const result = await completeAndClaimJobs(deps.db, finished, {
          kind: options.kind,
          owner: options.owner,
          limit: Math.max(0, free),
          leaseMs: options.leaseMs,
        });
        noteLost(deps.log, finished.length, result.completed);
        claimed = result.jobs.length;
        deps.metrics?.countClaimed(claimed);
        state.buffered.push(...result.jobs);
        startBuffered(state);
      } catch (error) {
        state.toComplete = [...finished, ...state.toComplete];
        await deps.onError(error, { loop: "claim" });
        await sleep(options.pollMs * 5, state.stopping.signal);
        continue;
      }
    }
    // A full batch: more may be waiting, claim again as soon as a slot frees. Otherwise poll, but
    // still wake for a finished job, whose completion should not wait for the poll.
    if (claimed === 0 || claimed >= free) await pause(state, options.pollMs);
  }
}

/** Tags this kind's untagged jobs, beside claiming rather than before each claim: the two overlap. */
async function tagLoop({ deps, options, stopping }: WorkerState): Promise<void> {
  while (options.tag !== false && !stopping.signal.aborted) {
    const tagged = await tagNewJobs(deps.db, options.kind, TAG_BATCH).catch(async (error) => {
      await deps.onError(error, { loop: "tag" });
      return 0;
    });
    if (tagged < TAG_BATCH) await sleep(options.pollMs, stopping.signal);
  }
}

/** Extends the leases this owner holds, while it runs any job. */
async function heartbeatLoop({ deps, options, stopping, running }: WorkerState): Promise<void> {
  while (!stopping.signal.aborted) {
    await sleep(options.heartbeatMs, stopping.signal);
    if (running.size === 0 || stopping.signal.aborted) continue;
    await heartbeat(deps.db, options.owner, options.leaseMs).catch((error) =>
      deps.log.warn("heartbeat failed", describeError(error)),
    );
  }
}

/** Gives `jobs` back to the queue (claimable at once); a failure is reported, never thrown. */
function giveBack({ deps }: WorkerState, jobs: ClaimedJob[]): Promise<number> {
  return releaseJobs(deps.db, jobs).catch(async (error) => {
    await deps.onError(error, { loop: "release" });
    return 0;
  });
}

/** Waits up to `graceMs` for the running jobs, their leases kept alive meanwhile; gives back the unfinished. */
async function finishRunning(state: WorkerState, graceMs: number): Promise<void> {
  const { deps, options } = state;
  // Keep the leases alive while the last jobs finish, however long the grace period.
  const keepAlive = setInterval(() => {
    void heartbeat(deps.db, options.owner, options.leaseMs).catch(() => undefined);
  }, options.heartbeatMs);
  try {
    const graceTimer = new AbortController(); // so an early finish does not keep the process up
    const finished = Promise.all([...state.running.values()].map((r) => r.done)).then(() => true);
    const inTime = await Promise.race([finished, sleep(graceMs, graceTimer.signal).then(() => false)]);
    graceTimer.abort();
    if (!inTime) {
      const released = await giveBack(
        state,
        [...state.running.values()].map((r) => r.job),
      );
      deps.log.warn("released unfinished jobs on stop", { released });
    }
    if (state.toComplete.length > 0) {
      const done = state.toComplete;
      state.toComplete = [];
      noteLost(deps.log, done.length, await completeJobs(deps.db, done));
    }
  } finally {
    clearInterval(keepAlive);
  }
}

/** Stops claiming, gives back what never started, and lets the running jobs finish within `graceMs`. */
async function stopWorker(state: WorkerState, loops: Promise<void>, graceMs: number): Promise<void> {
  state.stopping.abort();
  wakeAll(state);
  if (graceMs <= 0) {
    // Forced: give back what is held before anything else, so a claim or tag query still in flight
    // (slow under load) cannot use up the little time a forced exit has. Their fenced writes fail later.
    const held = [...state.buffered, ...[...state.running.values()].map((r) => r.job)];
    state.buffered = [];
    await giveBack(state, held);
  }
  await loops;
  // Claimed but never started: give them back at once.
  const unstarted = state.buffered;
  state.buffered = [];
  await giveBack(state, unstarted);
  await finishRunning(state, graceMs);
}

/** Starts draining `options.kind` with `handler`. */
export function startQueueWorker(deps: QueueWorkerDeps, options: QueueWorkerOptions, handler: JobHandler): QueueWorker {
  const state: WorkerState = {
    deps,
    options,
    handler,
    stopping: new AbortController(),
    running: new Map(),
    buffered: [],
    toComplete: [],
    wakers: new Set(),
  };
  // One claim loop: a second one was measured slower (more, smaller transactions on a CPU-bound server).
  const loops = Promise.all([claimLoop(state), tagLoop(state), heartbeatLoop(state)]).then(() => undefined);
  return {
    inFlight: () => state.running.size,
    draining: () => state.stopping.signal.aborted,
    done: loops,
    stop: (graceMs = 10_000) => stopWorker(state, loops, graceMs),
  };
}
