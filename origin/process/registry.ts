/**
 * @module The process registry: every origin process (rater, aggregator, status server) has a row in
 * `origin_process` that it refreshes on a timer with its counters and RSS. The status page lists the live
 * ones; a row whose heartbeat stopped is a dead process, pruned by the maintenance leader.
 *
 * This is bookkeeping, not safety: a dead process's jobs come back through the lease sweep.
 */
import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import type { Db } from "../db/pool.ts";
import type { MetricsSnapshot, ProcessMetrics } from "./metrics.ts";

export interface ProcessIdentity {
  /** `host:pid:start` — also the lease owner of the jobs it claims. */
  id: string;
  role: string;
  host: string;
  pid: number;
  startedAt: Date;
  concurrency: number;
}

export interface ProcessReport {
  state: "running" | "draining";
  inFlight: number;
  rssBytes: number;
  metrics: MetricsSnapshot;
}

export interface ProcessRow extends ProcessIdentity {
  heartbeatAt: Date;
  state: string;
  inFlight: number;
  claimed: number;
  completed: number;
  failed: number;
  rssBytes: number;
  metrics: MetricsSnapshot | null;
}

/** Writes this process's row (insert on first report, update after); also adds throughput deltas. */
export async function reportProcess(
  db: Db,
  who: ProcessIdentity,
  report: ProcessReport,
  deltas: Map<string, { completed: number; failed: number }> = new Map(),
): Promise<void> {
  const m = report.metrics;
  await db.query(
    `INSERT INTO origin_process (id, role, host, pid, started_at, heartbeat_at, state, concurrency, in_flight,
                                 claimed, completed, failed, rss_bytes, metrics)
     VALUES (?, ?, ?, ?, ?, NOW(3), ?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE heartbeat_at = NOW(3), state = VALUES(state), in_flight = VALUES(in_flight),
       claimed = VALUES(claimed), completed = VALUES(completed), failed = VALUES(failed),
       rss_bytes = VALUES(rss_bytes), metrics = VALUES(metrics)`,
    [
      who.id,
      who.role,
      who.host,
      who.pid,
      who.startedAt,
      report.state,
      who.concurrency,
      report.inFlight,
      m.claimed,
      m.completed,
      m.failed,
      report.rssBytes,
      JSON.stringify(m),
    ],
  );
  const rows = [...deltas].filter(([, d]) => d.completed + d.failed > 0);
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO job_throughput (kind, minute, completed, failed)
     VALUES ${rows.map(() => "(?, DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:00'), ?, ?)").join(", ")}
     ON DUPLICATE KEY UPDATE completed = completed + VALUES(completed), failed = failed + VALUES(failed)`,
    rows.flatMap(([kind, d]) => [kind, d.completed, d.failed]),
  );
}

/** Removes this process's row (clean exit). */
export async function deregisterProcess(db: Db, id: string): Promise<void> {
  await db.query("DELETE FROM origin_process WHERE id = ?", [id]);
}

/** Deletes rows of processes silent for `silentMs`, and throughput older than `keepDays`. */
export async function pruneProcesses(db: Db, silentMs = 3_600_000, keepDays = 7): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    "DELETE FROM origin_process WHERE heartbeat_at < NOW(3) - INTERVAL ? MICROSECOND LIMIT 500",
    [silentMs * 1000],
  );
  await db.query("DELETE FROM job_throughput WHERE minute < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 5000", [keepDays]);
  return result.affectedRows;
}

function parseMetrics(text: unknown): MetricsSnapshot | null {
  if (typeof text !== "string") return null;
  try {
    return JSON.parse(text) as MetricsSnapshot;
  } catch {
    return null;
  }
}

/** Processes that reported within `aliveMs`, oldest first. */
export async function listLiveProcesses(db: Db, aliveMs: number): Promise<ProcessRow[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT * FROM origin_process WHERE heartbeat_at >= NOW(3) - INTERVAL ? MICROSECOND
      ORDER BY role, started_at, id`,
    [aliveMs * 1000],
  );
  return rows.map((r) => ({
    id: String(r.id),
    role: String(r.role),
    host: String(r.host),
    pid: Number(r.pid),
    startedAt: r.started_at as Date,
    heartbeatAt: r.heartbeat_at as Date,
    concurrency: Number(r.concurrency),
    state: String(r.state),
    inFlight: Number(r.in_flight),
    claimed: Number(r.claimed),
    completed: Number(r.completed),
    failed: Number(r.failed),
    rssBytes: Number(r.rss_bytes),
    metrics: parseMetrics(r.metrics),
  }));
}

export interface ProcessReporter {
  /** Reports once more (final figures) and removes the row. */
  stop(): Promise<void>;
}

/**
 * Reports every `intervalMs` until stopped. `report` supplies the live figures; a failed report is logged
 * by `onError` and retried on the next tick (the registry must never take a process down).
 */
export function startProcessReporter(
  db: Db,
  who: ProcessIdentity,
  options: {
    intervalMs: number;
    metrics: ProcessMetrics;
    inFlight: () => number;
    draining: () => boolean;
    onError: (error: unknown) => void;
  },
): ProcessReporter {
  let stopped = false;
  const once = async () => {
    const deltas = options.metrics.takeDeltas();
    const report: ProcessReport = {
      state: options.draining() ? "draining" : "running",
      inFlight: options.inFlight(),
      rssBytes: process.memoryUsage.rss(),
      metrics: options.metrics.snapshot(),
    };
    await reportProcess(db, who, report, deltas).catch(options.onError);
  };
  let running = once();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(once);
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await once();
      await deregisterProcess(db, who.id).catch(options.onError);
    },
  };
}
