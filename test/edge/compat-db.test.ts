import { env } from "cloudflare:workers";
import { Client } from "@planetscale/database";
import { beforeAll, describe, expect, it } from "vitest";
import { callEdge, setupDatabaseUrl } from "./helpers.ts";

// SiteTruth's v3 API with the real MariaDB behind the edge (through the local SQL-over-HTTP endpoint): an
// unknown domain is queued once and answered 202 / W at once; a rated one is answered from the database.

const configured = new URL(env.DATABASE_URL ?? "");
const DB_NAME = `bft_edge_${Math.random().toString(36).slice(2, 10)}`;
const DATABASE_URL = `http://${DB_NAME}:test@${configured.host}`;
const sql = new Client({ url: setupDatabaseUrl(DATABASE_URL) });

async function v3(query: string): Promise<{ status: number; body: Record<string, string>[]; source: string }> {
  const res = await callEdge(
    new Request(`https://edge.test/fcgi/rateapiv3.fcgi?${query}&key=guest&format=json`, {
      headers: { "cf-connecting-ip": "192.0.2.44" },
    }),
    { DATABASE_URL },
  );
  return {
    status: res.status,
    body: (await res.json()) as Record<string, string>[],
    source: res.headers.get("x-bonafide-source") ?? "",
  };
}

beforeAll(async () => {
  await sql.execute("SELECT 1");
});

describe("v3 with the database", () => {
  it("queues an unknown domain (by its registrable domain) and answers 202 / W with an empty ratinginfo", async () => {
    const r = await v3("url=www.compat-unknown-shop.com&priority=4");
    expect(r.status).toBe(200);
    expect(r.source).toBe("queued");
    expect(r.body).toEqual([{ domain: "www.compat-unknown-shop.com", rating: "W", ratinginfo: "", status: "202" }]);
    const job = await sql.execute(
      "SELECT priority, HEX(client_key) AS client FROM job WHERE kind = 'rate' AND job_key = 'compat-unknown-shop.com'",
    );
    // SiteTruth's priority is the result's rank: rank 4 is queued behind rank 0, within the user-waiting class.
    expect(job.rows[0]).toMatchObject({ priority: 14, client: "C000022C" });
  });

  it("answers a rated domain from the database with its business fields", async () => {
    await sql.execute(
      `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, rated_at, expires_at, next_rate_at)
       VALUES ('compat-rated.co.uk', 'A', '', 96, 'high', '[]', ?, '2026-11-20 08:00:00.000', '2099-01-01 00:00:00.000', '2099-01-01 00:00:00.000')`,
      [JSON.stringify({ legalName: "Compat Rated Ltd", locality: "Leeds", countryCode: "GB" })],
    );
    const r = await v3("url=https://shop.compat-rated.co.uk/&url=compat-rated.co.uk");
    expect(r.body).toEqual([
      {
        domain: "https://shop.compat-rated.co.uk/",
        rating: "A",
        ratinginfo: "",
        status: "200",
        name: "Compat Rated Ltd",
        location: "LEEDS",
        countrycode: "GB",
      },
      {
        domain: "compat-rated.co.uk",
        rating: "A",
        ratinginfo: "",
        status: "200",
        name: "Compat Rated Ltd",
        location: "LEEDS",
        countrycode: "GB",
      },
    ]);
    expect(r.source).toBe("db,db");
  });
});
