import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessMetrics } from "../../origin/process/metrics.ts";
import { reportProcess } from "../../origin/process/registry.ts";
import { clientKeyBytes } from "../../origin/queue/types.ts";
import { type StatusServer, startStatusServer } from "../../origin/status/server.ts";
import { PAGE_LANE, PAGE_PRIORITY, pageJobFor } from "../../shared/page-jobs.ts";
import { enqueuePagesSql } from "../../shared/queue-sql.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

// Page jobs on the status page and /metrics like rating jobs: queue depth by kind and state, throughput per
// minute (a chart of its own), and the refresh worker's figures and failures by code per aggregator.

let t: TestDatabase;
let status: StatusServer;

beforeAll(async () => {
  t = await createTestDatabase("status_pages");
  const jobs = await Promise.all(
    ["https://jobs.example/a", "https://jobs.example/b"].map((u) => pageJobFor(new URL(u))),
  );
  await t.db.query(
    enqueuePagesSql(2),
    jobs.flatMap((j) => [j.jobKey, j.payload, clientKeyBytes(PAGE_LANE), PAGE_PRIORITY]),
  );
  // An aggregator whose refresh worker finished 3 page jobs and failed 1 (a 5xx from the edge).
  const metrics = createProcessMetrics();
  metrics.countClaimed(4);
  for (const ok of [true, true, true, false]) metrics.observeJob("page", 120, ok);
  metrics.countFetchError("PUSH_5XX");
  await reportProcess(
    t.db,
    {
      id: "web1:77:abc",
      role: "aggregator",
      host: "web1",
      pid: 77,
      port: 8788,
      startedAt: new Date(),
      concurrency: 256,
    },
    {
      state: "running",
      inFlight: 1,
      rssBytes: 60 * 1_048_576,
      claimed: 0,
      completed: 500,
      failed: 0,
      metrics: metrics.snapshot(),
    },
    metrics.takeDeltas(),
  );
  status = await startStatusServer({ db: t.db, host: "127.0.0.1", port: 0, token: null, shareMs: 0 });
});

afterAll(async () => {
  await status?.close();
  await t?.drop();
});

const base = () => status.url.replace(/\/status$/, "");

describe("page jobs on the status pages", () => {
  it("charts page refreshes per minute beside ratings, and lists each aggregator's refreshes", async () => {
    const html = await (await fetch(`${base()}/status`)).text();
    expect(html).toContain("Ratings per minute, last hour (0 in all)");
    expect(html).toContain("Page refreshes per minute, last hour (4 in all)");
    expect(html).toContain("page refreshes (failed)");
    expect(html).toMatch(/<td>3 \(1\)<\/td>/);
    expect(html).toMatch(/<td>page<\/td><td>new<\/td><td>100<\/td><td>2<\/td>/);
  });

  it("exposes page jobs in /metrics: depth by kind, the aggregator's job counters, durations and failures by code", async () => {
    const text = await (await fetch(`${base()}/metrics`)).text();
    const who = 'process="web1:77:abc",role="aggregator",host="web1"';
    expect(text).toContain('bonafide_queue_jobs{kind="page",state="new",priority="100"} 2');
    expect(text).toContain(`bonafide_jobs_claimed_total{${who}} 4`);
    expect(text).toContain(`bonafide_jobs_completed_total{${who}} 3`);
    expect(text).toContain(`bonafide_jobs_failed_total{${who}} 1`);
    expect(text).toContain(`bonafide_job_duration_seconds_count{${who}} 4`);
    expect(text).toContain(`bonafide_fetch_errors_total{${who},code="PUSH_5XX"} 1`);
    // Requests stay requests.
    expect(text).toContain(`bonafide_aggregator_requests_total{${who}} 500`);
  });
});
