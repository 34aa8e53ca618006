/**
 * @module Entry point of one rater process: `node origin/rater/main.ts` (or `npx bonafide rater`).
 * Any number of these, on any machines, may point at the same database; each adds capacity.
 *
 * Recycling: after RATER_RECYCLE_AFTER ratings or above RATER_MAX_RSS_MB the process tells its supervisor
 * (IPC `{type: "recycle"}`, so a fresh process starts at once), stops claiming, finishes its ratings and
 * exits — it never drops a lease, because it is the one holding and renewing them until the end.
 */

import { readFileSync } from "node:fs";
import { readOriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { createDb } from "../db/pool.ts";
import { createErrorRecorder, installCrashHandlers } from "../errors/record.ts";
import { createLogger, describeError } from "../log.ts";
import { createProcessMetrics } from "../process/metrics.ts";
import { startProcessReporter } from "../process/registry.ts";
import { createParsePool } from "./parse-pool.ts";
import { createPusher } from "./push.ts";
import { startRater } from "./service.ts";
import { createSiteFetcher } from "./site-fetcher.ts";
import { createRatingSources } from "./sources/index.ts";

const config = readOriginConfig();
const startedAt = new Date();
const owner = `${config.host}:${process.pid}:${startedAt.getTime().toString(36)}`;
const log = createLogger({ process: "rater", owner });
const db = createDb(config.database, { connectionLimit: Math.min(50, config.rater.concurrency + 5) });
const errors = createErrorRecorder(db, { host: config.host, processName: "rater" }, log);
installCrashHandlers(errors, log);

await migrate(config.database);
// The extra CA is trusted only when configured (the local stack's test CA); production trusts Node's roots.
const extraCa = config.rater.trustCaFile ? [readFileSync(config.rater.trustCaFile, "utf8")] : undefined;
const fetcher = createSiteFetcher({
  connectTo: config.connectTo,
  userAgent: config.rater.userAgent,
  ...(extraCa ? { extraCa } : {}),
});
const sources = createRatingSources(fetcher, config.rater);
const parsePool = createParsePool();
if (!config.pushSecret) log.warn("BONAFIDE_PUSH_SECRET is not set: ratings are stored but not pushed to the edge");
const metrics = createProcessMetrics();
const rater = startRater(
  {
    db,
    fetcher,
    pusher: config.pushSecret ? createPusher(config.edgeUrl, config.pushSecret) : null,
    log,
    errors,
    metrics,
  },
  {
    owner,
    concurrency: config.rater.concurrency,
    pollMs: config.rater.pollMs,
    leaseMs: config.rater.leaseMs,
    heartbeatMs: config.rater.heartbeatMs,
    maintenanceMs: config.rater.maintenanceMs,
    bounds: config.rater.bounds,
    crawl: {
      maxPages: config.rater.maxPages,
      pageTimeoutMs: config.rater.pageTimeoutMs,
      siteTimeoutMs: config.rater.siteTimeoutMs,
      concurrency: 4,
      userAgentToken: "bonafide",
      sources,
      parse: parsePool.parse,
    },
  },
);
const reporter = startProcessReporter(
  db,
  { id: owner, role: "rater", host: config.host, pid: process.pid, startedAt, concurrency: config.rater.concurrency },
  {
    intervalMs: config.ops.reportMs,
    sample: () => {
      const m = metrics.snapshot();
      return {
        state: rater.draining() ? "draining" : "running",
        inFlight: rater.stats().inFlight,
        claimed: m.claimed,
        completed: m.completed,
        failed: m.failed,
        metrics: m,
      };
    },
    takeDeltas: () => metrics.takeDeltas(),
    onError: (error) => log.warn("process report failed", describeError(error)),
    onPruned: (rows) => {
      if (rows > 0) log.info("pruned the rows of processes silent for an hour", { rows });
    },
  },
);
log.info("rater started", { concurrency: config.rater.concurrency, edge: config.edgeUrl });
if (config.rater.maxRssMb > 0 && process.memoryUsage.rss() > config.rater.maxRssMb * 1_048_576)
  log.warn("RATER_MAX_RSS_MB is below this process's RSS at start: it will recycle after every rating", {
    rssMb: Math.round(process.memoryUsage.rss() / 1_048_576),
  });

// First signal: stop claiming, finish or release, exit. Second signal: exit at once (leases expire).
let stopping = false;
let signals = 0;
function onSignal(signal: string): void {
  // A recycle under way is not a signal: the first signal lets it go on draining; only a second forces.
  if (++signals >= 2) {
    log.warn("second signal: exiting now", { signal });
    process.exit(1);
  }
  void shutdown(signal, 15_000);
}
async function shutdown(reason: string, graceMs: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("stopping", { reason, inFlight: rater.stats().inFlight });
  try {
    await rater.stop(graceMs);
    await reporter.stop();
    await fetcher.close();
    await db.end();
    log.info("stopped", { reason, ...rater.stats() });
    process.exit(0);
  } catch (error) {
    log.error("unclean stop", describeError(error));
    process.exit(1);
  }
}
process.on("SIGTERM", () => onSignal("SIGTERM"));
process.on("SIGINT", () => onSignal("SIGINT"));
// A supervisor that goes away closes the IPC channel: stop like on SIGTERM rather than rate unsupervised.
process.on("disconnect", () => void shutdown("supervisor gone", 15_000));

const recycleCheck = setInterval(() => {
  const completed = rater.stats().completed + rater.stats().failed;
  const rssMb = process.memoryUsage.rss() / 1_048_576;
  const byCount = config.rater.recycleAfter > 0 && completed >= config.rater.recycleAfter;
  // Only a process that has done some work recycles for memory: a bound below a fresh process's RSS
  // would otherwise replace processes in a tight loop without rating anything.
  const byRss = config.rater.maxRssMb > 0 && rssMb > config.rater.maxRssMb && completed > 0;
  if (stopping || !(byCount || byRss)) return;
  clearInterval(recycleCheck);
  const reason = byCount ? `recycle after ${completed} ratings` : `recycle at ${Math.round(rssMb)} MiB RSS`;
  process.send?.({ type: "recycle", reason });
  // A recycled rater has all the time its ratings need: the lease stays renewed until it exits.
  void shutdown(reason, config.rater.siteTimeoutMs + 5_000);
}, 500);
recycleCheck.unref();
