/**
 * @module The rating fast path (edge/rate/fast-path.ts) against the app's own route, inside workerd: for
 * each kind of rating GET — JSON, XML by query and by Accept, SiteTruth's shapes, a stale rating, an unknown
 * domain (W), every error — the Worker's answer and the app's are the same bytes: status, every header,
 * body. The clock is held still so `generatedAt` and `max-age` cannot differ. What the fast path must not
 * take (preflights, HEAD, POST, another path) it leaves to the app.
 */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getPath } from "hono/utils/url";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { EdgeBindings } from "../../edge/env.ts";
import { ratingsHot } from "../../edge/hot-cache.ts";
import worker, { app } from "../../edge/index.ts";
import { fastRate } from "../../edge/rate/fast-path.ts";
import { ratingKey } from "../../shared/kv-keys.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { DEAD_DATABASE_URL, PUSH_SECRET, storedRating } from "./helpers.ts";

/** A request and its path as edge/index.ts hands them to the fast path. */
function routed(url: string, init?: RequestInit): [Request, string] {
  const request = new Request(url, init);
  return [request, getPath(request)];
}

const NOW = Date.parse("2026-12-01T12:00:00.000Z");

/** A POST of `body` (JSON unless a string) as the extension sends it. */
function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  };
}

function rating(domain: string, over: Partial<StoredRating> = {}): StoredRating {
  return storedRating(domain, {
    reasons: [{ code: "address_found", weight: 2, detail: 'Musterstraße 1 <&> "x"', source: `https://${domain}/` }],
    business: { legalName: "Fast Path GmbH", locality: "Berlin", countryCode: "DE" },
    ...over,
  });
}

interface Whole {
  status: number;
  headers: [string, string][];
  body: string;
}

async function whole(res: Response): Promise<Whole> {
  return { status: res.status, headers: [...res.headers].sort(), body: await res.text() };
}

/** The same request through the Worker (fast path) and through the app alone (Hono's route). */
async function both(path: string, init: RequestInit = {}, overrides: Partial<EdgeBindings> = {}) {
  const bindings = { ...env, BONAFIDE_PUSH_SECRET: PUSH_SECRET, ...overrides } as EdgeBindings;
  const run = async (call: (req: Request, ctx: ExecutionContext) => Promise<Response> | Response) => {
    const ctx = createExecutionContext();
    const res = await call(new Request(`https://edge.test${path}`, init), ctx);
    await waitOnExecutionContext(ctx);
    return whole(res);
  };
  const fast = await run((req, ctx) => worker.fetch(req, bindings, ctx));
  const slow = await run((req, ctx) => app.fetch(req, bindings, ctx));
  return { fast, slow };
}

beforeAll(async () => {
  await env.RATINGS.put(ratingKey("fast-shop.de"), JSON.stringify(rating("fast-shop.de")));
  await env.RATINGS.put(
    ratingKey("stale-shop.de"),
    JSON.stringify(rating("stale-shop.de", { expiresAt: "2026-11-20T00:00:00.000Z" })),
  );
});

afterEach(() => {
  vi.useRealTimers();
});

describe("a rating GET answered by the fast path is the app's answer, byte for byte", () => {
  const noDb = { DATABASE_URL: DEAD_DATABASE_URL };
  const cases: [string, string, RequestInit, Partial<EdgeBindings>][] = [
    ["JSON", "/api/v1/rate?d=fast-shop.de", {}, noDb],
    ["JSON, from KV (hot tier off)", "/api/v1/rate?d=fast-shop.de", {}, { ...noDb, BONAFIDE_HOT_TTL_MS: "0" }],
    [
      "several domains, www. and a URL",
      "/api/v1/rate?d=fast-shop.de&d=WWW.Fast-Shop.de&url=https://fast-shop.de/x",
      {},
      noDb,
    ],
    ["XML by query", "/api/v1/rate?d=fast-shop.de&format=xml", {}, noDb],
    ["XML by Accept", "/api/v1/rate?d=fast-shop.de", { headers: { accept: "application/xml" } }, noDb],
    ["compat=sitetruth", "/api/v1/rate?url=www.fast-shop.de&compat=sitetruth", {}, noDb],
    ["compat=sitetruth, XML", "/api/v1/rate?url=fast-shop.de&compat=sitetruth&format=xml", {}, noDb],
    ["a CORS request", "/api/v1/rate?d=fast-shop.de", { headers: { origin: "https://news.example" } }, noDb],
    ["a stale rating", "/api/v1/rate?d=stale-shop.de", {}, noDb],
    ["an unknown domain, database up (W)", "/api/v1/rate?d=never-seen-fast.de", {}, {}],
    ["an unknown domain, database down (503)", "/api/v1/rate?d=never-seen-down.de", {}, noDb],
    ["an invalid input", "/api/v1/rate?d=not%20a%20domain&d=fast-shop.de", {}, noDb],
    ["a percent-encoded path", "/api/v1/%72ate?d=fast-shop.de", {}, noDb],
    ["no domain (400)", "/api/v1/rate", {}, noDb],
    ["a bad format (400)", "/api/v1/rate?d=fast-shop.de&format=yaml", {}, noDb],
    ["a bad compat (400)", "/api/v1/rate?d=fast-shop.de&compat=x", {}, noDb],
    ["a wrong key (403)", "/api/v1/rate?d=fast-shop.de&key=nope", {}, noDb],
    [
      "too many domains (413)",
      `/api/v1/rate?${Array.from({ length: 51 }, (_, i) => `d=s${i}.de`).join("&")}`,
      {},
      noDb,
    ],
    ["a URL too long (414)", `/api/v1/rate?d=${"a".repeat(9000)}.de`, {}, noDb],
    [
      "overload (429)",
      "/api/v1/rate?d=fast-shop.de",
      { headers: { "cf-connecting-ip": "203.0.113.77" } },
      { ...noDb, CLIENT_BURST_ITEMS: "1", CLIENT_ITEMS_PER_MINUTE: "1" },
    ],
    ["a broken configuration (500)", "/api/v1/rate?d=fast-shop.de", {}, { ...noDb, MAX_DOMAINS_PER_REQUEST: "lots" }],
    // The extension's batch: a POST of JSON.
    ["POST JSON", "/api/v1/rate", post({ domains: ["fast-shop.de", "www.stale-shop.de", "nope"], priority: 3 }), noDb],
    ["POST XML by Accept", "/api/v1/rate", post({ domains: ["fast-shop.de"] }, { accept: "application/xml" }), noDb],
    ["POST, not JSON (400)", "/api/v1/rate", post("{nope"), noDb],
    ["POST, not an object (400)", "/api/v1/rate", post(["fast-shop.de"]), noDb],
    ["POST, domains not strings (400)", "/api/v1/rate", post({ domains: [1, 2] }), noDb],
    [
      "POST, another content type (415)",
      "/api/v1/rate",
      {
        method: "POST",
        body: "domains=fast-shop.de",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      noDb,
    ],
    ["POST, a body too big (413)", "/api/v1/rate", post({ domains: ["fast-shop.de"], pad: "x".repeat(70_000) }), noDb],
    [
      "POST, too many domains (413)",
      "/api/v1/rate",
      post({ domains: Array.from({ length: 51 }, (_, i) => `s${i}.de`) }),
      noDb,
    ],
    // SiteTruth's v3 (and v2) at its old path: its parser, its HTML error pages.
    ["v3 JSON", "/fcgi/rateapiv3.fcgi?url=www.fast-shop.de&key=guest&format=json", {}, noDb],
    ["v3 XML (its default)", "/fcgi/rateapiv3.fcgi?url=www.fast-shop.de&url=stale-shop.de&key=guest", {}, noDb],
    ["v2", "/fcgi/rateapiv2.fcgi?url=fast-shop.de&key=guest&format=json", {}, noDb],
    [
      "v3, a CORS request",
      "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=guest",
      { headers: { origin: "https://a.example" } },
      noDb,
    ],
    [
      "v3, an unknown domain, database down",
      "/fcgi/rateapiv3.fcgi?url=never-seen-v3.de&key=guest&format=json",
      {},
      noDb,
    ],
    ["v3, a wrong key (403)", "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=nope", {}, noDb],
    ["v3, no url (400)", "/fcgi/rateapiv3.fcgi?key=guest", {}, noDb],
    ["v3, a bad format (400)", "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=guest&format=csv", {}, noDb],
    ["v3, a URL too long (414)", `/fcgi/rateapiv3.fcgi?url=${"a".repeat(17_000)}.com&key=guest`, {}, noDb],
    [
      "v3, overload (429)",
      "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=guest",
      { headers: { "cf-connecting-ip": "203.0.113.78" } },
      { ...noDb, CLIENT_BURST_ITEMS: "1", CLIENT_ITEMS_PER_MINUTE: "1" },
    ],
    [
      "v3, a broken configuration (500)",
      "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=guest",
      {},
      { ...noDb, MAX_DOMAINS_PER_REQUEST: "lots" },
    ],
  ];
  // What each case answered, so that a case cannot pass by both paths failing the same wrong way.
  const SHOWS: Record<string, RegExp> = {
    "XML by query": /^200 <\?xml/,
    "XML by Accept": /^200 <\?xml/,
    "a stale rating": /^200 .*"stale":true/,
    "an unknown domain, database up (W)": /^200 .*"rating":"W"/,
    "an unknown domain, database down (503)": /^503 /,
    "no domain (400)": /^400 .*NO_DOMAINS/,
    "a bad format (400)": /^400 .*BAD_FORMAT/,
    "a bad compat (400)": /^400 .*BAD_COMPAT/,
    "a wrong key (403)": /^403 .*BAD_KEY/,
    "too many domains (413)": /^413 /,
    "a URL too long (414)": /^414 /,
    "overload (429)": /^429 .*OVERLOAD/,
    "a broken configuration (500)": /^500 .*INTERNAL/,
    "POST JSON": /^200 .*"rating":"Q".*"stale":true.*"status":400/,
    "POST XML by Accept": /^200 <\?xml/,
    "POST, not JSON (400)": /^400 .*BAD_JSON/,
    "POST, not an object (400)": /^400 .*BAD_BODY/,
    "POST, domains not strings (400)": /^400 .*BAD_DOMAINS/,
    "POST, another content type (415)": /^415 /,
    "POST, a body too big (413)": /^413 /,
    "POST, too many domains (413)": /^413 .*TOO_MANY_DOMAINS/,
    "v3 JSON": /^200 \[\{"domain":"www.fast-shop.de","rating":"Q"/,
    "v3 XML (its default)": /^200 <\?xml/,
    v2: /^200 \[\{"domain":"fast-shop.de"/,
    "v3, an unknown domain, database down": /^200 .*"rating":"U".*"status":"503"/,
    "v3, a wrong key (403)": /^403 <!doctype html>.*BAD_KEY/s,
    "v3, no url (400)": /^400 <!doctype html>.*NO_DOMAINS/s,
    "v3, a bad format (400)": /^400 <!doctype html>.*BAD_FORMAT/s,
    "v3, a URL too long (414)": /^414 <!doctype html>.*URL_TOO_LONG/s,
    "v3, overload (429)": /^429 <!doctype html>.*OVERLOAD/s,
    "v3, a broken configuration (500)": /^500 /,
  };
  for (const [name, path, init, overrides] of cases) {
    it(name, async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: NOW });
      // Once through the app first, so both compared asks meet the same state (hot tier, queue, buckets).
      await both(path, init, overrides);
      const { fast, slow } = await both(path, init, overrides);
      expect(fast).toEqual(slow);
      expect(fast.headers).toContainEqual(["access-control-allow-origin", "*"]);
      expect(`${fast.status} ${fast.body}`).toMatch(SHOWS[name] ?? /^200 /);
    });
  }

  it("holds for a hot hit whatever the hot tier held before", async () => {
    ratingsHot.clear();
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const { fast, slow } = await both("/api/v1/rate?d=fast-shop.de", {}, { DATABASE_URL: DEAD_DATABASE_URL });
    expect(fast.status).toBe(200);
    expect(fast).toEqual(slow);
  });
});

describe("what the fast path leaves to the app", () => {
  const ctx = createExecutionContext();
  const bindings = env as EdgeBindings;
  it.each([
    ["OPTIONS", "/api/v1/rate"],
    ["HEAD", "/api/v1/rate?d=fast-shop.de"],
    ["PUT", "/api/v1/rate"],
    ["POST", "/api/v1/rate/"],
    ["POST", "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=guest"],
    ["GET", "/api/v1/rate/?d=fast-shop.de"],
    ["GET", "/api/v1/ratex?d=fast-shop.de"],
    ["GET", "/api/v1/meta"],
    ["HEAD", "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=guest"],
    ["OPTIONS", "/fcgi/rateapiv3.fcgi"],
    ["GET", "/fcgi/rateapiv3.fcgi/?url=fast-shop.de&key=guest"],
    ["GET", "/fcgi/rateapiv1.fcgi?url=fast-shop.de&key=guest"],
    ["GET", "/fcgi/RATEAPIV3.FCGI?url=fast-shop.de&key=guest"],
  ])("%s %s", (method, path) => {
    expect(fastRate(...routed(`https://edge.test${path}`, { method }), bindings, ctx)).toBeNull();
  });

  it.each([
    ["GET", "/api/v1/rate?d=fast-shop.de", {}],
    ["POST", "/api/v1/rate", post({ domains: ["fast-shop.de"] })],
    ["GET", "/fcgi/rateapiv3.fcgi?url=fast-shop.de&key=guest", {}],
    ["GET", "/fcgi/rateapiv2.fcgi?url=fast-shop.de&key=guest", {}],
  ] as const)("and what it takes: %s %s", async (_method, path, init) => {
    const taken = fastRate(
      ...routed(`https://edge.test${path}`, init),
      { ...bindings, DATABASE_URL: DEAD_DATABASE_URL },
      ctx,
    );
    expect(taken).not.toBeNull();
    expect((await taken)?.status).toBe(200);
  });

  it("a preflight is still answered by the CORS middleware", async () => {
    const { fast, slow } = await both("/api/v1/rate", {
      method: "OPTIONS",
      headers: { origin: "https://news.example", "access-control-request-headers": "content-type" },
    });
    expect(fast.status).toBe(204);
    expect(fast).toEqual(slow);
  });
});
