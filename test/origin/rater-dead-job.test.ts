/**
 * @module A domain whose site always fails transiently, rated by the real engine against the real MariaDB
 * through the real guarded fetcher: its job must end dead *with* a U/error rating (issue 12.1), and the
 * edge's enqueue statement must revive it once after that rating expires.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "../../origin/queue/index.ts";
import { createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { enqueueRatingsSql } from "../../shared/queue-sql.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { poll } from "../support/poll.ts";
import { startTestRater } from "../support/rater.ts";

let t: TestDatabase;
let site: Server;
let port = 0;

beforeAll(async () => {
  t = await createTestDatabase("rater_dead");
  // No robots.txt (allowed; a 5xx there would mean "blocked"), and a home page that always answers 503:
  // a transient failure, retried until the job runs out of attempts.
  site = createServer((req, res) =>
    res.writeHead(req.url === "/robots.txt" ? 404 : 503, { "content-type": "text/plain" }).end("busy"),
  );
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  port = (site.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => site?.close(resolve));
  await t?.drop();
});

async function jobRows(domain: string): Promise<RowDataPacket[]> {
  const [rows] = await t.db.query<RowDataPacket[]>(
    "SELECT state, attempts, requests FROM job WHERE kind = 'rate' AND job_key = ?",
    [domain],
  );
  return rows;
}

describe("a job that runs out of attempts", () => {
  // One attempt: the first failure is the last. Three: retries first (short backoff), then the last one.
  it.each([1, 3])(
    "with %i attempt(s) ends dead with its U/error rating, no lost lease, and is queued once when asked after expiry",
    async (maxAttempts) => {
      const DOMAIN = `always-busy-${maxAttempts}.example`;
      await enqueueJobs(t.db, "rate", [{ key: DOMAIN, clientKey: "c0a80001", priority: 10, maxAttempts }]);
      const fetcher = createSiteFetcher({ connectTo: `${DOMAIN}:80:127.0.0.1:${port}`, userAgent: "bonafide-test" });
      // Retries due within ~50 ms, and a maintenance leader that promotes them promptly.
      const rater = startTestRater(t.db, fetcher, { retryBaseMs: 50, maintenanceMs: 50 });
      let rows: RowDataPacket[];
      try {
        rows = await poll(
          async () => {
            const [r] = await t.db.query<RowDataPacket[]>(
              "SELECT rating, rating_info, rated_at, expires_at FROM rating WHERE domain = ?",
              [DOMAIN],
            );
            return r;
          },
          (r) => r.length > 0,
          20_000,
        );
      } finally {
        await rater.stop(1_000);
        await fetcher.close();
      }
      const stored = rows[0] as { rating: string; rating_info: string; rated_at: Date; expires_at: Date };
      expect(stored).toMatchObject({ rating: "U", rating_info: "error" });
      // A failure rating lives an hour: the edge serves it until then instead of W.
      expect(stored.expires_at.getTime() - stored.rated_at.getTime()).toBe(3_600_000);
      expect(await jobRows(DOMAIN)).toMatchObject([{ state: 9, attempts: maxAttempts }]);
      const [lost] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM error_log WHERE code = 'LEASE_LOST'");
      expect(Number(lost[0]?.n)).toBe(0);

      // The rating expires; two clients ask again through the edge's own statement: one job, new, from scratch.
      await t.db.query("UPDATE rating SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE domain = ?", [DOMAIN]);
      for (const client of ["0a000001", "0a000002"])
        await t.db.query(enqueueRatingsSql(1), [DOMAIN, Buffer.from(client, "hex"), 150]);
      expect(await jobRows(DOMAIN)).toMatchObject([{ state: 3, attempts: 0, requests: 3 }]);
    },
    60_000,
  );
});
