import { getEventListeners } from "node:events";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../origin/log.ts";
import { createProcessMetrics } from "../../origin/process/metrics.ts";
import {
  type ClaimedJob,
  claimJobs,
  completeAndClaimJobs,
  completeJobs,
  enqueueJobs,
  type JobHandler,
  sleep,
  startQueueWorker,
  sweepExpiredLeases,
  tagNewJobs,
} from "../../origin/queue/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;
const quiet = createLogger({}, { write: () => undefined });

beforeAll(async () => {
  t = await createTestDatabase("queue_worker");
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await t.db.query("DELETE FROM job");
  await t.db.query("DELETE FROM job_lane");
});

async function jobs(kind: string): Promise<RowDataPacket[]> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM job WHERE kind = ? ORDER BY id", [kind]);
  return rows;
}

/** Makes `owner`'s leases run out now (as if their time had passed), instead of sleeping past a short lease. */
async function expireLeasesOf(owner: string): Promise<void> {
  await t.db.query("UPDATE job SET due_at = NOW(3) - INTERVAL 1 SECOND WHERE lease_owner = ?", [owner]);
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

function worker(kind: string, handler: JobHandler, concurrency = 4, errors: unknown[] = [], prefetch = 0) {
  const metrics = createProcessMetrics();
  const w = startQueueWorker(
    {
      db: t.db,
      log: quiet,
      metrics,
      onError: async (e) => {
        errors.push(e);
      },
    },
    { kind, owner: `test:${kind}`, concurrency, prefetch, pollMs: 20, leaseMs: 5_000, heartbeatMs: 200 },
    handler,
  );
  return { w, metrics };
}

describe("the queue worker", () => {
  it("drains a kind of job, running each once and never more than its concurrency at a time", async () => {
    await enqueueJobs(
      t.db,
      "page",
      Array.from({ length: 60 }, (_, i) => ({ key: `/p/${i}`, clientKey: (i % 3).toString(16).padStart(2, "0") })),
    );
    await enqueueJobs(t.db, "other", [{ key: "untouched", clientKey: "01" }]);
    const seen: string[] = [];
    let running = 0;
    let peak = 0;
    const { w, metrics } = worker(
      "page",
      async (job) => {
        running++;
        peak = Math.max(peak, running);
        seen.push(job.key);
        await sleep(5);
        running--;
        return "done";
      },
      5,
    );
    await until(async () => (await jobs("page")).length === 0);
    await w.stop();
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(peak).toBeLessThanOrEqual(5);
    expect(metrics.snapshot()).toMatchObject({ claimed: 60, completed: 60, failed: 0 });
    expect(await jobs("other")).toHaveLength(1);
  });

  it("schedules a retry with the error when the handler throws", async () => {
    await enqueueJobs(t.db, "flaky", [{ key: "x", clientKey: "01" }]);
    const errors: unknown[] = [];
    const { w } = worker(
      "flaky",
      async () => {
        throw new Error("back-end said 502");
      },
      2,
      errors,
    );
    await until(async () => (await jobs("flaky"))[0]?.state === 2);
    await w.stop();
    const [row] = await jobs("flaky");
    expect(row?.last_error).toBe("back-end said 502");
    expect(row?.lease_owner).toBeNull();
    expect(errors).toHaveLength(1);
  });

  it("on stop finishes what it can within the grace period and gives the rest back, uncounted", async () => {
    await enqueueJobs(t.db, "slow", [
      { key: "quick", clientKey: "01" },
      { key: "endless", clientKey: "02" },
    ]);
    const started: string[] = [];
    let finishQuick = () => {};
    const quickMayFinish = new Promise<void>((resolve) => {
      finishQuick = resolve;
    });
    const { w } = worker("slow", async (job) => {
      started.push(job.key);
      // The quick job finishes once the stop has begun (the event, not a guess of how long that takes).
      await (job.key === "quick" ? quickMayFinish : sleep(60_000));
      return "done";
    });
    await until(async () => started.length === 2);
    const stopped = w.stop(500);
    expect(w.draining()).toBe(true);
    finishQuick();
    await stopped;
    const rows = await jobs("slow");
    expect(rows.map((r) => [r.job_key, r.state, r.attempts, r.lease_owner])).toEqual([["endless", 0, 0, null]]);
  });

  it("forced (grace 0), gives its jobs back at once, even while a loop's query is stuck behind a lock", async () => {
    await enqueueJobs(t.db, "stuck", [{ key: "endless", clientKey: "02" }]);
    const started: string[] = [];
    const { w } = worker("stuck", async (job) => {
      started.push(job.key);
      await sleep(60_000);
      return "done";
    });
    await until(async () => started.length === 1);
    // Hold the job's fairness lane locked, then enqueue another job in it: the worker's tag loop blocks on
    // the lock, as a query of a loaded database would stall.
    const holder = await t.db.getConnection();
    try {
      await holder.beginTransaction();
      await holder.query("SELECT * FROM job_lane WHERE kind = 'stuck' FOR UPDATE");
      // Untagged, as the edge enqueues (an origin enqueue would tag it itself, and wait on the same lock).
      await t.db.query("INSERT INTO job (kind, job_key, client_key, state) VALUES ('stuck', 'next', x'02', 3)");
      await until(async () => {
        const [waits] = await t.db.query<RowDataPacket[]>(
          "SELECT 1 FROM information_schema.PROCESSLIST WHERE INFO LIKE '%FROM job_lane%FOR UPDATE%' AND ID <> CONNECTION_ID()",
        );
        return waits.length > 0;
      });
      const stopped = w.stop(0);
      await until(async () => (await jobs("stuck")).find((r) => r.job_key === "endless")?.state === 0, 5_000);
      await holder.rollback();
      await stopped;
    } finally {
      holder.release();
    }
    const endless = (await jobs("stuck")).find((r) => r.job_key === "endless");
    expect([endless?.state, endless?.lease_owner]).toEqual([0, null]);
  });

  it("completes finished jobs in the next claim's transaction, fenced against a lost lease", async () => {
    await enqueueJobs(t.db, "fence", [
      { key: "a", clientKey: "01" },
      { key: "b", clientKey: "02" },
    ]);
    await tagNewJobs(t.db, "fence");
    const [stale] = await claimJobs(t.db, { kind: "fence", owner: "stale", limit: 1, leaseMs: 60_000 });
    await expireLeasesOf("stale");
    await sweepExpiredLeases(t.db);
    const first = await completeAndClaimJobs(t.db, [stale as ClaimedJob], { kind: "fence", owner: "new", limit: 2 });
    expect(first.completed).toBe(0);
    expect(first.jobs.map((j) => j.key).sort()).toEqual(["a", "b"]);
    const second = await completeAndClaimJobs(t.db, first.jobs, { kind: "fence", owner: "new", limit: 2 });
    expect(second).toEqual({ completed: 2, jobs: [] });
    expect(await jobs("fence")).toHaveLength(0);
  });

  it("sleeps on a long-lived signal without leaving a listener behind each time", async () => {
    const stopping = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, stopping.signal);
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
    const woken = sleep(60_000, stopping.signal);
    stopping.abort();
    await woken;
  });

  it("completes jobs of several claim batches at once, each fenced by its own batch's token", async () => {
    await enqueueJobs(
      t.db,
      "tokens",
      ["a", "b", "c"].map((key, i) => ({ key, clientKey: `0${i + 1}` })),
    );
    const batchA = await claimJobs(t.db, { kind: "tokens", owner: "me", limit: 2, leaseMs: 60_000 });
    await expireLeasesOf("me");
    await sweepExpiredLeases(t.db);
    // Batch A's leases ran out; its jobs and the third one are claimed again, by us, under a new token.
    const batchB = await claimJobs(t.db, { kind: "tokens", owner: "me", limit: 3 });
    expect(batchB).toHaveLength(3);
    const third = batchB.filter((j) => j.key === "c");
    // The stale batch-A copies must not delete what batch B now holds; batch B's own third job goes.
    expect(await completeJobs(t.db, [...batchA, ...third])).toBe(1);
    expect((await jobs("tokens")).map((r) => r.job_key).sort()).toEqual(["a", "b"]);
  });

  it("with a prefetch buffer still runs at most its concurrency, and gives unstarted jobs back on stop", async () => {
    await enqueueJobs(
      t.db,
      "buffered",
      Array.from({ length: 8 }, (_, i) => ({ key: `b${i}`, clientKey: "01" })),
    );
    let running = 0;
    let peak = 0;
    const started: string[] = [];
    const { w } = worker(
      "buffered",
      async (job) => {
        started.push(job.key);
        running++;
        peak = Math.max(peak, running);
        await sleep(60_000);
        return "done";
      },
      2,
      [],
      3,
    );
    await until(async () => (await jobs("buffered")).filter((r) => r.state === 1).length === 5);
    expect(started).toHaveLength(2);
    await w.stop(200);
    expect(peak).toBe(2);
    const rows = await jobs("buffered");
    expect(rows.every((r) => r.state === 0 && r.attempts === 0 && r.lease_owner === null)).toBe(true);
    expect(rows).toHaveLength(8);
  });
});
