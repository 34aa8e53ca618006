/**
 * @module Metrics in the Prometheus text format (`GET /_aggregator/metrics`): back-end calls by back-end
 * and outcome, retries, hedges sent and won, call latency and render time histograms, pages by status,
 * active requests, event-loop lag.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { CallRecord } from "./call.ts";

const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface Metrics {
  active: number;
  observeCall(record: CallRecord): void;
  observeRender(engine: string, ms: number): void;
  observePage(status: number, ms: number): void;
  /** Requests answered since start, and how many of them with a 5xx (for the process registry). */
  totals(): { served: number; serverErrors: number };
  text(): string;
  stop(): void;
}

/** Creates the metrics registry (and starts the event-loop delay monitor). */
export function createMetrics(): Metrics {
  const counters = new Map<string, number>();
  const histograms = new Map<string, Histogram>();
  let served = 0;
  let serverErrors = 0;
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const inc = (key: string, by = 1) => counters.set(key, (counters.get(key) ?? 0) + by);
  const observe = (key: string, ms: number) => {
    let h = histograms.get(key);
    if (!h) {
      h = { counts: BUCKETS_MS.map(() => 0), sum: 0, count: 0 };
      histograms.set(key, h);
    }
    for (let i = 0; i < BUCKETS_MS.length; i++) if (ms <= (BUCKETS_MS[i] ?? 0)) h.counts[i] = (h.counts[i] ?? 0) + 1;
    h.sum += ms;
    h.count++;
  };
  const metrics: Metrics = {
    active: 0,
    observeCall(r) {
      const outcome = r.failure ?? String(r.status);
      inc(`bonafide_backend_calls_total{backend="${r.backend}",outcome="${outcome}",cache="${r.cache}"}`);
      // A hedge counts in `tries` (and in the retry budget) but is its own counter here.
      const retries = r.tries - 1 - (r.hedge ? 1 : 0);
      if (retries > 0) inc(`bonafide_backend_retries_total{backend="${r.backend}"}`, retries);
      if (r.hedge) inc(`bonafide_backend_hedges_total{backend="${r.backend}"}`);
      if (r.hedge === "won") inc(`bonafide_backend_hedges_won_total{backend="${r.backend}"}`);
      if (r.failure) inc(`bonafide_backend_errors_total{backend="${r.backend}",failure="${r.failure}"}`);
      observe(`bonafide_backend_call_ms{backend="${r.backend}"}`, r.ms);
    },
    observeRender: (engine, ms) => observe(`bonafide_render_ms{engine="${engine}"}`, ms),
    observePage(status, ms) {
      served++;
      if (status >= 500) serverErrors++;
      inc(`bonafide_pages_total{status="${status}"}`);
      observe("bonafide_page_ms{}", ms);
    },
    totals: () => ({ served, serverErrors }),
    text() {
      const lines = [`bonafide_active_requests ${metrics.active}`];
      lines.push(`bonafide_event_loop_lag_ms{quantile="0.99"} ${(lag.percentile(99) / 1e6).toFixed(3)}`);
      lines.push(`bonafide_event_loop_lag_ms{quantile="max"} ${(lag.max / 1e6).toFixed(3)}`);
      for (const [k, v] of counters) lines.push(`${k} ${v}`);
      for (const [k, h] of histograms) {
        const [name, labels = "}"] = k.split("{");
        const sep = labels === "}" ? "" : ",";
        for (let i = 0; i < BUCKETS_MS.length; i++)
          lines.push(`${name}_bucket{${labels.slice(0, -1)}${sep}le="${BUCKETS_MS[i]}"} ${h.counts[i]}`);
        lines.push(`${name}_bucket{${labels.slice(0, -1)}${sep}le="+Inf"} ${h.count}`);
        lines.push(`${name}_sum{${labels} ${h.sum.toFixed(1)}`, `${name}_count{${labels} ${h.count}`);
      }
      return `${lines.join("\n")}\n`;
    },
    stop: () => lag.disable(),
  };
  return metrics;
}
