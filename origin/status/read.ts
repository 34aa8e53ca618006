/**
 * @module What the status pages show, read from MySQL in one go: queue depth by kind, state and
 * priority, the oldest waiting job, jobs finished per minute over the last hour, live processes, the
 * busiest clients, the latest errors and the KV push backlog. The HTML, JSON and Prometheus views all
 * render this one object.
 */
import type { RowDataPacket } from "mysql2/promise";
import { JobState, jobStateName } from "../../shared/queue-contract.ts";
import { type AuditEntry, type FailureCounts, readAudit, readFailures, readPaused } from "../console/store.ts";
import type { Db } from "../db/pool.ts";
import { listProcessesByHeartbeat, type ProcessRow } from "../process/registry.ts";

export interface QueueDepth {
  kind: string;
  state: string;
  priority: number;
  jobs: number;
}

export interface StatusData {
  generatedAt: string;
  queue: {
    depth: QueueDepth[];
    totals: Record<string, number>;
    /** Age of the oldest job still waiting to be claimed (new or ready), per kind. */
    oldestWaitingSeconds: Record<string, number>;
  };
  /** 60 points, oldest first: jobs finished in each of the last 60 minutes, per kind. */
  throughput: { minute: string; completed: Record<string, number>; failed: Record<string, number> }[];
  /** Processes whose heartbeat is on time. */
  processes: ProcessRow[];
  /**
   * Processes whose heartbeat is overdue (killed, hung, or cut off from the database), shown with state
   * `gone` whatever their row says, until their row is pruned (an hour after their last report).
   */
  goneProcesses: ProcessRow[];
  /** `clientHex`: the lane's key as hex, for the lane page's address. */
  clients: { kind: string; client: string; clientHex: string; waiting: number; leased: number }[];
  errors: {
    id: string;
    at: string;
    host: string;
    process: string;
    pid: number;
    level: string;
    code: string | null;
    message: string;
    stack: string | null;
    context: string | null;
  }[];
  /** The latest jobs that used up their attempts, with their last error. */
  deadJobs: { id: string; kind: string; key: string; attempts: number; lastError: string | null; at: string }[];
  pushBacklog: number;
  /** Failed attempts of the last hour — retried ones too, not only final ones — per minute and error kind. */
  failures: FailureCounts;
  /** Kinds whose claims are paused from the console. */
  paused: { kind: string; at: string; by: string }[];
  /** The latest console actions. */
  audit: AuditEntry[];
}

/** A client key for people: IPv4 dotted, IPv6 /64 prefix, or a synthetic lane's label (`import`, `rerate`). */
export function describeClientKey(key: Buffer): string {
  if (key.length > 0 && [...key].every((b) => b >= 0x61 && b <= 0x7a)) return key.toString("ascii");
  if (key.length === 4) return [...key].join(".");
  if (key.length === 8) {
    const groups = [];
    for (let i = 0; i < 8; i += 2) groups.push(key.readUInt16BE(i).toString(16));
    return `${groups.join(":")}::/64`;
  }
  return key.toString("hex");
}

/** How often processes report by default (BONAFIDE_REPORT_MS). */
export const DEFAULT_REPORT_MS = 5_000;
/** A process is gone once this many report intervals pass without a heartbeat (one late report is fine). */
export const OVERDUE_REPORTS = 3;

/**
 * Reads everything the status pages show. A process is live while its last heartbeat is at most
 * `OVERDUE_REPORTS` × `reportMs` old, and gone after that.
 */
export async function readStatus(db: Db, now = new Date(), reportMs = DEFAULT_REPORT_MS): Promise<StatusData> {
  const [
    [depthRows],
    [oldestRows],
    [throughputRows],
    processes,
    [clientRows],
    [errorRows],
    [backlogRows],
    [deadRows],
    failures,
    paused,
    audit,
  ] = await Promise.all([
    db.query<RowDataPacket[]>(
      "SELECT kind, state, priority, COUNT(*) AS n FROM job GROUP BY kind, state, priority ORDER BY kind, state, priority",
    ),
    db.query<RowDataPacket[]>(
      `SELECT kind, TIMESTAMPDIFF(MICROSECOND, MIN(created_at), NOW(3)) / 1e6 AS age
           FROM job WHERE state IN (${JobState.Ready}, ${JobState.New}) GROUP BY kind`,
    ),
    db.query<RowDataPacket[]>(
      `SELECT kind, DATE_FORMAT(minute, '%Y-%m-%dT%H:%i:00Z') AS minute, completed, failed FROM job_throughput
          WHERE minute >= DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 59 MINUTE, '%Y-%m-%d %H:%i:00')`,
    ),
    listProcessesByHeartbeat(db, OVERDUE_REPORTS * reportMs),
    db.query<RowDataPacket[]>(
      `SELECT kind, client_key, SUM(state IN (${JobState.Ready}, ${JobState.New})) AS waiting, SUM(state = ${JobState.Leased}) AS leased FROM job
          WHERE state IN (${JobState.Ready}, ${JobState.Leased}, ${JobState.New}) GROUP BY kind, client_key ORDER BY COUNT(*) DESC LIMIT 10`,
    ),
    db.query<RowDataPacket[]>("SELECT * FROM error_log ORDER BY id DESC LIMIT 20"),
    db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM rating WHERE pushed_at IS NULL"),
    db.query<RowDataPacket[]>(
      `SELECT id, kind, job_key, attempts, last_error, updated_at FROM job WHERE state = ${JobState.Dead} ORDER BY updated_at DESC LIMIT 20`,
    ),
    readFailures(db, now),
    readPaused(db),
    readAudit(db),
  ]);

  const depth = depthRows.map((r) => ({
    kind: String(r.kind),
    state: jobStateName(Number(r.state)),
    priority: Number(r.priority),
    jobs: Number(r.n),
  }));
  const totals: Record<string, number> = { new: 0, ready: 0, leased: 0, delayed: 0, dead: 0 };
  for (const d of depth) totals[d.state] = (totals[d.state] ?? 0) + d.jobs;

  const byMinute = new Map<string, { completed: Record<string, number>; failed: Record<string, number> }>();
  const start = Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000;
  for (let i = 0; i < 60; i++) {
    byMinute.set(new Date(start + i * 60_000).toISOString().replace(/:\d\d\.\d{3}Z$/, ":00Z"), {
      completed: {},
      failed: {},
    });
  }
  for (const r of throughputRows) {
    const point = byMinute.get(String(r.minute));
    if (!point) continue;
    point.completed[String(r.kind)] = Number(r.completed);
    point.failed[String(r.kind)] = Number(r.failed);
  }

  return {
    generatedAt: now.toISOString(),
    queue: {
      depth,
      totals,
      oldestWaitingSeconds: Object.fromEntries(oldestRows.map((r) => [String(r.kind), Math.max(0, Number(r.age))])),
    },
    throughput: [...byMinute].map(([minute, p]) => ({ minute, ...p })),
    processes: processes.live,
    goneProcesses: processes.overdue.map((p) => ({ ...p, state: "gone" })),
    clients: clientRows.map((r) => ({
      kind: String(r.kind),
      client: describeClientKey(r.client_key as Buffer),
      clientHex: (r.client_key as Buffer).toString("hex"),
      waiting: Number(r.waiting),
      leased: Number(r.leased),
    })),
    errors: errorRows.map((r) => ({
      id: String(r.id),
      at: (r.at as Date).toISOString(),
      host: String(r.host),
      process: String(r.process),
      pid: Number(r.pid),
      level: String(r.level),
      code: r.code == null ? null : String(r.code),
      message: String(r.message),
      stack: r.stack == null ? null : String(r.stack),
      context: r.context == null ? null : String(r.context),
    })),
    deadJobs: deadRows.map((r) => ({
      id: String(r.id),
      kind: String(r.kind),
      key: String(r.job_key),
      attempts: Number(r.attempts),
      lastError: r.last_error == null ? null : String(r.last_error),
      at: (r.updated_at as Date).toISOString(),
    })),
    pushBacklog: Number(backlogRows[0]?.n ?? 0),
    failures,
    paused,
    audit,
  };
}
