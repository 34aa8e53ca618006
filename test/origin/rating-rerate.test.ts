/** @module Re-rating against the real MariaDB: due ratings go back on the queue once, in the low-priority `rerate` lane. */
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueDueRerates, PRIORITY_RERATE } from "../../origin/rater/rerate.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;

// Each was asked for since it was rated (asked_at), so it is re-rated at expiry (rating-bounded.test.ts
// covers the ones nobody asked for).
async function insertRating(domain: string, nextRateSql: string): Promise<void> {
  await t.db.query(
    `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, rated_at, expires_at, next_rate_at, asked_at)
     VALUES (?, 'Q', 'unverified', 70, 'medium', '[]', NOW(3) - INTERVAL 20 DAY, ${nextRateSql}, ${nextRateSql},
             NOW(3) - INTERVAL 2 DAY)`,
    [domain],
  );
}

beforeAll(async () => {
  t = await createTestDatabase("rerate");
  await insertRating("due-one.com", "NOW(3) - INTERVAL 1 HOUR");
  await insertRating("due-two.de", "NOW(3) - INTERVAL 5 MINUTE");
  await insertRating("fresh.co.uk", "NOW(3) + INTERVAL 10 DAY");
  // A user is already waiting for due-two.de: its urgent job must keep its priority.
  await t.db.query(
    "INSERT INTO job (kind, job_key, client_key, priority, state) VALUES ('rate', 'due-two.de', x'0a000001', 10, 0)",
  );
});

afterAll(async () => {
  await t?.drop();
});

describe("enqueueDueRerates", () => {
  it("queues due ratings in the rerate lane at low priority, leaves fresh ones and urgent jobs alone", async () => {
    expect(await enqueueDueRerates(t.db)).toEqual({ queued: 2, lapsed: 0 });
    const [jobs] = await t.db.query<RowDataPacket[]>(
      "SELECT job_key, priority, CAST(client_key AS CHAR) AS lane FROM job WHERE kind = 'rate' ORDER BY job_key",
    );
    expect(jobs).toEqual([
      { job_key: "due-one.com", priority: PRIORITY_RERATE, lane: "rerate" },
      expect.objectContaining({ job_key: "due-two.de", priority: 10 }),
    ]);
  });

  it("does not queue the same ratings again on the next pass", async () => {
    expect(await enqueueDueRerates(t.db)).toEqual({ queued: 0, lapsed: 0 });
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM rating WHERE next_rate_at > NOW(3) + INTERVAL 50 MINUTE AND domain LIKE 'due-%'",
    );
    expect(Number(rows[0]?.n)).toBe(2);
  });
});
