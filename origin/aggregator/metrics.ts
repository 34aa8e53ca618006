/**
 * @module Metrics in the Prometheus text format (`GET /_aggregator/metrics`): back-end calls by back-end
 * and outcome, retries, hedges sent and won, call latency and render time histograms, pages by status,
 * active requests, event-loop lag. prom-client's counters and histograms in a registry of this
 * aggregator's own (never the global one: two aggregators in one process, as in the tests, stay apart).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CallRecord } from "./call.ts";

const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

export interface Metrics {
  active: number;
  observeCall(record: CallRecord): void;
  observeRender(engine: string, ms: number): void;
  observePage(status: number, ms: number): void;
  /** Requests answered since start, and how many of them with a 5xx (for the process registry). */
  totals(): { served: number; serverErrors: number };
  text(): Promise<string>;
  stop(): void;
}

/** Creates the metrics registry (and starts the event-loop delay monitor). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Histogram({ name, help, labelNames, buckets: BUCKETS_MS, registers });
  let served = 0;
  let serverErrors = 0;
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const calls = counter(
    "bonafide_backend_calls_total",
    "Back-end calls by back-end, outcome (status or failure) and cache.",
    ["backend", "outcome", "cache"],
  );
  const retries = counter("bonafide_backend_retries_total", "Back-end tries beyond the first (hedges not counted).", [
    "backend",
  ]);
  const hedges = counter("bonafide_backend_hedges_total", "Hedged tries sent.", ["backend"]);
  const hedgesWon = counter("bonafide_backend_hedges_won_total", "Hedged tries whose answer was used.", ["backend"]);
  const errors = counter("bonafide_backend_errors_total", "Back-end calls that failed, by failure.", [
    "backend",
    "failure",
  ]);
  const callMs = histogram("bonafide_backend_call_ms", "Back-end call time (all tries), in milliseconds.", ["backend"]);
  const renderMs = histogram("bonafide_render_ms", "Template render time by engine, in milliseconds.", ["engine"]);
  const pages = counter("bonafide_pages_total", "Pages answered, by status.", ["status"]);
  const pageMs = histogram("bonafide_page_ms", "Page time from request to answer, in milliseconds.", []);
  const metrics: Metrics = {
    active: 0,
    observeCall(r) {
      const backend = { backend: r.backend };
      calls.inc({ backend: r.backend, outcome: r.failure ?? String(r.status), cache: r.cache });
      // A hedge counts in `tries` (and in the retry budget) but is its own counter here.
      const retried = r.tries - 1 - (r.hedge ? 1 : 0);
      if (retried > 0) retries.inc(backend, retried);
      if (r.hedge) hedges.inc(backend);
      if (r.hedge === "won") hedgesWon.inc(backend);
      if (r.failure) errors.inc({ backend: r.backend, failure: r.failure });
      callMs.observe(backend, r.ms);
    },
    observeRender: (engine, ms) => renderMs.observe({ engine }, ms),
    observePage(status, ms) {
      served++;
      if (status >= 500) serverErrors++;
      pages.inc({ status });
      pageMs.observe(ms);
    },
    totals: () => ({ served, serverErrors }),
    // prom-client separates families with an empty line; the format allows it, but one line per sample
    // keeps the exposition what it always was (and what line-by-line readers of it expect).
    text: async () => (await registry.metrics()).replace(/\n\n+/g, "\n"),
    stop: () => lag.disable(),
  };
  new Gauge({
    name: "bonafide_active_requests",
    help: "Requests this aggregator is serving.",
    registers,
    collect() {
      this.set(metrics.active);
    },
  });
  new Gauge({
    name: "bonafide_event_loop_lag_ms",
    help: "Event-loop delay since start (99th percentile and maximum), in milliseconds.",
    labelNames: ["quantile"],
    registers,
    collect() {
      this.set({ quantile: "0.99" }, Math.round(lag.percentile(99) / 1e3) / 1e3);
      this.set({ quantile: "max" }, Math.round(lag.max / 1e3) / 1e3);
    },
  });
  return metrics;
}
