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
 *
 * Where workerd's output goes: miniflare reads every line workerd writes and parses it in this process,
 * which on a 2-core machine takes CPU from the workerd under load (≈30 µs per request for the edge's one
 * log line, none for the trivial Worker, which writes nothing) — a cost of the development tool, not of the
 * Worker: deployed, Cloudflare's runtime collects console.log. So by default each workerd is started with
 * its stdout sent to a file (BENCH_WORKERD_STDOUT=miniflare restores miniflare's reading): workerd still
 * formats and writes every line (counted in its CPU), and the bench counts the edge's lines at the end to
 * show one was written per answer.
 */
import { execSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoredRating } from "../shared/rating.ts";
import { signedHeaders } from "../shared/signing.ts";
import { bundleEdge, bundleWorker, startWorkerdEdge } from "../test/support/workerd-edge.ts";
import { type Expect, type Round as LoadRound, load as loadHere, startLoadThread } from "./_edge-load.ts";

const CONCURRENCY = Math.max(32, Number(process.env.BENCH_CONCURRENCY ?? 32));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WITH_BEFORE = process.env.BENCH_EDGE_BEFORE !== "0";
const ONLY = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);
const WITH_RULES = process.env.BENCH_RULES !== "none";
const BASELINE_REV = process.env.BENCH_EDGE_BASELINE ?? "";
const STDOUT_TO_FILE = process.env.BENCH_WORKERD_STDOUT !== "miniflare";
const DIRECT = process.env.BENCH_ENTRY !== "miniflare";
const FLOOR_VARIANT = "answer floor (replay)";
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

interface Round extends LoadRound {
  /** CPU the Worker's workerd process spent per answer, µs (user + system, all its threads). */
  workerdUs: number;
  /** The part of workerdUs spent in the kernel (its socket and pipe writes among it). */
  workerdSysUs: number;
  /** CPU the bench's main thread (miniflare reading workerd's output) spent per answer, µs. */
  consumerUs: number;
}

interface Scenario {
  name: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  /** What a right answer is. The trivial Worker always answers `/`. */
  expect: Expect;
}

const stops: (() => Promise<void> | void)[] = [];

/** A Worker module of bench/ (`entry` relative to this file), bundled for workerd. */
const bundle = (entry: string) => bundleWorker(new URL(entry, import.meta.url));

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
async function publishRules(edge: { url: string }): Promise<void> {
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
async function seed(edge: { url: string }): Promise<void> {
  const body = JSON.stringify({ ratings: [HOT_DOMAIN, ...DOMAINS].map(rating) });
  const headers = await signedHeaders(PUSH_SECRET, { method: "POST", path: PUSH_PATH, body });
  const res = await fetch(`${edge.url}${PUSH_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  if (res.status !== 200) throw new Error(`seeding push: ${res.status} ${await res.text()}`);
}

/** The load generator: in a worker thread of its own (bench/_edge-load.ts says why), or BENCH_LOAD=main here. */
const LOAD_IN_THREAD = process.env.BENCH_LOAD !== "main";
const loadThread = LOAD_IN_THREAD ? startLoadThread() : null;
if (loadThread) stops.push(() => loadThread.stop());

/** user and system CPU of a process (every thread), in µs, from /proc (0 where there is no /proc). */
function processCpuUs(pid: number): { user: number; sys: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // Fields 14 and 15 of stat (utime, stime), counted from after the command's closing parenthesis.
    return { user: (Number(fields[11]) * 1e6) / 100, sys: (Number(fields[12]) * 1e6) / 100 }; // USER_HZ = 100
  } catch {
    return { user: 0, sys: 0 };
  }
}

/** The workerd processes this bench started (miniflare spawns each directly). */
function workerdChildren(): Set<number> {
  const pids = new Set<number>();
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const [comm, rest] = [stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), stat.split(") ")[1] ?? ""];
        if (comm.startsWith("workerd") && Number(rest.split(" ")[1]) === process.pid) pids.add(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc: CPU figures are 0
  }
  return pids;
}

/**
 * Every workerd miniflare starts from here on writes its stdout to `<dir>/workerd-<pid>.log` (miniflare runs
 * MINIFLARE_WORKERD_PATH; the wrapper `exec`s the real binary, so the pid, stdin with the config and the
 * control pipe on fd 3 are workerd's own). stderr still goes to miniflare.
 */
function sendWorkerdStdoutToFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), "bonafide-bench-workerd-"));
  const wrapper = join(dir, "workerd");
  writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(workerdPath())} "$@" > "${dir}/workerd-$$.log"\n`);
  chmodSync(wrapper, 0o755);
  process.env.MINIFLARE_WORKERD_PATH = wrapper;
  stops.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The workerd binary miniflare would run (the package's default export; CommonJS, so nested here). */
function workerdPath(): string {
  return (createRequire(import.meta.url)("workerd") as { default: string }).default;
}

/** The edge's last per-request log event for `path` in workerd `pid`'s file (its message, as logged). */
function lastEventLine(dir: string, pid: number, path: string): string {
  let found = "";
  for (const line of readFileSync(join(dir, `workerd-${pid}.log`), "utf8").split("\n")) {
    if (!line.includes("edge.request")) continue;
    try {
      const message = (JSON.parse(line) as { message?: string }).message ?? "";
      if (message.includes(`"path":${JSON.stringify(path)}`)) found = message;
    } catch {
      // not a structured line
    }
  }
  return found;
}

/** Headers workerd writes itself: not replayed. */
const TRANSPORT_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);

/**
 * What the floor Worker replays for each scenario: the edge's own answer there (one request now, after
 * the warm-up) and the log line the edge wrote for it.
 */
async function replayTable(edge: Target, list: Scenario[], stdoutDir: string | null): Promise<string> {
  const table: Record<string, unknown> = {};
  for (const s of list) {
    const res = await fetch(`${edge.url}${s.path}`, {
      method: s.method ?? "GET",
      ...(s.body ? { body: s.body, headers: { "content-type": "application/json" } } : {}),
    });
    const body = await res.text();
    const headers = [...res.headers].filter(([name]) => !TRANSPORT_HEADERS.has(name));
    const pathOnly = s.path.split("?")[0] ?? s.path;
    const log = stdoutDir ? lastEventLine(stdoutDir, edge.pid, pathOnly) : "";
    table[s.path] = { status: res.status, headers, body, log: log || JSON.stringify({ event: "edge.request" }) };
  }
  return JSON.stringify(table);
}

/** How many of the edge's per-request log events workerd `pid` wrote to its file. */
function eventLines(dir: string, pid: number): number {
  let n = 0;
  for (const line of readFileSync(join(dir, `workerd-${pid}.log`), "utf8").split("\n"))
    if (line.includes("edge.request")) n++;
  return n;
}

/** A Worker under load: its URL and its workerd process (for the CPU figures). */
interface Target {
  url: string;
  pid: number;
  /** Answers under load so far (every round and warm-up). */
  answered: number;
}

/** Starts a Worker and finds the workerd process miniflare started for it. */
async function start(bundleText: string, vars: Record<string, string>): Promise<Target> {
  const before = workerdChildren();
  const edge = await startWorkerdEdge(bundleText, vars, undefined, { direct: DIRECT });
  stops.push(() => edge.stop());
  const started = [...workerdChildren()].filter((pid) => !before.has(pid));
  return Object.assign(edge, { pid: started.length === 1 ? (started[0] ?? 0) : 0, answered: 0 });
}

/** One round of closed-loop load on `target`, with the CPU it and the log consumer took per answer. */
async function load(target: Target, s: Scenario, seconds: number): Promise<Round> {
  const spec = {
    origin: target.url,
    path: s.path,
    method: s.method ?? ("GET" as const),
    body: s.body,
    expect: s.expect,
    seconds,
    concurrency: CONCURRENCY,
  };
  const cpu0 = processCpuUs(target.pid);
  const main0 = process.threadCpuUsage();
  const r = loadThread ? await loadThread.run(spec) : await loadHere(spec);
  const main = process.threadCpuUsage(main0);
  const cpu1 = processCpuUs(target.pid);
  const answers = Math.max(1, r.rps * seconds);
  target.answered += Math.round(r.rps * seconds);
  return {
    ...r,
    workerdUs: (cpu1.user + cpu1.sys - cpu0.user - cpu0.sys) / answers,
    workerdSysUs: (cpu1.sys - cpu0.sys) / answers,
    consumerUs: loadThread ? (main.user + main.system) / answers : Number.NaN,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fmt = (r: Round) =>
  `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  5xx ${r.fivexx}` +
  `  workerd ${r.workerdUs.toFixed(0).padStart(4)} µs/req (sys ${r.workerdSysUs.toFixed(0)})${Number.isNaN(r.consumerUs) ? "" : `  log reader ${r.consumerUs.toFixed(0)} µs/req`}` +
  `${r.wrong ? `  wrong ${r.wrong}` : ""}${r.states.size ? `  ${[...r.states].map(([k, v]) => `${k}=${v}`).join(" ")}` : ""}`;

const isRatingJson = (n: number): Expect => ({ status: 200, count: { needle: '"rating":"Q"', n } });

const allScenarios: Scenario[] = [
  { name: "rating hit (1 domain)", path: `/api/v1/rate?d=${HOT_DOMAIN}`, expect: isRatingJson(1) },
  {
    name: "50-domain POST",
    path: "/api/v1/rate",
    method: "POST",
    body: JSON.stringify({ domains: DOMAINS }),
    expect: isRatingJson(50),
  },
  {
    name: "legacy v3 hit",
    path: `/fcgi/rateapiv3.fcgi?url=www.${HOT_DOMAIN}&key=guest&format=json`,
    expect: { status: 200, includes: '"rating":"Q"' },
  },
  { name: "page HIT", path: "/page", expect: { status: 200, length: PAGE.length } },
  { name: "page STALE", path: "/stale", expect: { status: 200, length: PAGE.length } },
  // The edge's fixed cost (URL rules, routing, config) with no rating or page work: the floor under the rest.
  { name: "meta (edge floor)", path: "/api/v1/meta", expect: { status: 200 } },
];

const scenarios = allScenarios.filter((s) => ONLY.length === 0 || ONLY.some((w) => s.name.includes(w)));

try {
  const stdoutDir = STDOUT_TO_FILE ? sendWorkerdStdoutToFiles() : null;
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
  const hot = await start(edgeBundle, vars);
  const before = WITH_BEFORE ? await start(edgeBundle, { ...vars, BONAFIDE_HOT_TTL_MS: "0" }) : null;
  const baselineEdge = BASELINE_REV ? await start(bundleEdgeAt(BASELINE_REV), vars) : null;
  const trivial = await start(await bundle("./edge/trivial.ts"), {});
  const probe = await start(await bundle("./edge/probe.ts"), {});
  for (const edge of [hot, before, baselineEdge]) {
    if (!edge) continue;
    if (WITH_RULES) await publishRules(edge);
    await seed(edge);
  }

  const baseline: Scenario = { name: "trivial", path: "/", expect: { status: 200, body: "ok" } };
  const variants: [string, Target][] = [
    ["edge, hot tier", hot],
    ...(before ? ([["edge, KV only (before)", before]] as [string, Target][]) : []),
    ...(baselineEdge ? ([[`edge at ${BASELINE_REV}`, baselineEdge]] as [string, Target][]) : []),
    ["trivial Hono Worker", trivial],
  ];
  console.log(
    `edge vs a trivial Hono Worker on the same workerd; ${CONCURRENCY} clients, ${SECONDS} s a round, ${ROUNDS} rounds each, alternating; ` +
      `rules: ${WITH_RULES ? "one live rule" : "none published"}; ` +
      `load generator: ${LOAD_IN_THREAD ? "a worker thread apart from miniflare's log reading" : "the main thread, with miniflare's log reading (BENCH_LOAD=main)"}`,
  );

  // Warm-up: JIT, connections, the page cache filled (MISS → HIT), the stale page past its 1 s freshness.
  for (const s of scenarios) for (const [, target] of variants.slice(0, -1)) await load(target, s, 0.3);
  await load(trivial, baseline, 0.3);
  // Stale on every edge; then frozen (see startOrigin), and stale again on every edge, since a refresh the
  // first stale hit sent before the freeze may have made it fresh for one more second.
  const waitForStale = async () => {
    const staleBy = Date.now() + 10_000;
    for (const [, { url }] of variants.slice(0, -1)) {
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

  // The answer floor: the edge's own answers and log lines replayed by a Worker that does nothing else.
  const floor = await start(await bundle("./edge/answer-floor.ts"), {
    FLOOR: await replayTable(hot, scenarios, stdoutDir),
  });
  variants.splice(variants.length - 1, 0, [FLOOR_VARIANT, floor]);
  for (const s of scenarios) await load(floor, s, 0.3);

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
    const trivialRounds = byVariant.get("trivial Hono Worker") ?? [];
    const trivialRps = mean(trivialRounds.map((r) => r.rps));
    const trivialUs = mean(trivialRounds.map((r) => r.workerdUs));
    const floorRps = mean((byVariant.get(FLOOR_VARIANT) ?? []).map((r) => r.rps));
    for (const [variant] of variants.slice(0, -1)) {
      const rounds = byVariant.get(variant) ?? [];
      const rps = mean(rounds.map((r) => r.rps));
      const us = mean(rounds.map((r) => r.workerdUs));
      const sysUs = mean(rounds.map((r) => r.workerdSysUs));
      console.log(
        `  = ${variant.padEnd(22)} ${rps.toFixed(0)} req/s vs trivial ${trivialRps.toFixed(0)} = ${(rps / trivialRps).toFixed(2)}x` +
          `${variant === FLOOR_VARIANT ? "" : ` (${(rps / floorRps).toFixed(2)}x the answer floor)`}, ` +
          `5xx ${sum(rounds.map((r) => r.fivexx))}; workerd CPU ${us.toFixed(0)} (sys ${sysUs.toFixed(0)}) vs ${trivialUs.toFixed(0)} (sys ${mean(trivialRounds.map((r) => r.workerdSysUs)).toFixed(0)}) µs/req` +
          `${LOAD_IN_THREAD ? `, log reader ${mean(rounds.map((r) => r.consumerUs)).toFixed(0)} µs/req` : ""}`,
      );
    }
  }

  // What one read costs from each candidate hot tier on this workerd (one round each, same load).
  console.log("\none ~1 KB read per request on this workerd (probe Worker):");
  const cacheProbe = await fetch(`${probe.url}/cache`).then(() => fetch(`${probe.url}/cache`));
  console.log(
    `  Cache API (caches.default) stores here: ${cacheProbe.headers.get("x-probe") === "hit" ? "yes" : "no (a no-op)"}`,
  );
  for (const path of ["/mem", "/cache", "/kv"]) {
    await load(probe, { name: path, path, expect: { status: 200 } }, 0.3);
    console.log(
      `  ${path.padEnd(8)} ${fmt(await load(probe, { name: path, path, expect: { status: 200 } }, SECONDS))}`,
    );
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
  if (stdoutDir)
    for (const [variant, target] of variants.filter(([v]) => v !== FLOOR_VARIANT).slice(0, -1))
      console.log(
        `${variant}: workerd wrote ${eventLines(stdoutDir, target.pid)} request log lines for ${target.answered} answers under load (plus set-up requests)`,
      );
  if (before) {
    console.log(`rating hit before (KV only): ${summary("rating hit (1 domain)", "edge, KV only (before)")}`);
    console.log(`page HIT before (KV only): ${summary("page HIT", "edge, KV only (before)")}`);
  }
  console.log(`answer floor, rating hit: ${summary("rating hit (1 domain)", FLOOR_VARIANT)}`);
  console.log(`answer floor, page HIT: ${summary("page HIT", FLOOR_VARIANT)}`);
  console.log(`page HIT: ${summary("page HIT", "edge, hot tier")}`);
  // What the page rounds answered, so that a round named STALE is seen to have measured STALE answers.
  for (const name of ["page HIT", "page STALE"]) {
    const states = new Map<string, number>();
    for (const [variant, rounds] of results.get(name) ?? [])
      if (variant !== FLOOR_VARIANT)
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
