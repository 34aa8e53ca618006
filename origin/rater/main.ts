/**
 * @module Entry point of one rater process: `node origin/rater/main.ts` (or `npx bonafide rater`).
 * Any number of these, on any machines, may point at the same database; each adds capacity. How it
 * starts and stops (config, database, registry row, signals) is origin/process/runner.ts.
 *
 * Recycling: after RATER_RECYCLE_AFTER ratings or above RATER_MAX_RSS_MB the process asks its supervisor
 * for a replacement (a fresh process starts at once), stops claiming, finishes its ratings and exits — it
 * never drops a lease, because it is the one holding and renewing them until the end. Started bare, with
 * no supervisor, this file supervises one copy of itself, so a recycle is always replaced.
 */

import { fileURLToPath } from "node:url";
import type { OriginConfig } from "../config.ts";
import { createProcessMetrics, type ProcessMetrics } from "../process/metrics.ts";
import { type ProcessContext, runProcess } from "../process/runner.ts";
import { createParsePool } from "./parse-pool.ts";
import { createPusher } from "./push.ts";
import { type Rater, startRater } from "./service.ts";
import { createSiteFetcher, siteFetcherOptions } from "./site-fetcher.ts";
import { createRatingSources } from "./sources/index.ts";

/** Recycles `rater` (through `ctx`) once it has rated enough or grown too big; checked twice a second. */
function watchForRecycle(ctx: ProcessContext, rater: Rater): void {
  const { recycleAfter, maxRssMb } = ctx.config.rater;
  const { siteTimeoutMs } = ctx.config.rater.crawl;
  const check = setInterval(() => {
    const completed = rater.stats().completed + rater.stats().failed;
    const rssMb = process.memoryUsage.rss() / 1_048_576;
    const byCount = recycleAfter > 0 && completed >= recycleAfter;
    // Only a process that has done some work recycles for memory: a bound below a fresh process's RSS
    // would otherwise replace processes in a tight loop without rating anything.
    const byRss = maxRssMb > 0 && rssMb > maxRssMb && completed > 0;
    if (rater.draining() || !(byCount || byRss)) return;
    clearInterval(check);
    const reason = byCount ? `recycle after ${completed} ratings` : `recycle at ${Math.round(rssMb)} MiB RSS`;
    // A recycled rater has all the time its ratings need: the lease stays renewed until it exits.
    ctx.recycle(reason, siteTimeoutMs + 5_000);
  }, 500);
  check.unref();
}

/** Warns when RATER_MAX_RSS_MB is already exceeded at start: such a process recycles after every rating. */
function warnIfRssBoundBelowStart(ctx: ProcessContext): void {
  const { maxRssMb } = ctx.config.rater;
  const rssMb = Math.round(process.memoryUsage.rss() / 1_048_576);
  if (maxRssMb > 0 && rssMb > maxRssMb)
    ctx.log.warn("RATER_MAX_RSS_MB is below this process's RSS at start: it will recycle after every rating", {
      rssMb,
    });
}

/** The figures the process registry row shows for `rater`. */
function registryFigures(rater: Rater, metrics: ProcessMetrics, concurrency: number) {
  return {
    concurrency,
    sample: () => {
      const m = metrics.snapshot();
      return {
        inFlight: rater.stats().inFlight,
        claimed: m.claimed,
        completed: m.completed,
        failed: m.failed,
        metrics: m,
      };
    },
    takeDeltas: () => metrics.takeDeltas(),
  };
}

async function start(ctx: ProcessContext) {
  const { config, log, db, errors } = ctx;
  const fetcher = createSiteFetcher(siteFetcherOptions(config));
  const parsePool = createParsePool({ size: config.rater.crawl.parseThreads });
  if (!config.pushSecret) log.warn("BONAFIDE_PUSH_SECRET is not set: ratings are stored but not pushed to the edge");
  const metrics = createProcessMetrics();
  metrics.watchDns(fetcher.dnsStats);
  const pusher = config.pushSecret ? createPusher(config.edgeUrl, config.pushSecret) : null;
  const crawl = { ...config.rater.crawl, sources: createRatingSources(fetcher, config.rater), parse: parsePool.parse };
  const rater = startRater({ db, fetcher, pusher, log, errors, metrics }, { ...config.rater, owner: ctx.id, crawl });
  warnIfRssBoundBelowStart(ctx);
  watchForRecycle(ctx, rater);
  return {
    async stop(graceMs: number) {
      await rater.stop(graceMs);
      await fetcher.close();
      log.info("rater stats", { ...rater.stats() });
    },
    registry: registryFigures(rater, metrics, config.rater.concurrency),
    describe: { concurrency: config.rater.concurrency, edge: config.edgeUrl },
  };
}

await runProcess({
  role: "rater",
  script: fileURLToPath(import.meta.url),
  database: "required",
  connectionLimit: (config: OriginConfig) => Math.min(50, config.rater.concurrency + 5),
  graceMs: () => 15_000,
  superviseWhenAlone: true,
  start,
});
