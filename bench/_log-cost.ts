/**
 * @module Where the edge's per-request log line costs (a development aid, not a benchmark): the trivial Hono
 * Worker, the same with a ~190-byte event built and stringified, and with it also written by console.log,
 * each loaded by the bench's load generator on the main thread (where miniflare parses workerd's output) and
 * in a worker thread of its own (bench/_edge-load.ts), alternating. `node bench/_log-cost.ts`
 * (LOGCOST_ROUNDS, 4; LOGCOST_SECONDS, 2).
 */
import { readdirSync, readFileSync } from "node:fs";
import { bundleWorker, startWorkerdEdge } from "../test/support/workerd-edge.ts";
import { type LoadSpec, load, type Round, startLoadThread } from "./_edge-load.ts";

const ROUNDS = Number(process.env.LOGCOST_ROUNDS ?? 4);
const SECONDS = Number(process.env.LOGCOST_SECONDS ?? 2);

/** A Worker module of bench/ (`entry` relative to this file), bundled for workerd. */
const bundle = (entry: string) => bundleWorker(new URL(entry, import.meta.url));

/** user + system CPU of a process (every thread), in µs, from /proc. */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}
function workerdChildren(): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.split(") ")[1]?.split(" ")[1]);
      if (stat.includes("(workerd") && ppid === process.pid) pids.add(Number(entry));
    } catch {}
  }
  return pids;
}

const stops: (() => Promise<void>)[] = [];
async function start(text: string, vars: Record<string, string>): Promise<{ url: string; pid: number }> {
  const before = workerdChildren();
  const w = await startWorkerdEdge(text, vars, () => {});
  stops.push(() => w.stop());
  return { url: w.url, pid: [...workerdChildren()].find((p) => !before.has(p)) ?? 0 };
}

const logging = await bundle("./edge/_logging-trivial.ts");
const workers: [string, { url: string; pid: number }][] = [
  ["trivial", await start(await bundle("./edge/trivial.ts"), {})],
];
// One at a time: each workerd process is told apart by the one that appeared.
for (const mode of ["stringify", "short", "log", "stdout"])
  workers.push([`+ event, ${mode}`, await start(logging, { LOG_MODE: mode })]);
const thread = startLoadThread();
try {
  const modes: [string, (s: LoadSpec) => Promise<Round>][] = [
    ...(process.env.LOGCOST_MAIN === "1"
      ? ([["same thread", load]] as [string, (s: LoadSpec) => Promise<Round>][])
      : []),
    ["load thread", (s) => thread.run(s)],
  ];
  const spec = (origin: string, seconds: number): LoadSpec => ({
    origin,
    path: "/",
    method: "GET",
    expect: { status: 200, body: "ok" },
    seconds,
    concurrency: 32,
  });
  for (const [, w] of workers) for (const [, run] of modes) await run(spec(w.url, 0.3));
  const rps = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const reader = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++)
    for (const [w, target] of workers)
      for (const [m, run] of modes) {
        const c0 = cpuUs(target.pid);
        const m0 = process.threadCpuUsage();
        const r = await run(spec(target.url, SECONDS));
        const mt = process.threadCpuUsage(m0);
        const n = Math.max(1, r.rps * SECONDS);
        const key = `${w.padEnd(20)} ${m}`;
        rps.set(key, [...(rps.get(key) ?? []), r.rps]);
        cpu.set(key, [...(cpu.get(key) ?? []), (cpuUs(target.pid) - c0) / n]);
        reader.set(key, [...(reader.get(key) ?? []), (mt.user + mt.system) / n]);
        console.log(
          `  ${key}  ${r.rps.toFixed(0).padStart(6)} req/s  workerd ${((cpuUs(target.pid) - c0) / n).toFixed(0)} µs/req  5xx ${r.fivexx} wrong ${r.wrong}`,
        );
      }
  console.log("");
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const [m] of modes) {
    const base = rps.get(`${"trivial".padEnd(20)} ${m}`) ?? [];
    for (const [w] of workers) {
      const key = `${w.padEnd(20)} ${m}`;
      const xs = rps.get(key) ?? [];
      console.log(
        `${m.padEnd(12)} ${w.padEnd(20)} ${mean(xs).toFixed(0).padStart(6)} req/s = ${(mean(xs) / mean(base)).toFixed(2)}x trivial; ` +
          `workerd ${mean(cpu.get(key) ?? []).toFixed(0)} µs/req (min ${Math.min(...(cpu.get(key) ?? [])).toFixed(0)}), main thread ${mean(reader.get(key) ?? []).toFixed(0)} µs/req`,
      );
    }
  }
} finally {
  await thread.stop();
  for (const stop of stops) await stop();
}
