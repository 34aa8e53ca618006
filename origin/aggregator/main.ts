/**
 * @module The aggregator process: `node origin/aggregator/main.ts` (or `npx bonafide aggregator`). Serves
 * the job board's pages (the site's pages folder, back-ends from BONAFIDE_BACKENDS — or, when unset, the
 * demonstration back-ends started in this process). How it starts and stops is origin/process/runner.ts:
 * it registers in the process registry (DATABASE_URL) so the status page lists it, but serves without the
 * database; the first SIGTERM/SIGINT finishes the pages in flight and removes its row, a second one exits.
 */
import { fileURLToPath } from "node:url";
import { pruneErrors, throttledRecorder } from "../errors/record.ts";
import { describeError } from "../log.ts";
import { type ProcessContext, runProcess } from "../process/runner.ts";
import { parseBackendServers } from "./backends.ts";
import { type JobBackends, startJobBackends } from "./demo/backends.ts";
import { JOB_BOARD_LANGUAGES, JOB_BOARD_PAGES, jobBoardBackends, jobBoardPostprocessors } from "./demo/site.ts";
import { AggregatorError } from "./errors.ts";
import { registerTsxLoader } from "./render/tsx-loader.ts";
import { createAggregator } from "./server.ts";

registerTsxLoader(); // before the pages (and their .tsx templates) are imported

async function start(ctx: ProcessContext) {
  const { config, log, db, errors } = ctx;
  // Pages that fail with a 5xx go to error_log like the raters' errors (the status page shows them),
  // throttled per route and code.
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
      await aggregator.close(graceMs);
      await demo?.close();
    },
    registry: {
      concurrency: config.aggregator.maxActive,
      port: Number(new URL(url).port),
      sample: () => {
        const { served, serverErrors } = aggregator.metrics.totals();
        return {
          inFlight: aggregator.metrics.active,
          claimed: 0,
          completed: served,
          failed: serverErrors,
          metrics: null,
        };
      },
    },
    describe: { url, backends: Object.keys(servers), debug: config.aggregator.debugToken !== null },
  };
}

await runProcess({
  role: "aggregator",
  script: fileURLToPath(import.meta.url),
  database: "optional",
  connectionLimit: () => 2,
  graceMs: (config) => config.aggregator.shutdownMs,
  start,
});
