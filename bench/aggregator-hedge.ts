/**
 * @module `npm run bench -- aggregator-hedge`: the tail a slow back-end server gives a page, with and
 * without hedged requests, in the same run. One back-end of two servers answers in 2 ms, except 1 % of its
 * answers, which take 200 ms; a page makes three calls to it in parallel (so ~3 % of plain pages wait for a
 * slow answer) and concatenates the bodies. The same aggregator serves `/plain` (the back-end without a
 * hedge) and `/hedged` (the same servers with `hedge: { percentile: 95 }`), measured in alternating rounds
 * under the same closed-loop load. The back-ends and the aggregator run in processes of their own (this file
 * again, with a role argument). Prints p50/p99 of each and the hedges sent and won; the last line compares
 * the p99s (how many times lower the hedged page's is). BENCH_CONCURRENCY (4), BENCH_SECONDS (5) and
 * BENCH_SLOW_SHARE (0.01; 0 shows what hedging costs when nothing is slow) change the setup.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { aggregatorSettings } from "../origin/aggregator/settings.ts";

const SELF = fileURLToPath(import.meta.url);
// Below the aggregator's saturation (16 clients fill both cores on the 2-core box), so the tail measured
// is the back-end's, not the aggregator's own queue.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;
const FAST_MS = 2;
const SLOW_MS = 200;
const SLOW_SHARE = Number(process.env.BENCH_SLOW_SHARE ?? 0.01);
const CALLS_PER_PAGE = 3;

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
}

/** Two servers of one back-end, each answering 1 % of requests after 200 ms and the rest after 2 ms. */
async function backends(): Promise<string> {
  const body = `<?xml version="1.0"?><list>${Array.from({ length: 20 }, (_, i) => `<item id="${i}"/>`).join("")}</list>`;
  const urls = await Promise.all(
    [0, 1].map(() =>
      listen(
        createServer((_req, res) => {
          const ms = Math.random() < SLOW_SHARE ? SLOW_MS : FAST_MS;
          setTimeout(() => res.writeHead(200, { "content-type": "application/xml" }).end(body), ms);
        }),
      ),
    ),
  );
  return urls.join("|");
}

async function aggregator(servers: string): Promise<string> {
  const { routesFromTable } = await import("../origin/aggregator/router.ts");
  const { createAggregator } = await import("../origin/aggregator/server.ts");
  const { createLogger } = await import("../origin/log.ts");
  type Page = import("../origin/aggregator/page.ts").Page;
  const page = (backend: string) => ({
    GET: async (p: Page) => {
      // Distinct per request and per call: no coalescing or caching between them.
      const n = p.query.get("n") ?? "";
      const calls = Array.from({ length: CALLS_PER_PAGE }, (_, i) =>
        p.fetch(backend, { path: "/list", query: { n, i } }),
      );
      const results = await Promise.all(calls);
      return p.text(results.map((r) => (r.ok ? r.text : `<error/>`)).join(""), "application/xml");
    },
  });
  const list = servers.split("|");
  const agg = await createAggregator({
    pages: routesFromTable({ "/plain": page("plain"), "/hedged": page("hedged") }),
    backends: [
      { name: "plain", servers: list },
      { name: "hedged", servers: list, hedge: { percentile: 95 } },
    ],
    settings: aggregatorSettings({ renderThreads: 1, cacheBytes: 0, maxActive: 10_000 }),
    logger: createLogger({}, { write: () => {} }),
  });
  return agg.listen(0);
}

const role = process.argv[2];
if (role === "backends" || role === "aggregator") {
  const url = role === "backends" ? await backends() : await aggregator(process.argv[3] ?? "");
  console.log(JSON.stringify({ url }));
} else await main();

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  async function startRole(name: string, arg = ""): Promise<string> {
    const child = spawn(process.execPath, [SELF, name, arg], { stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    const rl = createInterface({ input: child.stdout ?? process.stdin });
    for await (const line of rl) return (JSON.parse(line) as { url: string }).url;
    throw new Error(`${name} did not start`);
  }
  /** Closed-loop load: CONCURRENCY clients, each sending its next request when the last one answered. */
  async function load(origin: string, path: string, seconds: number, into: number[]): Promise<number> {
    const pool = new Pool(origin, { connections: CONCURRENCY });
    let errors = 0;
    let n = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          const res = await pool.request({ path: `${path}?n=${n++}`, method: "GET" });
          const body = await res.body.text();
          if (res.statusCode !== 200 || body.includes("<error/>")) errors++;
          into.push(performance.now() - t);
        }
      }),
    );
    await pool.close();
    return errors;
  }
  const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  try {
    const servers = await startRole("backends");
    const agg = await startRole("aggregator", servers);
    console.log(
      `1 back-end, 2 servers: ${FAST_MS} ms, ${SLOW_SHARE * 100} % of answers at ${SLOW_MS} ms; ${CALLS_PER_PAGE} calls a page; ` +
        `${CONCURRENCY} concurrent clients, ${ROUNDS} alternating rounds of ${SECONDS / ROUNDS} s each (shared machine: compare within a run)`,
    );
    // Warm-up: JIT, connections, and the hedged back-end's latency window (≥ 20 answers before it hedges).
    await load(agg, "/plain", 1, []);
    await load(agg, "/hedged", 1, []);
    const plain: number[] = [];
    const hedged: number[] = [];
    let errors = 0;
    for (let r = 0; r < ROUNDS; r++) {
      errors += await load(agg, "/plain", SECONDS / ROUNDS, plain);
      errors += await load(agg, "/hedged", SECONDS / ROUNDS, hedged);
    }
    plain.sort((a, b) => a - b);
    hedged.sort((a, b) => a - b);
    const metrics = await (await fetch(`${agg}/_aggregator/metrics`)).text();
    const count = (name: string) =>
      Number(metrics.match(new RegExp(`^${name}\\{backend="hedged"\\} (\\d+)$`, "m"))?.[1] ?? 0);
    const calls = metrics
      .split("\n")
      .filter((l) => l.startsWith('bonafide_backend_calls_total{backend="hedged"'))
      .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
    const line = (name: string, l: number[]) =>
      `${name} ${(l.length / SECONDS).toFixed(0)} req/s, p50 ${at(l, 0.5).toFixed(1)} ms, p95 ${at(l, 0.95).toFixed(1)} ms, p99 ${at(l, 0.99).toFixed(1)} ms, p99.9 ${at(l, 0.999).toFixed(1)} ms`;
    console.log(line("plain page: ", plain));
    console.log(line("hedged page:", hedged));
    const sent = count("bonafide_backend_hedges_total");
    const won = count("bonafide_backend_hedges_won_total");
    console.log(
      `hedges: ${sent} sent (${((100 * sent) / Math.max(1, calls)).toFixed(1)} % of ${calls} calls, warm-up included), ${won} won${errors ? `; ${errors} errors` : ""}`,
    );
    const p99h = at(hedged, 0.99);
    const p99p = at(plain, 0.99);
    console.log(
      `aggregator-hedge: ${p99h.toFixed(1)} ms vs ${p99p.toFixed(1)} ms = ${(p99p / Math.max(p99h, 0.001)).toFixed(2)}`,
    );
  } finally {
    for (const c of children) c.kill("SIGKILL");
  }
  process.exit(0);
}
