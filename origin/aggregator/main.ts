/**
 * @module The aggregator process: `node origin/aggregator/main.ts` (or `npx bonafide aggregator`). Reads
 * the config, serves the job board's pages (the site's pages folder, back-ends from BONAFIDE_BACKENDS —
 * or, when unset, the demonstration back-ends started in this process), registers in the process registry
 * (DATABASE_URL) so the status page lists it, and stops gracefully: the first SIGTERM/SIGINT finishes the
 * pages in flight and removes its row, a second one exits at once.
 */
import { readOriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { createDb } from "../db/pool.ts";
import { createErrorRecorder, installCrashHandlers, pruneErrors, throttledRecorder } from "../errors/record.ts";
import { createLogger, describeError } from "../log.ts";
import { startProcessReporter } from "../process/registry.ts";
import { parseBackendServers } from "./backends.ts";
import { type JobBackends, startJobBackends } from "./demo/backends.ts";
import { JOB_BOARD_LANGUAGES, JOB_BOARD_PAGES, jobBoardBackends, jobBoardPostprocessors } from "./demo/site.ts";
import { AggregatorError } from "./errors.ts";
import { registerTsxLoader } from "./render/tsx-loader.ts";
import { createAggregator } from "./server.ts";

registerTsxLoader(); // before the pages (and their .tsx templates) are imported

const config = readOriginConfig();
const startedAt = new Date();
const id = `${config.host}:${process.pid}:${startedAt.getTime().toString(36)}`;
const log = createLogger({ process: "aggregator", pid: process.pid });
const REGISTRY_STOP_MS = 5_000;

// Errors go to error_log like the raters' (the status page shows them): pages that fail with a 5xx,
// throttled per route and code, and a crash, recorded before the process exits.
const db = createDb(config.database, { connectionLimit: 2 });
const errors = createErrorRecorder(db, { host: config.host, processName: "aggregator" }, log);
installCrashHandlers(errors, log);
const recordPageError = throttledRecorder(errors);

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
log.info("aggregator started", { url, backends: Object.keys(servers), debug: config.aggregator.debugToken !== null });

// The registry is for the status page only: with the database down the pages are still served, and the
// reporter keeps trying on every tick (logging when it starts and stops failing, not on every tick).
await migrate(config.database).catch((error: unknown) =>
  log.warn("could not migrate the database; the status page will not list this aggregator", describeError(error)),
);
// Old error rows go after 30 days whichever processes run (the raters' leader does the same): an
// aggregator writes errors too, and a deployment may have no raters. Bounded and idempotent.
const pruneOldErrors = () =>
  pruneErrors(db).catch((error: unknown) => log.warn("could not prune old errors", describeError(error)));
void pruneOldErrors();
setInterval(pruneOldErrors, 3_600_000).unref();
let stopping = false;
let reportFailing = false;
const reporter = startProcessReporter(
  db,
  {
    id,
    role: "aggregator",
    host: config.host,
    pid: process.pid,
    port: Number(new URL(url).port),
    startedAt,
    concurrency: config.aggregator.maxActive,
  },
  {
    intervalMs: config.ops.reportMs,
    sample: () => {
      const { served, serverErrors } = aggregator.metrics.totals();
      return {
        state: stopping ? "draining" : "running",
        inFlight: aggregator.metrics.active,
        claimed: 0,
        completed: served,
        failed: serverErrors,
        metrics: null,
      };
    },
    onError: (error) => {
      if (!reportFailing) log.warn("process report failed; retrying on every heartbeat", describeError(error));
      reportFailing = true;
    },
    onReported: () => {
      if (reportFailing) log.info("process report works again");
      reportFailing = false;
    },
    onPruned: (rows) => {
      if (rows > 0) log.info("pruned the rows of processes silent for an hour", { rows });
    },
  },
);

async function stop(signal: string): Promise<void> {
  if (stopping) process.exit(1); // second signal: force
  stopping = true;
  log.info("stopping", { signal, active: aggregator.metrics.active });
  await aggregator.close(config.aggregator.shutdownMs);
  // Final figures, then the row goes; a database that does not answer must not hold up the exit.
  const deregistered = await Promise.race([
    reporter.stop().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), REGISTRY_STOP_MS).unref()),
  ]);
  if (!deregistered) log.warn("could not remove this aggregator from the process registry; it will age out");
  await db.end().catch(() => undefined);
  await demo?.close();
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
