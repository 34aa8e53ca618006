/**
 * @module The aggregator process: `node origin/aggregator/main.ts` (or `npx bonafide aggregator`). Reads
 * the config, serves the job board's pages (the site's pages folder, back-ends from BONAFIDE_BACKENDS —
 * or, when unset, the demonstration back-ends started in this process), and stops gracefully: the first
 * SIGTERM/SIGINT finishes the pages in flight, a second one exits at once.
 */
import { readOriginConfig } from "../config.ts";
import { createLogger, describeError } from "../log.ts";
import { parseBackendServers } from "./backends.ts";
import { type JobBackends, startJobBackends } from "./demo/backends.ts";
import { JOB_BOARD_LANGUAGES, JOB_BOARD_PAGES, jobBoardBackends, jobBoardPostprocessors } from "./demo/site.ts";
import { registerTsxLoader } from "./render/tsx-loader.ts";
import { createAggregator } from "./server.ts";

registerTsxLoader(); // before the pages (and their .tsx templates) are imported

const config = readOriginConfig();
const log = createLogger({ process: "aggregator", pid: process.pid });

process.on("uncaughtException", (error) => {
  log.error("uncaught exception; exiting", describeError(error));
  process.exit(1);
});

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
  maxActive: config.aggregator.maxActive,
  pageTimeoutMs: config.aggregator.pageTimeoutMs,
  retryBudget: config.aggregator.retryBudget,
  renderThreads: config.aggregator.renderThreads,
  cacheBytes: config.aggregator.cacheBytes,
  logger: log,
});
const url = await aggregator.listen(config.aggregator.port, config.aggregator.host);
log.info("aggregator started", { url, backends: Object.keys(servers), debug: config.aggregator.debugToken !== null });

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) process.exit(1); // second signal: force
  stopping = true;
  log.info("stopping", { signal, active: aggregator.metrics.active });
  await aggregator.close(config.aggregator.shutdownMs);
  await demo?.close();
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
