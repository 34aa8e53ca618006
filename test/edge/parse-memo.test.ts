/**
 * @module The hot tier's parse memo (edge/parse-memo.ts), inside workerd: one parse per held text, the value
 * deep-frozen (no request can change what the next reads), bounded in entries and characters; and through
 * the edge, a rating answered from the memo is the same answer, and a push's new rating is parsed afresh.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ratingsHot } from "../../edge/hot-cache.ts";
import { ParseMemo } from "../../edge/parse-memo.ts";
import { keepHot } from "../../edge/rate/hot-ratings.ts";
import { ratingKey } from "../../shared/kv-keys.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { callEdge, DEAD_DATABASE_URL, storedRating } from "./helpers.ts";

function counting(limits: { maxEntries: number; maxChars: number }) {
  let parses = 0;
  const memo = new ParseMemo<{ n: number[] }>(limits, (text) => {
    parses++;
    return JSON.parse(text) as { n: number[] };
  });
  return { memo, parses: () => parses };
}

describe("ParseMemo", () => {
  it("parses a text once and hands out a deep-frozen value", () => {
    const { memo, parses } = counting({ maxEntries: 4, maxChars: 1000 });
    const text = JSON.stringify({ n: [1, 2] });
    const a = memo.get(text);
    expect(memo.get(text)).toBe(a);
    expect(parses()).toBe(1);
    expect(Object.isFrozen(a) && Object.isFrozen(a.n)).toBe(true);
    expect(() => a.n.push(3)).toThrow(TypeError);
  });

  it("stays within its entries and characters, and keeps no text over its character bound", () => {
    const { memo, parses } = counting({ maxEntries: 3, maxChars: 40 });
    const texts = Array.from({ length: 10 }, (_, i) => JSON.stringify({ n: [i] }));
    for (const t of texts) memo.get(t);
    expect(parses()).toBe(10);
    memo.get(texts[9] as string); // the newest is still held
    expect(parses()).toBe(10);
    const big = JSON.stringify({ n: Array.from({ length: 30 }, (_, i) => i) });
    memo.get(big);
    memo.get(big);
    expect(parses()).toBe(12); // over 40 characters: parsed each time, never held
  });

  it("throws what the parse throws and keeps nothing", () => {
    const { memo } = counting({ maxEntries: 3, maxChars: 40 });
    expect(() => memo.get("{not json")).toThrow(SyntaxError);
    expect(() => memo.get("{not json")).toThrow(SyntaxError);
  });
});

describe("ratings answered through the memo", () => {
  const rating = (over: Partial<StoredRating> = {}): StoredRating => storedRating("memo-shop.de", over);
  const ask = async () => {
    const res = await callEdge(new Request("https://edge.test/api/v1/rate?d=memo-shop.de"), {
      DATABASE_URL: DEAD_DATABASE_URL,
    });
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    return body.items[0];
  };

  it("answers the same item from memory as from KV, and a newer rating as soon as it is held", async () => {
    ratingsHot.clear();
    await env.RATINGS.put(ratingKey("memo-shop.de"), JSON.stringify(rating()));
    const fromKv = await ask();
    const fromMemory = await ask();
    expect(fromMemory).toEqual(fromKv);
    expect(fromKv).toMatchObject({ rating: "Q", score: 80 });
    const newer = rating({ rating: "A", score: 95, ratedAt: "2026-11-02T10:00:00.000Z" });
    expect(keepHot(newer, Date.now(), 5_000)).toBe(true);
    expect(await ask()).toMatchObject({ rating: "A", score: 95 });
  });
});
