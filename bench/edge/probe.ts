/**
 * @module A probe Worker for `npm run bench -- edge`: the price of one read from each candidate hot tier on
 * this workerd — a module-level string (memory), `caches.default` (the Cache API) and KV — and whether the
 * Cache API stores anything here at all. Each route answers the same ~1 KB string.
 */
import { Hono } from "hono";

interface ProbeBindings {
  RATINGS: KVNamespace;
}

const VALUE = JSON.stringify({ domain: "probe.example", rating: "Q", pad: "x".repeat(900) });
const KEY_URL = "https://probe.invalid/rating/probe.example";
const memory = new Map<string, string>([["probe.example", VALUE]]);

const app = new Hono<{ Bindings: ProbeBindings }>();
app.get("/mem", (c) => c.text(memory.get("probe.example") ?? ""));
app.get("/kv", async (c) => {
  const value = await c.env.RATINGS.get("probe.example");
  if (value !== null) return c.text(value, 200, { "x-probe": "hit" });
  await c.env.RATINGS.put("probe.example", VALUE);
  return c.text(VALUE, 200, { "x-probe": "miss" });
});
app.get("/cache", async (c) => {
  const cache = (caches as unknown as { default: Cache }).default;
  const hit = await cache.match(KEY_URL);
  if (hit) return new Response(hit.body, { headers: { "x-probe": "hit" } });
  await cache.put(KEY_URL, new Response(VALUE, { headers: { "cache-control": "public, max-age=3600" } }));
  return c.text(VALUE, 200, { "x-probe": "miss" });
});

export default app;
