import { env } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { ratingKey } from "../../shared/kv-keys.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { callEdge, DEAD_DATABASE_URL, get } from "./helpers.ts";

const fresh: StoredRating = {
  domain: "known-shop.de",
  rating: "Q",
  ratingInfo: "unverified",
  score: 88,
  confidence: "medium",
  reasons: [{ code: "address_found", weight: 2 }],
  business: { legalName: "Known Shop GmbH", locality: "Berlin", countryCode: "DE" },
  ratedAt: "2026-11-01T10:00:00.000Z",
  expiresAt: "2099-01-01T00:00:00.000Z",
};

async function seed(rating: StoredRating): Promise<void> {
  await env.RATINGS.put(ratingKey(rating.domain), JSON.stringify(rating));
}

const noDb = { DATABASE_URL: DEAD_DATABASE_URL };

describe("GET/POST /api/v1/rate shapes", () => {
  it("answers a KV hit with the full item, from kv, in JSON", async () => {
    await seed(fresh);
    const res = await get("/api/v1/rate?d=known-shop.de", {}, noDb);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bonafide-source")).toBe("kv");
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      domain: "known-shop.de",
      status: 200,
      rating: "Q",
      ratingInfo: "unverified",
      score: 88,
      reasons: [{ code: "address_found", weight: 2 }],
      ratedAt: fresh.ratedAt,
      expiresAt: fresh.expiresAt,
      retryAfter: null,
    });
  });

  it("reduces URLs and hosts to the registrable domain and answers in the order asked", async () => {
    await seed(fresh);
    await seed({ ...fresh, domain: "other.co.uk", rating: "A", ratingInfo: "" });
    const res = await get(
      `/api/v1/rate?d=${encodeURIComponent("https://www.other.co.uk/basket?x=1")}&d=WWW.Known-Shop.DE.&d=127.0.0.1`,
      {},
      noDb,
    );
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items.map((i) => [i.input, i.domain, i.rating])).toEqual([
      ["https://www.other.co.uk/basket?x=1", "other.co.uk", "A"],
      ["WWW.Known-Shop.DE.", "known-shop.de", "Q"],
      ["127.0.0.1", "127.0.0.1", "U"],
    ]);
    expect(res.headers.get("x-bonafide-source")).toBe("kv,kv,invalid");
  });

  it("accepts POST {domains} and answers XML on Accept or format=xml with the same data", async () => {
    await seed(fresh);
    const post = await callEdge(
      new Request("https://edge.test/api/v1/rate", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/xml" },
        body: JSON.stringify({ domains: ["known-shop.de"] }),
      }),
      noDb,
    );
    expect(post.headers.get("content-type")).toMatch(/application\/xml/);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(await post.text());
    expect(xml["bf:ratings"]["bf:rating"]).toMatchObject({
      domain: "known-shop.de",
      rating: "Q",
      score: "88",
      status: "200",
    });
    const viaQuery = await get("/api/v1/rate?d=known-shop.de&format=xml", {}, noDb);
    expect(viaQuery.headers.get("content-type")).toMatch(/application\/xml/);
  });

  it("speaks SiteTruth's form with compat=sitetruth, echoing each value as sent", async () => {
    await seed(fresh);
    const res = await get("/api/v1/rate?url=www.known-shop.de&url=http://10.0.0.1/&compat=sitetruth", {}, noDb);
    expect(await res.json()).toEqual([
      {
        domain: "www.known-shop.de",
        rating: "Q",
        ratinginfo: "unverified",
        status: "200",
        name: "Known Shop GmbH",
        location: "BERLIN",
        countrycode: "DE",
      },
      { domain: "http://10.0.0.1/", rating: "U", ratinginfo: "bad_url", status: "200" },
    ]);
    const xml = await get("/api/v1/rate?url=known-shop.de&compat=sitetruth&format=xml", {}, noDb);
    expect(await xml.text()).toContain(
      '<sitetruth:rating url="known-shop.de" rating="Q" ratinginfo="unverified" status="200"/>',
    );
  });

  it("serves a stale rating and marks it stale rather than answering W", async () => {
    await seed({ ...fresh, domain: "old-shop.de", expiresAt: "2026-01-01T00:00:00.000Z" });
    const res = await get("/api/v1/rate?d=old-shop.de", {}, noDb);
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items[0]).toMatchObject({ rating: "Q", stale: true, status: 200 });
  });
});

describe("bad input", () => {
  const cases: [string, RequestInit | undefined, number, string][] = [
    ["/api/v1/rate", undefined, 400, "NO_DOMAINS"],
    [
      `/api/v1/rate?${Array.from({ length: 51 }, (_, i) => `d=d${i}.com`).join("&")}`,
      undefined,
      413,
      "TOO_MANY_DOMAINS",
    ],
    [`/api/v1/rate?d=${"a".repeat(9000)}.com`, undefined, 414, "URL_TOO_LONG"],
    ["/api/v1/rate?d=a.com&format=yaml", undefined, 400, "BAD_FORMAT"],
    ["/api/v1/rate?d=a.com&compat=nope", undefined, 400, "BAD_COMPAT"],
    ["/api/v1/rate?d=a.com&priority=-1", undefined, 400, "BAD_PRIORITY"],
    [
      "/api/v1/rate",
      { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" },
      400,
      "BAD_JSON",
    ],
    [
      "/api/v1/rate",
      { method: "POST", headers: { "content-type": "application/json" }, body: '{"domains":"a.com"}' },
      400,
      "BAD_DOMAINS",
    ],
    ["/api/v1/rate", { method: "POST", headers: { "content-type": "application/json" }, body: "[]" }, 400, "BAD_BODY"],
    [
      "/api/v1/rate",
      { method: "POST", headers: { "content-type": "text/plain" }, body: "a.com" },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["/api/v1/rate", { method: "DELETE" }, 404, "NOT_FOUND"],
    // Other paths are pages (they fall through to the origin, test/edge/pages.test.ts); the API stays JSON.
    ["/api/nowhere", undefined, 404, "NOT_FOUND"],
  ];
  for (const [path, init, status, code] of cases) {
    it(`answers ${status} ${code} for ${init?.method ?? "GET"} ${path.slice(0, 60)}`, async () => {
      const res = await get(path, init, noDb);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    });
  }

  it("answers U / bad_url items for IP literals, special-use names and garbage, never a 500", async () => {
    const inputs = [
      "127.0.0.1",
      "http://2130706433/",
      "[::1]",
      "localhost",
      "printer.local",
      "foo.test",
      "com",
      "exa mple.com",
      "ftp://a.com",
      "x".repeat(300),
    ];
    const res = await callEdge(
      new Request("https://edge.test/api/v1/rate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ domains: inputs }),
      }),
      noDb,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      items: { input: string; rating: string; status: number; ratingInfo: string }[];
    };
    expect(body.items.map((i) => i.input)).toEqual(inputs);
    for (const item of body.items) {
      expect(item.rating).toBe("U");
      expect(item.status).toBe(400);
      expect(["bad_url", "no_domain"]).toContain(item.ratingInfo);
    }
  });
});

describe("when the database cannot be reached", () => {
  it("still serves cached ratings; the rest are 503 items with Retry-After", async () => {
    await seed(fresh);
    const res = await get("/api/v1/rate?d=known-shop.de&d=unknown-shop.de", {}, noDb);
    expect(res.status).toBe(200);
    expect(res.headers.get("retry-after")).toBe("10");
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items[0]).toMatchObject({ rating: "Q", status: 200 });
    expect(body.items[1]).toMatchObject({ domain: "unknown-shop.de", rating: "W", status: 503, retryAfter: 10 });
    expect(res.headers.get("x-bonafide-source")).toBe("kv,unavailable");
  });

  it("answers 503 with Retry-After when nothing could be answered", async () => {
    const res = await get("/api/v1/rate?d=unknown-shop.de", {}, noDb);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("10");
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it("answers 503 items when no database is configured at all", async () => {
    const res = await get("/api/v1/rate?d=unknown-shop.de", {}, { DATABASE_URL: "" });
    expect(res.status).toBe(503);
  });
});
