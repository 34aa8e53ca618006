/**
 * @module A process's own counters: jobs claimed/completed/failed, a histogram of job durations and
 * fetch errors by kind. Kept in memory and written to the process registry with each heartbeat, so the
 * status server can expose every process's figures without scraping each process. Not prom-client: nothing
 * here is exposed, the figures travel as this JSON snapshot, read synchronously on every heartbeat
 * (prom-client's reads are async); the status server's prom-client registry exposes them (status/metrics.ts).
 */
import type { DnsStats } from "../rater/fetch/resolver.ts";

/** Upper bounds (seconds) of the job-duration histogram buckets; Prometheus adds +Inf. */
export const DURATION_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;

export interface MetricsSnapshot {
  claimed: number;
  completed: number;
  failed: number;
  /** Cumulative counts per bucket of DURATION_BUCKETS_S (same order), then the +Inf count. */
  durationBuckets: number[];
  durationSumS: number;
  durationCount: number;
  fetchErrors: Record<string, number>;
  /** The rater's resolver: look-ups, cache hits, failures by kind, queries in flight (absent elsewhere). */
  dns?: DnsStats;
}

export interface ProcessMetrics {
  countClaimed(n: number): void;
  observeJob(kind: string, ms: number, ok: boolean): void;
  countFetchError(code: string): void;
  /** Adds the resolver's figures to every snapshot from now on (the rater passes its fetcher's `dnsStats`). */
  watchDns(read: () => DnsStats | null): void;
  snapshot(): MetricsSnapshot;
  /** Completions/failures per kind since the previous call (for the per-minute throughput table). */
  takeDeltas(): Map<string, { completed: number; failed: number }>;
}

/** Fresh counters for this process. */
export function createProcessMetrics(): ProcessMetrics {
  let claimed = 0;
  let completed = 0;
  let failed = 0;
  const buckets = new Array<number>(DURATION_BUCKETS_S.length + 1).fill(0);
  let sumS = 0;
  let count = 0;
  const fetchErrors = new Map<string, number>();
  let deltas = new Map<string, { completed: number; failed: number }>();
  let readDns: () => DnsStats | null = () => null;
  return {
    countClaimed(n) {
      claimed += n;
    },
    observeJob(kind, ms, ok) {
      const s = ms / 1000;
      if (ok) completed++;
      else failed++;
      sumS += s;
      count++;
      for (let i = 0; i < DURATION_BUCKETS_S.length; i++) {
        if (s <= (DURATION_BUCKETS_S[i] ?? Number.POSITIVE_INFINITY)) buckets[i] = (buckets[i] ?? 0) + 1;
      }
      buckets[DURATION_BUCKETS_S.length] = (buckets[DURATION_BUCKETS_S.length] ?? 0) + 1;
      const d = deltas.get(kind) ?? { completed: 0, failed: 0 };
      if (ok) d.completed++;
      else d.failed++;
      deltas.set(kind, d);
    },
    countFetchError(code) {
      // Codes are bounded by the fetcher's error table; cap anyway so a bug cannot grow the row without end.
      if (fetchErrors.size >= 50 && !fetchErrors.has(code)) code = "OTHER";
      fetchErrors.set(code, (fetchErrors.get(code) ?? 0) + 1);
    },
    watchDns(read) {
      readDns = read;
    },
    snapshot() {
      const dns = readDns();
      return {
        ...(dns ? { dns } : {}),
        claimed,
        completed,
        failed,
        durationBuckets: [...buckets],
        durationSumS: sumS,
        durationCount: count,
        fetchErrors: Object.fromEntries(fetchErrors),
      };
    },
    takeDeltas() {
      const taken = deltas;
      deltas = new Map();
      return taken;
    },
  };
}
