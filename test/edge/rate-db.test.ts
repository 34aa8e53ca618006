import { env } from "cloudflare:workers";
import { Client } from "@planetscale/database";
import { beforeAll, describe, expect, it } from "vitest";
import { ratingKey } from "../../shared/kv-keys.ts";
import { callEdge, setupDatabaseUrl } from "./helpers.ts";

// The edge against the real MariaDB, through the local SQL-over-HTTP endpoint and the same driver as in
// production. The endpoint gives this file a fresh database named by its user.
const configured = new URL(env.DATABASE_URL ?? "");
const DB_NAME = `bft_edge_${Math.random().toString(36).slice(2, 10)}`;
const DATABASE_URL = `http://${DB_NAME}:test@${configured.host}`;
const sql = new Client({ url: setupDatabaseUrl(DATABASE_URL) });

async function ask(query: string, headers: Record<string, string> = {}) {
  const res = await callEdge(new Request(`https://edge.test/api/v1/rate?${query}`, { headers }), { DATABASE_URL });
  const body = (await res.json()) as { items: Record<string, unknown>[] };
  return { res, items: body.items, source: res.headers.get("x-bonafide-source") };
}

async function jobOf(domain: string): Promise<Record<string, unknown> | undefined> {
  const r = await sql.execute(
    "SELECT state, priority, requests, attempts, HEX(client_key) AS client FROM job WHERE kind = 'rate' AND job_key = ?",
    [domain],
  );
  return r.rows[0] as Record<string, unknown> | undefined;
}

beforeAll(async () => {
  await sql.execute("SELECT 1");
});

describe("the rate API with MySQL behind it", () => {
  it("queues an unknown domain once (W, 202, retry in 5 s) and counts repeated asks", async () => {
    const first = await ask("d=brand-new-shop.com", { "cf-connecting-ip": "203.0.113.7" });
    expect(first.res.status).toBe(200);
    expect(first.source).toBe("queued");
    expect(first.items[0]).toMatchObject({ domain: "brand-new-shop.com", status: 202, rating: "W", retryAfter: 5 });
    expect(first.res.headers.get("cache-control")).toBe("private, no-store");
    expect(await jobOf("brand-new-shop.com")).toMatchObject({
      state: 3,
      priority: 10,
      requests: 1,
      client: "CB007107",
    });

    await ask("d=https://www.brand-new-shop.com/cart", { "cf-connecting-ip": "2001:db8:1:2:3:4:5:6" });
    expect(await jobOf("brand-new-shop.com")).toMatchObject({ requests: 2, priority: 10 });
    const count = await sql.execute("SELECT COUNT(*) AS n FROM job WHERE job_key = 'brand-new-shop.com'");
    expect(Number((count.rows[0] as { n: string }).n)).toBe(1);
  });

  it("keys IPv6 clients by their /64 for fairness", async () => {
    await ask("d=v6-client-shop.com", { "cf-connecting-ip": "2001:db8:1:2:3:4:5:6" });
    expect((await jobOf("v6-client-shop.com"))?.client).toBe("20010DB800010002");
  });

  it("answers a rating row from the database and writes it to KV, so the next ask comes from KV", async () => {
    await sql.execute(
      `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, rated_at, expires_at, next_rate_at)
       VALUES ('rated-in-db.co.uk', 'Q', 'unverified', 77, 'medium', ?, ?, '2026-11-20 08:00:00.000', '2099-01-01 00:00:00.000', '2099-01-01 00:00:00.000')`,
      [
        JSON.stringify([{ code: "address_found", weight: 2 }]),
        JSON.stringify({ legalName: "Rated Ltd", countryCode: "GB" }),
      ],
    );
    const first = await ask("d=rated-in-db.co.uk");
    expect(first.source).toBe("db");
    expect(first.items[0]).toMatchObject({
      rating: "Q",
      score: 77,
      ratedAt: "2026-11-20T08:00:00.000Z",
      business: { legalName: "Rated Ltd", countryCode: "GB" },
    });
    expect(await env.RATINGS.get(ratingKey("rated-in-db.co.uk"), "json")).toMatchObject({ rating: "Q" });
    const second = await ask("d=rated-in-db.co.uk");
    expect(second.source).toBe("kv");
    expect(await jobOf("rated-in-db.co.uk")).toBeUndefined();
  });

  it("mixes sources in one answer, in the order asked", async () => {
    // Its own KV entry: this test does not lean on the one before it having filled KV.
    await env.RATINGS.put(
      ratingKey("mixed-in-kv.co.uk"),
      JSON.stringify({
        domain: "mixed-in-kv.co.uk",
        rating: "Q",
        ratingInfo: "unverified",
        score: 70,
        confidence: "medium",
        reasons: [],
        ratedAt: "2026-11-20T08:00:00.000Z",
        expiresAt: "2099-01-01T00:00:00.000Z",
      }),
    );
    const r = await ask("d=mixed-in-kv.co.uk&d=another-new-one.com&d=localhost");
    expect(r.source).toBe("kv,queued,invalid");
    expect(r.items.map((i) => i.rating)).toEqual(["Q", "W", "U"]);
  });

  it("serves a stale rating and queues its refresh in the low-priority lane", async () => {
    await env.RATINGS.put(
      ratingKey("stale-shop.de"),
      JSON.stringify({
        domain: "stale-shop.de",
        rating: "A",
        ratingInfo: "",
        score: 95,
        confidence: "high",
        reasons: [],
        ratedAt: "2026-09-01T00:00:00.000Z",
        expiresAt: "2026-10-01T00:00:00.000Z",
      }),
    );
    const r = await ask("d=stale-shop.de");
    expect(r.items[0]).toMatchObject({ rating: "A", stale: true });
    expect(await jobOf("stale-shop.de")).toMatchObject({ state: 3, priority: 150 });
  });

  it("revives a dead job when the domain is asked for again", async () => {
    await sql.execute(
      "INSERT INTO job (kind, job_key, client_key, priority, state, attempts) VALUES ('rate', 'dead-shop.com', x'01', 10, 9, 5)",
    );
    await ask("d=dead-shop.com");
    expect(await jobOf("dead-shop.com")).toMatchObject({ state: 3, attempts: 0 });
  });
});
