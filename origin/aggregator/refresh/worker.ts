/**
 * @module The aggregator's page-refresh worker: the queue worker the raters use (origin/queue/worker.ts)
 * over `page` jobs — parse the payload (a bad one is buried with the reason), render the page through the
 * aggregator's own listener (render.ts), push it to the edge signed (push.ts) — plus, while this process
 * holds the `page-maintenance` lease, the queue upkeep a deployment without raters would otherwise lack
 * (expired leases back, due retries promoted, idle lanes, old dead page jobs and old throughput pruned).
 */
import type { ResultSetHeader } from "mysql2/promise";
import { PAGE_KIND, parsePageJobPayload } from "../../../shared/page-jobs.ts";
import { JobState } from "../../../shared/queue-contract.ts";
import { type Db, withTransaction } from "../../db/pool.ts";
import type { ErrorRecorder } from "../../errors/record.ts";
import { describeError, type Logger } from "../../log.ts";
import type { ProcessMetrics } from "../../process/metrics.ts";
import { pruneThroughput } from "../../process/registry.ts";
import { failureCode } from "../../queue/events.ts";
import {
  acquireLeadership,
  buryJob,
  type ClaimedJob,
  failJob,
  LeaseLostError,
  releaseLeadership,
  retryDelayMs,
  runQueueMaintenance,
  sleep,
  startQueueWorker,
} from "../../queue/index.ts";
import { pushPage } from "./push.ts";
import { RefreshRetryError, renderPageJob } from "./render.ts";

const MAINTENANCE_LEASE = "page-maintenance";

export interface PageRefreshOptions {
  owner: string;
  /** The aggregator's own listener (loopback). */
  renderUrl: string;
  edgeUrl: string;
  pushSecret: string;
  edgeSecret: string | null;
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  heartbeatMs: number;
  retryBaseMs: number;
  renderTimeoutMs: number;
  maintenanceMs: number;
  /** Dead page jobs are deleted this many days after they died. */
  deadJobRetentionDays: number;
  /** True while live traffic should have the process to itself: no new claims. */
  busy(): boolean;
}

export interface PageRefreshDeps {
  db: Db;
  log: Logger;
  errors: ErrorRecorder;
  metrics: ProcessMetrics;
}

export interface PageRefresh {
  inFlight(): number;
  stop(graceMs: number): Promise<void>;
  done: Promise<void>;
}

/** Buries `job` with `reason`, fenced by its lease. */
async function bury(db: Db, job: ClaimedJob, reason: string, code: string): Promise<void> {
  await withTransaction(db, (conn) => buryJob(conn, job, reason, { code }));
}

/** Deletes page jobs dead for longer than `days` (bounded: one statement per tick); returns how many. */
export async function pruneDeadPageJobs(db: Db, days: number, limit = 500): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `DELETE FROM job WHERE kind = ? AND state = ${JobState.Dead} AND lease_owner IS NULL AND updated_at < NOW(3) - INTERVAL ? DAY LIMIT ?`,
    [PAGE_KIND, days, limit],
  );
  return result.affectedRows;
}

/** Starts draining `page` jobs. */
export function startPageRefresh(deps: PageRefreshDeps, options: PageRefreshOptions): PageRefresh {
  const { db, log, metrics } = deps;
  const stopping = new AbortController();

  async function refresh(job: ClaimedJob): Promise<"done" | "failed"> {
    const jobLog = log.child({ job: job.id, key: job.key, attempt: job.attempt });
    if (job.attempt > job.maxAttempts) {
      // Earlier leases ran out without a result (the process died or the database was down when it failed).
      await bury(db, job, "every attempt ended without a result", "ATTEMPTS_EXHAUSTED");
      return "failed";
    }
    const parsed = await parsePageJobPayload(job.payload);
    if (!parsed.ok) {
      metrics.countFetchError("BAD_PAYLOAD");
      jobLog.warn("bad page job buried", { reason: parsed.message });
      await bury(db, job, parsed.message, "BAD_PAYLOAD");
      return "failed";
    }
    const started = Date.now();
    try {
      const rendered = await renderPageJob(parsed.job, parsed.url, {
        baseUrl: options.renderUrl,
        edgeSecret: options.edgeSecret,
        timeoutMs: options.renderTimeoutMs,
        requestId: `page-job-${job.id}`,
      });
      if (rendered.kind === "skip") {
        metrics.countFetchError(rendered.code);
        jobLog.info("page not pushed", { url: parsed.job.url, code: rendered.code, reason: rendered.reason });
        return "done";
      }
      const outcome = await pushPage(options.edgeUrl, options.pushSecret, rendered.body);
      if (outcome === "refused") metrics.countFetchError("PUSH_NOT_STORABLE");
      jobLog.info("page refreshed", {
        url: parsed.job.url,
        pushed: outcome,
        notModified: "notModified" in rendered.body,
        ms: Date.now() - started,
        waitedMs: job.claimedAt.getTime() - job.enqueuedAt.getTime(),
      });
      return "done";
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      const known = error instanceof RefreshRetryError;
      if (known) metrics.countFetchError(error.code);
      else await deps.errors.record(error, { job: job.id, key: job.key, attempt: job.attempt });
      const message = known ? `${error.code}: ${error.message}` : describeError(error).error;
      const described = describeError(error);
      const outcome = await failJob(db, job, {
        error: message,
        code: failureCode(error),
        ...(!known && described.stack ? { stack: described.stack } : {}),
        retryInMs: retryDelayMs(job.attempt, Math.random, options.retryBaseMs),
      }).catch((e) => {
        jobLog.error("could not record the failure; the lease will run out", describeError(e));
        return "lost" as const;
      });
      jobLog.warn("page refresh failed", { error: message, outcome });
      return "failed";
    }
  }

  // The database may be down while pages are served (an aggregator does not need it): say so once a
  // minute, not once per poll.
  let lastLoopError = 0;
  const worker = startQueueWorker(
    {
      db,
      log,
      metrics,
      async onError(error, context) {
        if (context.job !== undefined) {
          log.error("page job failed unexpectedly", { ...describeError(error), ...context });
          await deps.errors.record(error, context);
          return;
        }
        if (Date.now() - lastLoopError < 60_000) return;
        lastLoopError = Date.now();
        log.warn("page refresh: the queue does not answer; retrying", { ...describeError(error), ...context });
      },
    },
    {
      kind: PAGE_KIND,
      owner: options.owner,
      concurrency: options.concurrency,
      pollMs: options.pollMs,
      leaseMs: options.leaseMs,
      heartbeatMs: options.heartbeatMs,
      tag: true,
      busy: options.busy,
    },
    refresh,
  );

  async function maintenanceLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        if (await acquireLeadership(db, MAINTENANCE_LEASE, options.owner, options.maintenanceMs * 3)) {
          const queue = await runQueueMaintenance(db);
          const dead = await pruneDeadPageJobs(db, options.deadJobRetentionDays);
          // This process adds page throughput; a deployment without raters must still age it out.
          const throughput = await pruneThroughput(db);
          if (queue.swept || queue.promoted || queue.pruned || dead || throughput)
            log.info("page maintenance", { ...queue, dead, prunedThroughput: throughput });
        }
      } catch (error) {
        if (Date.now() - lastLoopError >= 60_000) {
          lastLoopError = Date.now();
          log.warn("page maintenance failed", describeError(error));
        }
      }
      await sleep(options.maintenanceMs, stopping.signal);
    }
  }
  const maintenance = maintenanceLoop();

  return {
    inFlight: () => worker.inFlight(),
    done: Promise.all([worker.done, maintenance]).then(() => undefined),
    async stop(graceMs) {
      stopping.abort();
      await Promise.all([worker.stop(graceMs), maintenance]);
      await releaseLeadership(db, MAINTENANCE_LEASE, options.owner).catch(() => undefined);
    },
  };
}
