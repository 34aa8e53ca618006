/**
 * @module The process registry: every origin process (raters, aggregators) has a row in `origin_process`
 * that it refreshes on a timer with its counters and RSS. The status page lists the live ones; a row
 * whose heartbeat stopped is a dead process, hidden at once and pruned after an hour by whichever live
 * process gets there first (see startProcessReporter), so a deployment of aggregators alone prunes too.
 *
 * This is bookkeeping, not safety: a dead process's jobs come back through the lease sweep.
 */
import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import type { Db } from "../db/pool.ts";
import type { MetricsSnapshot } from "./metrics.ts";

export interface ProcessIdentity {
  /** `host:pid:start` — also the lease owner of the jobs it claims. */
  id: string;
  /** The kind of process: `rater`, `aggregator`. */
  role: string;
  host: string;
  pid: number;
  /** The port it serves on (an aggregator's); null or absent for a process that serves nothing. */
  port?: number | null;
  startedAt: Date;
  /** Jobs a rater runs at once; requests an aggregator serves at once before answering 503. */
  concurrency: number;
}

/**
 * One heartbeat's figures. For a rater the counters are jobs (claimed, completed, failed); for an
 * aggregator they are requests (completed = answered, failed = answered with a 5xx, claimed 0).
 */
export interface ProcessReport {
  state: "running" | "draining";
  inFlight: number;
  rssBytes: number;
  claimed: number;
  completed: number;
  failed: number;
  /** A rater's job-duration histogram and fetch errors; null for a process that runs no jobs. */
  metrics: MetricsSnapshot | null;
}

export interface ProcessRow extends ProcessIdentity {
  port: number | null;
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
  await db.query(
    `INSERT INTO origin_process (id, role, host, pid, port, started_at, heartbeat_at, state, concurrency, in_flight,
                                 claimed, completed, failed, rss_bytes, metrics)
     VALUES (?, ?, ?, ?, ?, ?, NOW(3), ?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE heartbeat_at = NOW(3), state = VALUES(state), in_flight = VALUES(in_flight),
       claimed = VALUES(claimed), completed = VALUES(completed), failed = VALUES(failed),
       rss_bytes = VALUES(rss_bytes), metrics = VALUES(metrics)`,
    [
      who.id,
      who.role,
      who.host,
      who.pid,
      who.port ?? null,
      who.startedAt,
      report.state,
      who.concurrency,
      report.inFlight,
      report.claimed,
      report.completed,
      report.failed,
      report.rssBytes,
      report.metrics ? JSON.stringify(report.metrics) : null,
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

/**
 * Deletes up to 500 rows of processes silent for `silentMs` (an index range on heartbeat_at: a probe that
 * finds nothing when there is nothing to do). Idempotent: any number of processes may run it at once.
 */
export async function pruneDeadProcesses(db: Db, silentMs = 3_600_000): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    "DELETE FROM origin_process WHERE heartbeat_at < NOW(3) - INTERVAL ? MICROSECOND LIMIT 500",
    [silentMs * 1000],
  );
  return result.affectedRows;
}

/**
 * Deletes throughput older than `keepDays`. Raters alone write it (their heartbeats' job counts), so their
 * maintenance leader prunes it: with no raters there is nothing new to prune.
 */
export async function pruneThroughput(db: Db, keepDays = 7): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    "DELETE FROM job_throughput WHERE minute < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 5000",
    [keepDays],
  );
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

function processFromRow(r: RowDataPacket): ProcessRow {
  return {
    id: String(r.id),
    role: String(r.role),
    host: String(r.host),
    pid: Number(r.pid),
    port: r.port == null ? null : Number(r.port),
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
  };
}

/** Processes that reported within `aliveMs`, oldest first. */
export async function listLiveProcesses(db: Db, aliveMs: number): Promise<ProcessRow[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT * FROM origin_process WHERE heartbeat_at >= NOW(3) - INTERVAL ? MICROSECOND
      ORDER BY role, started_at, id`,
    [aliveMs * 1000],
  );
  return rows.map(processFromRow);
}

/**
 * Every process row still in the table (up to 500), split by whether its heartbeat is more than `overdueMs`
 * old by the database's clock (the one that stamped it): a killed process's row still says `running`
 * until the hourly prune, so whether a process is alive is read from its heartbeat, never from `state`.
 */
export async function listProcessesByHeartbeat(
  db: Db,
  overdueMs: number,
): Promise<{ live: ProcessRow[]; overdue: ProcessRow[] }> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT *, heartbeat_at < NOW(3) - INTERVAL ? MICROSECOND AS overdue FROM origin_process
      ORDER BY role, started_at, id LIMIT 500`,
    [overdueMs * 1000],
  );
  const live: ProcessRow[] = [];
  const overdue: ProcessRow[] = [];
  for (const r of rows) (Number(r.overdue) ? overdue : live).push(processFromRow(r));
  return { live, overdue };
}

/** What a process reports on each heartbeat, apart from its RSS (which the reporter reads itself). */
export type ProcessSample = Omit<ProcessReport, "rssBytes">;

export interface ProcessReporter {
  /** Reports once more (final figures) and removes the row. */
  stop(): Promise<void>;
  /**
   * A forced exit: no final report, only the row removed, after the heartbeat in flight (if any) has
   * landed, so that heartbeat cannot put the row back. Joins a stop() already under way.
   */
  abandon(): Promise<void>;
}

/** Reports between two prunes of dead processes' rows: a minute at the default 5 s heartbeat. */
export const PRUNE_EVERY_REPORTS = 12;

/**
 * Reports every `intervalMs` until stopped. `sample` supplies the live figures and `takeDeltas` (raters)
 * the jobs finished since the last report; a failed report goes to `onError` and is retried on the next
 * tick (the registry must never take a process down), and `onReported` hears of every one that worked.
 *
 * Every registered process also prunes dead processes' rows: after its first report and then after every
 * `PRUNE_EVERY_REPORTS`th. Pruning thus needs no leader and no particular kind of process (a deployment of
 * aggregators and no raters prunes too) and costs one bounded, idempotent DELETE per process per minute;
 * with several processes the rows go within a minute of turning an hour old, which is soon enough for
 * rows the status page already hides after 30 s. `onPruned` hears how many rows each prune deleted.
 */
export function startProcessReporter(
  db: Db,
  who: ProcessIdentity,
  options: {
    intervalMs: number;
    sample: () => ProcessSample;
    takeDeltas?: () => Map<string, { completed: number; failed: number }>;
    onError: (error: unknown) => void;
    onReported?: () => void;
    onPruned?: (rows: number) => void;
    /** How long a process must have been silent before its row is deleted; an hour by default. */
    pruneSilentMs?: number;
  },
): ProcessReporter {
  let stopped = false;
  let reports = 0;
  const report = async (): Promise<boolean> => {
    const deltas = options.takeDeltas?.() ?? new Map();
    const sample: ProcessReport = { ...options.sample(), rssBytes: process.memoryUsage.rss() };
    const ok = await reportProcess(db, who, sample, deltas).then(
      () => true,
      (error: unknown) => {
        options.onError(error);
        return false;
      },
    );
    if (ok) options.onReported?.();
    return ok;
  };
  const tick = async () => {
    if (stopped) return; // queued before the stop: the stop writes (or removes) the row itself
    if (!(await report()) || reports++ % PRUNE_EVERY_REPORTS !== 0) return;
    await pruneDeadProcesses(db, options.pruneSilentMs).then(
      (rows) => options.onPruned?.(rows),
      (error: unknown) => options.onError(error),
    );
  };
  let running = tick();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(tick);
  }, options.intervalMs);
  timer.unref();
  // One ending, whichever way it starts: a forced exit during a clean stop must not race the final report
  // (a report after the DELETE would put the row back; seen as rows left behind by a double Ctrl-C).
  let ending: Promise<void> | null = null;
  const end = (finalReport: boolean): Promise<void> => {
    ending ??= (async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      if (finalReport) await report();
      await deregisterProcess(db, who.id).catch(options.onError);
    })();
    return ending;
  };
  return { stop: () => end(true), abandon: () => end(false) };
}
