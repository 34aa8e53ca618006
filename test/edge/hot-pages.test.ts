/**
 * @module Pages in the hot tier (edge/hot-pages.ts) inside workerd: never held past what may be served
 * without the origin (freshness, then stale-while-revalidate), bytes handed out as copies (a Response built
 * from one cannot detach what is held), bodies over the per-value limit refused, purges that a read begun
 * earlier cannot undo; and the page cache's hook: a second HIT is answered from memory (the KV copy deleted
 * behind its back), so is a STALE with its one refresh, and a refresh made here replaces it at once.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { pagesHot } from "../../edge/hot-cache.ts";
import { dropAllPages, dropPages, heldPage, holdPage, holdPageFrom } from "../../edge/hot-pages.ts";
import type { StoredPageMeta } from "../../edge/pages/meta.ts";
import { pageCacheKey } from "../../edge/pages/policy.ts";
import { DEAD_DATABASE_URL, get } from "./helpers.ts";

/** Nothing answers here: a refresh can neither be queued nor fetched, so what is held stays held. */
const NOTHING = { DATABASE_URL: DEAD_DATABASE_URL, ORIGIN_URL: "http://127.0.0.1:9" };

/** Stores `path`'s page in KV as if stored `ageS` seconds ago, fresh for 60 s, with the given windows. */
async function storeAged(path: string, ageS: number, swr: number, sie: number): Promise<string> {
  const key = await pageCacheKey(new URL(`https://edge.test${path}`));
  const storedAt = Date.now() - ageS * 1000;
  const meta: StoredPageMeta = {
    status: 200,
    headers: [["content-type", "text/html"]],
    storedAt,
    initialAge: 0,
    expiresAt: storedAt + 60_000,
    swr,
    sie,
    bytes: 13,
  };
  await env.PAGES.put(key, "<p>stored</p>", { metadata: meta });
  return key;
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const text = (buffer: ArrayBuffer) => new TextDecoder().decode(buffer);
const opts = (nowMs: number, over: Partial<Parameters<typeof holdPage>[3]> = {}) => ({
  nowMs,
  servableUntilMs: nowMs + 60_000,
  version: nowMs,
  ttlMs: 5000,
  ...over,
});

beforeEach(() => pagesHot.clear());

describe("pages in the hot tier", () => {
  it("holds a fresh page and hands out copies a Response may consume", async () => {
    const now = Date.now();
    expect(holdPage("p:a/x", '{"status":200}', bytes("<p>hello</p>"), opts(now))).toBe(true);
    const first = heldPage("p:a/x", now);
    expect(first?.meta).toBe('{"status":200}');
    expect(await new Response(first?.body).text()).toBe("<p>hello</p>");
    const second = heldPage("p:a/x", now);
    expect(text(second?.body ?? new ArrayBuffer(0))).toBe("<p>hello</p>");
  });

  it("never holds a page past what may be served without the origin, and holds nothing with a hot TTL of 0", () => {
    const now = 1_000_000;
    holdPage("p:a/fresh-2s", "{}", bytes("x"), opts(now, { servableUntilMs: now + 2000 }));
    expect(heldPage("p:a/fresh-2s", now + 1999)).toBeDefined();
    expect(heldPage("p:a/fresh-2s", now + 2000)).toBeUndefined();
    expect(holdPage("p:a/stale", "{}", bytes("x"), opts(now, { servableUntilMs: now - 1 }))).toBe(false);
    expect(holdPage("p:a/off", "{}", bytes("x"), opts(now, { ttlMs: 0 }))).toBe(false);
  });

  it("reads a tee'd stream into bytes, and refuses one over the per-value limit", async () => {
    const now = Date.now();
    expect(await holdPageFrom("p:a/s", "{}", new Response("streamed page").body as ReadableStream, opts(now))).toBe(
      true,
    );
    expect(text(heldPage("p:a/s", now)?.body ?? new ArrayBuffer(0))).toBe("streamed page");
    const huge = new Response(new Uint8Array(pagesHot.limits.maxValueBytes + 1)).body as ReadableStream;
    expect(await holdPageFrom("p:a/huge", "{}", huge, opts(now))).toBe(false);
    expect(heldPage("p:a/huge", now)).toBeUndefined();
  });

  it("keeps purged pages out against reads that began before the purge", () => {
    const now = 2_000_000;
    holdPage("p:a/1", "{}", bytes("old"), opts(now, { version: now - 500 }));
    holdPage("p:a/2", "{}", bytes("old"), opts(now, { version: now - 500 }));
    dropPages(["p:a/1"], now, 5000);
    expect(heldPage("p:a/1", now)).toBeUndefined();
    expect(holdPage("p:a/1", "{}", bytes("old"), opts(now + 1, { version: now - 500 }))).toBe(false);
    dropAllPages(now, 5000);
    expect(heldPage("p:a/2", now)).toBeUndefined();
    expect(holdPage("p:a/2", "{}", bytes("old"), opts(now + 1, { version: now - 500 }))).toBe(false);
    expect(holdPage("p:a/2", "{}", bytes("new"), opts(now + 2, { version: now + 1 }))).toBe(true);
  });
});

describe("the page cache's hook", () => {
  it("answers a fresh page's HIT from memory once it was read from KV", async () => {
    const path = `/cached/hot-hook-${Math.random().toString(36).slice(2)}`;
    expect((await get(path)).headers.get("x-bonafide-cache")).toBe("MISS");
    const hit = await get(path);
    expect(hit.headers.get("x-bonafide-cache")).toBe("HIT");
    const body = await hit.text();
    // KV loses its copy: the isolate's hot tier still has the page (within its hot TTL and freshness).
    const keys = await env.PAGES.list({ prefix: "p:" });
    for (const k of keys.keys) if (k.name.includes(path)) await env.PAGES.delete(k.name);
    const again = await get(path);
    expect(again.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(await again.text()).toBe(body);
  });

  it("answers a stale page's STALE from memory once it was read from KV, for as long as its window lasts", async () => {
    const path = `/cached/hot-stale-${Math.random().toString(36).slice(2)}`;
    const key = await storeAged(path, 120, 600, 3600); // fresh for 60 s, then stale-while-revalidate 600 s
    const first = await get(path, {}, NOTHING);
    expect(first.headers.get("x-bonafide-cache")).toBe("STALE");
    expect(await first.text()).toBe("<p>stored</p>");
    // KV loses its copy: the isolate's hot tier still answers STALE (the refresh could not happen).
    await env.PAGES.delete(key);
    const again = await get(path, {}, NOTHING);
    expect(again.headers.get("x-bonafide-cache")).toBe("STALE");
    expect(Number(again.headers.get("age"))).toBeGreaterThanOrEqual(120);
    expect(await again.text()).toBe("<p>stored</p>");
  });

  it("never answers a page past its stale-while-revalidate window from memory: that needs the origin asked", async () => {
    const path = `/cached/hot-sie-${Math.random().toString(36).slice(2)}`;
    const key = await storeAged(path, 200, 60, 3600); // stale-while-revalidate ended 80 s ago
    const first = await get(path, {}, NOTHING);
    expect(first.headers.get("x-bonafide-cache")).toBe("STALE-IF-ERROR");
    await first.text();
    await env.PAGES.delete(key);
    expect((await get(path, {}, NOTHING)).status).toBe(502);
  });
});
