import { env } from "cloudflare:workers";
import { Client } from "@planetscale/database";
import { beforeAll, describe, expect, it } from "vitest";
import { LEGACY_MAX_URL_LENGTH } from "../../edge/compat/parse-v3.ts";
import { resolveRatings } from "../../edge/rate/resolve.ts";
import type { RatingStore } from "../../edge/rate/store.ts";
import { ratingKey } from "../../shared/kv-keys.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { callEdge, setupDatabaseUrl } from "./helpers.ts";

// Ad Limiter (unchanged, in Firefox ESR) sends every uncached host on a page in one GET, without batching.
// SiteTruth accepted that; so does the legacy path, up to the URL length Cloudflare gives a Worker, with
// the real MariaDB behind the edge: known hosts from KV, unknown ones queued in one statement and W, each
// new domain charged to the client's new-domain budget, and what is past it W / error (ask again), never U.

const configured = new URL(env.DATABASE_URL ?? "");
const DB_NAME = `bft_edge_legacy_${Math.random().toString(36).slice(2, 10)}`;
const DATABASE_URL = `http://${DB_NAME}:test@${configured.host}`;
const sql = new Client({ url: setupDatabaseUrl(DATABASE_URL) });
// The raters publish 1 new domain a minute per client (rater_capacity below), so each client's new-domain
// bucket holds max(one minute of budget, one full request) = 50 (MAX_DOMAINS_PER_REQUEST's default) and
// refills too slowly to matter here: what a test queues is exactly what it was charged.
const BINDINGS = { DATABASE_URL };
const BUDGET = 50;
const BASE = "https://edge.test/fcgi/rateapiv3.fcgi?key=searchrater&format=json";

type V3Item = Record<string, string>;

async function legacyGet(url: string, ip: string) {
  const res = await callEdge(new Request(url, { headers: { "cf-connecting-ip": ip } }), {
    ...BINDINGS,
    API_KEYS: "searchrater",
  });
  const text = await res.text();
  return { res, text, source: (res.headers.get("x-bonafide-source") ?? "").split(",") };
}

async function v3(hosts: readonly string[], ip: string) {
  const { res, text, source } = await legacyGet(`${BASE}&${hosts.map((h) => `url=${h}`).join("&")}`, ip);
  expect(res.status, text.slice(0, 300)).toBe(200);
  return { res, body: JSON.parse(text) as V3Item[], source };
}

const LETTERS = ["A", "Q", "X"] as const;
function knownRating(domain: string, i: number): StoredRating {
  const rating = LETTERS[i % LETTERS.length] ?? "Q";
  return {
    domain,
    rating,
    ratingInfo: rating === "A" ? "" : rating === "Q" ? "unverified" : "no_location",
    score: 50,
    confidence: "high",
    reasons: [],
    ratedAt: "2026-11-01T10:00:00.000Z",
    expiresAt: "2099-01-01T00:00:00.000Z",
  };
}

async function seedKv(ratings: readonly StoredRating[]): Promise<void> {
  await Promise.all(ratings.map((r) => env.RATINGS.put(ratingKey(r.domain), JSON.stringify(r))));
}

async function queuedCount(domains: readonly string[]): Promise<number> {
  const r = await sql.execute("SELECT COUNT(*) AS n FROM job WHERE kind = 'rate' AND job_key IN (?)", [domains]);
  return Number((r.rows[0] as { n: unknown }).n);
}

/** `count` known (in KV, letters A/Q/X in turn) and `fresh` unknown hosts, interleaved as links on a page are. */
async function page(tag: string, count: number, fresh: number) {
  const known = Array.from({ length: count }, (_, i) => knownRating(`${tag}-known-${i}.de`, i));
  await seedKv(known);
  const unknown = Array.from({ length: fresh }, (_, i) => `${tag}-new-${i}.com`);
  const hosts: string[] = [];
  for (let i = 0; i < Math.max(count, fresh); i++) {
    const k = known[i];
    if (k) hosts.push(`www.${k.domain}`);
    const u = unknown[i];
    if (u) hosts.push(u);
  }
  return { known, unknown, hosts };
}

function expectAnswered(body: V3Item[], hosts: readonly string[], known: readonly StoredRating[]) {
  expect(body).toHaveLength(hosts.length);
  const letters = new Map(known.map((k) => [`www.${k.domain}`, k.rating]));
  for (const [i, item] of body.entries()) {
    const host = hosts[i] ?? "";
    expect(item.domain).toBe(host); // in order, echoed as sent
    const letter = letters.get(host);
    if (letter) expect(item).toMatchObject({ rating: letter, status: "200" });
    else expect(item).toEqual({ domain: host, rating: "W", ratinginfo: "", status: "202" });
  }
}

beforeAll(async () => {
  await sql.execute("SELECT 1");
  await sql.execute(
    "INSERT INTO rater_capacity (kind, per_minute, client_new_per_minute, measured_at) VALUES ('rate', 4, 1, NOW(3))",
  );
});

describe("a whole page of hosts in one legacy GET", () => {
  it("answers a 60-host page: known hosts with their letter from KV, unknown ones queued and W, duplicates per position", async () => {
    const { known, unknown, hosts } = await page("p60", 20, 40);
    // Pages link one site many times: a repeated host is answered at each position and queued once.
    const asked = [...hosts, `www.${known[0]?.domain}`, unknown[0] ?? ""];
    const { body, source } = await v3(asked, "198.51.100.60");
    expectAnswered(body, asked, known);
    expect(source.filter((s) => s === "kv")).toHaveLength(21);
    expect(source.filter((s) => s === "queued")).toHaveLength(41);
    expect(source).not.toContain("unavailable"); // nothing left unanswered at the deadline
    expect(await queuedCount(unknown)).toBe(40);
    const repeated = await sql.execute("SELECT requests FROM job WHERE kind = 'rate' AND job_key = ?", [unknown[0]]);
    expect(Number((repeated.rows[0] as { requests: unknown }).requests)).toBe(1);
  });

  it("answers a 400-host page: every known letter from KV, every unknown W, each new domain charged to the budget", async () => {
    const { known, unknown, hosts } = await page("p400", 150, 250);
    expect(hosts).toHaveLength(400);
    const ip = "198.51.100.61";
    const { body, source } = await v3(hosts, ip);
    expectAnswered(
      body.map((item, i) => (source[i] === "deferred" ? { ...item, ratinginfo: "" } : item)),
      hosts,
      known,
    );
    expect(source).not.toContain("unavailable");
    expect(source.filter((s) => s === "kv")).toHaveLength(150);
    // The client's budget queues the first 50 new domains (in page order); the other 200 are W / error / "202"
    // — ask again, as SiteTruth's clients do every 5 s — and not queued. None is U.
    expect(source.filter((s) => s === "queued")).toHaveLength(BUDGET);
    expect(source.filter((s) => s === "deferred")).toHaveLength(250 - BUDGET);
    for (const [i, item] of body.entries()) {
      if (source[i] === "deferred") expect(item).toMatchObject({ rating: "W", ratinginfo: "error", status: "202" });
    }
    expect(await queuedCount(unknown.slice(0, BUDGET))).toBe(BUDGET);
    expect(await queuedCount(unknown.slice(BUDGET))).toBe(0);

    // The budget is spent: the same client's next new domains wait, its known ones are still answered.
    const again = await v3(["p400-new-249.com", "www.p400-known-0.de"], ip);
    expect(again.source).toEqual(["deferred", "kv"]);
    expect(again.body[1]).toMatchObject({ rating: "A", status: "200" });
    // Another client has a budget of its own.
    const other = await v3(["p400-new-249.com"], "198.51.100.62");
    expect(other.body[0]).toEqual({ domain: "p400-new-249.com", rating: "W", ratinginfo: "", status: "202" });
    expect(await queuedCount(["p400-new-249.com"])).toBe(1);
  });
});

describe("the URL length limit", () => {
  /** A v3 URL of exactly `length` characters: short hosts, the last one padded. */
  function urlOfLength(length: number): { url: string; count: number } {
    let url = BASE;
    let i = 0;
    while (url.length + `&url=len-${i}.com`.length + 40 < length) url += `&url=len-${i++}.com`;
    const head = `${url}&url=len-pad-`;
    return { url: `${head}${"x".repeat(length - head.length - 4)}.com`, count: i + 1 };
  }

  it("accepts a request at Cloudflare's limit and answers every value", async () => {
    const { url, count } = urlOfLength(LEGACY_MAX_URL_LENGTH);
    expect(url).toHaveLength(LEGACY_MAX_URL_LENGTH);
    expect(count).toBeGreaterThan(900);
    const { res, text, source } = await legacyGet(url, "198.51.100.63");
    expect(res.status).toBe(200);
    const body = JSON.parse(text) as V3Item[];
    expect(body).toHaveLength(count);
    // All unknown, for a fresh client: the first 50 queued, the rest past its budget; every one W.
    expect(body.every((item) => item.rating === "W" && item.status === "202")).toBe(true);
    expect(source.filter((s) => s === "queued")).toHaveLength(BUDGET);
    expect(source).not.toContain("unavailable");
  });

  it("refuses one character more with 414 and a message that states the limit", async () => {
    const { url } = urlOfLength(LEGACY_MAX_URL_LENGTH + 1);
    const { res, text } = await legacyGet(url, "198.51.100.64");
    expect(res.status).toBe(414);
    expect(res.headers.get("x-bonafide-error")).toBe("URL_TOO_LONG");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(text).toContain(`over the limit of ${LEGACY_MAX_URL_LENGTH}`);
    expect(text).toContain("two or more requests");
  });
});

describe("the deadline with hundreds of hosts", () => {
  it("answers the known ones from KV and the rest unavailable when the database hangs, within one deadline", async () => {
    const { known, hosts } = await page("hang", 200, 200);
    const never = () => new Promise<never>(() => undefined);
    const hanging: RatingStore = { readRatings: never, enqueue: never, readClientBudget: never };
    const { items, sources } = await resolveRatings(
      {
        kv: env.RATINGS,
        store: hanging,
        now: new Date(),
        retryAfterSeconds: 5,
        waitUntil: () => undefined,
        log: () => undefined,
        deadlineMs: 1_000,
      },
      hosts,
      "00",
      10,
    );
    expect(sources.filter((s) => s === "kv")).toHaveLength(known.length);
    expect(sources.filter((s) => s === "unavailable")).toHaveLength(200);
    expect(items.filter((i) => i.status === 200)).toHaveLength(200);
  });
});
