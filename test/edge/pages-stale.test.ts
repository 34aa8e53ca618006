/**
 * @module The page cache past freshness: STALE (one refresh, through the queue or the origin), STALE-IF-ERROR
 * (the origin unreachable, 5xx or timed out), and Age. Stale pages are made by storing them with a storedAt in
 * the past (the tests control the clock through the metadata, never by sleeping); the queue is a real MariaDB
 * behind the SQL-over-HTTP endpoint, the origin a real server on loopback (test/support/page-origin.ts).
 */
import { env } from "cloudflare:workers";
import { Client } from "@planetscale/database";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoredPageMeta } from "../../edge/pages/meta.ts";
import { pageCacheKey } from "../../edge/pages/policy.ts";
import { callEdge, DEAD_DATABASE_URL, setupDatabaseUrl } from "./helpers.ts";

const origin = (env as unknown as { ORIGIN_URL: string }).ORIGIN_URL;
const configured = new URL(env.DATABASE_URL ?? "");
const DATABASE_URL = `http://bft_edge_pgstale_${Math.random().toString(36).slice(2, 10)}:test@${configured.host}`;
const sql = new Client({ url: setupDatabaseUrl(DATABASE_URL) });
const DEAD_ORIGIN = "http://127.0.0.1:9";

async function originHits(path: string): Promise<number> {
  return Number(await (await fetch(`${origin}/_hits?path=${encodeURIComponent(path)}`)).text());
}
const unique = (prefix: string) => `${prefix}/${crypto.randomUUID()}`;

/** Stores `path` as if received `ageS` seconds ago, fresh for `lifetimeS`, with the given windows. */
async function storeAged(
  path: string,
  o: { ageS: number; lifetimeS?: number; swr?: number; sie?: number; initialAge?: number },
): Promise<string> {
  const key = await pageCacheKey(new URL(`https://edge.test${path}`));
  const storedAt = Date.now() - o.ageS * 1000;
  const meta: StoredPageMeta = {
    status: 200,
    headers: [
      ["content-type", "text/html"],
      ["etag", '"v1"'],
    ],
    storedAt,
    initialAge: o.initialAge ?? 0,
    expiresAt: storedAt + ((o.lifetimeS ?? 60) - (o.initialAge ?? 0)) * 1000,
    swr: o.swr ?? 600,
    sie: o.sie ?? 3600,
    bytes: 13,
  };
  await env.PAGES.put(key, "<p>stored</p>", { metadata: meta });
  return key;
}

function page(path: string, overrides: Record<string, string> = {}, method = "GET"): Promise<Response> {
  return callEdge(new Request(`https://edge.test${path}`, { method }), { DATABASE_URL, ...overrides });
}

beforeAll(async () => {
  await sql.execute("SELECT 1");
});

describe("stale-while-revalidate", () => {
  it("serves a stale page as STALE and queues exactly one page job for it, whatever the number of stale hits", async () => {
    const path = unique("/swr");
    const key = await storeAged(path, { ageS: 120 }); // fresh for 60 s, stale for 600 more
    for (let i = 0; i < 5; i++) {
      const res = await page(`${path}?utm_source=x`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-bonafide-cache")).toBe("STALE");
      expect(Number(res.headers.get("age"))).toBeGreaterThanOrEqual(120);
      expect(await res.text()).toBe("<p>stored</p>");
    }
    const jobs = await sql.execute(
      "SELECT job_key, state, priority, requests, payload, HEX(client_key) AS lane FROM job WHERE kind = 'page'",
    );
    const mine = (jobs.rows as Record<string, unknown>[]).filter((r) => r.job_key === key);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 3, priority: 100, requests: 1, lane: "70616765" }); // "page"
    expect(JSON.parse(String(mine[0]?.payload))).toEqual({
      url: `https://edge.test${path}?utm_source=x`,
      key,
      etag: '"v1"',
    });
    expect(await originHits(path)).toBe(0); // the aggregators refresh it, not the edge
  });

  it("refreshes from the origin itself when no database is configured, revalidating with the stored ETag", async () => {
    const path = unique("/swr");
    await storeAged(path, { ageS: 120 });
    const stale = await page(path, { DATABASE_URL: "" });
    expect(stale.headers.get("x-bonafide-cache")).toBe("STALE");
    await stale.text();
    expect(await originHits(path)).toBe(1); // one conditional request: 304, so only freshness moved
    const hit = await page(path, { DATABASE_URL: "" });
    expect(hit.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(Number(hit.headers.get("age"))).toBeLessThan(60);
    expect(hit.headers.get("cache-control")).toBe("public, s-maxage=300");
    expect(await hit.text()).toBe("<p>stored</p>");
  });

  it("never fails the visitor when the database is down: STALE, and the origin refreshes the page instead", async () => {
    const path = unique("/swr");
    await storeAged(path, { ageS: 120 });
    const res = await page(path, { DATABASE_URL: DEAD_DATABASE_URL });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bonafide-cache")).toBe("STALE");
    await res.text();
    expect(await originHits(path)).toBe(1);
  });
});

describe("stale-if-error", () => {
  it("serves a stored page inside its stale-if-error window for every request while the origin is down", async () => {
    const path = unique("/swr");
    await storeAged(path, { ageS: 300, swr: 60, sie: 3600 }); // past stale-while-revalidate, inside stale-if-error
    const statuses = new Map<string, number>();
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => page(path, { ORIGIN_URL: DEAD_ORIGIN })));
      for (const res of answers) {
        const label = `${res.status} ${res.headers.get("x-bonafide-cache")} ${await res.text()}`;
        statuses.set(label, (statuses.get(label) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({ "200 STALE-IF-ERROR <p>stored</p>": 200 });
    const head = await page(path, { ORIGIN_URL: DEAD_ORIGIN }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("x-bonafide-cache")).toBe("STALE-IF-ERROR");
    expect(await head.text()).toBe("");
  });

  it("also when the origin answers 5xx or does not answer in time", async () => {
    const failing = unique("/fail");
    await storeAged(failing, { ageS: 300, swr: 60 });
    const res = await page(failing);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bonafide-cache")).toBe("STALE-IF-ERROR");
    expect(await res.text()).toBe("<p>stored</p>");
    expect(await originHits(failing)).toBe(1);

    const hanging = unique("/hang");
    await storeAged(hanging, { ageS: 300, swr: 60 });
    const late = await page(hanging, { PAGES_ORIGIN_TIMEOUT_MS: "300" });
    expect(late.status).toBe(200);
    expect(late.headers.get("x-bonafide-cache")).toBe("STALE-IF-ERROR");
    await late.text();
  });

  it("asks the origin inside the stale-if-error window and stores its new page when it answers", async () => {
    const path = unique("/swr");
    await storeAged(path, { ageS: 300, swr: 60 });
    const res = await page(path);
    expect(res.headers.get("x-bonafide-cache")).toBe("MISS");
    expect(await res.text()).toContain(path);
    const hit = await page(path);
    expect(hit.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(await hit.text()).toContain(path);
  });

  it("outside every window behaves as a miss: the origin's error answer when it is down", async () => {
    const path = unique("/swr");
    await storeAged(path, { ageS: 5000, swr: 60, sie: 600 });
    const res = await page(path, { ORIGIN_URL: DEAD_ORIGIN });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ORIGIN_UNAVAILABLE");
  });
});

describe("Age", () => {
  it("is the age the origin reported plus the time the page has been stored", async () => {
    const path = unique("/swr");
    await storeAged(path, { ageS: 20, initialAge: 30, lifetimeS: 120 });
    const res = await page(path);
    expect(res.headers.get("x-bonafide-cache")).toBe("HIT");
    const age = Number(res.headers.get("age"));
    expect(age).toBeGreaterThanOrEqual(50);
    expect(age).toBeLessThan(55);
    await res.text();
    // Counted against the lifetime: 120 s lifetime, 30 s old on arrival, stored 100 s ago → stale. (Another
    // path: this isolate's hot tier rightly keeps the fresh copy it just served over an older one in KV.)
    const older = unique("/swr");
    await storeAged(older, { ageS: 100, initialAge: 30, lifetimeS: 120 });
    const stale = await page(older, { DATABASE_URL: "" });
    expect(stale.headers.get("x-bonafide-cache")).toBe("STALE");
    await stale.text();
  });
});
