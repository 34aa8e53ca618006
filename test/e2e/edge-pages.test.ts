/**
 * @module The page cache on workerd itself (every HTTP request its own request context, as in production)
 * with a real origin server on loopback that counts its requests: N concurrent misses for one URL reach the
 * origin once (the others wait for the first one's bytes, shared as plain data), and with the origin
 * stopped every request for a stored page inside its stale-if-error window is a 200 STALE-IF-ERROR. Prints
 * the figures.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poll } from "../support/poll.ts";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../support/workerd-edge.ts";

const MISSES = 24;
const SIE_CLIENTS = 10;
const SIE_REQUESTS_PER_CLIENT = 25;

let edge: WorkerdEdge;
let origin: Server;
let originUrl: string;
const hits = new Map<string, number>();
/** Requests held until the test releases their path. */
const held = new Map<string, (() => void)[]>();
const released = new Set<string>();

function release(path: string): void {
  released.add(path);
  for (const go of held.get(path) ?? []) go();
  held.delete(path);
}

beforeAll(async () => {
  origin = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://o").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path.startsWith("/held/") && !released.has(path))
      await new Promise<void>((go) => held.set(path, [...(held.get(path) ?? []), go]));
    const cacheControl = path.startsWith("/short/")
      ? "public, s-maxage=1, stale-while-revalidate=0, stale-if-error=3600"
      : "public, s-maxage=120";
    res.writeHead(200, { "content-type": "text/html", "cache-control": cacheControl });
    res.end(`<p>${path} ${"·".repeat(20_000)}</p>`);
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  const address = origin.address();
  if (!address || typeof address === "string") throw new Error("no origin address");
  originUrl = `http://127.0.0.1:${address.port}`;
  edge = await startWorkerdEdge(bundleEdge(), { ORIGIN_URL: originUrl, DATABASE_URL: "" });
}, 120_000);

afterAll(async () => {
  await edge?.stop();
  origin?.closeAllConnections();
  await new Promise((resolve) => origin?.close(resolve));
});

describe("the page cache on workerd", () => {
  it(`makes one origin request for ${MISSES} concurrent misses of one URL`, async () => {
    const path = `/held/${crypto.randomUUID()}`;
    const answers = Array.from({ length: MISSES }, () =>
      fetch(`${edge.url}${path}`).then(async (res) => ({
        status: res.status,
        cache: res.headers.get("x-bonafide-cache"),
        body: await res.text(),
      })),
    );
    // The first miss has reached the origin and is held there; then it may answer.
    await poll(
      async () => hits.get(path) ?? 0,
      (n) => n >= 1,
      10_000,
    );
    release(path);
    const results = await Promise.all(answers);
    const labels = new Map<string, number>();
    for (const r of results) labels.set(`${r.status} ${r.cache}`, (labels.get(`${r.status} ${r.cache}`) ?? 0) + 1);
    console.log(`[edge-pages] ${MISSES} concurrent misses: origin requests ${hits.get(path)}, answers`, labels);
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(hits.get(path)).toBe(1);
  });

  it("answers every request for a stored page with 200 STALE-IF-ERROR once the origin is stopped", async () => {
    const path = `/short/${crypto.randomUUID()}`;
    const first = await fetch(`${edge.url}${path}`);
    expect(first.headers.get("x-bonafide-cache")).toBe("MISS");
    const body = await first.text();
    origin.closeAllConnections();
    await new Promise((resolve) => origin.close(resolve));
    // Fresh for one second (HIT), then past freshness with the origin gone: STALE-IF-ERROR.
    const label = await poll(
      async () => {
        const res = await fetch(`${edge.url}${path}`);
        await res.text();
        return res.headers.get("x-bonafide-cache");
      },
      (l) => l === "STALE-IF-ERROR",
      10_000,
    );
    expect(label).toBe("STALE-IF-ERROR");
    const outcomes = new Map<string, number>();
    await Promise.all(
      Array.from({ length: SIE_CLIENTS }, async () => {
        for (let i = 0; i < SIE_REQUESTS_PER_CLIENT; i++) {
          const res = await fetch(`${edge.url}${path}`);
          const text = await res.text();
          const key = `${res.status} ${res.headers.get("x-bonafide-cache")}${text === body ? "" : " (other body)"}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      }),
    );
    const total = SIE_CLIENTS * SIE_REQUESTS_PER_CLIENT;
    console.log(`[edge-pages] origin stopped, ${total} requests for a stored page:`, outcomes);
    expect(Object.fromEntries(outcomes)).toEqual({ "200 STALE-IF-ERROR": total });
  });
});
