/**
 * @module The edge's log on workerd itself (edge/log.ts), read from workerd's stdout: every request writes
 * exactly one event, with its request id (`cf-ray` when Cloudflare sent one, else a fresh UUID) — a rating
 * (items by source: this isolate's hot tier, unavailable), a page (the cache's answer, and the same id sent to the
 * origin as `x-request-id`), an error (its code in the event), and one the fast path does not take.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredRating } from "../../shared/rating.ts";
import { signedHeaders } from "../../shared/signing.ts";
import { poll } from "../support/poll.ts";
import { storedRating } from "../support/stored-rating.ts";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../support/workerd-edge.ts";

const PUSH_SECRET = "log-test-push-secret-0123456789abcdef";
const PUSH_PATH = "/_bonafide/internal/ratings";
const DOMAIN = "log-test-shop.de";

interface EdgeEvent {
  event: string;
  requestId: string;
  method: string;
  route: string;
  path: string;
  status: number;
  durationMs: number;
  cache?: string;
  items?: Record<string, number>;
  error?: { code: string; message: string };
}

let edge: WorkerdEdge;
let origin: Server;
const events: EdgeEvent[] = [];
/** The x-request-id the page origin received, by path. */
const originIds = new Map<string, string | undefined>();

function rating(domain: string): StoredRating {
  return storedRating(domain, {
    reasons: [{ code: "address_found", weight: 2, detail: "Musterstraße 1", source: `https://${domain}/` }],
    business: { legalName: "Log Test GmbH", locality: "Berlin", countryCode: "DE" },
    ratedAt: new Date(Date.now() - 3600_000).toISOString(),
    expiresAt: new Date(Date.now() + 14 * 86400_000).toISOString(),
  });
}

/** The events written for `requestId`, once at least `atLeast` of them are there (bounded wait). */
async function eventsFor(requestId: string, atLeast = 1): Promise<EdgeEvent[]> {
  const read = async () => events.filter((e) => e.requestId === requestId);
  return poll(read, (found) => found.length >= atLeast, 10_000);
}

/** GET `path` as Cloudflare would send it, with its own `cf-ray`. */
async function get(path: string, ray: string): Promise<Response> {
  return fetch(`${edge.url}${path}`, { headers: { "cf-ray": ray } });
}

beforeAll(async () => {
  origin = createServer((req, res) => {
    originIds.set(req.url ?? "", req.headers["x-request-id"] as string | undefined);
    res.writeHead(200, { "content-type": "text/html", "cache-control": "public, s-maxage=120" });
    res.end("<p>a page</p>");
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  const address = origin.address();
  if (!address || typeof address === "string") throw new Error("no origin address");
  const vars = { ORIGIN_URL: `http://127.0.0.1:${address.port}`, DATABASE_URL: "", BONAFIDE_PUSH_SECRET: PUSH_SECRET };
  edge = await startWorkerdEdge(bundleEdge(), vars, ({ message }) => {
    if (message.startsWith("{")) {
      const line = JSON.parse(message) as EdgeEvent;
      if (line.event === "edge.request") events.push(line);
    }
  });
  const body = JSON.stringify({ ratings: [rating(DOMAIN)] });
  const headers = await signedHeaders(PUSH_SECRET, { method: "POST", path: PUSH_PATH, body });
  const res = await fetch(`${edge.url}${PUSH_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  expect(res.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await edge?.stop();
  origin?.closeAllConnections();
  await new Promise((resolve) => origin?.close(resolve));
});

describe("one log event per edge request, on workerd's stdout", () => {
  it("logs a rating with its cf-ray as the request id and its items by source", async () => {
    // The push left the rating in this isolate's memory (edge/rate/hot-ratings.ts) as well as in KV.
    const held = await get(`/api/v1/rate?d=${DOMAIN}`, "ray-rating-1");
    expect(held.status).toBe(200);
    await held.text();
    const [hot, ...more] = await eventsFor("ray-rating-1");
    expect(more).toEqual([]);
    expect(hot).toMatchObject({ route: "rate", method: "GET", path: "/api/v1/rate", status: 200, items: { hot: 1 } });
    expect(hot?.durationMs).toBeGreaterThanOrEqual(0);
    // A domain nobody rated, with no database configured: neither KV nor the database has it.
    await (await get(`/api/v1/rate?d=${DOMAIN}&d=never-rated-${Date.now()}.de`, "ray-rating-2")).text();
    const [mixed] = await eventsFor("ray-rating-2");
    expect(mixed?.items).toEqual({ hot: 1, unavailable: 1 });
  });

  it("logs a page with the cache's answer, and the origin gets the same request id", async () => {
    const path = `/page/${crypto.randomUUID()}`;
    const miss = await fetch(`${edge.url}${path}`); // no cf-ray: the edge makes an id up
    expect(miss.status).toBe(200);
    await miss.text();
    const [event] = await poll(
      async () => events.filter((e) => e.path === path),
      (found) => found.length >= 1,
      10_000,
    );
    expect(event).toMatchObject({ route: "page", status: 200, cache: "MISS" });
    expect(event?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(originIds.get(path)).toBe(event?.requestId);
    expect(events.filter((e) => e.path === path)).toHaveLength(1);
  });

  it("logs an error answer with its code, and an unknown path, each once", async () => {
    const bad = await get("/api/v1/rate", "ray-error-1");
    expect(bad.status).toBe(400);
    await bad.text();
    const none = await get("/api/v1/nothing-here", "ray-error-2");
    expect(none.status).toBe(404);
    await none.text();
    const [noDomains, ...again] = await eventsFor("ray-error-1");
    expect(again).toEqual([]);
    expect(noDomains).toMatchObject({ route: "rate", status: 400, error: { code: "NO_DOMAINS" } });
    const [notFound] = await eventsFor("ray-error-2");
    expect(notFound).toMatchObject({ status: 404, error: { code: "NOT_FOUND" } });
  });

  it("writes exactly one event for each of many concurrent requests", async () => {
    const rays = Array.from({ length: 24 }, (_, i) => `ray-many-${i}`);
    const paths = [`/api/v1/rate?d=${DOMAIN}`, "/api/v1/meta", "/api/v1/rate?d=", `/page/many-${crypto.randomUUID()}`];
    await Promise.all(rays.map(async (ray, i) => (await get(paths[i % paths.length] ?? "/", ray)).text()));
    await poll(
      async () => rays.filter((ray) => events.some((e) => e.requestId === ray)).length,
      (n) => n === rays.length,
      10_000,
    );
    for (const ray of rays) expect(events.filter((e) => e.requestId === ray)).toHaveLength(1);
  });
});
