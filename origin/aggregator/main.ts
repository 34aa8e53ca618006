/**
 * @module The aggregator process: `node origin/aggregator/main.ts` (or `npx bonafide aggregator`). Serves
 * the job board's pages (the site's pages folder, back-ends from BONAFIDE_BACKENDS — or, when unset, the
 * demonstration back-ends started in this process). How it starts and stops is origin/process/runner.ts:
 * it registers in the process registry (DATABASE_URL) so the status page lists it, but serves without the
 * database; the first SIGTERM/SIGINT finishes the pages in flight and removes its row, a second one exits.
 */
import { fileURLToPath } from "node:url";
import { type JobBackends, startJobBackends } from "../../demo/job-board/backends.ts";
import { cacheControlOverride } from "../../demo/job-board/cache.ts";
import {
  JOB_BOARD_LANGUAGES,
  JOB_BOARD_PAGES,
  jobBoardBackends,
  jobBoardPostprocessors,
} from "../../demo/job-board/site.ts";
import { pruneErrors, throttledRecorder } from "../errors/record.ts";
import { describeError } from "../log.ts";
import { createProcessMetrics } from "../process/metrics.ts";
import { type ProcessContext, runProcess } from "../process/runner.ts";
import { parseBackendServers } from "./backends.ts";
import { AggregatorError } from "./errors.ts";
import { type PageRefresh, startPageRefresh } from "./refresh/worker.ts";
import { registerTsxLoader } from "./render/tsx-loader.ts";
import { createAggregator } from "./server.ts";

registerTsxLoader(); // before the pages (and their .tsx templates) are imported

// `--no-refresh`: serve pages only, drain no page jobs. Put where the configuration reads it (and where a
// supervisor's children inherit it), so the flag and AGGREGATOR_REFRESH=off are one setting.
const args = process.argv.slice(2);
for (const arg of args) {
  if (arg !== "--no-refresh") {
    process.stderr.write(`[aggregator] unknown argument ${JSON.stringify(arg)}; the only one is --no-refresh\n`);
    process.exit(2);
  }
}
if (args.includes("--no-refresh")) process.env.AGGREGATOR_REFRESH = "off";

async function start(ctx: ProcessContext) {
  const { config, log, db, errors } = ctx;
  // Pages that fail with a 5xx go to error_log like the raters' errors (the status page shows them),
  // throttled per route and code.
  const recordPageError = throttledRecorder(errors);
  // A bad JOB_BOARD_CACHE_CONTROL stops the start with its reason, not every page with a 500.
  const cacheControl = cacheControlOverride();
  let demo: JobBackends | null = null;
  let servers: Record<string, string[]>;
  if (config.aggregator.backends) {
    servers = parseBackendServers(config.aggregator.backends);
  } else {
    demo = await startJobBackends();
    servers = demo.servers;
    log.info("no BONAFIDE_BACKENDS: serving the demonstration job board with its back-ends in this process");
  }
  const aggregator = await createAggregator({
    pages: JOB_BOARD_PAGES,
    backends: jobBoardBackends(servers),
    postprocessors: jobBoardPostprocessors(),
    languages: JOB_BOARD_LANGUAGES,
    debugToken: config.aggregator.debugToken,
    edgeSecret: config.aggregator.edgeSecret,
    maxActive: config.aggregator.maxActive,
    pageTimeoutMs: config.aggregator.pageTimeoutMs,
    retryBudget: config.aggregator.retryBudget,
    renderThreads: config.aggregator.renderThreads,
    cacheBytes: config.aggregator.cacheBytes,
    logger: log,
    onPageError: (error, context) => {
      const code = error instanceof AggregatorError ? error.code : "INTERNAL";
      recordPageError(`${context.route} ${code}`, error, { ...context, code });
    },
  });
  const url = await aggregator.listen(config.aggregator.port, config.aggregator.host);
  const port = Number(new URL(url).port);
  // Page refresh beside serving (issue 14): on unless --no-refresh / AGGREGATOR_REFRESH=off; it needs the
  // push secret, since a refreshed page is worth nothing until the edge has it.
  const refreshConfig = config.aggregator.refresh;
  const refreshMetrics = createProcessMetrics();
  const refreshOff = !refreshConfig.enabled
    ? "off (--no-refresh or AGGREGATOR_REFRESH=off)"
    : !config.pushSecret
      ? "off: BONAFIDE_PUSH_SECRET is not set, so a refreshed page could not be pushed to the edge"
      : null;
  if (refreshOff && refreshConfig.enabled) log.warn(`page refresh ${refreshOff}`);
  let refresh: PageRefresh | null = null;
  if (!refreshOff && config.pushSecret) {
    refresh = startPageRefresh(
      { db, log: log.child({ part: "page-refresh" }), errors, metrics: refreshMetrics },
      {
        owner: ctx.id,
        renderUrl: `http://${loopbackHost(config.aggregator.host)}:${port}`,
        edgeUrl: config.edgeUrl,
        pushSecret: config.pushSecret,
        edgeSecret: config.aggregator.edgeSecret,
        concurrency: refreshConfig.concurrency,
        pollMs: refreshConfig.pollMs,
        leaseMs: refreshConfig.leaseMs,
        heartbeatMs: Math.max(100, Math.floor(refreshConfig.leaseMs / 4)),
        retryBaseMs: refreshConfig.retryBaseMs,
        renderTimeoutMs: config.aggregator.pageTimeoutMs + 5_000,
        maintenanceMs: config.rater.maintenanceMs,
        deadJobRetentionDays: config.rater.bounds.deadJobRetentionDays,
        // Background work: no claims while live requests fill a quarter of the cap (the refreshes'
        // own requests count too, which is what keeps them at their concurrency).
        busy: () => aggregator.metrics.active - (refresh?.inFlight() ?? 0) >= refreshConfig.busyActive,
      },
    );
  }
  // Old error rows go after 30 days whichever processes run (the raters' leader does the same): an
  // aggregator writes errors too, and a deployment may have no raters. Bounded and idempotent.
  const pruneOldErrors = () =>
    pruneErrors(db).catch((error: unknown) => log.warn("could not prune old errors", describeError(error)));
  void pruneOldErrors();
  const pruning = setInterval(pruneOldErrors, 3_600_000);
  pruning.unref();
  return {
    async stop(graceMs: number) {
      clearInterval(pruning);
      // Refreshes first (they render through the listener), then the pages in flight.
      await refresh?.stop(graceMs);
      await aggregator.close(graceMs);
      await demo?.close();
    },
    registry: {
      concurrency: config.aggregator.maxActive,
      port,
      // Page jobs finished per minute go to job_throughput (kind `page`), like the raters' ratings.
      takeDeltas: () => refreshMetrics.takeDeltas(),
      sample: () => {
        const { served, serverErrors } = aggregator.metrics.totals();
        return {
          inFlight: aggregator.metrics.active,
          claimed: 0,
          completed: served,
          failed: serverErrors,
          // The refresh worker's job figures (durations, failures by code) for /metrics.
          metrics: refresh ? refreshMetrics.snapshot() : null,
        };
      },
    },
    describe: {
      url,
      backends: Object.keys(servers),
      debug: config.aggregator.debugToken !== null,
      pageRefresh: refreshOff ?? `on, ${refreshConfig.concurrency} at once`,
      ...(cacheControl ? { cacheControl } : {}),
    },
  };
}

/** Where this process reaches its own listener: a wildcard address is reached on loopback. */
function loopbackHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

await runProcess({
  role: "aggregator",
  script: fileURLToPath(import.meta.url),
  database: "optional",
  // The registry row and errors, plus the refresh worker's claim, tag and heartbeat loops and its jobs.
  connectionLimit: (config) => (config.aggregator.refresh.enabled ? 2 + config.aggregator.refresh.concurrency : 2),
  graceMs: (config) => config.aggregator.shutdownMs,
  start,
});
