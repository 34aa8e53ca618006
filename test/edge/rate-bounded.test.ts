/**
 * @module The new-domain budget at the edge, against the real MariaDB: a client may queue only its share
 * of what the raters can rate (rater_capacity), past it new domains are 429 and not queued, while its
 * known domains are still answered and never charged; a KV hit records nothing in the database.
 */
import { env } from "cloudflare:workers";
import { Client } from "@planetscale/database";
import { beforeAll, describe, expect, it } from "vitest";
import { ratingKey } from "../../shared/kv-keys.ts";
import { callEdge, setupDatabaseUrl } from "./helpers.ts";

const configured = new URL(env.DATABASE_URL ?? "");
const DB_NAME = `bft_edge_bounded_${Math.random().toString(36).slice(2, 10)}`;
const DATABASE_URL = `http://${DB_NAME}:test@${configured.host}`;
const sql = new Client({ url: setupDatabaseUrl(DATABASE_URL) }); // seeding needs more than the edge user may

async function ask(domains: string[], ip: string) {
  const query = domains.map((d) => `d=${encodeURIComponent(d)}`).join("&");
  const res = await callEdge(
    new Request(`https://edge.test/api/v1/rate?${query}`, { headers: { "cf-connecting-ip": ip } }),
    // A full request is at most 4 domains: the bucket holds max(one minute of budget, one full request).
    { DATABASE_URL, MAX_DOMAINS_PER_REQUEST: "4" },
  );
  const body = (await res.json()) as { items: Record<string, unknown>[] };
  return { res, items: body.items, source: res.headers.get("x-bonafide-source") };
}

async function queued(domains: string[]): Promise<string[]> {
  const r = await sql.execute("SELECT job_key FROM job WHERE kind = 'rate' AND job_key IN (?) ORDER BY job_key", [
    domains,
  ]);
  return (r.rows as { job_key: string }[]).map((row) => row.job_key);
}

beforeAll(async () => {
  // What the raters' maintenance leader publishes (origin/rater/capacity.ts): 3 new domains a minute each.
  await sql.execute(
    "INSERT INTO rater_capacity (kind, per_minute, client_new_per_minute, measured_at) VALUES ('rate', 12, 3, NOW(3))",
  );
  await sql.execute(
    `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, rated_at, expires_at, next_rate_at)
     VALUES ('known-shop.de', 'Q', 'unverified', 70, 'medium', '[]', NOW(3), '2099-01-01', '2099-01-01')`,
  );
});

describe("new domains per client follow the raters' capacity", () => {
  it("queues a client's new domains up to its budget, answers the rest 429 unqueued, and its known ones", async () => {
    const first = await ask(["known-shop.de", "new-a.com", "new-b.com", "new-c.com"], "198.51.100.7");
    expect(first.source).toBe("db,queued,queued,queued");
    // One token left for this client: one more new domain is queued, the rest wait.
    const second = await ask(["known-shop.de", "new-d.com", "new-e.com", "new-h.com"], "198.51.100.7");
    expect(second.res.status).toBe(200);
    expect(second.source).toBe("kv,queued,deferred,deferred");
    expect(second.items[0]).toMatchObject({ domain: "known-shop.de", status: 200, rating: "Q" });
    expect(second.items[1]).toMatchObject({ domain: "new-d.com", status: 202, rating: "W" });
    expect(second.items[2]).toMatchObject({ domain: "new-e.com", status: 429, rating: "W", ratingInfo: "error" });
    expect(Number(second.items[2]?.retryAfter)).toBeGreaterThan(0);
    expect(await queued(["new-a.com", "new-b.com", "new-c.com", "new-d.com", "new-e.com", "new-h.com"])).toEqual([
      "new-a.com",
      "new-b.com",
      "new-c.com",
      "new-d.com",
    ]);

    // Known domains cost the raters nothing: asked again and again, they are answered and not charged.
    for (let i = 0; i < 5; i++) {
      const again = await ask(["known-shop.de"], "198.51.100.7");
      expect(again.items[0]).toMatchObject({ status: 200, rating: "Q" });
    }

    // Only new work, and none left: the whole answer is 429 with Retry-After, and nothing is queued.
    const refused = await ask(["new-f.com", "new-g.com"], "198.51.100.7");
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.items.map((i) => i.status)).toEqual([429, 429]);
    expect(await queued(["new-f.com", "new-g.com"])).toEqual([]);

    // Another client has its own share.
    const other = await ask(["new-f.com"], "203.0.113.9");
    expect(other.items[0]).toMatchObject({ status: 202, rating: "W" });
    expect(await queued(["new-f.com"])).toEqual(["new-f.com"]);
  });

  it("records no ask in the database on a KV hit: the rating row and the queue stay as they were", async () => {
    await sql.execute(
      `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, rated_at, expires_at, next_rate_at)
       VALUES ('kv-hit-shop.de', 'Q', 'unverified', 80, 'high', '[]', NOW(3), '2099-01-01', '2099-01-01')`,
    );
    const first = await ask(["kv-hit-shop.de"], "198.51.100.8");
    expect(first.source).toBe("db");
    expect(await env.RATINGS.get(ratingKey("kv-hit-shop.de"))).not.toBeNull();
    for (let i = 0; i < 3; i++) expect((await ask(["kv-hit-shop.de"], "198.51.100.8")).source).toBe("kv");
    const row = await sql.execute("SELECT asked_at FROM rating WHERE domain = 'kv-hit-shop.de'");
    expect(row.rows).toEqual([{ asked_at: null }]);
    expect(await queued(["kv-hit-shop.de"])).toEqual([]);
  });
});

describe("a stale rating while it is re-rated", () => {
  it("is served to every ask, and only the first ask after expiry writes to the database", async () => {
    await env.RATINGS.put(
      ratingKey("expired-shop.de"),
      JSON.stringify({
        domain: "expired-shop.de",
        rating: "Q",
        ratingInfo: "unverified",
        score: 70,
        confidence: "medium",
        reasons: [],
        ratedAt: "2026-09-01T00:00:00.000Z",
        expiresAt: "2026-09-15T00:00:00.000Z",
      }),
    );
    for (let i = 0; i < 4; i++) {
      const r = await ask(["expired-shop.de"], "198.51.100.9");
      expect(r.source).toBe("kv");
      expect(r.items[0]).toMatchObject({
        status: 200,
        rating: "Q",
        stale: true,
        expiresAt: "2026-09-15T00:00:00.000Z",
      });
    }
    const job = await sql.execute("SELECT priority, requests FROM job WHERE job_key = 'expired-shop.de'");
    expect(job.rows).toEqual([{ priority: 150, requests: 1 }]);
  });
});
