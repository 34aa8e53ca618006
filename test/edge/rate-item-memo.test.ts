/**
 * @module A hot rating's answer is built once, not per request: resolveRatings (edge/rate/resolve.ts) hands
 * the same frozen item to every request that asks for the same held rating with the same input, and
 * encodeJson (shared/protocol.ts) makes each frozen item's JSON text once. What must not change: the bytes
 * of the answer (JSON.stringify's, whatever the items), each input echoed as sent, and a new rating (a push)
 * answered at once instead of the old one's item.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ratingsHot } from "../../edge/hot-cache.ts";
import { keepHot } from "../../edge/rate/hot-ratings.ts";
import { type ResolveDeps, resolveRatings } from "../../edge/rate/resolve.ts";
import { API_VERSION, encodeJson } from "../../shared/protocol.ts";
import { itemFromRating, pendingItem, type RateItem, type StoredRating } from "../../shared/rating.ts";
import { storedRating } from "./helpers.ts";

const HOT_TTL_MS = 60_000;

function rating(domain: string, over: Partial<StoredRating> = {}): StoredRating {
  return storedRating(domain, {
    rating: "A",
    ratingInfo: "",
    score: 91,
    confidence: "high",
    reasons: [{ code: "lei_found", weight: 3, detail: 'a "quoted" détail\n', source: `https://${domain}/` }],
    business: { legalName: "Memo GmbH", countryCode: "DE" },
    ratedAt: "2026-12-01T10:00:00.000Z",
    ...over,
  });
}

function deps(now = new Date()): ResolveDeps {
  return {
    kv: env.RATINGS,
    store: null,
    now,
    retryAfterSeconds: 5,
    waitUntil: () => undefined,
    log: () => undefined,
    hotTtlMs: HOT_TTL_MS,
  };
}

async function ask(inputs: string[], now = new Date()): Promise<RateItem[]> {
  const { items } = await resolveRatings(deps(now), inputs, "00", 10);
  return items;
}

beforeEach(() => ratingsHot.clear());

describe("a hot rating's item", () => {
  it("is one frozen object for every request with the same input, and its own for another input", async () => {
    keepHot(rating("memo-shop.de"), Date.now(), HOT_TTL_MS);
    const [first] = await ask(["memo-shop.de"]);
    const [second] = await ask(["memo-shop.de"]);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const [www] = await ask(["https://www.memo-shop.de/cart"]);
    expect(www).not.toBe(first);
    expect(www?.input).toBe("https://www.memo-shop.de/cart");
    expect(www?.domain).toBe("memo-shop.de");
    // Exactly what itemFromRating makes, memo or not.
    expect(first).toEqual(itemFromRating("memo-shop.de", rating("memo-shop.de"), new Date()));
  });

  it("is the new rating's at once after a push replaces the held one", async () => {
    keepHot(rating("memo-push.de"), Date.now(), HOT_TTL_MS);
    const [before] = await ask(["memo-push.de"]);
    expect(before?.rating).toBe("A");
    keepHot(rating("memo-push.de", { rating: "X", ratedAt: "2026-12-02T10:00:00.000Z" }), Date.now(), HOT_TTL_MS);
    const [after] = await ask(["memo-push.de"]);
    expect(after?.rating).toBe("X");
  });

  it("answers every input right when one rating is asked under more inputs than it keeps items for", async () => {
    keepHot(rating("memo-many.de"), Date.now(), HOT_TTL_MS);
    const inputs = Array.from({ length: 40 }, (_, i) => `https://memo-many.de/page/${i}`);
    for (let round = 0; round < 3; round++) {
      const items = await ask(inputs);
      expect(items.map((i) => i.input)).toEqual(inputs);
      expect(new Set(items.map((i) => i.rating))).toEqual(new Set(["A"]));
    }
  });
});

describe("encodeJson", () => {
  const at = new Date("2026-12-06T05:00:00.123Z");
  const plain = (items: RateItem[]) =>
    JSON.stringify({ apiVersion: API_VERSION, generatedAt: at.toISOString(), items });

  it("writes JSON.stringify's bytes for frozen, mutable, mixed and empty item lists, the first time and again", () => {
    const frozen = Object.freeze(itemFromRating("a.de", rating("a.de"), at));
    const mutable = itemFromRating("b.de", rating("b.de", { business: undefined }), at);
    const pending = pendingItem("c.de\u2028", "c.de", 5);
    for (const items of [[], [frozen], [mutable], [frozen, pending, mutable, frozen]]) {
      expect(encodeJson(items, at)).toBe(plain(items));
      expect(encodeJson(items, at)).toBe(plain(items));
    }
  });

  it("never serves a mutable item's old text after it changed", () => {
    const item = pendingItem("d.de", "d.de", 5);
    expect(encodeJson([item], at)).toBe(plain([item]));
    item.retryAfter = 9;
    expect(encodeJson([item], at)).toContain('"retryAfter":9');
  });
});
