/**
 * @module `npm run bench -- edge`: the edge Worker on workerd itself (miniflare's workerd, no `wrangler dev`
 * proxy) against a trivial Hono Worker (`app.get('/', c => c.text('ok'))`) on the same runtime, with the same
 * closed-loop load generator (≥ 32 clients), in alternating rounds: the edge with its hot tier, the same
 * edge with the hot tier off (`BONAFIDE_HOT_TTL_MS=0`: every rating read goes to KV, the "before"), and the
 * trivial Worker. Scenarios: a rating hit (1 domain), a 50-domain POST, a SiteTruth v3 hit, a page HIT and a
 * page past its freshness ("STALE"; the states the edge answered are counted, whatever they are). Prints
 * req/s, p50, p99 and the 5xx count of every round, a probe of what one read costs from memory, the Cache
 * API and KV on this workerd, and ends with `edge: <rating hit req/s> vs <trivial req/s> = <ratio>`.
 *
 * BENCH_CONCURRENCY (32), BENCH_SECONDS per round (2), BENCH_ROUNDS per variant (3), BENCH_EDGE_BEFORE=0 to
 * skip the hot-tier-off variant, BENCH_ONLY=rating,page… to run only the scenarios whose names contain one of
 * those words (the summary lines then say n/a for what did not run), BENCH_RULES=none to publish no rules
 * version (by default one rule no bench path matches is live, as on a deployed edge), BENCH_EDGE_BASELINE=<git
 * revision> to run the edge as it was at that revision too (hot tier on), alternating with the others in the
 * same run: a before/after on one shared machine.
 */
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Pool } from "undici";
import type { StoredRating } from "../shared/rating.ts";
import { signedHeaders } from "../shared/signing.ts";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../test/support/workerd-edge.ts";

const CONCURRENCY = Math.max(32, Number(process.env.BENCH_CONCURRENCY ?? 32));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WITH_BEFORE = process.env.BENCH_EDGE_BEFORE !== "0";
const ONLY = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);
const WITH_RULES = process.env.BENCH_RULES !== "none";
const BASELINE_REV = process.env.BENCH_EDGE_BASELINE ?? "";
const PUSH_SECRET = "bench-push-secret-0123456789abcdef";
const PUSH_PATH = "/_bonafide/internal/ratings";
const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
const HOT_DOMAIN = "bench-hot-shop.de";
const DOMAINS = Array.from({ length: 50 }, (_, i) => `bench-shop-${i}.co.uk`);
const PAGE = `<!doctype html><title>bench</title>${"<p>a paragraph of the job board</p>".repeat(110)}`; // ~4 KB

/** The edge as it was at git revision `rev`, bundled by wrangler from a copy of that tree. */
function bundleEdgeAt(rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bonafide-edge-baseline-"));
  try {
    execSync(
      `git archive ${JSON.stringify(rev)} edge shared wrangler.toml package.json tsconfig.base.json | tar -x -C ${JSON.stringify(dir)}`,
    );
    symlinkSync(join(process.cwd(), "node_modules"), join(dir, "node_modules"));
    return bundleEdge(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Round {
  rps: number;
  p50: number;
  p99: number;
  fivexx: number;
  /** Other non-2xx answers, and answers of the wrong shape. */
  wrong: number;
  /** x-bonafide-cache values seen (pages). */
  states: Map<string, number>;
}

interface Scenario {
  name: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  /** The trivial Worker always answers `/`. */
  ok(status: number, body: string): boolean;
}

const stops: (() => Promise<void> | void)[] = [];

async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
  });
  return out.outputFiles[0]?.text ?? "";
}

/**
 * The page origin: a cacheable ~4 KB page at `/page`, and one fresh for 1 s only (then stale) at `/stale`.
 * Once `freezeStale()` is called, `/stale` answers `no-store`: the edge's refreshes then bring nothing it may
 * keep, so the stored page stays stale and the STALE round measures STALE answers, not a page that a refresh
 * has made fresh again (HIT) for a second out of every thirty.
 */
let staleFrozen = false;
function freezeStale(): void {
  staleFrozen = true;
}

async function startOrigin(): Promise<string> {
  const server: Server = createServer((req, res) => {
    const stale = req.url?.startsWith("/stale") ?? false;
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": !stale
        ? "public, s-maxage=3600"
        : staleFrozen
          ? "no-store"
          : "public, s-maxage=1, stale-while-revalidate=3600, stale-if-error=86400",
    });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function rating(domain: string): StoredRating {
  return {
    domain,
    rating: "Q",
    ratingInfo: "unverified",
    score: 88,
    confidence: "medium",
    reasons: [
      {
        code: "address_found",
        weight: 2,
        detail: "Musterstraße 1, 10115 Berlin",
        source: `https://${domain}/impressum`,
      },
      { code: "legal_name_found", weight: 1, detail: "Bench Shop GmbH", source: `https://${domain}/impressum` },
    ],
    business: { legalName: "Bench Shop GmbH", locality: "Berlin", countryCode: "DE" },
    ratedAt: new Date(Date.now() - 3600_000).toISOString(),
    expiresAt: new Date(Date.now() + 14 * 86400_000).toISOString(),
  };
}

/** A live rules version, as a deployed edge has: one redirect no bench path matches. */
async function publishRules(edge: WorkerdEdge): Promise<void> {
  const res = await fetch(`${edge.url}/_bonafide/rules?comment=bench`, {
    method: "PUT",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      rules: [{ id: "old-shop", match: { prefix: "/old-shop/" }, action: { type: "redirect", to: "/shop/" } }],
    }),
  });
  if (res.status !== 201) throw new Error(`publishing rules: ${res.status} ${await res.text()}`);
}

/** Seeds the ratings through the edge's own signed push, as the raters do. */
async function seed(edge: WorkerdEdge): Promise<void> {
  const body = JSON.stringify({ ratings: [HOT_DOMAIN, ...DOMAINS].map(rating) });
  const headers = await signedHeaders(PUSH_SECRET, { method: "POST", path: PUSH_PATH, body });
  const res = await fetch(`${edge.url}${PUSH_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  if (res.status !== 200) throw new Error(`seeding push: ${res.status} ${await res.text()}`);
}

/** Closed-loop load: CONCURRENCY clients, each sending its next request when its last one was answered. */
async function load(origin: string, s: Scenario, seconds: number): Promise<Round> {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  const latencies: number[] = [];
  const states = new Map<string, number>();
  let fivexx = 0;
  let wrong = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await pool.request({
          path: s.path,
          method: s.method ?? "GET",
          headers: s.body ? { "content-type": "application/json" } : {},
          body: s.body,
        });
        const body = await res.body.text();
        latencies.push(performance.now() - t);
        if (res.statusCode >= 500) fivexx++;
        else if (!s.ok(res.statusCode, body)) wrong++;
        const state = res.headers["x-bonafide-cache"];
        if (typeof state === "string") states.set(state, (states.get(state) ?? 0) + 1);
      }
    }),
  );
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), fivexx, wrong, states };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fmt = (r: Round) =>
  `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  5xx ${r.fivexx}` +
  `${r.wrong ? `  wrong ${r.wrong}` : ""}${r.states.size ? `  ${[...r.states].map(([k, v]) => `${k}=${v}`).join(" ")}` : ""}`;

const isRatingJson = (n: number) => (status: number, body: string) =>
  status === 200 && (body.match(/"rating":"Q"/g)?.length ?? 0) === n;

const allScenarios: Scenario[] = [
  { name: "rating hit (1 domain)", path: `/api/v1/rate?d=${HOT_DOMAIN}`, ok: isRatingJson(1) },
  {
    name: "50-domain POST",
    path: "/api/v1/rate",
    method: "POST",
    body: JSON.stringify({ domains: DOMAINS }),
    ok: isRatingJson(50),
  },
  {
    name: "legacy v3 hit",
    path: `/fcgi/rateapiv3.fcgi?url=www.${HOT_DOMAIN}&key=guest&format=json`,
    ok: (status, body) => status === 200 && body.includes('"rating":"Q"'),
  },
  { name: "page HIT", path: "/page", ok: (status, body) => status === 200 && body.length === PAGE.length },
  { name: "page STALE", path: "/stale", ok: (status, body) => status === 200 && body.length === PAGE.length },
  // The edge's fixed cost (URL rules, routing, config) with no rating or page work: the floor under the rest.
  { name: "meta (edge floor)", path: "/api/v1/meta", ok: (status) => status === 200 },
];

const scenarios = allScenarios.filter((s) => ONLY.length === 0 || ONLY.some((w) => s.name.includes(w)));

try {
  const origin = await startOrigin();
  const edgeBundle = bundleEdge();
  const vars = {
    BONAFIDE_PUSH_SECRET: PUSH_SECRET,
    BONAFIDE_ADMIN_TOKEN: ADMIN_TOKEN,
    ORIGIN_URL: origin,
    API_KEYS: "guest",
    // The overload guard is not the subject: one client here sends what thousands would.
    CLIENT_BURST_ITEMS: "100000000",
    CLIENT_ITEMS_PER_MINUTE: "100000000",
  };
  const hot = await startWorkerdEdge(edgeBundle, vars);
  stops.push(() => hot.stop());
  const before = WITH_BEFORE ? await startWorkerdEdge(edgeBundle, { ...vars, BONAFIDE_HOT_TTL_MS: "0" }) : null;
  if (before) stops.push(() => before.stop());
  const baselineEdge = BASELINE_REV ? await startWorkerdEdge(bundleEdgeAt(BASELINE_REV), vars) : null;
  if (baselineEdge) stops.push(() => baselineEdge.stop());
  const trivial = await startWorkerdEdge(await bundle("./edge/trivial.ts"), {});
  stops.push(() => trivial.stop());
  const probe = await startWorkerdEdge(await bundle("./edge/probe.ts"), {});
  stops.push(() => probe.stop());
  for (const edge of [hot, before, baselineEdge]) {
    if (!edge) continue;
    if (WITH_RULES) await publishRules(edge);
    await seed(edge);
  }

  const baseline: Scenario = { name: "trivial", path: "/", ok: (status, body) => status === 200 && body === "ok" };
  const variants: [string, string][] = [
    ["edge, hot tier", hot.url],
    ...(before ? ([["edge, KV only (before)", before.url]] as [string, string][]) : []),
    ...(baselineEdge ? ([[`edge at ${BASELINE_REV}`, baselineEdge.url]] as [string, string][]) : []),
    ["trivial Hono Worker", trivial.url],
  ];
  console.log(
    `edge vs a trivial Hono Worker on the same workerd; ${CONCURRENCY} clients, ${SECONDS} s a round, ${ROUNDS} rounds each, alternating; ` +
      `rules: ${WITH_RULES ? "one live rule" : "none published"}`,
  );

  // Warm-up: JIT, connections, the page cache filled (MISS → HIT), the stale page past its 1 s freshness.
  for (const s of scenarios) for (const [, url] of variants.slice(0, -1)) await load(url, s, 0.3);
  await load(trivial.url, baseline, 0.3);
  // Stale on every edge; then frozen (see startOrigin), and stale again on every edge, since a refresh the
  // first stale hit sent before the freeze may have made it fresh for one more second.
  const waitForStale = async () => {
    const staleBy = Date.now() + 10_000;
    for (const [, url] of variants.slice(0, -1)) {
      if (!scenarios.some((s) => s.path === "/stale")) break;
      while ((await fetch(`${url}/stale`).then((r) => r.headers.get("x-bonafide-cache"))) !== "STALE") {
        if (Date.now() > staleBy) throw new Error("the /stale page did not answer STALE within 10 s (fresh for 1 s)");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  await waitForStale();
  freezeStale();
  await waitForStale();

  const results = new Map<string, Map<string, Round[]>>();
  for (const s of scenarios) {
    const byVariant = new Map<string, Round[]>(variants.map(([v]) => [v, []]));
    results.set(s.name, byVariant);
    console.log(`\n${s.name}: ${s.method ?? "GET"} ${s.path.length > 70 ? `${s.path.slice(0, 70)}…` : s.path}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [variant, url] of variants) {
        const r = await load(url, variant.startsWith("trivial") ? baseline : s, SECONDS);
        byVariant.get(variant)?.push(r);
        console.log(`  ${variant.padEnd(24)} ${fmt(r)}`);
      }
    }
    const trivialRps = mean((byVariant.get("trivial Hono Worker") ?? []).map((r) => r.rps));
    for (const [variant] of variants.slice(0, -1)) {
      const rounds = byVariant.get(variant) ?? [];
      const rps = mean(rounds.map((r) => r.rps));
      console.log(
        `  = ${variant.padEnd(22)} ${rps.toFixed(0)} req/s vs trivial ${trivialRps.toFixed(0)} = ${(rps / trivialRps).toFixed(2)}x, ` +
          `5xx ${sum(rounds.map((r) => r.fivexx))}`,
      );
    }
  }

  // What one read costs from each candidate hot tier on this workerd (one round each, same load).
  console.log("\none ~1 KB read per request on this workerd (probe Worker):");
  const probeOk = (status: number) => status === 200;
  const cacheProbe = await fetch(`${probe.url}/cache`).then(() => fetch(`${probe.url}/cache`));
  console.log(
    `  Cache API (caches.default) stores here: ${cacheProbe.headers.get("x-probe") === "hit" ? "yes" : "no (a no-op)"}`,
  );
  for (const path of ["/mem", "/cache", "/kv"]) {
    await load(probe.url, { name: path, path, ok: probeOk }, 0.3);
    console.log(`  ${path.padEnd(8)} ${fmt(await load(probe.url, { name: path, path, ok: probeOk }, SECONDS))}`);
  }

  /** `<ours> req/s vs <trivial> req/s = <ratio>` over a scenario's rounds, or n/a if it did not run. */
  const summary = (name: string, variant: string) => {
    const byVariant = results.get(name);
    const ours = mean((byVariant?.get(variant) ?? []).map((r) => r.rps));
    const base = mean((byVariant?.get("trivial Hono Worker") ?? []).map((r) => r.rps));
    return byVariant?.get(variant)?.length
      ? `${ours.toFixed(0)} req/s vs ${base.toFixed(0)} req/s = ${(ours / base).toFixed(2)}`
      : "n/a (not run)";
  };
  const all5xx = sum(
    [...results.values()].flatMap((m) => [...m.values()].flatMap((rounds) => rounds.map((r) => r.fivexx))),
  );
  console.log(`\n5xx over every round: ${all5xx}`);
  if (before) {
    console.log(`rating hit before (KV only): ${summary("rating hit (1 domain)", "edge, KV only (before)")}`);
    console.log(`page HIT before (KV only): ${summary("page HIT", "edge, KV only (before)")}`);
  }
  console.log(`page HIT: ${summary("page HIT", "edge, hot tier")}`);
  // What the page rounds answered, so that a round named STALE is seen to have measured STALE answers.
  for (const name of ["page HIT", "page STALE"]) {
    const states = new Map<string, number>();
    for (const rounds of results.get(name)?.values() ?? [])
      for (const r of rounds) for (const [k, v] of r.states) states.set(k, (states.get(k) ?? 0) + v);
    if (states.size)
      console.log(`${name} answers (every edge round): ${[...states].map(([k, v]) => `${k}=${v}`).join(" ")}`);
  }
  console.log(`page STALE: ${summary("page STALE", "edge, hot tier")}`);
  if (baselineEdge) {
    for (const s of scenarios)
      console.log(
        `${s.name} at ${BASELINE_REV}: ${summary(s.name, `edge at ${BASELINE_REV}`)} (this tree: ${summary(s.name, "edge, hot tier")})`,
      );
  }
  console.log(`edge: ${summary("rating hit (1 domain)", "edge, hot tier")}`);
  if (all5xx > 0) process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop();
}
