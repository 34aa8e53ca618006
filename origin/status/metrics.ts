/**
 * @module Prometheus text exposition (format 0.0.4) of the status data: queue depth, claims and
 * completions per rater, job durations, fetch errors by kind, requests per aggregator, KV push backlog,
 * process stats. Counters carry a `process` label, so a restarted process is a new series and `rate()`
 * stays correct. An aggregator's counters are requests, not jobs, so they have families of their own.
 */
import { DURATION_BUCKETS_S } from "../process/metrics.ts";
import type { DnsStats } from "../rater/fetch/resolver.ts";
import type { StatusData } from "./read.ts";
import type { StatusView } from "./view.ts";

/** Escapes a label value (backslash, double quote, newline). */
function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labels(pairs: Record<string, string | number>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${label(String(v))}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

type Family = (name: string, type: string, help: string, samples: [Record<string, string | number>, number][]) => void;

/** A family writer that appends to `out`. */
function familyWriter(out: string[]): Family {
  return (name, type, help, samples) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) out.push(`${name}${labels(l)} ${Number.isFinite(v) ? v : 0}`);
  };
}

/**
 * The `/metrics` body: whether the database answered, the status server's own process, and the families
 * of the latest successful read (whose age is a gauge of its own while the database is down).
 */
export function renderMetrics(view: StatusView): string {
  const out: string[] = [];
  const family = familyWriter(out);
  const self = { process: `${view.self.host}:${view.self.pid}`, role: "status", host: view.self.host };
  family("bonafide_database_up", "gauge", "1 if the status server's last read of the database succeeded, else 0.", [
    [{}, view.database.up ? 1 : 0],
  ]);
  family(
    "bonafide_status_data_age_seconds",
    "gauge",
    "Age of the data below: the last successful read of the database (grows while it is down).",
    view.database.ageSeconds === null ? [] : [[{}, view.database.ageSeconds]],
  );
  family("bonafide_status_resident_memory_bytes", "gauge", "Resident set size of the status server itself.", [
    [self, view.self.rssBytes],
  ]);
  family("bonafide_status_uptime_seconds", "gauge", "Seconds since the status server started.", [
    [self, view.self.uptimeSeconds],
  ]);
  if (view.data) renderDataMetrics(view.data, out);
  return `${out.join("\n")}\n`;
}

/** Appends the families read from the database to `out`. */
function renderDataMetrics(data: StatusData, out: string[]): void {
  const family = familyWriter(out);
  family(
    "bonafide_queue_jobs",
    "gauge",
    "Jobs in the queue by kind, state and priority.",
    data.queue.depth.map((d) => [{ kind: d.kind, state: d.state, priority: d.priority }, d.jobs]),
  );
  family(
    "bonafide_queue_oldest_waiting_seconds",
    "gauge",
    "Age of the oldest job waiting to be claimed, by kind.",
    Object.entries(data.queue.oldestWaitingSeconds).map(([kind, s]) => [{ kind }, s]),
  );
  family("bonafide_kv_push_backlog", "gauge", "Ratings stored but not yet pushed to the edge's KV.", [
    [{}, data.pushBacklog],
  ]);
  const all = data.processes;
  const aggregators = all.filter((p) => p.role === "aggregator");
  const ps = all.filter((p) => p.role !== "aggregator"); // processes that run jobs
  // Aggregators run `page` jobs too (their refresh worker): their row counts requests, so their job
  // figures come from the metrics snapshot they report (null when refresh is off).
  const refreshers = aggregators.filter((p) => p.metrics);
  const jobFigures = (pick: (m: NonNullable<(typeof all)[number]["metrics"]>) => number) =>
    refreshers.map((p) => [id(p), p.metrics ? pick(p.metrics) : 0] as [Record<string, string>, number]);
  const id = (p: (typeof all)[number]): Record<string, string> => ({ process: p.id, role: p.role, host: p.host });
  family(
    "bonafide_process_up",
    "gauge",
    "1 for a process whose heartbeat is on time, 0 for one whose heartbeat is overdue (gone) but not yet pruned.",
    [
      ...all.map((p) => [id(p), 1] as [Record<string, string>, number]),
      ...data.goneProcesses.map((p) => [id(p), 0] as [Record<string, string>, number]),
    ],
  );
  family("bonafide_jobs_claimed_total", "counter", "Jobs claimed by each live process.", [
    ...ps.map((p) => [id(p), p.claimed] as [Record<string, string>, number]),
    ...jobFigures((m) => m.claimed),
  ]);
  family("bonafide_jobs_completed_total", "counter", "Jobs finished by each live process.", [
    ...ps.map((p) => [id(p), p.completed] as [Record<string, string>, number]),
    ...jobFigures((m) => m.completed),
  ]);
  family("bonafide_jobs_failed_total", "counter", "Jobs failed by each live process.", [
    ...ps.map((p) => [id(p), p.failed] as [Record<string, string>, number]),
    ...jobFigures((m) => m.failed),
  ]);
  family(
    "bonafide_jobs_in_flight",
    "gauge",
    "Jobs each process is working on.",
    ps.map((p) => [id(p), p.inFlight]),
  );
  family(
    "bonafide_process_concurrency",
    "gauge",
    "Jobs each process may run at once.",
    ps.map((p) => [id(p), p.concurrency]),
  );
  family(
    "bonafide_aggregator_requests_total",
    "counter",
    "Requests each live aggregator has answered.",
    aggregators.map((p) => [id(p), p.completed]),
  );
  family(
    "bonafide_aggregator_server_errors_total",
    "counter",
    "Requests each live aggregator answered with a 5xx.",
    aggregators.map((p) => [id(p), p.failed]),
  );
  family(
    "bonafide_aggregator_active_requests",
    "gauge",
    "Requests each aggregator is serving.",
    aggregators.map((p) => [id(p), p.inFlight]),
  );
  family(
    "bonafide_aggregator_max_active_requests",
    "gauge",
    "Requests each aggregator serves at once before answering 503.",
    aggregators.map((p) => [id(p), p.concurrency]),
  );
  family(
    "bonafide_process_resident_memory_bytes",
    "gauge",
    "Resident set size of each process.",
    all.map((p) => [id(p), p.rssBytes]),
  );
  family(
    "bonafide_process_start_time_seconds",
    "gauge",
    "Start time of each process (Unix seconds).",
    all.map((p) => [id(p), p.startedAt.getTime() / 1000]),
  );
  family(
    "bonafide_process_heartbeat_age_seconds",
    "gauge",
    "Seconds since each process last reported.",
    all.map((p) => [id(p), (Date.parse(data.generatedAt) - p.heartbeatAt.getTime()) / 1000]),
  );
  out.push(
    "# HELP bonafide_job_duration_seconds How long jobs took, per process.",
    "# TYPE bonafide_job_duration_seconds histogram",
  );
  for (const p of [...ps, ...refreshers]) {
    const m = p.metrics;
    if (!m) continue;
    const bounds = [...DURATION_BUCKETS_S.map(String), "+Inf"];
    bounds.forEach((le, i) => {
      out.push(`bonafide_job_duration_seconds_bucket${labels({ ...id(p), le })} ${m.durationBuckets[i] ?? 0}`);
    });
    out.push(`bonafide_job_duration_seconds_sum${labels(id(p))} ${m.durationSumS}`);
    out.push(`bonafide_job_duration_seconds_count${labels(id(p))} ${m.durationCount}`);
  }
  family(
    "bonafide_fetch_errors_total",
    "counter",
    "Job failures by kind (code), per process: site fetch errors (raters), page refresh failures (aggregators: PAGE_5XX, PAGE_DEGRADED, PUSH_5XX, PUSH_UNREACHABLE, NOT_STORABLE, BAD_PAYLOAD, …).",
    [...ps, ...refreshers].flatMap((p) =>
      Object.entries(p.metrics?.fetchErrors ?? {}).map(
        ([code, n]) => [{ ...id(p), code }, n] as [Record<string, string>, number],
      ),
    ),
  );
  // The rater's resolver (origin/rater/fetch/resolver.ts): DNS is a dependency, watched like the others.
  const dns = ps.flatMap((p) => (p.metrics?.dns ? [{ p, d: p.metrics.dns }] : []));
  const perResolver = (name: string, type: string, help: string, pick: (d: DnsStats) => number) =>
    family(
      name,
      type,
      help,
      dns.map(({ p, d }) => [id(p), pick(d)]),
    );
  perResolver("bonafide_dns_lookups_total", "counter", "Name look-ups asked of the resolver.", (d) => d.lookups);
  family(
    "bonafide_dns_cache_hits_total",
    "counter",
    "Look-ups answered from the cache, by answer (positive, negative).",
    dns.flatMap(({ p, d }) => [
      [{ ...id(p), answer: "positive" }, d.cacheHits],
      [{ ...id(p), answer: "negative" }, d.negativeHits],
    ]),
  );
  perResolver("bonafide_dns_coalesced_total", "counter", "Look-ups that joined one under way.", (d) => d.coalesced);
  perResolver("bonafide_dns_queries_total", "counter", "DNS queries sent, retries included.", (d) => d.queries);
  perResolver("bonafide_dns_retries_total", "counter", "Timed-out DNS queries tried again.", (d) => d.retries);
  family(
    "bonafide_dns_failures_total",
    "counter",
    "Look-ups without addresses, by kind (nxdomain, nodata: lasting; timeout, servfail, refused, busy: trouble).",
    dns.flatMap(({ p, d }) =>
      Object.entries(d.failures).map(([kind, n]) => [{ ...id(p), kind }, n] as [Record<string, string>, number]),
    ),
  );
  perResolver("bonafide_dns_queries_in_flight", "gauge", "DNS queries awaiting an answer.", (d) => d.inFlight);
  perResolver("bonafide_dns_queries_queued", "gauge", "DNS queries waiting for a free slot.", (d) => d.queued);
  perResolver("bonafide_dns_cache_entries", "gauge", "Names in the resolver's cache.", (d) => d.cached);
  const lastMinute = data.throughput.at(-2);
  family(
    "bonafide_jobs_finished_last_minute",
    "gauge",
    "Jobs finished in the last complete minute, by kind and outcome (all processes, dead ones included).",
    lastMinute
      ? [
          ...Object.entries(lastMinute.completed).map(
            ([kind, n]) => [{ kind, outcome: "completed" }, n] as [Record<string, string>, number],
          ),
          ...Object.entries(lastMinute.failed).map(
            ([kind, n]) => [{ kind, outcome: "failed" }, n] as [Record<string, string>, number],
          ),
        ]
      : [],
  );
  family("bonafide_error_log_recent", "gauge", "Errors among the latest 20 in the error log from the last hour.", [
    [{}, data.errors.filter((e) => Date.parse(data.generatedAt) - Date.parse(e.at) < 3_600_000).length],
  ]);
  family(
    "bonafide_job_failed_attempts_last_hour",
    "gauge",
    "Failed attempts in the last hour by kind, error kind and outcome (retry: will be tried again; dead: final).",
    (data.failures?.byCode ?? []).flatMap((f) => [
      [{ kind: f.kind, code: f.code, outcome: "retry" }, f.retried] as [Record<string, string>, number],
      [{ kind: f.kind, code: f.code, outcome: "dead" }, f.final] as [Record<string, string>, number],
    ]),
  );
  family(
    "bonafide_job_kind_paused",
    "gauge",
    "1 for each kind whose claims are paused from the console.",
    (data.paused ?? []).map((p) => [{ kind: p.kind }, 1] as [Record<string, string>, number]),
  );
}
