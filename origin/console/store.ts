/**
 * @module The console's reads and actions on the queue, shared by the status server's pages and JSON
 * endpoints and by `npx bonafide jobs …`: a job with its history, a client's lane with each job's place in
 * the claim order, retried failures per minute and error kind, paused kinds, the audit trail; retry dead
 * jobs, cancel a job or a lane, pause and resume a kind. Every action writes its audit row in the same
 * transaction as its change.
 */
import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { type Conn, type Db, withTransaction } from "../db/pool.ts";
import { StatusError } from "../errors/model.ts";
import { JobEvent, type JobEventName, recordJobEvents } from "../queue/events.ts";
import { clientKeyBytes, JobState } from "../queue/types.ts";
import { describeClientKey } from "../status/read.ts";

/** Names of `job.state` values for people. */
export const STATE_LABELS: Record<number, string> = {
  [JobState.Ready]: "ready",
  [JobState.Leased]: "leased",
  [JobState.Delayed]: "delayed",
  [JobState.New]: "new",
  [JobState.Dead]: "dead",
};

/** How many jobs one action changes at most (run it again for more): bounded transactions. */
export const ACTION_BATCH = 10_000;
/** How long audit rows are kept. */
export const AUDIT_RETENTION_DAYS = 90;

/**
 * Bad input or a conflict: a code whose HTTP status the status server's table gives (origin/errors.ts), and
 * a message for people.
 */
export class ConsoleError extends StatusError {}

const KIND = /^[a-z][a-z0-9_-]{0,31}$/;

/** `kind` if it is a job kind's shape, else a ConsoleError. */
export function parseKind(kind: string): string {
  if (!KIND.test(kind))
    throw new ConsoleError("BAD_KIND", `job kind ${JSON.stringify(kind)}: use [a-z][a-z0-9_-]{0,31}`);
  return kind;
}

/** A job id (decimal), else a ConsoleError. */
export function parseJobId(id: string): string {
  if (!/^[1-9][0-9]{0,18}$/.test(id))
    throw new ConsoleError("BAD_JOB_ID", `job id ${JSON.stringify(id)}: a positive integer`);
  return id;
}

/**
 * A client key as the console shows it — an IPv4 address, hex bytes, or a synthetic lane's label (`import`,
 * `rerate`) — as the bytes stored in `job.client_key`.
 */
export function parseClientKey(text: string): Buffer {
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (ipv4) {
    const bytes = ipv4.slice(1).map(Number);
    if (bytes.every((b) => b <= 255)) return Buffer.from(bytes);
  }
  if (/^(?:[0-9a-f]{2}){1,16}$/i.test(text) || /^[a-z]{1,16}$/.test(text)) return clientKeyBytes(text);
  throw new ConsoleError("BAD_CLIENT", `client ${JSON.stringify(text)}: an IPv4 address, hex bytes or a lane label`);
}

export interface JobEventView {
  at: string;
  event: JobEventName;
  attempt: number;
  owner: string | null;
  code: string | null;
  message: string | null;
  stack: string | null;
}

export interface JobView {
  id: string;
  kind: string;
  key: string;
  state: string;
  priority: number;
  attempts: number;
  maxAttempts: number;
  /** The lane: how the console shows it, and hex (for links). */
  client: string;
  clientHex: string;
  leaseOwner: string | null;
  dueAt: string | null;
  lastError: string | null;
  /** The newest failure's stack, from the history (null when none was kept). */
  lastStack: string | null;
  createdAt: string;
  updatedAt: string;
  /** Ready jobs of the kind claimed before this one; null unless it is ready. */
  position: number | null;
  paused: boolean;
  /** Newest first, at most 50. */
  history: JobEventView[];
}

const iso = (d: unknown): string | null => (d instanceof Date ? d.toISOString() : d == null ? null : String(d));

function eventView(r: RowDataPacket): JobEventView {
  return {
    at: iso(r.at) ?? "",
    event: String(r.event) as JobEventName,
    attempt: Number(r.attempt),
    owner: r.owner == null ? null : String(r.owner),
    code: r.code == null ? null : String(r.code),
    message: r.message == null ? null : String(r.message),
    stack: r.stack == null ? null : String(r.stack),
  };
}

/** Ready jobs of `kind` ahead of the ready job (priority, vtag, id) in the claim order (ix_claim). */
async function positionOf(db: Db, kind: string, priority: number, vtag: string, id: string): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM job FORCE INDEX (ix_claim)
      WHERE kind = ? AND state = ? AND (priority < ? OR (priority = ? AND (vtag < ? OR (vtag = ? AND id < ?))))`,
    [kind, JobState.Ready, priority, priority, vtag, vtag, id],
  );
  return Number(rows[0]?.n ?? 0);
}

async function isPaused(db: Db, kind: string): Promise<boolean> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT 1 FROM job_pause WHERE kind = ?", [kind]);
  return rows.length > 0;
}

/** A job with its history, or a 404 ConsoleError. Its history outlives it (a finished job has no row). */
export async function readJob(db: Db, id: string): Promise<JobView> {
  parseJobId(id);
  const [[rows], [events]] = await Promise.all([
    db.query<RowDataPacket[]>("SELECT * FROM job WHERE id = ?", [id]),
    db.query<RowDataPacket[]>("SELECT * FROM job_event WHERE job_id = ? ORDER BY id DESC LIMIT 50", [id]),
  ]);
  const r = rows[0];
  if (!r) {
    const gone = events[0];
    throw new ConsoleError(
      "JOB_NOT_FOUND",
      gone
        ? `job ${id} (${String(gone.kind)} ${String(gone.job_key)}) is no longer queued: finished or cancelled; last event ${String(gone.event)}`
        : `no job ${id}: finished, cancelled or never queued`,
    );
  }
  const state = Number(r.state);
  const kind = String(r.kind);
  const history = events.map(eventView);
  const clientKey = r.client_key as Buffer;
  return {
    id: String(r.id),
    kind,
    key: String(r.job_key),
    state: STATE_LABELS[state] ?? String(state),
    priority: Number(r.priority),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    client: describeClientKey(clientKey),
    clientHex: clientKey.toString("hex"),
    leaseOwner: r.lease_owner == null ? null : String(r.lease_owner),
    dueAt: iso(r.due_at),
    lastError: r.last_error == null ? null : String(r.last_error),
    lastStack: history.find((e) => e.stack)?.stack ?? null,
    createdAt: iso(r.created_at) ?? "",
    updatedAt: iso(r.updated_at) ?? "",
    position:
      state === JobState.Ready ? await positionOf(db, kind, Number(r.priority), String(r.vtag), String(r.id)) : null,
    paused: await isPaused(db, kind),
    history,
  };
}

export interface LaneView {
  kind: string;
  client: string;
  clientHex: string;
  paused: boolean;
  counts: Record<string, number>;
  /** In claim order (ready first, by place), then the rest; at most 100. */
  jobs: {
    id: string;
    key: string;
    state: string;
    priority: number;
    attempts: number;
    /** Ready jobs of the kind (every client's) claimed before this one; null unless ready. */
    position: number | null;
    lastError: string | null;
  }[];
}

/** One client's lane of `kind`: its jobs and, for the ready ones, their place in the kind's claim order. */
export async function readLane(db: Db, kindText: string, clientText: string): Promise<LaneView> {
  const kind = parseKind(kindText);
  const key = parseClientKey(clientText);
  const [[countRows], [jobRows]] = await Promise.all([
    db.query<RowDataPacket[]>("SELECT state, COUNT(*) AS n FROM job WHERE kind = ? AND client_key = ? GROUP BY state", [
      kind,
      key,
    ]),
    db.query<RowDataPacket[]>(
      `SELECT id, job_key, state, priority, vtag, attempts, last_error FROM job WHERE kind = ? AND client_key = ?
        ORDER BY state = ? DESC, priority, vtag, id LIMIT 100`,
      [kind, key, JobState.Ready],
    ),
  ]);
  const counts: Record<string, number> = {};
  for (const r of countRows) counts[STATE_LABELS[Number(r.state)] ?? String(r.state)] = Number(r.n);
  // Each ready job's place: one ix_claim range count apiece (at most 100), a console's cost, not a claim's.
  const jobs = await Promise.all(
    jobRows.map(async (r) => ({
      id: String(r.id),
      key: String(r.job_key),
      state: STATE_LABELS[Number(r.state)] ?? String(r.state),
      priority: Number(r.priority),
      attempts: Number(r.attempts),
      position:
        Number(r.state) === JobState.Ready
          ? await positionOf(db, kind, Number(r.priority), String(r.vtag), String(r.id))
          : null,
      lastError: r.last_error == null ? null : String(r.last_error),
    })),
  );
  return {
    kind,
    client: describeClientKey(key),
    clientHex: key.toString("hex"),
    paused: await isPaused(db, kind),
    counts,
    jobs,
  };
}

export interface FailureCounts {
  /** 60 points, oldest first: failed attempts in each of the last 60 minutes, per kind, retried or final. */
  perMinute: { minute: string; retried: Record<string, number>; final: Record<string, number> }[];
  /** Failed attempts of the last hour by kind and error kind, most first, each with its latest example. */
  byCode: {
    kind: string;
    code: string;
    retried: number;
    final: number;
    latest: { at: string; jobId: string; key: string; message: string | null };
  }[];
}

/** Failed attempts of the last hour, from job_event: the ones that will be retried as well as final ones. */
export async function readFailures(db: Db, now = new Date()): Promise<FailureCounts> {
  const [[minuteRows], [codeRows]] = await Promise.all([
    db.query<RowDataPacket[]>(
      `SELECT kind, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:00Z') AS minute, SUM(event = ?) AS retried, SUM(event = ?) AS final
         FROM job_event WHERE at >= DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 59 MINUTE, '%Y-%m-%d %H:%i:00')
          AND event IN (?, ?) GROUP BY kind, minute`,
      [JobEvent.Retry, JobEvent.Dead, JobEvent.Retry, JobEvent.Dead],
    ),
    db.query<RowDataPacket[]>(
      `SELECT g.kind, g.code, g.retried, g.final, e.at, e.job_id, e.job_key, e.message FROM
         (SELECT kind, COALESCE(code, 'ERROR') AS code, SUM(event = ?) AS retried, SUM(event = ?) AS final, MAX(id) AS latest
            FROM job_event WHERE at >= UTC_TIMESTAMP() - INTERVAL 1 HOUR AND event IN (?, ?)
           GROUP BY kind, COALESCE(code, 'ERROR')) g
         JOIN job_event e ON e.id = g.latest
        ORDER BY g.retried + g.final DESC LIMIT 50`,
      [JobEvent.Retry, JobEvent.Dead, JobEvent.Retry, JobEvent.Dead],
    ),
  ]);
  const byMinute = new Map<string, { retried: Record<string, number>; final: Record<string, number> }>();
  const start = Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000;
  for (let i = 0; i < 60; i++)
    byMinute.set(new Date(start + i * 60_000).toISOString().replace(/:\d\d\.\d{3}Z$/, ":00Z"), {
      retried: {},
      final: {},
    });
  for (const r of minuteRows) {
    const point = byMinute.get(String(r.minute));
    if (!point) continue;
    point.retried[String(r.kind)] = Number(r.retried);
    point.final[String(r.kind)] = Number(r.final);
  }
  return {
    perMinute: [...byMinute].map(([minute, p]) => ({ minute, ...p })),
    byCode: codeRows.map((r) => ({
      kind: String(r.kind),
      code: String(r.code),
      retried: Number(r.retried),
      final: Number(r.final),
      latest: {
        at: iso(r.at) ?? "",
        jobId: String(r.job_id),
        key: String(r.job_key),
        message: r.message == null ? null : String(r.message),
      },
    })),
  };
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  affected: number;
}

/** The latest `limit` console actions, newest first. */
export async function readAudit(db: Db, limit = 20): Promise<AuditEntry[]> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT * FROM console_audit ORDER BY id DESC LIMIT ?", [limit]);
  return rows.map((r) => ({
    at: iso(r.at) ?? "",
    actor: String(r.actor),
    action: String(r.action),
    target: String(r.target),
    affected: Number(r.affected),
  }));
}

/** Paused kinds, with who paused them and when. */
export async function readPaused(db: Db): Promise<{ kind: string; at: string; by: string }[]> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT kind, paused_at, paused_by FROM job_pause ORDER BY kind");
  return rows.map((r) => ({ kind: String(r.kind), at: iso(r.paused_at) ?? "", by: String(r.paused_by) }));
}

/** What an action did: how many jobs (or kinds) it changed. */
export interface ActionResult {
  action: string;
  target: string;
  affected: number;
}

async function audit(conn: Conn, actor: string, result: ActionResult): Promise<ActionResult> {
  await conn.query(
    "INSERT INTO console_audit (actor, action, target, affected) VALUES (LEFT(?, 96), ?, LEFT(?, 300), ?)",
    [actor, result.action, result.target, result.affected],
  );
  return result;
}

/** Locks and lists the jobs `where` selects (at most ACTION_BATCH). */
async function lockJobs(conn: Conn, where: string, args: unknown[]): Promise<RowDataPacket[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT id, kind, job_key, attempts, state FROM job WHERE ${where} ORDER BY id LIMIT ${ACTION_BATCH} FOR UPDATE`,
    args,
  );
  return rows;
}

function events(rows: RowDataPacket[], event: JobEventName, actor: string) {
  return rows.map((r) => ({
    jobId: String(r.id),
    kind: String(r.kind),
    key: String(r.job_key),
    event,
    attempt: Number(r.attempts),
    owner: actor,
  }));
}

/**
 * Puts dead jobs back on the queue as new (the tagger places them at the current round) with their attempts
 * reset: job `id` (which must be dead), or every dead job of `kind`.
 */
export async function retryDead(
  db: Db,
  actor: string,
  target: { id: string } | { kind: string },
): Promise<ActionResult> {
  const one = "id" in target;
  const where = one ? "id = ?" : "kind = ? AND state = ?";
  const args = one ? [parseJobId(target.id)] : [parseKind(target.kind), JobState.Dead];
  return withTransaction(db, async (conn) => {
    const rows = await lockJobs(conn, where, args);
    if (one) {
      const state = Number(rows[0]?.state);
      if (rows.length === 0) throw new ConsoleError("JOB_NOT_FOUND", `no job ${target.id}`);
      if (state !== JobState.Dead)
        throw new ConsoleError(
          "JOB_NOT_DEAD",
          `job ${target.id} is ${STATE_LABELS[state] ?? String(state)}: only dead jobs are retried`,
        );
    }
    if (rows.length > 0) {
      await conn.query<ResultSetHeader>(
        "UPDATE job SET state = ?, attempts = 0, due_at = NULL, vtag = NULL WHERE id IN (?) AND state = ?",
        [JobState.New, rows.map((r) => r.id), JobState.Dead],
      );
      await recordJobEvents(conn, events(rows, JobEvent.Retried, actor));
    }
    return audit(conn, actor, {
      action: one ? "retry" : "retry-dead",
      target: one ? `job ${target.id}` : `kind ${target.kind}`,
      affected: rows.length,
    });
  });
}

/** Cancels (deletes) one job that is not being worked on: new, ready, delayed or dead. */
export async function cancelJob(db: Db, actor: string, id: string): Promise<ActionResult> {
  parseJobId(id);
  return withTransaction(db, async (conn) => {
    const [rows] = await conn.query<RowDataPacket[]>(
      "SELECT id, kind, job_key, attempts, state, lease_owner FROM job WHERE id = ? FOR UPDATE",
      [id],
    );
    const row = rows[0];
    if (!row) throw new ConsoleError("JOB_NOT_FOUND", `no job ${id}: finished, cancelled or never queued`);
    if (Number(row.state) === JobState.Leased)
      throw new ConsoleError(
        "JOB_LEASED",
        `job ${id} is being worked on (leased to ${String(row.lease_owner)}); cancel it once it is back`,
      );
    await conn.query("DELETE FROM job WHERE id = ?", [id]);
    await recordJobEvents(conn, events(rows, JobEvent.Cancelled, actor));
    return audit(conn, actor, {
      action: "cancel",
      target: `job ${id} (${String(row.kind)} ${String(row.job_key)})`,
      affected: 1,
    });
  });
}

/**
 * Cancels a lane — an import, say: every job of `kind` queued by one client that is not being worked on
 * (new, ready or delayed; dead jobs stay, with their history). At most ACTION_BATCH per call.
 */
export async function cancelLane(db: Db, actor: string, kindText: string, clientText: string): Promise<ActionResult> {
  const kind = parseKind(kindText);
  const key = parseClientKey(clientText);
  return withTransaction(db, async (conn) => {
    const rows = await lockJobs(conn, "kind = ? AND client_key = ? AND state IN (?, ?, ?)", [
      kind,
      key,
      JobState.New,
      JobState.Ready,
      JobState.Delayed,
    ]);
    if (rows.length > 0) {
      await conn.query("DELETE FROM job WHERE id IN (?) AND state <> ?", [rows.map((r) => r.id), JobState.Leased]);
      await recordJobEvents(conn, events(rows, JobEvent.Cancelled, actor));
    }
    return audit(conn, actor, {
      action: "cancel-lane",
      target: `${kind} lane ${describeClientKey(key)}`,
      affected: rows.length,
    });
  });
}

/** Pauses `kind`: claims of it stop (origin/queue/claim.ts); the edge keeps enqueueing. */
export async function pauseKind(db: Db, actor: string, kindText: string): Promise<ActionResult> {
  const kind = parseKind(kindText);
  return withTransaction(db, async (conn) => {
    const [result] = await conn.query<ResultSetHeader>(
      "INSERT IGNORE INTO job_pause (kind, paused_by) VALUES (?, LEFT(?, 96))",
      [kind, actor],
    );
    return audit(conn, actor, { action: "pause", target: `kind ${kind}`, affected: result.affectedRows });
  });
}

/** Resumes `kind`: the next claim takes its jobs again. */
export async function resumeKind(db: Db, actor: string, kindText: string): Promise<ActionResult> {
  const kind = parseKind(kindText);
  return withTransaction(db, async (conn) => {
    const [result] = await conn.query<ResultSetHeader>("DELETE FROM job_pause WHERE kind = ?", [kind]);
    return audit(conn, actor, { action: "resume", target: `kind ${kind}`, affected: result.affectedRows });
  });
}

/** Deletes audit rows older than `days` (a batch at a time). */
export async function pruneAudit(db: Db, days = AUDIT_RETENTION_DAYS): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    "DELETE FROM console_audit WHERE at < NOW(3) - INTERVAL ? DAY LIMIT 1000",
    [days],
  );
  return result.affectedRows;
}
