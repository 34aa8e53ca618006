/**
 * @module The rater's engine (origin/rater/service.ts) on its less travelled paths, against the real MariaDB
 * and a real signed-push receiver on 127.0.0.1: a job whose earlier leases all ran out (it is buried with a
 * rating, the site unread), and a push the edge refused (the rating stays in the outbox and the maintenance
 * leader pushes it again).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "../../origin/queue/index.ts";
import type { SiteFetcher } from "../../origin/rater/crawl.ts";
import { createPusher, PUSH_PATH } from "../../origin/rater/push.ts";
import { NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from "../../shared/signing.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { poll } from "../support/poll.ts";
import { startTestRater } from "../support/rater.ts";

const SECRET = "engine-paths-test-secret-0123456789abcdef";
let t: TestDatabase;

/** The edge's rating push endpoint as far as the rater can tell: signed POSTs, refused while `failing`. */
interface Receiver {
  url: string;
  failing: boolean;
  /** Every verified push: status answered, and the domains it carried. */
  pushes: { status: number; domains: string[] }[];
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: "", failing: true, pushes: [], server: createServer() };
  receiver.server.on("request", async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const h = (name: string) => String(req.headers[name] ?? "");
    const verdict = await verifyRequest(
      SECRET,
      { method: "POST", path: PUSH_PATH, timestamp: h(TIMESTAMP_HEADER), nonce: h(NONCE_HEADER), body: text },
      h(SIGNATURE_HEADER),
    );
    if (req.url !== PUSH_PATH || !verdict.ok) return void res.writeHead(401).end("unsigned");
    const status = receiver.failing ? 503 : 200;
    const domains = (JSON.parse(text) as { ratings: { domain: string }[] }).ratings.map((r) => r.domain);
    receiver.pushes.push({ status, domains });
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ stored: domains.length }));
  });
  await new Promise<void>((r) => receiver.server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
  return receiver;
}

/** A fetcher that records what it was asked for and serves nothing. */
function unreadSites(asked: string[]): SiteFetcher {
  return {
    fetchPage: async (url) => {
      asked.push(url);
      throw new Error("no site is served in this test");
    },
    fetchWithSchemeFallback: async (host) => {
      asked.push(host);
      throw new Error("no site is served in this test");
    },
  };
}

async function ratingOf(domain: string): Promise<RowDataPacket | undefined> {
  const [rows] = await t.db.query<RowDataPacket[]>(
    "SELECT rating, rating_info, reasons, pushed_at FROM rating WHERE domain = ?",
    [domain],
  );
  return rows[0];
}

beforeAll(async () => {
  t = await createTestDatabase("rater_paths");
});
afterAll(async () => {
  await t?.drop();
});

describe("the rater's engine, off the main path", () => {
  it("buries a job whose earlier leases all ran out, with a U/error rating, without reading the site", async () => {
    const domain = "leases-ran-out.example";
    await enqueueJobs(t.db, "rate", [{ key: domain, clientKey: "c0a80001", priority: 10, maxAttempts: 2 }]);
    // Two earlier attempts claimed it and died without a word (their leases ran out); the next claim is the third.
    await t.db.query("UPDATE job SET attempts = 2 WHERE job_key = ?", [domain]);
    const asked: string[] = [];
    const rater = startTestRater(t.db, unreadSites(asked));
    try {
      const job = await poll(
        async () => {
          const [rows] = await t.db.query<RowDataPacket[]>("SELECT state, last_error FROM job WHERE job_key = ?", [
            domain,
          ]);
          return rows[0];
        },
        (row) => row?.state === 9,
        15_000,
      );
      expect(job?.state).toBe(9);
      expect(String(job?.last_error)).toContain("every attempt ended without a result");
    } finally {
      await rater.stop(1_000);
    }
    const rating = await ratingOf(domain);
    expect(rating).toMatchObject({ rating: "U", rating_info: "error" });
    expect(asked).toEqual([]);
  });

  it("leaves a refused push in the outbox, and the maintenance leader pushes it again once the edge is back", async () => {
    const domain = "push-refused.example";
    const receiver = await startReceiver();
    await enqueueJobs(t.db, "rate", [{ key: domain, clientKey: "c0a80001", priority: 10, maxAttempts: 1 }]);
    const rater = startTestRater(t.db, unreadSites([]), { maintenanceMs: 50 }, createPusher(receiver.url, SECRET));
    try {
      // The rating is made (the site fails: U), its push refused: stored, not marked pushed.
      await poll(
        async () => receiver.pushes.length,
        (n) => n >= 1,
        15_000,
      );
      expect(receiver.pushes[0]).toEqual({ status: 503, domains: [domain] });
      expect((await ratingOf(domain))?.pushed_at).toBeNull();
      // The outbox re-pushes what is older than 10 s (pushes in flight finish first): age it rather than wait.
      await t.db.query(
        "UPDATE rating SET rated_at = rated_at - INTERVAL 1 MINUTE WHERE domain = ? AND pushed_at IS NULL",
        [domain],
      );
      receiver.failing = false;
      const pushed = await poll(
        async () => (await ratingOf(domain))?.pushed_at,
        (at) => at != null,
        15_000,
      );
      expect(pushed).not.toBeNull();
      expect(receiver.pushes.filter((p) => p.status === 200 && p.domains.includes(domain))).toHaveLength(1);
    } finally {
      await rater.stop(1_000);
      await new Promise((r) => receiver.server.close(r));
    }
  });
});
