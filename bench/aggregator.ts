/**
 * @module `npm run bench -- aggregator`: a page calling three XML back-ends (50 items each, 2/4/6 ms) in
 * parallel and rendering them with XSLT, and the same page in TSX — bonafide's aggregator against a bare
 * node:http server making the same three calls and concatenating the bodies without templating, measured
 * in the same run, each server in its own process, the back-ends in a third. TSX is measured rendered on
 * the event loop and in the worker pool. Prints req/s, p50/p99 and the
 * overhead above the slowest back-end; the last line compares the XSLT page with the baseline.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";

const ROLES = fileURLToPath(new URL("./aggregator/roles.ts", import.meta.url));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const children: ChildProcess[] = [];

async function startRole(role: string, arg = ""): Promise<string> {
  const child = spawn(process.execPath, [ROLES, role, arg], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const rl = createInterface({ input: child.stdout ?? process.stdin });
  for await (const line of rl) return (JSON.parse(line) as { url: string }).url;
  throw new Error(`${role} did not start`);
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
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
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors };
}

const fmt = (r: Result) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ""}`;

try {
  const backends = await startRole("backends");
  const [ours, base] = await Promise.all([startRole("aggregator", backends), startRole("baseline", backends)]);
  const slowest = backends.split(",")[2] ?? "";
  console.log(`3 XML back-ends × 50 items, delays 2/4/6 ms; ${CONCURRENCY} concurrent clients, ${SECONDS} s per run`);
  await load(ours, "/xslt", 1); // warm-up: JIT, pools, the XSLT workers' stylesheet cache
  await load(ours, "/tsx", 1);
  await load(ours, "/tsx-pool", 1);
  await load(base, "/", 1);
  const backend = await load(slowest, "/list", SECONDS);
  const baseline = await load(base, "/", SECONDS);
  const tsx = await load(ours, "/tsx", SECONDS);
  const pool = await load(ours, "/tsx-pool", SECONDS);
  const xslt = await load(ours, "/xslt", SECONDS);
  console.log(`slowest back-end alone:      ${fmt(backend)}`);
  console.log(
    `baseline (node:http, concat): ${fmt(baseline)}  overhead above the slowest back-end p50 ${(baseline.p50 - backend.p50).toFixed(1)} ms`,
  );
  console.log(
    `bonafide TSX page:           ${fmt(tsx)}  overhead ${(tsx.p50 - backend.p50).toFixed(1)} ms  ratio ${(tsx.rps / baseline.rps).toFixed(2)}`,
  );
  console.log(
    `bonafide TSX, worker pool:   ${fmt(pool)}  overhead ${(pool.p50 - backend.p50).toFixed(1)} ms  ratio ${(pool.rps / baseline.rps).toFixed(2)}`,
  );
  console.log(
    `bonafide XSLT page:          ${fmt(xslt)}  overhead ${(xslt.p50 - backend.p50).toFixed(1)} ms  ratio ${(xslt.rps / baseline.rps).toFixed(2)}`,
  );
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
