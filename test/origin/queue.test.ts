import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTransaction } from "../../origin/db/pool.ts";
import {
  acquireLeadership,
  claimJobs,
  completeJob,
  enqueueJobs,
  failJob,
  heartbeat,
  LeaseLostError,
  promoteDueRetries,
  releaseJob,
  releaseLeadership,
  retryDelayMs,
  sweepExpiredLeases,
  tagNewJobs,
} from "../../origin/queue/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;
const KIND = "rate";

beforeAll(async () => {
  t = await createTestDatabase("queue");
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await t.db.query("DELETE FROM job");
  await t.db.query("DELETE FROM job_lane");
  await t.db.query("DELETE FROM leader_lease");
  await t.db.query("DELETE FROM rating");
});

async function jobRow(key: string): Promise<RowDataPacket | undefined> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM job WHERE kind = ? AND job_key = ?", [KIND, key]);
  return rows[0];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the MySQL queue", () => {
  it("keeps one pending job per key and takes the most urgent priority", async () => {
    expect(await enqueueJobs(t.db, KIND, [{ key: "a.com", clientKey: "01020304", priority: 100 }])).toBe(1);
    expect(await enqueueJobs(t.db, KIND, [{ key: "a.com", clientKey: "05060708", priority: 10 }])).toBe(0);
    const row = await jobRow("a.com");
    expect(row?.requests).toBe(2);
    expect(row?.priority).toBe(10);
    const [count] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM job");
    expect(Number(count[0]?.n)).toBe(1);
  });

  it("never gives the same job to two concurrent claimers", async () => {
    const jobs = Array.from({ length: 300 }, (_, i) => ({
      key: `d${i}.com`,
      clientKey: (i % 7).toString(16).padStart(2, "0"),
    }));
    await enqueueJobs(t.db, KIND, jobs);
    while ((await tagNewJobs(t.db, KIND)) > 0);
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let round = 0; round < 200; round++) {
          const got = await claimJobs(t.db, { kind: KIND, owner: `w${w}`, limit: 5 });
          if (got.length === 0) return;
          claimed.push(...got.map((j) => j.id));
        }
      }),
    );
    expect(claimed.length).toBe(300);
    expect(new Set(claimed).size).toBe(300);
  });

  it("returns an expired lease to the queue, counting the attempt", async () => {
    await enqueueJobs(t.db, KIND, [{ key: "slow.com", clientKey: "01" }]);
    await tagNewJobs(t.db, KIND);
    const [first] = await claimJobs(t.db, { kind: KIND, owner: "dead-rater", limit: 1, leaseMs: 50 });
    expect(first?.attempt).toBe(1);
    expect(await claimJobs(t.db, { kind: KIND, owner: "other", limit: 1 })).toEqual([]);
    await sleep(120);
    expect(await sweepExpiredLeases(t.db)).toBe(1);
    const [again] = await claimJobs(t.db, { kind: KIND, owner: "other", limit: 1 });
    expect(again?.key).toBe("slow.com");
    expect(again?.attempt).toBe(2);
  });

  it("heartbeats keep a lease alive past its original expiry", async () => {
    await enqueueJobs(t.db, KIND, [{ key: "long.com", clientKey: "01" }]);
    await tagNewJobs(t.db, KIND);
    await claimJobs(t.db, { kind: KIND, owner: "alive", limit: 1, leaseMs: 100 });
    await sleep(60);
    expect(await heartbeat(t.db, "alive", 10_000)).toBe(1);
    await sleep(80);
    expect(await sweepExpiredLeases(t.db)).toBe(0);
  });

  it("ignores a fenced completion by a stale owner and keeps the new owner's", async () => {
    await enqueueJobs(t.db, KIND, [{ key: "fenced.com", clientKey: "01" }]);
    await tagNewJobs(t.db, KIND);
    const [stale] = await claimJobs(t.db, { kind: KIND, owner: "stale", limit: 1, leaseMs: 30 });
    if (!stale) throw new Error("no job claimed");
    await sleep(80);
    await sweepExpiredLeases(t.db);
    const [fresh] = await claimJobs(t.db, { kind: KIND, owner: "fresh", limit: 1 });
    if (!fresh) throw new Error("no job re-claimed");

    const writeResult = (job: typeof stale, who: string) =>
      withTransaction(t.db, async (conn) => {
        await conn.query(
          `INSERT INTO rating (domain, rating, reasons, rated_at, expires_at, next_rate_at)
           VALUES (?, 'Q', ?, NOW(3), NOW(3), NOW(3)) ON DUPLICATE KEY UPDATE reasons = VALUES(reasons)`,
          [job.key, JSON.stringify([{ code: who, weight: 0 }])],
        );
        await completeJob(conn, job);
      });

    await expect(writeResult(stale, "stale")).rejects.toBeInstanceOf(LeaseLostError);
    const [none] = await t.db.query<RowDataPacket[]>("SELECT * FROM rating");
    expect(none).toHaveLength(0);
    expect(await failJob(t.db, stale, { error: "late" })).toBe("lost");
    expect(await releaseJob(t.db, stale)).toBe(false);
    expect((await jobRow("fenced.com"))?.lease_owner).toBe("fresh");

    await writeResult(fresh, "fresh");
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT reasons FROM rating");
    expect(rows).toHaveLength(1);
    expect(JSON.parse(String(rows[0]?.reasons))[0].code).toBe("fresh");
    expect(await jobRow("fenced.com")).toBeUndefined();
  });

  it("claims a light client's job before a flooder's backlog", async () => {
    const flood = Array.from({ length: 400 }, (_, i) => ({
      key: `flood${i}.com`,
      clientKey: "0a000001",
      priority: 10,
    }));
    await enqueueJobs(t.db, KIND, flood);
    while ((await tagNewJobs(t.db, KIND)) > 0);
    // The flooder's first jobs are already being served when a light client arrives.
    const early = await claimJobs(t.db, { kind: KIND, owner: "r", limit: 3 });
    expect(early.every((j) => j.key.startsWith("flood"))).toBe(true);
    await enqueueJobs(t.db, KIND, [
      { key: "light-a.com", clientKey: "c0a80001", priority: 10 },
      { key: "light-b.com", clientKey: "c0a80002", priority: 10 },
    ]);
    await tagNewJobs(t.db, KIND);
    const next = await claimJobs(t.db, { kind: KIND, owner: "r", limit: 3 });
    const keys = next.map((j) => j.key);
    expect(keys).toContain("light-a.com");
    expect(keys).toContain("light-b.com");
  });

  it("gives a duplicate no slot in its client's lane, within a batch or across batches", async () => {
    await enqueueJobs(t.db, KIND, [{ key: "one.com", clientKey: "01" }]);
    expect(
      await enqueueJobs(t.db, KIND, [
        { key: "one.com", clientKey: "01" },
        { key: "two.com", clientKey: "01" },
        { key: "two.com", clientKey: "01" },
        { key: "three.com", clientKey: "01" },
        { key: "urgent.com", clientKey: "01", priority: 10 },
      ]),
    ).toBe(3);
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT job_key, priority, vtag, requests FROM job ORDER BY priority, vtag",
    );
    const tags = rows.map((r) => [r.job_key, r.priority, Number(r.vtag) - Number(rows[1]?.vtag), r.requests]);
    expect(tags).toEqual([
      ["urgent.com", 10, expect.any(Number), 1],
      ["one.com", 100, 0, 2],
      ["two.com", 100, 1, 2],
      ["three.com", 100, 2, 1],
    ]);
  });

  it("never gives two jobs of one client the same tag, however many enqueue at once, new lane or not", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, p) =>
        enqueueJobs(
          t.db,
          KIND,
          Array.from({ length: 25 }, (_, i) => ({ key: `p${p}-${i}.com`, clientKey: p % 2 ? "0a000001" : "0a000002" })),
        ),
      ),
    );
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT client_key, COUNT(*) AS n, COUNT(DISTINCT vtag) AS tags FROM job WHERE state = 0 GROUP BY client_key",
    );
    // Both lanes were new: nothing to lock, so the race is settled by which transaction creates the lane.
    expect(rows.map((r) => [Number(r.n), Number(r.tags)])).toEqual([
      [100, 100],
      [100, 100],
    ]);
  });

  it("tags the edge's untagged jobs per lane and class, as origin enqueues do", async () => {
    await t.db.query(
      `INSERT INTO job (kind, job_key, client_key, priority, state) VALUES
        (?, 'e1.com', X'01', 100, 3), (?, 'e2.com', X'01', 100, 3), (?, 'e3.com', X'02', 100, 3), (?, 'e4.com', X'01', 10, 3)`,
      [KIND, KIND, KIND, KIND],
    );
    expect(await tagNewJobs(t.db, KIND)).toBe(4);
    expect(await tagNewJobs(t.db, KIND)).toBe(0);
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT job_key, state, vtag FROM job WHERE priority = 100 ORDER BY job_key",
    );
    expect(rows.map((r) => [r.job_key, r.state, Number(r.vtag) - Number(rows[0]?.vtag)])).toEqual([
      ["e1.com", 0, 0],
      ["e2.com", 0, 1],
      ["e3.com", 0, 0],
    ]);
    expect((await jobRow("e4.com"))?.state).toBe(0);
  });

  it("tags around untagged rows another transaction holds, and tags them once it lets go", async () => {
    const edge = (keys: string[], priority = 100) =>
      t.db.query(
        `INSERT INTO job (kind, job_key, client_key, priority, state) VALUES ${keys.map(() => "(?, ?, ?, ?, 3)").join(", ")}`,
        keys.flatMap((key, i) => [KIND, key, Buffer.from([1 + (i % 2)]), priority]),
      );
    await edge(["h1.com", "h2.com", "h3.com", "h4.com", "h5.com", "h6.com", "h7.com", "h8.com"]);
    // A due retry comes back through the tagger with its old tag; a first pass leaves delete-marked
    // entries at the head of the range, as tagging does all day.
    await t.db.query(
      "INSERT INTO job (kind, job_key, client_key, priority, state, vtag) VALUES (?, 'retry.com', X'03', 100, 3, 5)",
      [KIND],
    );
    await edge(["old1.com", "old2.com"], 10);
    expect(await tagNewJobs(t.db, KIND, 2)).toBe(2);

    const other = await t.db.getConnection();
    try {
      await other.query("START TRANSACTION");
      // The head of the range, and one in the middle, locked as a concurrent tagger would hold them …
      await other.query("SELECT id FROM job WHERE kind = ? AND job_key IN ('h1.com', 'h2.com', 'h5.com') FOR UPDATE", [
        KIND,
      ]);
      // … one being tagged by a transaction that will roll back (its state-3 entry delete-marked, uncommitted) …
      await other.query("UPDATE job SET state = 0, vtag = 99 WHERE kind = ? AND job_key = 'h7.com'", [KIND]);
      // … and a more urgent ask not yet committed, ahead of everything else.
      await other.query(
        "INSERT INTO job (kind, job_key, client_key, priority, state) VALUES (?, 'late.com', X'04', 10, 3)",
        [KIND],
      );
      expect(await tagNewJobs(t.db, KIND)).toBe(5);
      const [tagged] = await t.db.query<RowDataPacket[]>(
        "SELECT job_key FROM job WHERE state = 0 AND job_key NOT LIKE 'old%' ORDER BY job_key",
      );
      expect(tagged.map((r) => r.job_key)).toEqual(["h3.com", "h4.com", "h6.com", "h8.com", "retry.com"]);
      expect(await tagNewJobs(t.db, KIND)).toBe(0);
      await other.query("ROLLBACK");
      await other.query(
        "INSERT INTO job (kind, job_key, client_key, priority, state) VALUES (?, 'late.com', X'04', 10, 3)",
        [KIND],
      );
    } finally {
      other.release();
    }
    // h7 is back in state 3 behind where the last call began, late.com ahead of it: the next call finds both.
    expect(await tagNewJobs(t.db, KIND)).toBe(5);
    expect(await tagNewJobs(t.db, KIND)).toBe(0);
    // A tagged job sent back through the tagger keeps its tag, so it sorts after an untagged one of its class.
    await t.db.query("UPDATE job SET state = 3 WHERE kind = ? AND job_key = 'h3.com'", [KIND]);
    await edge(["new.com"]);
    expect(await tagNewJobs(t.db, KIND)).toBe(2);
    // Only tagged ones: the head of the range is one of them.
    await t.db.query("UPDATE job SET state = 3 WHERE kind = ? AND job_key IN ('h4.com', 'h6.com')", [KIND]);
    expect(await tagNewJobs(t.db, KIND)).toBe(2);
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT priority, client_key, COUNT(*) AS n, COUNT(DISTINCT vtag) AS tags, SUM(state) AS states FROM job GROUP BY priority, client_key",
    );
    expect(rows.every((r) => Number(r.n) === Number(r.tags) && Number(r.states) === 0)).toBe(true);
    expect(rows.reduce((n, r) => n + Number(r.n), 0)).toBe(13);
  });

  it("tags every job exactly once with several taggers racing an edge that keeps enqueueing", async () => {
    const total = 3000;
    let tagged = 0;
    let enqueued = false;
    const edge = (async () => {
      for (let i = 0; i < total; i += 100) {
        const keys = Array.from({ length: 100 }, (_, j) => `race${i + j}.com`);
        await t.db.query(
          `INSERT INTO job (kind, job_key, client_key, priority, state) VALUES ${keys.map(() => "(?, ?, ?, ?, 3)").join(", ")}`,
          keys.flatMap((key, j) => [KIND, key, Buffer.from([(i + j) % 13]), (i + j) % 5 === 0 ? 50 : 100]),
        );
      }
      enqueued = true;
    })();
    const tagger = async () => {
      for (;;) {
        const done = enqueued; // read before the call: a call after the last enqueue must find nothing left
        const n = await tagNewJobs(t.db, KIND, 97);
        tagged += n;
        if (n === 0 && done) return;
      }
    };
    await Promise.all([edge, tagger(), tagger(), tagger()]);
    expect(tagged).toBe(total);
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n, SUM(state <> 0) AS untagged, COUNT(DISTINCT priority, client_key, vtag) AS slots FROM job",
    );
    expect([Number(rows[0]?.n), Number(rows[0]?.untagged), Number(rows[0]?.slots)]).toEqual([total, 0, total]);
  });

  it("serves a more urgent class first", async () => {
    await enqueueJobs(t.db, KIND, [
      { key: "rerate.com", clientKey: "rerate", priority: 200 },
      { key: "user.com", clientKey: "01", priority: 10 },
    ]);
    await tagNewJobs(t.db, KIND);
    const [first] = await claimJobs(t.db, { kind: KIND, owner: "r", limit: 1 });
    expect(first?.key).toBe("user.com");
  });

  it("retries with backoff, then declares the job dead, and a new ask revives it", async () => {
    await enqueueJobs(t.db, KIND, [{ key: "flaky.com", clientKey: "01", maxAttempts: 2 }]);
    await tagNewJobs(t.db, KIND);
    const [one] = await claimJobs(t.db, { kind: KIND, owner: "r", limit: 1 });
    if (!one) throw new Error("no job");
    expect(await failJob(t.db, one, { error: "timeout", retryInMs: 1 })).toBe("retry");
    expect((await jobRow("flaky.com"))?.state).toBe(2);
    await sleep(20);
    expect(await promoteDueRetries(t.db)).toBe(1);
    await tagNewJobs(t.db, KIND);
    const [two] = await claimJobs(t.db, { kind: KIND, owner: "r", limit: 1 });
    if (!two) throw new Error("no retry");
    expect(two.attempt).toBe(2);
    expect(await failJob(t.db, two, { error: "timeout again" })).toBe("dead");
    const dead = await jobRow("flaky.com");
    expect(dead?.state).toBe(9);
    expect(dead?.last_error).toBe("timeout again");
    await enqueueJobs(t.db, KIND, [{ key: "flaky.com", clientKey: "01" }]);
    const revived = await jobRow("flaky.com");
    expect(revived?.state).toBe(3);
    expect(revived?.attempts).toBe(0);
  });

  it("jitters retry delays within bounds that grow and cap", () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(45_000);
    expect(retryDelayMs(3, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(20, () => 0.5)).toBe(3_600_000);
  });

  it("gives a released job back without counting the attempt", async () => {
    await enqueueJobs(t.db, KIND, [{ key: "released.com", clientKey: "01" }]);
    await tagNewJobs(t.db, KIND);
    const [job] = await claimJobs(t.db, { kind: KIND, owner: "stopping", limit: 1 });
    if (!job) throw new Error("no job");
    expect(await releaseJob(t.db, job)).toBe(true);
    const [again] = await claimJobs(t.db, { kind: KIND, owner: "other", limit: 1 });
    expect(again?.attempt).toBe(1);
  });

  it("elects one leader through a lease row and hands over when released or expired", async () => {
    expect(await acquireLeadership(t.db, "maint", "a", 60_000)).toBe(true);
    expect(await acquireLeadership(t.db, "maint", "b", 60_000)).toBe(false);
    expect(await acquireLeadership(t.db, "maint", "a", 60_000)).toBe(true);
    await releaseLeadership(t.db, "maint", "a");
    expect(await acquireLeadership(t.db, "maint", "b", 50)).toBe(true);
    await sleep(100);
    expect(await acquireLeadership(t.db, "maint", "a", 60_000)).toBe(true);
  });
});
