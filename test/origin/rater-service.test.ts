/** @module The rater's engine against the real MariaDB: a job for a domain rated meanwhile. */
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "../../origin/queue/index.ts";
import type { SiteFetcher } from "../../origin/rater/crawl.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startTestRater } from "../support/rater.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("rater_service");
});

afterAll(async () => {
  await t?.drop();
});

describe("the rater's engine", () => {
  it("ends a job for a domain rated meanwhile without reading the site or touching its stored evidence", async () => {
    // The race: the edge found no rating row, the previous job committed its rating, then the edge's
    // enqueue made a new job. The new job must not overwrite the evidence with a placeholder.
    await t.db.query(
      `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, evidence,
                           rated_at, expires_at, next_rate_at)
       VALUES ('rated-meanwhile.com', 'Q', 'unverified', 80, 'high', '[]', NULL, '{"pages":["kept"]}',
               NOW(3), NOW(3) + INTERVAL 10 DAY, NOW(3) + INTERVAL 10 DAY)`,
    );
    await enqueueJobs(t.db, "rate", [{ key: "rated-meanwhile.com", clientKey: "c0a80001", priority: 10 }]);

    const asked: string[] = [];
    const fetcher: SiteFetcher = {
      fetchPage: async (url) => {
        asked.push(url);
        throw new Error("no site is served in this test");
      },
      fetchWithSchemeFallback: async (host) => {
        asked.push(host);
        throw new Error("no site is served in this test");
      },
    };
    const rater = startTestRater(t.db, fetcher);
    try {
      let left = 1;
      for (let i = 0; i < 200 && left > 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const [rows] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM job WHERE kind = 'rate'");
        left = Number(rows[0]?.n);
      }
      expect(left).toBe(0);
    } finally {
      await rater.stop(1_000);
    }
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT rating, evidence FROM rating WHERE domain = 'rated-meanwhile.com'",
    );
    expect(rows[0]?.rating).toBe("Q");
    expect(JSON.parse(String(rows[0]?.evidence))).toEqual({ pages: ["kept"] });
    expect(asked).toEqual([]);
  });
});
