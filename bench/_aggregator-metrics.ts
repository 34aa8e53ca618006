/**
 * @module CPU per request of the aggregator's metrics (a development aid, not a benchmark): what
 * `origin/aggregator/metrics.ts` costs a page — four back-end calls observed (one retried, one hedged,
 * one failed), a render and the page itself. `node bench/_aggregator-metrics.ts [OTHER.ts ...]` measures
 * the module in the tree and each other implementation given (e.g. an older one from
 * `git show main:origin/aggregator/metrics.ts > /tmp/old-metrics.ts`), alternating them ROUNDS times.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CallRecord } from "../origin/aggregator/call.ts";
import type { Metrics } from "../origin/aggregator/metrics.ts";

const REQUESTS = Number(process.env.REQUESTS ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const paths = [resolve("origin/aggregator/metrics.ts"), ...process.argv.slice(2).map((p) => resolve(p))];

const base: CallRecord = {
  backend: "vacancies",
  method: "GET",
  url: "http://127.0.0.1/",
  status: 200,
  bytes: 1000,
  ms: 12,
  tries: 1,
  failure: null,
  cache: "miss",
  required: true,
  curl: "",
};
const page: CallRecord[] = [
  base,
  { ...base, backend: "regions", ms: 3, cache: "hit" },
  { ...base, backend: "salaries", ms: 140, tries: 2, hedge: "won" },
  { ...base, backend: "reviews", ms: 800, tries: 3, status: null, failure: "timeout" },
];

const create = new Map<string, () => Metrics>();
for (const p of paths) {
  const mod = (await import(pathToFileURL(p).href)) as { createMetrics: () => Metrics };
  create.set(p, mod.createMetrics);
}

/** CPU microseconds per request for `REQUESTS` requests on a fresh registry, and the exposition's size. */
async function measure(createMetrics: () => Metrics): Promise<{ us: number; bytes: number }> {
  const m = createMetrics();
  const before = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    for (const r of page) m.observeCall(r);
    m.observeRender("xslt", 4 + (i % 50));
    m.observePage(i % 100 === 0 ? 503 : 200, 20 + (i % 900));
  }
  const cpu = process.cpuUsage(before);
  const bytes = (await m.text()).length;
  m.stop();
  return { us: (cpu.user + cpu.system) / REQUESTS, bytes };
}

const results = new Map<string, number[]>(paths.map((p) => [p, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order, so a busy neighbour or a warmer JIT does not always favour the same one.
  const order = round % 2 === 0 ? paths : [...paths].reverse();
  for (const p of order) {
    const run = create.get(p);
    if (!run) continue;
    const { us, bytes } = await measure(run);
    results.get(p)?.push(us);
    console.log(`round ${round + 1} ${p}: ${us.toFixed(3)} µs CPU per request (${bytes} bytes of exposition)`);
  }
}
for (const [p, runs] of results) {
  const sorted = [...runs].sort((a, b) => a - b);
  console.log(`median ${p}: ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(3)} µs CPU per request`);
}
