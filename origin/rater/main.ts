/**
 * @module Entry point of one rater process: `node origin/rater/main.ts` (or `npx bonafide rater`).
 * Any number of these, on any machines, may point at the same database; each adds capacity.
 */

import { readOriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { createDb } from "../db/pool.ts";
import { createErrorRecorder, installCrashHandlers } from "../errors/record.ts";
import { createLogger, describeError } from "../log.ts";
import { createPusher } from "./push.ts";
import { startRater } from "./service.ts";
import { createSiteFetcher } from "./site-fetcher.ts";

const config = readOriginConfig();
const owner = `${config.host}:${process.pid}:${Date.now().toString(36)}`;
const log = createLogger({ process: "rater", owner });
const db = createDb(config.database, { connectionLimit: Math.min(50, config.rater.concurrency + 5) });
const errors = createErrorRecorder(db, { host: config.host, processName: "rater" }, log);
installCrashHandlers(errors, log);

await migrate(config.database);
const fetcher = createSiteFetcher({ connectTo: config.connectTo, userAgent: config.rater.userAgent });
if (!config.pushSecret) log.warn("BONAFIDE_PUSH_SECRET is not set: ratings are stored but not pushed to the edge");
const rater = startRater(
  { db, fetcher, pusher: config.pushSecret ? createPusher(config.edgeUrl, config.pushSecret) : null, log, errors },
  {
    owner,
    concurrency: config.rater.concurrency,
    pollMs: config.rater.pollMs,
    leaseMs: config.rater.leaseMs,
    heartbeatMs: config.rater.heartbeatMs,
    maintenanceMs: config.rater.maintenanceMs,
    crawl: {
      maxPages: config.rater.maxPages,
      pageTimeoutMs: config.rater.pageTimeoutMs,
      siteTimeoutMs: config.rater.siteTimeoutMs,
      concurrency: 4,
      userAgentToken: "bonafide",
    },
  },
);
log.info("rater started", { concurrency: config.rater.concurrency, edge: config.edgeUrl });

// First signal: stop claiming, finish or release, exit. Second signal: exit at once (leases expire).
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    log.warn("second signal: exiting now", { signal });
    process.exit(1);
  }
  stopping = true;
  log.info("stopping", { signal, inFlight: rater.stats().inFlight });
  try {
    await rater.stop(15_000);
    await fetcher.close();
    await db.end();
    log.info("stopped", rater.stats() as unknown as Record<string, unknown>);
    process.exit(0);
  } catch (error) {
    log.error("unclean stop", describeError(error));
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
