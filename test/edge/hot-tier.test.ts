/**
 * @module The hot tier in front of KV (edge/hot-cache.ts, edge/rate/hot-ratings.ts), inside workerd: a
 * rating is answered from the isolate's memory within its hot TTL, a push replaces it at once in the
 * isolate that received it, it is never held past the rating's `expiresAt`, a W is never held, and the
 * memory stays bounded (entries and bytes) under a flood of 100,000 distinct domains without losing the
 * hot set. KV is changed "behind the edge's back" (as a push received by another isolate would change it)
 * to tell what the hot tier answered from what KV holds.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HotCache, ratingsHot } from "../../edge/hot-cache.ts";
import { keepHot } from "../../edge/rate/hot-ratings.ts";
import { ratingKey } from "../../shared/kv-keys.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { signedHeaders } from "../../shared/signing.ts";
import { callEdge, DEAD_DATABASE_URL, PUSH_SECRET, storedRating } from "./helpers.ts";

const noDb = { DATABASE_URL: DEAD_DATABASE_URL };

const rating = storedRating;

async function seed(r: StoredRating): Promise<void> {
  await env.RATINGS.put(ratingKey(r.domain), JSON.stringify(r));
}

async function ask(domain: string, overrides: Record<string, string> = noDb) {
  const res = await callEdge(new Request(`https://edge.test/api/v1/rate?d=${domain}`), overrides);
  const body = (await res.json()) as { items: Record<string, unknown>[] };
  return { status: res.status, source: res.headers.get("x-bonafide-source"), item: body.items[0] ?? {} };
}

async function push(ratings: StoredRating[]): Promise<Response> {
  const path = "/_bonafide/internal/ratings";
  const body = JSON.stringify({ ratings });
  const headers = await signedHeaders(PUSH_SECRET, { method: "POST", path, body }, Date.now());
  return callEdge(
    new Request(`https://edge.test${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
  );
}

beforeEach(() => ratingsHot.clear());
afterEach(() => vi.useRealTimers());

describe("the hot tier for ratings", () => {
  it("answers a rating from the isolate's memory within its hot TTL, without reading KV", async () => {
    await seed(rating("hot-shop.de"));
    expect((await ask("hot-shop.de")).item).toMatchObject({ rating: "Q", status: 200 });
    await env.RATINGS.delete(ratingKey("hot-shop.de"));
    const again = await ask("hot-shop.de");
    expect(again.item).toMatchObject({ domain: "hot-shop.de", rating: "Q", status: 200 });
    expect(again.source).toBe("kv");
  });

  it("does nothing with BONAFIDE_HOT_TTL_MS=0: every read goes to KV", async () => {
    const off = { ...noDb, BONAFIDE_HOT_TTL_MS: "0" };
    await seed(rating("cold-shop.de"));
    expect((await ask("cold-shop.de", off)).item).toMatchObject({ rating: "Q" });
    await env.RATINGS.delete(ratingKey("cold-shop.de"));
    expect((await ask("cold-shop.de", off)).item).toMatchObject({ status: 503 });
    expect(ratingsHot.stats().entries).toBe(0);
  });

  it("answers a pushed rating at once in the isolate that received the push, over a held older one", async () => {
    await seed(rating("pushed-hot.de"));
    expect((await ask("pushed-hot.de")).item).toMatchObject({ rating: "Q" }); // now held
    const res = await push([
      rating("pushed-hot.de", { rating: "A", ratingInfo: "", ratedAt: "2026-11-20T00:00:00.000Z" }),
    ]);
    expect(await res.json()).toEqual({ stored: 1, skipped: [] });
    // Served from this isolate's memory: even with KV's copy gone, the new rating is the answer.
    await env.RATINGS.delete(ratingKey("pushed-hot.de"));
    expect((await ask("pushed-hot.de")).item).toMatchObject({ rating: "A", ratedAt: "2026-11-20T00:00:00.000Z" });
  });

  it("never lets an older rating read from KV replace a newer one a push put in memory", () => {
    const now = Date.now();
    const newer = rating("race.de", { rating: "A", ratedAt: "2026-11-20T00:00:00.000Z" });
    expect(keepHot(newer, now, 5000)).toBe(true);
    expect(keepHot(rating("race.de"), now, 5000)).toBe(false); // a KV read that started before the push
    expect(JSON.parse(String(ratingsHot.get("race.de", now)))).toMatchObject({ rating: "A" });
  });

  it("never serves a rating past its expiresAt: the next read goes to KV (which holds a newer one here)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-12-01T12:00:00.000Z") });
    const expiresAt = "2026-12-01T12:00:02.000Z"; // expires within the hot TTL (5 s)
    await seed(rating("expiring.de", { expiresAt }));
    expect((await ask("expiring.de")).item).toMatchObject({ rating: "Q", expiresAt });
    // Another isolate received the re-rating; this isolate's copy is still inside its hot TTL.
    await seed(rating("expiring.de", { rating: "A", ratingInfo: "", ratedAt: "2026-12-01T12:00:01.000Z" }));
    // The stated bound: held until then (outside the last fifth of the hot TTL, when one request re-reads KV).
    vi.setSystemTime(Date.parse(expiresAt) - 1001);
    expect((await ask("expiring.de")).item).toMatchObject({ rating: "Q" });
    vi.setSystemTime(Date.parse(expiresAt));
    expect((await ask("expiring.de")).item).toMatchObject({ rating: "A" });
  });

  it("never holds a rating that is already past its expiresAt (served stale from KV, refreshed)", async () => {
    await seed(rating("lapsed.de", { expiresAt: "2026-01-01T00:00:00.000Z" }));
    expect((await ask("lapsed.de")).item).toMatchObject({ rating: "Q", stale: true });
    expect(ratingsHot.stats().entries).toBe(0);
    await env.RATINGS.delete(ratingKey("lapsed.de"));
    expect((await ask("lapsed.de")).item).toMatchObject({ status: 503 });
  });

  it("never holds a W: the rating that arrives afterwards is the next answer", async () => {
    const configured = new URL(env.DATABASE_URL ?? "");
    const db = {
      DATABASE_URL: `http://bft_edge_hot_${Math.random().toString(36).slice(2, 10)}:test@${configured.host}`,
    };
    const first = await ask("arrives-later.de", db);
    expect(first.item).toMatchObject({ rating: "W", status: 202 });
    expect(first.source).toBe("queued");
    expect(ratingsHot.stats().entries).toBe(0);
    // The rater's push lands in another isolate: here only KV has it.
    await seed(rating("arrives-later.de", { rating: "A", ratingInfo: "" }));
    const next = await ask("arrives-later.de", db);
    expect(next.item).toMatchObject({ rating: "A", status: 200 });
    expect(next.source).toBe("kv");
  });

  it("stays within its entries and bytes under 100,000 distinct domains, and keeps the hot set", () => {
    const now = Date.now();
    const text = (d: string) => JSON.stringify(rating(d));
    const hot = Array.from({ length: 200 }, (_, i) => `popular-${i}.de`);
    for (let round = 0; round < 20; round++) {
      for (const d of hot) if (ratingsHot.get(d, now) === undefined) keepHot(rating(d), now, 60_000, text(d));
    }
    for (let i = 0; i < 100_000; i++) {
      const d = `flood-${i}.example`;
      if (ratingsHot.get(d, now) === undefined) keepHot(rating(d), now, 60_000, text(d));
    }
    const stats = ratingsHot.stats();
    expect(stats.entries).toBeLessThanOrEqual(ratingsHot.limits.maxEntries);
    expect(stats.bytes).toBeLessThanOrEqual(ratingsHot.limits.maxBytes);
    expect(stats.entries).toBeGreaterThan(ratingsHot.limits.maxEntries / 2); // it does fill up
    const kept = hot.filter((d) => ratingsHot.get(d, now) !== undefined).length;
    expect(kept).toBe(hot.length);
  });

  it("lets one request re-read ahead of the deadline while the others are still answered from memory", () => {
    const cache = new HotCache({ maxEntries: 10, maxBytes: 64 * 1024, maxValueBytes: 8 * 1024 });
    const now = 5_000_000;
    cache.put("k", "v1", { nowMs: now, untilMs: now + 5000, version: 1 });
    expect(cache.get("k", now + 3999, 1000)).toBe("v1");
    expect(cache.get("k", now + 4000, 1000)).toBeUndefined(); // this one re-reads the source
    expect(cache.get("k", now + 4001, 1000)).toBe("v1");
    expect(cache.get("k", now + 4999, 1000)).toBe("v1");
    expect(cache.put("k", "v2", { nowMs: now + 4100, untilMs: now + 9100, version: 1 })).toBe(true);
    expect(cache.get("k", now + 5000, 1000)).toBe("v2");
  });

  it("bounds bytes as well as entries, and refuses a value larger than its per-value limit", () => {
    const cache = new HotCache({ maxEntries: 1000, maxBytes: 64 * 1024, maxValueBytes: 8 * 1024 });
    const now = Date.now();
    expect(cache.put("big", "x".repeat(5000), { nowMs: now, untilMs: now + 1000, version: 1 })).toBe(false);
    for (let i = 0; i < 500; i++) cache.put(`k${i}`, "y".repeat(1000), { nowMs: now, untilMs: now + 1000, version: 1 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(cache.stats().entries).toBeLessThan(500);
  });

  it("keeps a deleted key out while a read that began before the delete could still put it back", () => {
    const cache = new HotCache({ maxEntries: 10, maxBytes: 64 * 1024, maxValueBytes: 8 * 1024 });
    const now = 1_000_000;
    cache.put("/page", "old", { nowMs: now, untilMs: now + 5000, version: now - 10 });
    cache.delete("/page", { nowMs: now, holdMs: 5000 });
    expect(cache.get("/page", now)).toBeUndefined();
    expect(cache.put("/page", "old", { nowMs: now + 1, untilMs: now + 5000, version: now - 10 })).toBe(false);
    expect(cache.put("/page", "new", { nowMs: now + 2, untilMs: now + 5000, version: now + 1 })).toBe(true);
    expect(cache.get("/page", now + 3)).toBe("new");
  });
});
