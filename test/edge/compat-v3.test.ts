import { env } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { ratingKey } from "../../shared/kv-keys.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { DEAD_DATABASE_URL, get } from "./helpers.ts";

// SiteTruth's v3 API at its old path, as AdRater, SearchRater and Ad Limiter call it (research/rating.md §1.4).

const known: StoredRating = {
  domain: "compat-shop.de",
  rating: "A",
  ratingInfo: "",
  score: 95,
  confidence: "high",
  reasons: [{ code: "address_found", weight: 2 }],
  business: { legalName: "Compat Shop GmbH", locality: "Köln", region: "NW", countryCode: "DE" },
  ratedAt: "2026-11-01T10:00:00.000Z",
  expiresAt: "2099-01-01T00:00:00.000Z",
};
const bare: StoredRating = {
  ...known,
  domain: "bare-shop.co.uk",
  rating: "X",
  ratingInfo: "no_location",
  business: undefined,
};

async function seed(...ratings: StoredRating[]): Promise<void> {
  for (const r of ratings) await env.RATINGS.put(ratingKey(r.domain), JSON.stringify(r));
}

const noDb = { DATABASE_URL: DEAD_DATABASE_URL };
let ip = 0;
/** A client address of its own per call, so the overload limit of one test never reaches another. */
function fromNewClient(): RequestInit {
  ip += 1;
  return { headers: { "cf-connecting-ip": `198.51.100.${ip % 250}` } };
}
const v3 = (query: string, init: RequestInit = fromNewClient(), bindings = {}) =>
  get(`/fcgi/rateapiv3.fcgi?${query}`, init, { ...noDb, ...bindings });

describe("GET /fcgi/rateapiv3.fcgi", () => {
  it("answers repeated url= values in order as a top-level JSON array, echoing each value exactly", async () => {
    await seed(known, bare);
    const sent = ["www.compat-shop.de", "https://shop.bare-shop.co.uk/basket?id=7", "COMPAT-SHOP.DE."];
    const res = await v3(`${sent.map((u) => `url=${encodeURIComponent(u)}`).join("&")}&key=guest&format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    expect(body).toEqual([
      {
        domain: "www.compat-shop.de",
        rating: "A",
        ratinginfo: "",
        status: "200",
        name: "Compat Shop GmbH",
        location: "KÖLN",
        state: "NW",
        countrycode: "DE",
      },
      // no business known: no optional fields at all, and ratinginfo is still a string
      { domain: "https://shop.bare-shop.co.uk/basket?id=7", rating: "X", ratinginfo: "no_location", status: "200" },
      expect.objectContaining({ domain: "COMPAT-SHOP.DE.", rating: "A" }),
    ]);
  });

  it("never answers W for a domain it could not queue: with the database refusing, U / error / 503", async () => {
    // The database refuses here, so nothing is queued: W ("being rated") would be untrue. The item says
    // error, not final (SiteTruth's clients cache only "200" items); the answer is still 200, so a cached
    // rating beside it would be served.
    const res = await v3("url=never-seen-before-shop.com&url=10.1.2.3&key=guest&format=json");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { domain: "never-seen-before-shop.com", rating: "U", ratinginfo: "error", status: "503" },
      { domain: "10.1.2.3", rating: "U", ratinginfo: "bad_url", status: "200" },
    ]);
    expect(res.headers.get("x-bonafide-source")).toBe("unavailable,invalid");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("retry-after")).toBe("10");
    const xml = await (await v3("url=never-seen-before-shop.com&key=guest")).text();
    expect(xml).toContain(
      '<sitetruth:rating url="never-seen-before-shop.com" rating="U" ratinginfo="error" status="503"/>',
    );
    expect(xml).not.toContain('rating="W"');
  });

  it("answers XML by default: a sitetruth:rating sequence with the same data", async () => {
    await seed(known, bare);
    const res = await v3("url=www.compat-shop.de&url=bare-shop.co.uk&url=a%22b%3C.com&key=guest");
    expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
    const text = await res.text();
    expect(text).toContain('<sitetruth:rating url="www.compat-shop.de" rating="A" ratinginfo="" status="200"/>');
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(text);
    const ratings = xml["sitetruth:ratings"]["sitetruth:rating"] as Record<string, string>[];
    expect(ratings.map((r) => [r.url, r.rating, r.ratinginfo, r.status])).toEqual([
      ["www.compat-shop.de", "A", "", "200"],
      ["bare-shop.co.uk", "X", "no_location", "200"],
      ['a"b<.com', "U", "bad_url", "200"],
    ]);
    const json = await v3("url=www.compat-shop.de&key=guest&format=xml");
    expect(await json.text()).toBe(await (await v3("url=www.compat-shop.de&key=guest")).text());
  });

  it("gives compat=sitetruth on the v1 path the very same answer", async () => {
    await seed(known, bare);
    const q = "url=www.compat-shop.de&url=bare-shop.co.uk&key=guest&format=json";
    const a = await v3(q);
    const b = await get(`/api/v1/rate?${q}&compat=sitetruth`, fromNewClient(), noDb);
    expect(b.headers.get("access-control-allow-origin")).toBe("*");
    expect(await b.json()).toEqual(await a.json());
  });

  it("accepts priority=n and serves v2 (which v3 extended compatibly) the same way", async () => {
    await seed(known);
    const res = await get(
      "/fcgi/rateapiv2.fcgi?url=compat-shop.de&key=guest&format=json&priority=3",
      fromNewClient(),
      noDb,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rating: string }[])[0]?.rating).toBe("A");
    expect((await v3("url=compat-shop.de&key=guest&priority=first")).status).toBe(400);
  });
});

describe("keys", () => {
  it("accepts guest by default and refuses a wrong or missing key with 403", async () => {
    await seed(known);
    expect((await v3("url=compat-shop.de&key=guest")).status).toBe(200);
    const wrong = await v3("url=compat-shop.de&key=stolen");
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("x-bonafide-error")).toBe("BAD_KEY");
    expect((await v3("url=compat-shop.de")).status).toBe(403);
  });

  it("takes the accepted keys from API_KEYS, and the v1 path refuses a wrong key too", async () => {
    await seed(known);
    const keys = { API_KEYS: "searchrater, partner-7" };
    expect((await v3("url=compat-shop.de&key=searchrater", fromNewClient(), keys)).status).toBe(200);
    expect((await v3("url=compat-shop.de&key=partner-7", fromNewClient(), keys)).status).toBe(200);
    expect((await v3("url=compat-shop.de&key=guest", fromNewClient(), keys)).status).toBe(403);
    const v1 = await get("/api/v1/rate?url=compat-shop.de&compat=sitetruth&key=nope", fromNewClient(), noDb);
    expect(v1.status).toBe(403);
    // bonafide's own API needs no key at all
    expect((await get("/api/v1/rate?d=compat-shop.de", fromNewClient(), noDb)).status).toBe(200);
  });
});

describe("errors keep SiteTruth's meaning and carry CORS", () => {
  const cases: [string, number, string][] = [
    ["/fcgi/rateapiv3.fcgi?url=a.com&key=bad", 403, "BAD_KEY"],
    ["/fcgi/rateapiv1.fcgi?url=a.com&key=guest", 410, "VERSION_RETIRED"],
    ["/fcgi/rateapi.fcgi?url=a.com", 410, "VERSION_RETIRED"],
    ["/cgi-bin/rateapi.cgi?url=a.com", 410, "VERSION_RETIRED"],
    // Past Cloudflare's 16 KB URL limit for Workers; any number of url= values below it is answered.
    [`/fcgi/rateapiv3.fcgi?url=${"a".repeat(17_000)}.com&key=guest`, 414, "URL_TOO_LONG"],
    ["/fcgi/rateapiv3.fcgi?key=guest", 400, "NO_DOMAINS"],
    ["/fcgi/rateapiv3.fcgi?url=a.com&key=guest&format=csv", 400, "BAD_FORMAT"],
    ["/fcgi/nothing.fcgi", 404, "NOT_FOUND"],
  ];
  for (const [path, status, code] of cases) {
    it(`answers ${status} ${code} for ${path.slice(0, 70)}`, async () => {
      const res = await get(path, fromNewClient(), noDb);
      expect(res.status).toBe(status);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("x-bonafide-error")).toBe(code);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await res.text()).toContain(`${status} ${code}`);
    });
  }

  it("answers POST with 405 and CORS, and a v1 error with CORS too", async () => {
    const post = await get("/fcgi/rateapiv3.fcgi?url=a.com&key=guest", { method: "POST" }, noDb);
    expect(post.status).toBe(405);
    expect(post.headers.get("access-control-allow-origin")).toBe("*");
    const v1 = await get("/api/v1/rate?d=a.com&format=yaml", fromNewClient(), noDb);
    expect(v1.status).toBe(400);
    expect(v1.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers OPTIONS preflights with 204 and the CORS grant on both paths", async () => {
    for (const path of ["/fcgi/rateapiv3.fcgi?url=a.com&key=guest", "/api/v1/rate"]) {
      const res = await get(path, {
        method: "OPTIONS",
        headers: {
          origin: "https://www.search.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      expect(res.headers.get("access-control-allow-headers")).toBe("content-type");
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });
});

describe("SiteTruth's details link", () => {
  it("redirects /rating/<domain>?format=popup to the evidence page", async () => {
    const res = await get("/rating/www.compat-shop.de?format=popup", { redirect: "manual" }, noDb);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/api/v1/sites/www.compat-shop.de?format=html");
  });
});
