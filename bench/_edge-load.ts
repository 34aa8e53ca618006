/**
 * @module The closed-loop load generator of `npm run bench -- edge`, run in a worker thread of its own
 * (`startLoadThread`). The Workers under test run in workerd processes that miniflare starts from the bench's
 * main thread, and miniflare reads every line workerd writes there (its stdout pipe, one JSON.parse a line):
 * the edge writes one log event per request, the trivial Worker none. With the load generator on that same
 * event loop, every log line parsed delayed the edge's clients, and only the edge's — a harness cost charged to
 * the edge. In its own thread the load generator is not queued behind the log consumer; the consumer still
 * takes its CPU on the same machine (the bench prints how busy it was), and the Worker's own cost of writing
 * the line (building it, JSON.stringify, console.log inside workerd) stays in what is measured.
 */
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { Pool } from "undici";

/** What a right answer is (data, so it can cross to the load thread). */
export interface Expect {
  status: number;
  /** The exact body. */
  body?: string;
  /** The body's length in UTF-16 code units. */
  length?: number;
  /** `needle` occurs exactly `n` times in the body. */
  count?: { needle: string; n: number };
  /** The body contains this. */
  includes?: string;
}

export interface LoadSpec {
  origin: string;
  path: string;
  method: "GET" | "POST";
  body?: string;
  expect: Expect;
  seconds: number;
  concurrency: number;
}

export interface Round {
  rps: number;
  p50: number;
  p99: number;
  fivexx: number;
  /** Other non-2xx answers, and answers of the wrong shape. */
  wrong: number;
  /** x-bonafide-cache values seen (pages). */
  states: Map<string, number>;
}

function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function matches(e: Expect, status: number, body: string): boolean {
  if (status !== e.status) return false;
  if (e.body !== undefined && body !== e.body) return false;
  if (e.length !== undefined && body.length !== e.length) return false;
  if (e.includes !== undefined && !body.includes(e.includes)) return false;
  if (e.count !== undefined && occurrences(body, e.count.needle) !== e.count.n) return false;
  return true;
}

/** Closed-loop load: `concurrency` clients, each sending its next request when its last one was answered. */
export async function load(spec: LoadSpec): Promise<Round> {
  const pool = new Pool(spec.origin, { connections: spec.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const states = new Map<string, number>();
  let fivexx = 0;
  let wrong = 0;
  const until = performance.now() + spec.seconds * 1000;
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await pool.request({
          path: spec.path,
          method: spec.method,
          headers: spec.body ? { "content-type": "application/json" } : {},
          body: spec.body,
        });
        const body = await res.body.text();
        latencies.push(performance.now() - t);
        if (res.statusCode >= 500) fivexx++;
        else if (!matches(spec.expect, res.statusCode, body)) wrong++;
        const state = res.headers["x-bonafide-cache"];
        if (typeof state === "string") states.set(state, (states.get(state) ?? 0) + 1);
      }
    }),
  );
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / spec.seconds, p50: at(0.5), p99: at(0.99), fivexx, wrong, states };
}

/** The load generator in a worker thread: `run` sends it one round at a time. */
export interface LoadThread {
  run(spec: LoadSpec): Promise<Round>;
  stop(): Promise<void>;
}

export function startLoadThread(): LoadThread {
  const worker = new Worker(new URL(import.meta.url));
  let next = 0;
  const waiting = new Map<number, { resolve: (r: Round) => void; reject: (e: Error) => void }>();
  worker.on("message", (msg: { id: number; round?: Round; error?: string }) => {
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.round) w?.resolve(msg.round);
    else w?.reject(new Error(`load thread: ${msg.error}`));
  });
  worker.on("error", (error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  });
  return {
    run(spec) {
      next += 1;
      const id = next;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, spec });
      });
    },
    async stop() {
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on("message", async ({ id, spec }: { id: number; spec: LoadSpec }) => {
    try {
      port.postMessage({ id, round: await load(spec) });
    } catch (error) {
      port.postMessage({ id, error: String(error) });
    }
  });
}
