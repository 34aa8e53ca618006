/**
 * @module Bounded work against the real MariaDB: a rating is re-rated at expiry only while people ask for
 * it, unasked ratings lapse and are pruned, dead jobs are pruned after their retention, and the raters
 * publish the per-client budget for new domains from what they can rate.
 */
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimJobs, enqueueJobs } from "../../origin/queue/index.ts";
import { capacityFrom, publishCapacity } from "../../origin/rater/capacity.ts";
import { pruneDeadJobs, pruneLapsedRatings } from "../../origin/rater/prune.ts";
import { failedRating } from "../../origin/rater/rate-site.ts";
import { storeRatingAndComplete } from "../../origin/rater/rating-store.ts";
import { enqueueDueRerates, PRIORITY_RERATE, RERATE_LANE } from "../../origin/rater/rerate.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("bounded");
});

afterAll(async () => {
  await t?.drop();
});

async function rows(sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await t.db.query<RowDataPacket[]>(sql, params);
  return result;
}

/** Claims and stores a rating for the one job of `domain`, as a rater would. */
async function rateQueued(domain: string): Promise<void> {
  const [job] = await claimJobs(t.db, { kind: "rate", owner: "test-rater", limit: 1 });
  expect(job?.key).toBe(domain);
  if (job) await storeRatingAndComplete(t.db, job, failedRating(domain, "test", new Date()), {});
}

async function ratingOf(domain: string): Promise<RowDataPacket | undefined> {
  const [row] = await rows(
    "SELECT rated_at, asked_at, next_rate_at > NOW(3) AS scheduled FROM rating WHERE domain = ?",
    [domain],
  );
  return row;
}

async function jobsOf(domain: string): Promise<RowDataPacket[]> {
  return rows("SELECT priority, CAST(client_key AS CHAR) AS lane FROM job WHERE job_key = ?", [domain]);
}

/** Moves a rating's times `hours` into the past, as if that much time had gone by. */
async function age(domain: string, hours: number): Promise<void> {
  await t.db.query(
    `UPDATE rating SET rated_at = rated_at - INTERVAL ? HOUR, expires_at = NOW(3) - INTERVAL 1 MINUTE,
            next_rate_at = NOW(3) - INTERVAL 1 MINUTE, asked_at = asked_at - INTERVAL ? HOUR WHERE domain = ?`,
    [hours, hours, domain],
  );
}

describe("re-rating only while people ask", () => {
  it("re-queues at expiry a rating a client asked for, and lets the background re-rating lapse unasked", async () => {
    await enqueueJobs(t.db, "rate", [{ key: "asked-shop.example", clientKey: "cb007107", priority: 10 }]);
    await rateQueued("asked-shop.example");
    const first = await ratingOf("asked-shop.example");
    expect(first?.asked_at).toEqual(first?.rated_at);

    await age("asked-shop.example", 2);
    const asked = (await ratingOf("asked-shop.example"))?.asked_at;
    expect(await enqueueDueRerates(t.db)).toEqual({ queued: 1, lapsed: 0 });
    expect(await jobsOf("asked-shop.example")).toEqual([{ priority: PRIORITY_RERATE, lane: RERATE_LANE }]);

    // The re-rating nobody asked for keeps the last ask: at its own expiry it lapses.
    await rateQueued("asked-shop.example");
    const second = await ratingOf("asked-shop.example");
    expect(second?.asked_at).toEqual(asked);
    expect(second?.rated_at.getTime()).toBeGreaterThan(second?.asked_at.getTime());
    await age("asked-shop.example", 0);
    expect(await enqueueDueRerates(t.db)).toEqual({ queued: 0, lapsed: 1 });
    expect(await jobsOf("asked-shop.example")).toEqual([]);
    expect((await ratingOf("asked-shop.example"))?.scheduled).toBe(1);
  });

  it("does not re-queue a rating not asked for within the window, and prunes it a window after expiry", async () => {
    await t.db.query(
      `INSERT INTO rating (domain, rating, rating_info, reasons, rated_at, expires_at, next_rate_at, asked_at) VALUES
         ('never-asked.example', 'U', 'no_website', '[]', NOW(3) - INTERVAL 1 DAY, NOW(3) - INTERVAL 1 HOUR,
          NOW(3) - INTERVAL 1 HOUR, NULL),
         ('asked-long-ago.example', 'Q', 'unverified', '[]', NOW(3) - INTERVAL 45 DAY, NOW(3) - INTERVAL 1 HOUR,
          NOW(3) - INTERVAL 1 HOUR, NOW(3) - INTERVAL 40 DAY),
         ('still-asked.example', 'Q', 'unverified', '[]', NOW(3) - INTERVAL 45 DAY, NOW(3) - INTERVAL 31 DAY,
          NOW(3) - INTERVAL 31 DAY, NOW(3) - INTERVAL 2 DAY)`,
    );
    expect(await enqueueDueRerates(t.db)).toEqual({ queued: 0, lapsed: 2 });
    expect(await jobsOf("never-asked.example")).toEqual([]);
    expect(await jobsOf("asked-long-ago.example")).toEqual([]);
    // Lapsed, but not yet a window past expiry: kept, and served stale meanwhile.
    expect(await pruneLapsedRatings(t.db)).toBe(0);

    await t.db.query(
      `UPDATE rating SET expires_at = expires_at - INTERVAL 30 DAY, next_rate_at = next_rate_at - INTERVAL 30 DAY
        WHERE domain IN ('never-asked.example', 'asked-long-ago.example')`,
    );
    expect(await pruneLapsedRatings(t.db)).toBe(2);
    expect(await pruneLapsedRatings(t.db)).toBe(0);
    const left = await rows("SELECT domain FROM rating WHERE domain IN (?) ORDER BY domain", [
      ["never-asked.example", "asked-long-ago.example", "still-asked.example"],
    ]);
    expect(left.map((r) => r.domain)).toEqual(["still-asked.example"]);
  });
});

describe("pruning", () => {
  it("deletes dead jobs past their retention and keeps younger dead jobs and live ones", async () => {
    await t.db.query(
      `INSERT INTO job (kind, job_key, client_key, priority, state, updated_at) VALUES
         ('rate', 'dead-old.example', x'01', 10, 9, NOW(3) - INTERVAL 8 DAY),
         ('rate', 'dead-young.example', x'01', 10, 9, NOW(3) - INTERVAL 1 DAY),
         ('rate', 'waiting-old.example', x'01', 10, 0, NOW(3) - INTERVAL 8 DAY)`,
    );
    expect(await pruneDeadJobs(t.db, 7)).toBe(1);
    expect(await pruneDeadJobs(t.db, 7)).toBe(0);
    const left = await rows("SELECT job_key FROM job WHERE job_key LIKE '%-old.example' OR job_key LIKE 'dead-%'");
    expect(left.map((r) => r.job_key).sort()).toEqual(["dead-young.example", "waiting-old.example"]);
  });
});

describe("the raters' capacity", () => {
  it("publishes the busiest recent minute or the live slots' floor, and a client's share of it", async () => {
    await t.db.query(
      `INSERT INTO origin_process (id, role, host, pid, started_at, heartbeat_at, state, concurrency) VALUES
         ('r1', 'rater', 'h', 1, NOW(3), NOW(3), 'running', 16),
         ('r2', 'rater', 'h', 2, NOW(3), NOW(3), 'running', 16),
         ('gone', 'rater', 'h', 3, NOW(3), NOW(3) - INTERVAL 1 HOUR, 'running', 500),
         ('agg', 'aggregator', 'h', 4, NOW(3), NOW(3), 'running', 900)`,
    );
    const options = { siteTimeoutMs: 60_000, clientSharePercent: 25 };
    // No throughput yet: the floor, 32 slots finishing at least one rating a minute each.
    expect(await publishCapacity(t.db, "rate", options)).toEqual({ perMinute: 32, clientNewPerMinute: 8 });
    await t.db.query(
      `INSERT INTO job_throughput (kind, minute, completed, failed) VALUES
         ('rate', DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 2 MINUTE, '%Y-%m-%d %H:%i:00'), 300, 20),
         ('rate', DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 30 MINUTE, '%Y-%m-%d %H:%i:00'), 5000, 0),
         ('other', DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 3 MINUTE, '%Y-%m-%d %H:%i:00'), 9000, 0)`,
    );
    expect(await publishCapacity(t.db, "rate", options)).toEqual({ perMinute: 320, clientNewPerMinute: 80 });
    expect(await rows("SELECT per_minute, client_new_per_minute FROM rater_capacity WHERE kind = 'rate'")).toEqual([
      { per_minute: 320, client_new_per_minute: 80 },
    ]);
    // A queue holding more than ten minutes of asked-for work shrinks every client's budget.
    const asked = Array.from({ length: 6400 }, (_, i) => ({
      key: `backlog-${i}.example`,
      clientKey: "0a",
      priority: 10,
    }));
    await t.db.query("DELETE FROM job"); // exactly 6,400 waiting: twenty minutes of work at 320 a minute
    await enqueueJobs(t.db, "rate", asked);
    expect(await publishCapacity(t.db, "rate", options)).toEqual({ perMinute: 320, clientNewPerMinute: 40 });
    expect(capacityFrom({ slots: 0, peakPerMinute: 0, backlog: 0 }, options)).toEqual({
      perMinute: 0,
      clientNewPerMinute: 1,
    });
  });
});
