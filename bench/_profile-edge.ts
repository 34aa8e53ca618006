/**
 * @module A CPU profile of the edge Worker on workerd under closed-loop load on one path (a development aid,
 * not a benchmark: `node bench/_profile-edge.ts /api/v1/rate?d=bench-hot-shop.de`). Starts the bundled edge
 * with workerd's inspector on, seeds one rating through the signed push, records a V8 profile over the
 * load through the DevTools protocol and prints the functions with the most self time. Page paths are
 * answered by a local origin with a cacheable ~4 KB page (so after the warm-up they are HITs).
 * PROFILE_NATIVE=caller counts the runtime's own code under the script function that called it;
 * PROFILE_POST=N seeds N more ratings and POSTs them to PATH as one batch (`PROFILE_POST=50 node
 * bench/_profile-edge.ts /api/v1/rate`). Beware:
 * with the inspector attached, every console.log is also sent to it, so the per-request log line weighs far
 * more here than without (bench/_log-cost.ts measures it without).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Miniflare } from "miniflare";
import { Pool } from "undici";
import type { StoredRating } from "../shared/rating.ts";
import { signedHeaders } from "../shared/signing.ts";
import { freePort } from "../test/support/ports.ts";
import { bundleEdge } from "../test/support/workerd-edge.ts";

const PATH = process.argv[2] ?? "/api/v1/rate?d=bench-hot-shop.de";
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 4);
const POST_DOMAINS = Number(process.env.PROFILE_POST ?? 0);
const SECRET = "profile-push-secret-0123456789abcdef";
const TOKEN = "profile-admin-token-0123456789abcdef";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const inspectorPort = await freePort();
// A cacheable ~4 KB page for every path, so a page path (`/page`) is profiled as the page HIT it becomes.
const pageOrigin = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "public, s-maxage=3600" });
  res.end(`<!doctype html><title>profile</title>${"<p>a paragraph of the job board</p>".repeat(110)}`);
});
await new Promise<void>((resolve) => pageOrigin.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(pageOrigin.address() as AddressInfo).port}`;
const mf = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  inspectorPort,
  // The per-request log events are not printed (thousands a second, through this process, which is also the
  // load generator); anything else workerd writes is. Their cost inside workerd is in the profile: V8 counts
  // console.log's native time as self time of its caller (RequestLog's `write`).
  handleStructuredLogs: ({ level, message }) => {
    if (message.startsWith('{"event":"edge.request"')) return;
    if (level === "error" || level === "warn") console.error(message);
    else console.log(message);
  },
  workers: [
    {
      config: {
        name: "bonafide-edge",
        compatibilityDate: "2025-01-01",
        compatibilityFlags: ["nodejs_compat"],
        manifest: { mainModule: "index.js", modules: { "index.js": { type: "esm", contents: bundleEdge() } } },
        env: {
          RATINGS: { type: "kv", id: "ratings" },
          RULES: { type: "kv", id: "rules" },
          PAGES: { type: "kv", id: "pages" },
          ...Object.fromEntries(
            Object.entries({
              BONAFIDE_PUSH_SECRET: SECRET,
              BONAFIDE_ADMIN_TOKEN: TOKEN,
              ORIGIN_URL: origin,
              CLIENT_BURST_ITEMS: "100000000",
              CLIENT_ITEMS_PER_MINUTE: "100000000",
            }).map(([k, value]) => [k, { type: "text" as const, value }]),
          ),
        },
      },
    },
  ],
});
try {
  const url = (await mf.ready).origin;
  const rating: StoredRating = {
    domain: "bench-hot-shop.de",
    rating: "Q",
    ratingInfo: "unverified",
    score: 88,
    confidence: "medium",
    reasons: [{ code: "address_found", weight: 2, detail: "Musterstraße 1, 10115 Berlin", source: "https://x/" }],
    business: { legalName: "Bench Shop GmbH", locality: "Berlin", countryCode: "DE" },
    ratedAt: new Date(Date.now() - 3600_000).toISOString(),
    expiresAt: new Date(Date.now() + 14 * 86400_000).toISOString(),
  };
  // PROFILE_POST=N: N more rated domains, POSTed together to PATH (the extension's batch) instead of a GET.
  const extra = Array.from({ length: POST_DOMAINS }, (_, i) => ({ ...rating, domain: `profile-shop-${i}.co.uk` }));
  const body = JSON.stringify({ ratings: [rating, ...extra] });
  const batch = JSON.stringify({ domains: extra.map((r) => r.domain) });
  const path = "/_bonafide/internal/ratings";
  const pushed = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(await signedHeaders(SECRET, { method: "POST", path, body })) },
    body,
  });
  if (pushed.status !== 200) throw new Error(`push: ${pushed.status}`);
  if (process.env.PROFILE_RULES !== "none") {
    const put = await fetch(`${url}/_bonafide/rules`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ id: "r", match: { prefix: "/old/" }, action: { type: "redirect", to: "/" } }] }),
    });
    if (put.status !== 201) throw new Error(`rules: ${put.status}`);
  }

  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/core:user:bonafide-edge`);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.onmessage = (event) => {
    const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  };
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      ws.send(JSON.stringify({ id: nextId, method, params }));
    });

  const pool = new Pool(url, { connections: 32 });
  const load = async (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() < until) {
          const res = await pool.request(
            POST_DOMAINS > 0
              ? { path: PATH, method: "POST", body: batch, headers: { "content-type": "application/json" } }
              : { path: PATH, method: "GET" },
          );
          await res.body.text();
          n++;
        }
      }),
    );
    return n / seconds;
  };
  await load(1);
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  const rps = await load(SECONDS);
  const { profile } = (await send("Profiler.stop")) as { profile: { nodes: Node[] } };
  ws.close();
  await pool.close();

  const self = new Map<string, number>();
  let total = 0;
  // PROFILE_NATIVE=caller: time in the runtime's own code (no script URL: Response, Headers, console.log…)
  // is counted under the nearest script function that called it, as "native under <caller>".
  const byCaller = process.env.PROFILE_NATIVE === "caller";
  const parent = new Map<number, Node>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const name = (n: Node) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop() ?? ""}:${n.callFrame.lineNumber + 1}`;
  const isNative = (n: Node) =>
    n.callFrame.url === "" && !/^\((idle|program|garbage collector|root)\)$/.test(n.callFrame.functionName);
  for (const n of profile.nodes) {
    let key = name(n);
    if (byCaller && isNative(n)) {
      let p = parent.get(n.id);
      while (p && isNative(p)) p = parent.get(p.id);
      key = `native under ${p ? name(p) : "?"}`;
    }
    self.set(key, (self.get(key) ?? 0) + n.hitCount);
    total += n.hitCount;
  }
  console.log(`${PATH}: ${rps.toFixed(0)} req/s under the profiler; ${total} samples`);
  for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 30)))
    console.log(`${((100 * hits) / total).toFixed(1).padStart(5)}%  ${key}`);
  // PROFILE_TOTAL=1: also each script function's inclusive time (itself and all it called), counted once
  // per sample however deep it recurses.
  if (process.env.PROFILE_TOTAL === "1") {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const inclusive = new Map<string, number>();
    const walk = (n: Node, onStack: Set<string>): number => {
      const key = name(n);
      const fresh = n.callFrame.url !== "" && !onStack.has(key);
      if (fresh) onStack.add(key);
      let hits = n.hitCount;
      for (const c of n.children ?? []) {
        const child = byId.get(c);
        if (child) hits += walk(child, onStack);
      }
      if (fresh) {
        onStack.delete(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
      }
      return hits;
    };
    const root = profile.nodes.find((n) => !parent.has(n.id));
    if (root) walk(root, new Set());
    console.log("inclusive:");
    for (const [key, hits] of [...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.PROFILE_TOP ?? 30)))
      console.log(`${((100 * hits) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
} finally {
  await mf.dispose();
  pageOrigin.close();
}
