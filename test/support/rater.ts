/**
 * @module An in-process rater (origin/rater/service.ts) on a test database, with quiet logs and short
 * loops, for tests that drive the real engine without spawning a process.
 */
import type { Db } from "../../origin/db/pool.ts";
import { createErrorRecorder } from "../../origin/errors/record.ts";
import { createLogger } from "../../origin/log.ts";
import { createProcessMetrics } from "../../origin/process/metrics.ts";
import type { SiteFetcher } from "../../origin/rater/crawl.ts";
import type { Pusher } from "../../origin/rater/push.ts";
import { type Rater, type RaterOptions, startRater } from "../../origin/rater/service.ts";

/**
 * Starts a rater on `db` that reads sites through `fetcher`; `options` override the test defaults; `pusher`
 * (none by default) is where finished ratings go.
 */
export function startTestRater(
  db: Db,
  fetcher: SiteFetcher,
  options: Partial<RaterOptions> = {},
  pusher: Pusher | null = null,
): Rater {
  const log = createLogger({ test: "rater" }, { write: () => undefined });
  return startRater(
    {
      db,
      fetcher,
      pusher,
      log,
      errors: createErrorRecorder(db, { host: "test", processName: "rater" }, log),
      metrics: createProcessMetrics(),
    },
    {
      owner: `test:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
      concurrency: 2,
      pollMs: 20,
      leaseMs: 30_000,
      heartbeatMs: 5_000,
      maintenanceMs: 60_000,
      crawl: { maxPages: 5, pageTimeoutMs: 1_000, siteTimeoutMs: 5_000, concurrency: 2, userAgentToken: "bonafide" },
      ...options,
    },
  );
}
