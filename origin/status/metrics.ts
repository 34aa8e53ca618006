/**
 * @module Prometheus text exposition (format 0.0.4) of the status data: queue depth, claims and
 * completions per rater, job durations, fetch errors by kind, requests per aggregator, KV push backlog,
 * process stats. Counters carry a `process` label, so a restarted process is a new series and `rate()`
 * stays correct. An aggregator's counters are requests, not jobs, so they have families of their own.
 *
 * The figures are cluster-wide and live in the database, not in this process: each family is a
 * prom-client collector (`collect()`) that fills itself from the view read for the scrape — one read per
 * scrape (shared with the pages, see server.ts), so every family of one answer comes from the same read.
 */
import { Counter, Gauge, Histogram, type MetricType, Registry } from "prom-client";
import { DURATION_BUCKETS_S } from "../process/metrics.ts";
import type { ProcessRow } from "../process/registry.ts";
import type { DnsStats } from "../rater/fetch/resolver.ts";
import type { StatusData } from "./read.ts";
import type { StatusView } from "./view.ts";

type Labels = Record<string, string | number>;
type Sample = [Labels, number];

export interface StatusMetrics {
  /** The `/metrics` body for `view`, the database read made for this scrape. */
  text(view: StatusView): Promise<string>;
}

/**
 * The registry of one status server (its own, not prom-client's global one): whether the database answered,
 * the status server's own process, and the families of the latest successful read (whose age is a gauge of
 * its own while the database is down).
 */
export function createStatusMetrics(): StatusMetrics {
  const registry = new Registry();
  // The view being scraped. Every collect() below is synchronous, and prom-client calls them all before its
  // first await, so two scrapes at once cannot mix their views.
  let scraped: StatusView | null = null;
  const family = (
    type: "gauge" | "counter",
    name: string,
    help: string,
    labelNames: string[],
    samples: (view: StatusView) => Sample[],
  ) => {
    const Kind = type === "gauge" ? Gauge : Counter;
    new Kind({
      name,
      help,
      labelNames,
      registers: [registry],
      collect(this: Gauge | Counter) {
        this.reset();
        if (!scraped) return;
        for (const [labels, v] of samples(scraped)) {
          const value = Number.isFinite(v) ? v : 0;
          if (this instanceof Gauge) this.set(labels, value);
          else this.inc(labels, Math.max(0, value));
        }
      },
    });
  };
  /** Families read from the database: empty while no read has succeeded yet. */
  const fromData = (
    type: "gauge" | "counter",
    name: string,
    help: string,
    labelNames: string[],
    samples: (data: StatusData) => Sample[],
  ) => family(type, name, help, labelNames, (view) => (view.data ? samples(view.data) : []));

  const self = (view: StatusView) => ({
    process: `${view.self.host}:${view.self.pid}`,
    role: "status",
    host: view.self.host,
  });
  const PROCESS = ["process", "role", "host"];
  family(
    "gauge",
    "bonafide_database_up",
    "1 if the status server's last read of the database succeeded, else 0.",
    [],
    (v) => [[{}, v.database.up ? 1 : 0]],
  );
  family(
    "gauge",
    "bonafide_status_data_age_seconds",
    "Age of the data below: the last successful read of the database (grows while it is down).",
    [],
    (v) => (v.database.ageSeconds === null ? [] : [[{}, v.database.ageSeconds]]),
  );
  family(
    "gauge",
    "bonafide_status_resident_memory_bytes",
    "Resident set size of the status server itself.",
    PROCESS,
    (v) => [[self(v), v.self.rssBytes]],
  );
  family("gauge", "bonafide_status_uptime_seconds", "Seconds since the status server started.", PROCESS, (v) => [
    [self(v), v.self.uptimeSeconds],
  ]);

  fromData(
    "gauge",
    "bonafide_queue_jobs",
    "Jobs in the queue by kind, state and priority.",
    ["kind", "state", "priority"],
    (d) => d.queue.depth.map((q) => [{ kind: q.kind, state: q.state, priority: q.priority }, q.jobs]),
  );
  fromData(
    "gauge",
    "bonafide_queue_oldest_waiting_seconds",
    "Age of the oldest job waiting to be claimed, by kind.",
    ["kind"],
    (d) => Object.entries(d.queue.oldestWaitingSeconds).map(([kind, s]) => [{ kind }, s]),
  );
  fromData("gauge", "bonafide_kv_push_backlog", "Ratings stored but not yet pushed to the edge's KV.", [], (d) => [
    [{}, d.pushBacklog],
  ]);
  fromData(
    "gauge",
    "bonafide_process_up",
    "1 for a process whose heartbeat is on time, 0 for one whose heartbeat is overdue (gone) but not yet pruned.",
    PROCESS,
    (d) => [...d.processes.map((p) => [id(p), 1] as Sample), ...d.goneProcesses.map((p) => [id(p), 0] as Sample)],
  );
  const jobs = (name: string, help: string, pick: (m: JobFigures) => number) =>
    fromData("counter", name, help, PROCESS, (d) => [
      ...jobRunners(d).map((p) => [id(p), pick(p)] as Sample),
      ...refreshers(d).map((p) => [id(p), p.metrics ? pick(p.metrics) : 0] as Sample),
    ]);
  jobs("bonafide_jobs_claimed_total", "Jobs claimed by each live process.", (m) => m.claimed);
  jobs("bonafide_jobs_completed_total", "Jobs finished by each live process.", (m) => m.completed);
  jobs("bonafide_jobs_failed_total", "Jobs failed by each live process.", (m) => m.failed);
  const perProcess = (
    type: "gauge" | "counter",
    name: string,
    help: string,
    which: (d: StatusData) => ProcessRow[],
    pick: (p: ProcessRow, d: StatusData) => number,
  ) => fromData(type, name, help, PROCESS, (d) => which(d).map((p) => [id(p), pick(p, d)]));
  perProcess("gauge", "bonafide_jobs_in_flight", "Jobs each process is working on.", jobRunners, (p) => p.inFlight);
  perProcess(
    "gauge",
    "bonafide_process_concurrency",
    "Jobs each process may run at once.",
    jobRunners,
    (p) => p.concurrency,
  );
  perProcess(
    "counter",
    "bonafide_aggregator_requests_total",
    "Requests each live aggregator has answered.",
    aggregators,
    (p) => p.completed,
  );
  perProcess(
    "counter",
    "bonafide_aggregator_server_errors_total",
    "Requests each live aggregator answered with a 5xx.",
    aggregators,
    (p) => p.failed,
  );
  perProcess(
    "gauge",
    "bonafide_aggregator_active_requests",
    "Requests each aggregator is serving.",
    aggregators,
    (p) => p.inFlight,
  );
  perProcess(
    "gauge",
    "bonafide_aggregator_max_active_requests",
    "Requests each aggregator serves at once before answering 503.",
    aggregators,
    (p) => p.concurrency,
  );
  const all = (d: StatusData) => d.processes;
  perProcess(
    "gauge",
    "bonafide_process_resident_memory_bytes",
    "Resident set size of each process.",
    all,
    (p) => p.rssBytes,
  );
  perProcess(
    "gauge",
    "bonafide_process_start_time_seconds",
    "Start time of each process (Unix seconds).",
    all,
    (p) => p.startedAt.getTime() / 1000,
  );
  perProcess(
    "gauge",
    "bonafide_process_heartbeat_age_seconds",
    "Seconds since each process last reported.",
    all,
    (p, d) => (Date.parse(d.generatedAt) - p.heartbeatAt.getTime()) / 1000,
  );
  new JobDurations(registry, () => (scraped?.data ? [...jobRunners(scraped.data), ...refreshers(scraped.data)] : []));
  fromData(
    "counter",
    "bonafide_fetch_errors_total",
    "Job failures by kind (code), per process: site fetch errors (raters), page refresh failures (aggregators: PAGE_5XX, PAGE_DEGRADED, PUSH_5XX, PUSH_UNREACHABLE, NOT_STORABLE, BAD_PAYLOAD, …).",
    [...PROCESS, "code"],
    (d) =>
      [...jobRunners(d), ...refreshers(d)].flatMap((p) =>
        Object.entries(p.metrics?.fetchErrors ?? {}).map(([code, n]) => [{ ...id(p), code }, n] as Sample),
      ),
  );
  // The rater's resolver (origin/rater/fetch/resolver.ts): DNS is a dependency, watched like the others.
  const dns = (d: StatusData) => jobRunners(d).flatMap((p) => (p.metrics?.dns ? [{ p, d: p.metrics.dns }] : []));
  const perResolver = (type: "gauge" | "counter", name: string, help: string, pick: (d: DnsStats) => number) =>
    fromData(type, name, help, PROCESS, (data) => dns(data).map(({ p, d }) => [id(p), pick(d)]));
  perResolver("counter", "bonafide_dns_lookups_total", "Name look-ups asked of the resolver.", (d) => d.lookups);
  fromData(
    "counter",
    "bonafide_dns_cache_hits_total",
    "Look-ups answered from the cache, by answer (positive, negative).",
    [...PROCESS, "answer"],
    (data) =>
      dns(data).flatMap(({ p, d }) => [
        [{ ...id(p), answer: "positive" }, d.cacheHits],
        [{ ...id(p), answer: "negative" }, d.negativeHits],
      ]),
  );
  perResolver("counter", "bonafide_dns_coalesced_total", "Look-ups that joined one under way.", (d) => d.coalesced);
  perResolver("counter", "bonafide_dns_queries_total", "DNS queries sent, retries included.", (d) => d.queries);
  perResolver("counter", "bonafide_dns_retries_total", "Timed-out DNS queries tried again.", (d) => d.retries);
  fromData(
    "counter",
    "bonafide_dns_failures_total",
    "Look-ups without addresses, by kind (nxdomain, nodata: lasting; timeout, servfail, refused, busy: trouble).",
    [...PROCESS, "kind"],
    (data) =>
      dns(data).flatMap(({ p, d }) => Object.entries(d.failures).map(([kind, n]) => [{ ...id(p), kind }, n] as Sample)),
  );
  perResolver("gauge", "bonafide_dns_queries_in_flight", "DNS queries awaiting an answer.", (d) => d.inFlight);
  perResolver("gauge", "bonafide_dns_queries_queued", "DNS queries waiting for a free slot.", (d) => d.queued);
  perResolver("gauge", "bonafide_dns_cache_entries", "Names in the resolver's cache.", (d) => d.cached);
  fromData(
    "gauge",
    "bonafide_jobs_finished_last_minute",
    "Jobs finished in the last complete minute, by kind and outcome (all processes, dead ones included).",
    ["kind", "outcome"],
    (d) => {
      const lastMinute = d.throughput.at(-2);
      if (!lastMinute) return [];
      return [
        ...Object.entries(lastMinute.completed).map(([kind, n]) => [{ kind, outcome: "completed" }, n] as Sample),
        ...Object.entries(lastMinute.failed).map(([kind, n]) => [{ kind, outcome: "failed" }, n] as Sample),
      ];
    },
  );
  fromData(
    "gauge",
    "bonafide_error_log_recent",
    "Errors among the latest 20 in the error log from the last hour.",
    [],
    (d) => [[{}, d.errors.filter((e) => Date.parse(d.generatedAt) - Date.parse(e.at) < 3_600_000).length]],
  );
  fromData(
    "gauge",
    "bonafide_job_failed_attempts_last_hour",
    "Failed attempts in the last hour by kind, error kind and outcome (retry: will be tried again; dead: final).",
    ["kind", "code", "outcome"],
    (d) =>
      (d.failures?.byCode ?? []).flatMap((f) => [
        [{ kind: f.kind, code: f.code, outcome: "retry" }, f.retried] as Sample,
        [{ kind: f.kind, code: f.code, outcome: "dead" }, f.final] as Sample,
      ]),
  );
  fromData(
    "gauge",
    "bonafide_job_kind_paused",
    "1 for each kind whose claims are paused from the console.",
    ["kind"],
    (d) => (d.paused ?? []).map((p) => [{ kind: p.kind }, 1] as Sample),
  );

  return {
    async text(view) {
      scraped = view;
      const text = await registry.metrics();
      // prom-client separates families with an empty line; one line per sample, as this exposition always was.
      return text.replace(/\n\n+/g, "\n");
    },
  };
}

type JobFigures = { claimed: number; completed: number; failed: number };

const id = (p: ProcessRow): Labels => ({ process: p.id, role: p.role, host: p.host });
const aggregators = (d: StatusData) => d.processes.filter((p) => p.role === "aggregator");
/** Processes that run jobs (raters and the like); an aggregator's row counts requests. */
const jobRunners = (d: StatusData) => d.processes.filter((p) => p.role !== "aggregator");
/**
 * Aggregators run `page` jobs too (their refresh worker): their job figures come from the metrics snapshot
 * they report (null when refresh is off).
 */
const refreshers = (d: StatusData) => aggregators(d).filter((p) => p.metrics);

/**
 * `bonafide_job_duration_seconds`: each process counts its own job durations into DURATION_BUCKETS_S and
 * reports the cumulative counts with its heartbeat, so this histogram is read, not observed — prom-client's
 * Histogram with its values taken from those rows.
 */
const DURATIONS = "bonafide_job_duration_seconds";
const DURATIONS_HELP = "How long jobs took, per process.";

class JobDurations extends Histogram<string> {
  private readonly rows: () => ProcessRow[];

  constructor(registry: Registry, rows: () => ProcessRow[]) {
    super({
      name: DURATIONS,
      help: DURATIONS_HELP,
      labelNames: ["process", "role", "host"],
      buckets: [...DURATION_BUCKETS_S],
      registers: [registry],
    });
    this.rows = rows;
  }

  override async get() {
    const bounds = [...DURATION_BUCKETS_S.map(String), "+Inf"];
    const values = this.rows().flatMap((p) => {
      const m = p.metrics;
      if (!m) return [];
      return [
        ...bounds.map((le, i) => ({
          metricName: `${DURATIONS}_bucket`,
          labels: { ...id(p), le },
          value: m.durationBuckets[i] ?? 0,
        })),
        { metricName: `${DURATIONS}_sum`, labels: id(p), value: m.durationSumS },
        { metricName: `${DURATIONS}_count`, labels: id(p), value: m.durationCount },
      ];
    });
    // prom-client's typings declare MetricType a numeric enum that the library does not export; its metrics
    // (and its registry) use the string.
    const type = "histogram" as unknown as MetricType;
    return {
      name: DURATIONS,
      help: DURATIONS_HELP,
      type,
      aggregator: "sum" as const,
      collect: () => undefined,
      values,
    };
  }

  /** What the registry writes: prom-client's Histogram would answer from its own (here empty) observations. */
  getForPromString() {
    return this.get();
  }
}
