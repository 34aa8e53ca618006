/**
 * @module `runAggregator(site)`: an aggregator process serving `site` (site.ts). How it starts and stops is
 * origin/process/runner.ts: it registers in the process registry (DATABASE_URL) so the status page lists
 * it, but serves without the database; the first SIGTERM/SIGINT finishes the pages in flight and removes
 * its row, a second one exits. Beside serving: the page-refresh worker (refresh/, off with `--no-refresh`
 * or AGGREGATOR_REFRESH=off), the pruning of old error rows, and failed pages recorded in `error_log`.
 * An application's entry point is this one call (demo/job-board/main.ts); `npx bonafide aggregator
 * --site FILE` runs any site module (main.ts).
 */
import { readTsxRuntime } from "../config.ts";
import { pruneErrors, throttledRecorder } from "../errors/record.ts";
import { describeError, type Logger } from "../log.ts";
import { commandLine } from "../process/lifecycle.ts";
import { createProcessMetrics } from "../process/metrics.ts";
import { type ProcessContext, type RunningProcess, runProcess } from "../process/runner.ts";
import { parseBackendServers } from "./backends.ts";
import { AggregatorError } from "./errors.ts";
import { type PageRefresh, startPageRefresh } from "./refresh/worker.ts";
import { registerTsxLoader } from "./render/tsx-loader.ts";
import { type Aggregator, createAggregator } from "./server.ts";
import { serverSettings } from "./settings.ts";
import type { AggregatorSite, StartedBackends } from "./site.ts";

/** The aggregator's command line: `--no-refresh` (and `--help`), nothing else. */
export const AGGREGATOR_USAGE = "options: --no-refresh (serve without draining page-refresh jobs)";

/**
 * The settings `args` choose, as the variables they stand for (so the flag and AGGREGATOR_REFRESH=off are
 * one setting, resolved once with the rest); anything else is one line and exit 2, `--help` the usage.
 */
export function aggregatorArgSettings(args: readonly string[]): Record<string, string> {
  const flags = commandLine("aggregator", args, [], ["no-refresh"], AGGREGATOR_USAGE).flags;
  return flags.has("no-refresh") ? { AGGREGATOR_REFRESH: "off" } : {};
}

export interface RunAggregatorOptions {
  /** The command line's arguments; default: this process's. */
  readonly args?: readonly string[];
}

/** Runs one aggregator process serving `site` until it is stopped; never returns. */
export async function runAggregator(site: AggregatorSite, options: RunAggregatorOptions = {}): Promise<void> {
  const settings = aggregatorArgSettings(options.args ?? process.argv.slice(2));
  registerTsxLoader(readTsxRuntime()); // before the site's pages (and their .tsx templates) are imported
  await runProcess({
    role: "aggregator",
    script: process.argv[1] ?? "",
    settings,
    database: "optional",
    // The registry row and errors, plus the refresh worker's claim, tag and heartbeat loops and its jobs.
    connectionLimit: (config) => (config.aggregator.refresh.enabled ? 2 + config.aggregator.refresh.concurrency : 2),
    graceMs: (config) => config.aggregator.shutdownMs,
    start: (ctx) => startAggregator(ctx, site),
  });
}

/** The site's back-ends: BONAFIDE_BACKENDS, else the ones the site starts itself (a demonstration). */
async function siteServers(
  site: AggregatorSite,
  spec: string,
  log: Logger,
): Promise<{ servers: Record<string, string[]>; started: StartedBackends | null }> {
  if (spec) return { servers: parseBackendServers(spec), started: null };
  if (!site.startDemoBackends)
    throw new Error(`BONAFIDE_BACKENDS is not set, and the site ${site.name} starts no back-ends of its own`);
  const started = await site.startDemoBackends();
  log.info(`no BONAFIDE_BACKENDS: serving ${site.name} with its demonstration back-ends in this process`);
  return { servers: started.servers, started };
}

/** Where this process reaches its own listener: a wildcard address is reached on loopback. */
function loopbackHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Page refresh beside serving (issue 14): on unless --no-refresh / AGGREGATOR_REFRESH=off; it needs the
 * push secret, since a refreshed page is worth nothing until the edge has it. Returns the worker (null
 * when off) and what the "started" line says of it.
 */
function startRefresh(
  ctx: ProcessContext,
  aggregator: Aggregator,
  port: number,
  metrics: ReturnType<typeof createProcessMetrics>,
): { refresh: PageRefresh | null; state: string } {
  const { config, log, db, errors } = ctx;
  const refreshConfig = config.aggregator.refresh;
  const off = !refreshConfig.enabled
    ? "off (--no-refresh or AGGREGATOR_REFRESH=off)"
    : !config.pushSecret
      ? "off: BONAFIDE_PUSH_SECRET is not set, so a refreshed page could not be pushed to the edge"
      : null;
  if (off && refreshConfig.enabled) log.warn(`page refresh ${off}`);
  if (off || !config.pushSecret) return { refresh: null, state: off ?? "off" };
  let refresh: PageRefresh | null = null;
  refresh = startPageRefresh(
    { db, log: log.child({ part: "page-refresh" }), errors, metrics },
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
  return { refresh, state: `on, ${refreshConfig.concurrency} at once` };
}

/**
 * Old error rows go after 30 days whichever processes run (the raters' leader does the same): an
 * aggregator writes errors too, and a deployment may have no raters. Bounded and idempotent, hourly.
 */
function startErrorPruning(ctx: ProcessContext): () => void {
  const prune = () =>
    pruneErrors(ctx.db).catch((error: unknown) => ctx.log.warn("could not prune old errors", describeError(error)));
  void prune();
  const timer = setInterval(prune, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The aggregator's work in a started process: the site served, refresh, pruning, the registry's figures. */
async function startAggregator(ctx: ProcessContext, site: AggregatorSite): Promise<RunningProcess> {
  const { config, log, errors } = ctx;
  // The site's own settings first: a bad one stops the start with its reason, not every page with a 500.
  const extras = site.describe?.() ?? {};
  // Pages that fail with a 5xx go to error_log like the raters' errors (the status page shows them),
  // throttled per route and code.
  const recordPageError = throttledRecorder(errors);
  const { servers, started } = await siteServers(site, config.aggregator.backends, log);
  const aggregator = await createAggregator({
    pages: site.pages,
    backends: site.backends(servers),
    postprocessors: site.postprocessors?.() ?? [],
    ...(site.languages ? { languages: site.languages } : {}),
    settings: serverSettings(config.aggregator),
    logger: log,
    onPageError: (error, context) => {
      const code = error instanceof AggregatorError ? error.code : "INTERNAL";
      recordPageError(`${context.route} ${code}`, error, { ...context, code });
    },
  });
  const url = await aggregator.listen(config.aggregator.port, config.aggregator.host);
  const port = Number(new URL(url).port);
  const refreshMetrics = createProcessMetrics();
  const { refresh, state: pageRefresh } = startRefresh(ctx, aggregator, port, refreshMetrics);
  const stopPruning = startErrorPruning(ctx);
  return {
    async stop(graceMs: number) {
      stopPruning();
      // Refreshes first (they render through the listener), then the pages in flight.
      await refresh?.stop(graceMs);
      await aggregator.close(graceMs);
      await started?.close();
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
      site: site.name,
      backends: Object.keys(servers),
      debug: config.aggregator.debugToken !== null,
      pageRefresh,
      ...extras,
    },
  };
}
