/**
 * @module `npm run bench -- aggregator`: a page calling three XML back-ends (50 items each, 2/4/6 ms) in
 * parallel and rendering them with XSLT, and the same page in TSX — bonafide's aggregator against a bare
 * node:http server making the same three calls and concatenating the bodies without templating, measured
 * in the same run, each server in its own process, the back-ends in a third. TSX is measured rendered on
 * the event loop and in the worker pool. Prints req/s, p50/p99, the p50 overhead above the slowest
 * back-end (measured alone in the same run), and CPU per page of the server's process split by thread:
 * main (the event loop), render (the worker threads) and other (V8's GC/compiler helpers, libuv's pool),
 * read from /proc by the server process itself before and after each run. The last line compares the XSLT
 * page with the baseline. Every variant runs once per round, in turn, `BENCH_ROUNDS` (3) rounds of
 * `BENCH_SECONDS` (3) each, pooled; each round prints its ratios, so a slow spell of a shared machine shows.
 * `BENCH_RENDER_THREADS` sets the aggregator's render threads (default: its own).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";

const ROLES = fileURLToPath(new URL("./aggregator/roles.ts", import.meta.url));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Rounds: every variant runs once per round, in turn, so a slow spell of a shared machine hits them all. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const children: ChildProcess[] = [];

/** CPU used so far by a role process's threads, ms (see threadCpu in roles.ts). */
interface Cpu {
  main: number;
  render: number;
  other: number;
  renderThreads: number;
}

interface Role {
  url: string;
  cpu(): Promise<Cpu>;
}

async function startRole(role: string, arg = ""): Promise<Role> {
  const child = spawn(process.execPath, [ROLES, role, arg], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const lines = createInterface({ input: child.stdout ?? process.stdin })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`${role} exited`);
    return JSON.parse(value) as unknown;
  };
  const { url } = (await next()) as { url: string };
  return {
    url,
    cpu: () => {
      child.stdin?.write("cpu\n");
      return next() as Promise<Cpu>;
    },
  };
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Every answer's latency, ms, sorted (so rounds can be pooled). */
  latencies: number[];
  seconds: number;
  /** CPU per page, ms, of the server process (when measured). */
  cpu?: { main: number; render: number; other: number };
}

/** Closed-loop load: CONCURRENCY clients, each sending its next request when the last one answered. */
async function load(origin: string, path: string, seconds: number): Promise<Result> {
  const pool = new Pool(origin, { connections: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await pool.request({ path: `${path}${path.includes("?") ? "&" : "?"}n=${n++}`, method: "GET" });
        const body = await res.body.text();
        if (res.statusCode !== 200 || body.length < 1000) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  await pool.close();
  return summarise(latencies, seconds, errors);
}

function summarise(latencies: number[], seconds: number, errors: number): Result {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors, latencies, seconds };
}

/** The rounds of one variant as one run: pages over the total time, latencies pooled, CPU per page over all. */
function pooled(rounds: Result[]): Result {
  const r = summarise(
    rounds.flatMap((x) => x.latencies),
    rounds.reduce((t, x) => t + x.seconds, 0),
    rounds.reduce((t, x) => t + x.errors, 0),
  );
  const pages = rounds.map((x) => x.rps * x.seconds);
  const all = pages.reduce((t, n) => t + n, 0);
  const cpu = (k: "main" | "render" | "other") =>
    rounds.reduce((t, x, i) => t + (x.cpu?.[k] ?? 0) * (pages[i] ?? 0), 0) / all;
  return rounds.every((x) => x.cpu)
    ? { ...r, cpu: { main: cpu("main"), render: cpu("render"), other: cpu("other") } }
    : r;
}

/** `load`, with the server process's CPU per page over the run. */
async function measure(server: Role, path: string, seconds: number, url = server.url): Promise<Result> {
  const before = await server.cpu();
  const result = await load(url, path, seconds);
  const after = await server.cpu();
  const pages = result.rps * seconds;
  const per = (k: "main" | "render" | "other") => (after[k] - before[k]) / pages;
  return { ...result, cpu: { main: per("main"), render: per("render"), other: per("other") } };
}

const fmt = (r: Result) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ""}`;

/** CPU per page: main + render (the issue's figure), and the helpers beside. */
const fmtCpu = (r: Result) =>
  r.cpu
    ? `CPU/page main ${r.cpu.main.toFixed(2)} + render ${r.cpu.render.toFixed(2)} = ${(r.cpu.main + r.cpu.render).toFixed(2)} ms (+ other threads ${r.cpu.other.toFixed(2)})`
    : "";

try {
  const backends = await startRole("backends");
  const [ours, base] = await Promise.all([startRole("aggregator", backends.url), startRole("baseline", backends.url)]);
  const slowest = backends.url.split(",")[2] ?? "";
  const threads = (await ours.cpu()).renderThreads;
  console.log(
    `3 XML back-ends × 50 items, delays 2/4/6 ms; ${CONCURRENCY} concurrent clients, ${SECONDS} s per run, ${ROUNDS} rounds of every variant in turn; ${threads} worker threads in the aggregator (render pool + Node's own)`,
  );
  await load(ours.url, "/xslt", 1); // warm-up: JIT, pools, the XSLT workers' stylesheet cache
  await load(ours.url, "/tsx", 1);
  await load(ours.url, "/tsx-pool", 1);
  await load(base.url, "/", 1);
  const variants = {
    backend: () => measure(backends, "/list", SECONDS, slowest),
    baseline: () => measure(base, "/", SECONDS),
    tsx: () => measure(ours, "/tsx", SECONDS),
    pool: () => measure(ours, "/tsx-pool", SECONDS),
    xslt: () => measure(ours, "/xslt", SECONDS),
  };
  const rounds = new Map<keyof typeof variants, Result[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    const ratios: string[] = [];
    let baseRps = 0;
    for (const [name, run] of Object.entries(variants) as [keyof typeof variants, () => Promise<Result>][]) {
      const r = await run();
      rounds.set(name, [...(rounds.get(name) ?? []), r]);
      if (name === "baseline") baseRps = r.rps;
      else if (name !== "backend") ratios.push(`${name} ${(r.rps / baseRps).toFixed(2)}`);
    }
    console.log(`round ${round}/${ROUNDS}: baseline ${baseRps.toFixed(0)} req/s; ratios ${ratios.join(", ")}`);
  }
  const of = (name: keyof typeof variants) => pooled(rounds.get(name) ?? []);
  const backend = of("backend");
  const baseline = of("baseline");
  const tsx = of("tsx");
  const pool = of("pool");
  const xslt = of("xslt");
  const line = (label: string, r: Result) =>
    console.log(
      `${label.padEnd(29)} ${fmt(r)}  overhead ${(r.p50 - backend.p50).toFixed(1)} ms  ratio ${(r.rps / baseline.rps).toFixed(2)}  ${fmtCpu(r)}`,
    );
  console.log(`slowest back-end alone:       ${fmt(backend)}  ${fmtCpu(backend)}`);
  console.log(
    `baseline (node:http, concat): ${fmt(baseline)}  overhead above the slowest back-end p50 ${(baseline.p50 - backend.p50).toFixed(1)} ms  ${fmtCpu(baseline)}`,
  );
  line("bonafide TSX page:", tsx);
  line("bonafide TSX, worker pool:", pool);
  line("bonafide XSLT page:", xslt);
  console.log(
    "(for scale, not this run: Frontik 7.1.10, one worker, XSLT, 16 clients, measured 177.7 req/s here — research/frontik.md §5.2)",
  );
  console.log(
    `aggregator: ${xslt.rps.toFixed(0)} req/s vs ${baseline.rps.toFixed(0)} req/s = ${(xslt.rps / baseline.rps).toFixed(2)}`,
  );
} finally {
  for (const c of children) c.kill("SIGKILL");
}
process.exit(0);
