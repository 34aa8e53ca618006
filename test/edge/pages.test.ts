import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { claim, markCount } from "../../edge/pages/coalesce.ts";
import { KV_MAX_KEY_BYTES, pageCacheKey, pageFreshness, usesPageCache } from "../../edge/pages/policy.ts";
import { MAX_REMEMBERED, takeRefresh } from "../../edge/pages/refresh.ts";
import { callEdge, get } from "./helpers.ts";

// The origin is a real HTTP server on loopback (test/support/page-origin.ts) that counts its requests.
const origin = (env as unknown as { ORIGIN_URL: string }).ORIGIN_URL;
async function originHits(path: string): Promise<number> {
  return Number(await (await fetch(`${origin}/_hits?path=${encodeURIComponent(path)}`)).text());
}
const unique = (prefix: string) => `${prefix}/${crypto.randomUUID()}`;

describe("page fall-through to the origin", () => {
  it("passes a page request to the origin with forwarding headers and streams the answer back", async () => {
    const res = await get("/echo/x?b=2&a=1", { headers: { "cf-ray": "edge-test-1", cookie: "lang=ru" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-origin")).toBe("yes");
    const body = (await res.json()) as { method: string; url: string; headers: Record<string, string> };
    expect(body.url).toBe("/echo/x?b=2&a=1");
    expect(body.headers["x-forwarded-host"]).toBe("edge.test");
    expect(body.headers["x-forwarded-proto"]).toBe("https");
    expect(body.headers["x-request-id"]).toBe("edge-test-1");
    expect(body.headers.cookie).toBe("lang=ru");
  });

  it("passes POST bodies, redirects and cookies through untouched", async () => {
    const posted = await get("/echo/form", { method: "POST", body: "q=1", headers: { "content-type": "text/plain" } });
    expect(((await posted.json()) as { method: string; body: string }).body).toBe("q=1");
    const moved = await get("/moved");
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe("/cached/target");
    expect(moved.headers.get("set-cookie")).toBe("seen=1");
  });

  it("streams a large body through", async () => {
    const res = await get("/stream/big");
    expect(res.headers.get("x-bonafide-cache")).toBe("MISS");
    expect((await res.arrayBuffer()).byteLength).toBe(4 * 1024 * 1024);
  });

  it("keeps unknown API and admin paths as JSON 404s", async () => {
    for (const path of ["/api/v1/nothing", "/api", "/_bonafide/nothing"]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });

  it("answers 502 with a code when the origin is down, and 404 when no origin is configured", async () => {
    const down = await get("/cached/x", {}, { ORIGIN_URL: "http://127.0.0.1:9" });
    expect(down.status).toBe(502);
    expect(down.headers.get("content-type")).toMatch(/json/);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe("ORIGIN_UNAVAILABLE");
    expect((await get("/cached/x", {}, { ORIGIN_URL: "" })).status).toBe(404);
  });
});

describe("the KV page cache", () => {
  it("stores a public, s-maxage page and serves it from KV without asking the origin again", async () => {
    const path = unique("/cached");
    const first = await get(`${path}?b=2&a=1`);
    expect(first.headers.get("x-bonafide-cache")).toBe("MISS");
    const text = await first.text();
    const second = await get(`${path}?a=1&b=2&utm_source=mail`);
    expect(second.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(Number(second.headers.get("age"))).toBeGreaterThanOrEqual(0);
    expect(await second.text()).toBe(text);
    expect(await originHits(path)).toBe(1);
  });

  it("caches a page whose URL is too long for a KV key (a long search), by its hash", async () => {
    const path = unique("/cached");
    const query = `?q=${"x".repeat(5000)}`;
    const first = await get(`${path}${query}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-bonafide-cache")).toBe("MISS");
    await first.text();
    const second = await get(`${path}${query}`);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-bonafide-cache")).toBe("HIT");
    await second.text();
    expect(await originHits(path)).toBe(1);
  });

  it("fills the cache from a HEAD miss (asking the origin with GET), so `curl -I` twice is MISS then HIT", async () => {
    const path = unique("/cached");
    const head = await get(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-bonafide-cache")).toBe("MISS");
    expect(await head.text()).toBe("");
    const again = await get(path, { method: "HEAD" });
    expect(again.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(await again.text()).toBe("");
    const full = await get(path);
    expect(full.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(await full.text()).toBe(`<p>${path} #1</p>`); // the body the HEAD's GET brought
    expect(await originHits(path)).toBe(1);

    const big = unique("/bigcached");
    expect((await get(big, { method: "HEAD" })).headers.get("x-bonafide-cache")).toBe("MISS");
    const bigHit = await get(big);
    expect(bigHit.headers.get("x-bonafide-cache")).toBe("HIT");
    expect((await bigHit.arrayBuffer()).byteLength).toBe(2 * 1024 * 1024);
    expect(await originHits(big)).toBe(1);
  });

  it("also keeps a cacheable 404", async () => {
    const path = unique("/gone");
    expect((await get(path)).status).toBe(404);
    const again = await get(path);
    expect(again.status).toBe(404);
    expect(again.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(await originHits(path)).toBe(1);
  });

  it("never stores private pages or pages that set a cookie", async () => {
    for (const prefix of ["/private", "/cookie"]) {
      const path = unique(prefix);
      await (await get(path)).text();
      const again = await get(path);
      expect(again.headers.get("x-bonafide-cache")).toBe("MISS");
      expect(await originHits(path)).toBe(2);
    }
  });

  it("goes back to the origin once a stored page has expired", async () => {
    const path = unique("/cached");
    const key = await pageCacheKey(new URL(`https://edge.test${path}`));
    const past = Date.now() - 10_000;
    await env.PAGES.put(key, "<p>old</p>", {
      metadata: { status: 200, headers: [["content-type", "text/html"]], storedAt: past - 60_000, expiresAt: past },
    });
    const res = await get(path);
    expect(res.headers.get("x-bonafide-cache")).toBe("MISS");
    expect(await res.text()).toContain(path);
    expect(await originHits(path)).toBe(1);
  });

  it("bypasses the cache for debug views and authorised requests", async () => {
    const path = unique("/cached");
    await (await get(path)).text();
    const debug = await get(`${path}?_debug=token`);
    expect(debug.headers.get("x-bonafide-cache")).toBe("BYPASS");
    const cookie = await callEdge(new Request(`https://edge.test${path}`, { headers: { cookie: "bonafide_debug=t" } }));
    expect(cookie.headers.get("x-bonafide-cache")).toBe("BYPASS");
    await Promise.all([debug.text(), cookie.text()]);
    expect(await originHits(path)).toBe(3); // the first request, then both bypasses
  });
});

describe("page cache policy (pure)", () => {
  const defaults = { staleWhileRevalidateS: 60, staleIfErrorS: 86_400 };
  const lifetime = (headers: Record<string, string>, status = 200) =>
    pageFreshness(status, new Headers(headers), defaults)?.lifetimeS ?? null;
  it("stores s-maxage pages and public max-age pages, no cookie, no Vary beyond Accept-Encoding", () => {
    expect(lifetime({ "cache-control": "public, s-maxage=60" })).toBe(60);
    expect(lifetime({ "cache-control": "s-maxage=60, max-age=5" })).toBe(60); // s-maxage wins
    expect(lifetime({ "cache-control": "public, max-age=60" })).toBe(60);
    expect(lifetime({ "cache-control": "max-age=60" })).toBeNull(); // a browser's, unless public
    expect(lifetime({ "cache-control": "public, s-maxage=60, no-store" })).toBeNull();
    expect(lifetime({ "cache-control": "public, s-maxage=60, no-cache" })).toBeNull();
    expect(lifetime({ "cache-control": "public, s-maxage=60", vary: "Accept-Encoding" })).toBe(60);
    expect(lifetime({ "cache-control": "public, s-maxage=60", vary: "Cookie" })).toBeNull();
    expect(lifetime({ "cache-control": "public, s-maxage=60" }, 500)).toBeNull();
    expect(lifetime({ "cache-control": "public, s-maxage=x" })).toBeNull();
  });
  it("takes the stale windows from the origin, else the defaults, and none with must-revalidate", () => {
    const f = (cc: string, age?: string) =>
      pageFreshness(200, new Headers({ "cache-control": cc, ...(age ? { age } : {}) }), defaults);
    expect(f("public, s-maxage=60, stale-while-revalidate=5, stale-if-error=7", "12")).toEqual({
      lifetimeS: 60,
      initialAgeS: 12,
      staleWhileRevalidateS: 5,
      staleIfErrorS: 7,
    });
    expect(f("public, s-maxage=60")).toMatchObject({ staleWhileRevalidateS: 60, staleIfErrorS: 86_400 });
    expect(f("public, s-maxage=60, must-revalidate")).toMatchObject({ staleWhileRevalidateS: 0, staleIfErrorS: 0 });
  });
  it("keys pages by host, path and sorted query without tracking parameters", async () => {
    expect(await pageCacheKey(new URL("https://Jobs.Example/search?q=a&lang=ru&utm_medium=x"))).toBe(
      "p:jobs.example/search?lang=ru&q=a",
    );
    const long = (q: string) => pageCacheKey(new URL(`https://jobs.example/search?q=${q}`));
    const [a, b] = await Promise.all([long("я".repeat(3000)), long(`${"я".repeat(2999)}ю`)]);
    expect(a).toMatch(/^p#[0-9a-f]{64}:p:jobs\.example\/search\?q=/);
    expect(new TextEncoder().encode(a).length).toBeLessThanOrEqual(KV_MAX_KEY_BYTES);
    expect(a).not.toBe(b); // the same start, different URLs: different keys
    expect(usesPageCache(new Request("https://x/", { method: "POST" }))).toBe(false);
  });
  it("keys a page without a query the same whether or not it takes the short way", async () => {
    expect(await pageCacheKey(new URL("https://Jobs.Example/Jobs/Berlin"))).toBe("p:jobs.example/Jobs/Berlin");
    expect(await pageCacheKey(new URL("https://jobs.example/a?"))).toBe("p:jobs.example/a");
    expect(await pageCacheKey(new URL("https://jobs.example/a?utm_source=x"))).toBe("p:jobs.example/a");
    // A path too long for the short way (over 512 / 3 characters) still gets a key that fits KV.
    const path = `/${"%D1%8F".repeat(80)}`;
    const key = await pageCacheKey(new URL(`https://jobs.example${path}`));
    expect(key).toBe(`p:jobs.example${path}`);
    const longer = await pageCacheKey(new URL(`https://jobs.example/${"x".repeat(600)}`));
    expect(longer).toMatch(/^p#[0-9a-f]{64}:p:jobs\.example\/x/);
    expect(usesPageCache(new Request("https://x/p?_debug=1"))).toBe(false);
    expect(usesPageCache(new Request("https://x/p?"))).toBe(true);
  });
});

describe("per-isolate page state is bounded", () => {
  it("forgets the oldest coalescing marks past 1,000 and the oldest refresh marks past MAX_REMEMBERED", () => {
    const now = Date.now();
    for (let i = 0; i < 3000; i++) expect(claim(`p:bound.test/${i}`, now, 60_000)).toBe("lead");
    expect(markCount()).toBeLessThanOrEqual(1000);
    expect(claim("p:bound.test/2999", now, 60_000)).toBe("wait"); // the newest is still there
    expect(claim("p:bound.test/0", now, 60_000)).toBe("lead"); // the oldest was forgotten
    expect(takeRefresh("p:bound.test/r0", now)).toBe(true);
    expect(takeRefresh("p:bound.test/r0", now)).toBe(false);
    for (let i = 1; i <= MAX_REMEMBERED; i++) takeRefresh(`p:bound.test/r${i}`, now);
    expect(takeRefresh("p:bound.test/r0", now)).toBe(true);
  });
});
