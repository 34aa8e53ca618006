/** @module The evidence page at the edge, inside workerd, against the real MariaDB: JSON, HTML, 4xx, re-rating limits. */
import { env } from "cloudflare:workers";
import { Client } from "@planetscale/database";
import { beforeAll, describe, expect, it } from "vitest";
import { SEEDED_SITES, SITE_A, SITE_HOSTILE, SITE_Q, SITE_U, SITE_X, seedSites } from "../support/evidence-sites.ts";
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
  await seedSites(sql, SEEDED_SITES);
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
    expect(html).toContain("Confirmed by a business register"); // the points table's title
    expect(html).toContain("+3");
    expect(html).toContain("a business register lists this number"); // the points table's meaning
    expect(html).toContain("Add where the company is registered to the imprint or legal page"); // what to do
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
  it("answers 503 with Retry-After when the database does not answer, not a 500", async () => {
    const down = await ask("/api/v1/sites/rerate-down.com/rerate", { method: "POST" }, DEAD_DATABASE_URL);
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe("DATABASE_UNAVAILABLE");
  });

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

/** The text a person sees: no style, no tags, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, " ");
}

async function pageText(domain: string): Promise<{ html: string; text: string }> {
  const res = await ask(`/api/v1/sites/${domain}?format=html`);
  expect(res.status).toBe(200);
  const html = await res.text();
  return { html, text: visibleText(html) };
}

const DATE_TIME =
  /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d{2}:\d{2} UTC/;

describe("the evidence page in words", () => {
  it("shows each letter with its words, dates for people and no internal codes or ISO timestamps", async () => {
    const words = {
      A: "A — verified",
      Q: "Q — identified",
      X: "X — no identity or negative information",
      U: "U — not ratable",
    };
    for (const site of [SITE_A, SITE_Q, SITE_X, SITE_U]) {
      const { text } = await pageText(site.domain);
      expect(text, site.domain).toContain(words[site.rating]);
      expect(text, site.domain).toMatch(new RegExp(`Rated ${DATE_TIME.source} \\(2 hours ago\\)`));
      expect(text, site.domain).toMatch(new RegExp(`Next rating by ${DATE_TIME.source} \\(in \\d+ (days|hours)\\)`));
      expect(text, site.domain).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no ISO date or timestamp
      expect(text, site.domain).not.toMatch(/gate:|\b[a-z]+_[a-z_]+\b/); // no gate:verified, tls_dv, address_found
    }
    expect((await pageText(SITE_A.domain)).text).toContain("4 March 2015"); // an older rating's ISO detail
    expect((await pageText(SITE_Q.domain)).text).toMatch(/\(in 13 days\)/);
  });

  it("shows negative reasons as against, and the score as the sum of the points, never a perfect one", async () => {
    const { html, text } = await pageText(SITE_Q.domain);
    const against = /<section aria-labelledby="against">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    expect(visibleText(against)).toContain("Against (1)");
    expect(visibleText(against)).toMatch(/\u22122 against Sells without https/);
    expect(text).toContain("Score 90 / 100");
    expect(text).toContain("Here they add up to +6.5 (+8.5 for, \u22122 against)");
    expect(text).not.toContain("100 / 100");
    expect(text).not.toContain("earlier scale"); // the seeded score is the one the sum gives
    const u = await pageText(SITE_U.domain);
    expect(u.text).toContain("Not scored");
  });

  it("advises what the letter asks: X's owner what to fix, Q what A needs, U what it means", async () => {
    const x = (await pageText(SITE_X.domain)).text;
    expect(x).not.toContain("Nothing to do");
    expect(x).toContain('The domain name imitates the brand "paypal"');
    expect(x).toContain("use a domain name of your own");
    expect(x).toContain("the name imitates paypal (typo)"); // why X, whole
    const q = (await pageText(SITE_Q.domain)).text;
    expect(q).toContain("To be verified (A): be findable in a business register");
    expect(q).toContain("Serve the site, and above all checkout, over https.");
    const u = (await pageText(SITE_U.domain)).text;
    expect(u).toContain("there is no business to rate");
    const a = (await pageText(SITE_A.domain)).text;
    expect(a).toContain("Nothing more is needed for A");
    expect(a).toContain("Add where the company is registered");
  });

  it("escapes every text a hostile site controls", async () => {
    const { html, text } = await pageText(SITE_HOSTILE.domain);
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).not.toContain('href="javascript:');
    expect(text).toContain('"><script>alert(1)</script><img src=x onerror=alert(2)>'); // shown, as text
    expect(text).toContain("<b>new code</b>"); // an unknown code, in words, as text
  });
});
