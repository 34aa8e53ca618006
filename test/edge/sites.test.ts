/** @module The evidence page at the edge, inside workerd, against the real MariaDB: JSON, HTML, 4xx, re-rating limits. */
import { env } from "cloudflare:workers";
import { Client } from "@planetscale/database";
import { beforeAll, describe, expect, it } from "vitest";
import { callEdge, DEAD_DATABASE_URL, setupDatabaseUrl } from "./helpers.ts";

const configured = new URL(env.DATABASE_URL ?? "");
const DB_NAME = `bft_edge_sites_${Math.random().toString(36).slice(2, 10)}`;
const DATABASE_URL = `http://${DB_NAME}:test@${configured.host}`;
const sql = new Client({ url: setupDatabaseUrl(DATABASE_URL) });

const EVIDENCE = {
  domain: "tallis-rowe.co.uk",
  scheme: "https",
  pages: [
    { url: "https://tallis-rowe.co.uk/", kind: "home", status: 200, bytes: 4100, truncated: false },
    { url: "https://tallis-rowe.co.uk/contact", kind: "contact", status: 200, bytes: 2900, truncated: false },
  ],
  addresses: [{ lines: ["2 Mill Lane", "Oxford", "OX1 2AB"], page: "https://tallis-rowe.co.uk/contact" }],
  legalNames: [{ name: "Tallis & Rowe Ltd", page: "https://tallis-rowe.co.uk/contact" }],
  tls: { validation: "DV", issuer: "bonafide demonstration CA", intermediary: false },
  disclosure: { law: "UK SI 2015/17 reg. 25", missing: ["registered_in"] },
  registry: { kind: "match", source: "feed:register.json" },
};
const REASONS = [
  { code: "gate:verified", weight: 0, detail: "register lists 08123456" },
  { code: "registry_match", weight: 3, source: "feed:register.json" },
  { code: "address_found", weight: 2, detail: "2 Mill Lane, OX1 2AB Oxford, GB" },
  { code: "disclosure_incomplete", weight: -1, detail: "missing registered_in" },
];

function ask(path: string, init: RequestInit = {}, databaseUrl = DATABASE_URL) {
  return callEdge(new Request(`https://edge.test${path}`, init), { DATABASE_URL: databaseUrl });
}

beforeAll(async () => {
  await sql.execute(
    `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, evidence, rated_at, expires_at, next_rate_at)
     VALUES ('tallis-rowe.co.uk', 'A', '', 91, 'high', ?, ?, ?, NOW(3), NOW(3) + INTERVAL 30 DAY, NOW(3) + INTERVAL 30 DAY)`,
    [JSON.stringify(REASONS), JSON.stringify({ legalName: "Tallis & Rowe Ltd" }), JSON.stringify(EVIDENCE)],
  );
});

describe("GET /api/v1/sites/{domain}", () => {
  it("answers JSON with the rating, its weighted reasons and the evidence", async () => {
    const res = await ask("/api/v1/sites/tallis-rowe.co.uk");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ domain: "tallis-rowe.co.uk", rating: "A", score: 91, reasons: REASONS });
    expect(body.evidence).toEqual(EVIDENCE);
  });

  it("accepts a URL or www. form and answers the registrable domain", async () => {
    const res = await ask(`/api/v1/sites/${encodeURIComponent("https://www.tallis-rowe.co.uk/contact")}`);
    expect(((await res.json()) as { domain: string }).domain).toBe("tallis-rowe.co.uk");
  });

  it("renders an HTML page a webmaster can act on", async () => {
    const res = await ask("/api/v1/sites/tallis-rowe.co.uk", { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('class="letter A"');
    expect(html).toContain("registry_match");
    expect(html).toContain("+3");
    expect(html).toContain("a business register lists this number"); // the points table's meaning
    expect(html).toContain("Under UK SI 2015/17 reg. 25, add: registered_in."); // what to do
    expect(html).toContain("https://tallis-rowe.co.uk/contact");
    expect(html).toContain("Tallis &#38; Rowe Ltd"); // escaped
    expect(html).toContain('action="/api/v1/sites/tallis-rowe.co.uk/rerate"');
  });

  it("says 404 for a domain not rated yet, 400 for bad input, 503 when the database is down", async () => {
    const missing = await ask("/api/v1/sites/never-rated.com");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_RATED" } });
    expect((await ask("/api/v1/sites/never-rated.com?format=html")).status).toBe(404);
    for (const bad of ["127.0.0.1", "localhost", "%zz", "a..b"]) {
      const res = await ask(`/api/v1/sites/${bad}`);
      expect(res.status, bad).toBe(400);
    }
    expect((await ask("/api/v1/sites/tallis-rowe.co.uk?format=xml")).status).toBe(400);
    const down = await ask("/api/v1/sites/tallis-rowe.co.uk", {}, DEAD_DATABASE_URL);
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
  });
});

describe("POST /api/v1/sites/{domain}/rerate", () => {
  it("queues one webmaster re-rating per hour, then answers 429 with Retry-After", async () => {
    const first = await ask("/api/v1/sites/rerate-me.com/rerate", { method: "POST" });
    expect(first.status).toBe(202);
    const job = await sql.execute("SELECT priority, state FROM job WHERE kind = 'rate' AND job_key = 'rerate-me.com'");
    expect(job.rows[0]).toMatchObject({ priority: 120, state: 3 });
    const second = await ask("/api/v1/sites/rerate-me.com/rerate", { method: "POST" });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(await second.json()).toMatchObject({ error: { code: "RERATE_TOO_SOON" } });
    const page = await ask("/api/v1/sites/rerate-me.com?format=json");
    expect(page.status).toBe(404);
  });

  it("sends a browser's form post back to the page", async () => {
    const res = await ask("/api/v1/sites/form-post.com/rerate", { method: "POST", headers: { accept: "text/html" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/api/v1/sites/form-post.com?format=html");
  });
});
