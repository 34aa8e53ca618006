/**
 * @module A job's history (`job_event`): every failed attempt — retried or final — and every operator
 * action on it, so that failures that will be retried are seen (the console counts them per minute and
 * error kind) and a job's page can say what happened to it. Written next to the failure's own UPDATE;
 * pruned by age (pruneJobEvents), as error_log is.
 */
import type { ResultSetHeader } from "mysql2/promise";
import type { Conn, Db } from "../db/pool.ts";

/** What a `job_event` row records. */
export const JobEvent = {
  /** A failed attempt; the job waits to be tried again. */
  Retry: "retry",
  /** The last attempt failed; the job is dead. */
  Dead: "dead",
  /** An operator put a dead job back on the queue. */
  Retried: "retried",
  /** An operator cancelled (deleted) the job. */
  Cancelled: "cancelled",
} as const;
export type JobEventName = (typeof JobEvent)[keyof typeof JobEvent];

/** How long job events are kept (the console shows the last hour; a job's page its history). */
export const JOB_EVENT_RETENTION_HOURS = 48;

export interface FailureDetail {
  /** The error's kind: a code (`FETCH_TIMEOUT`, `ECONNRESET`) or the error's name. */
  code?: string;
  stack?: string;
}

/** The kind of `error` for counting: its string `code`, else its name unless a plain `Error`, else `ERROR`. */
export function failureCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code) return code.slice(0, 64);
  if (error instanceof Error && error.name && error.name !== "Error") return error.name.slice(0, 64);
  return "ERROR";
}

export interface JobEventRow {
  jobId: string;
  kind: string;
  key: string;
  event: JobEventName;
  attempt?: number;
  owner?: string | null;
  code?: string | null;
  message?: string | null;
  stack?: string | null;
}

/** Inserts `rows` into job_event (one statement), on `conn` (inside a transaction) or the pool. */
export async function recordJobEvents(conn: Conn | Db, rows: readonly JobEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await conn.query(
    `INSERT INTO job_event (job_id, kind, job_key, event, attempt, owner, code, message, stack) VALUES ${rows
      .map(() => "(?, ?, ?, ?, ?, LEFT(?, 96), LEFT(?, 64), LEFT(?, 512), LEFT(?, 16000))")
      .join(", ")}`,
    rows.flatMap((r) => [
      r.jobId,
      r.kind,
      r.key,
      r.event,
      r.attempt ?? 0,
      r.owner ?? null,
      r.code ?? null,
      r.message ?? null,
      r.stack ?? null,
    ]),
  );
}

/** Deletes job events older than `hours` (a batch at a time, like pruneErrors). */
export async function pruneJobEvents(db: Db, hours = JOB_EVENT_RETENTION_HOURS): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    "DELETE FROM job_event WHERE at < NOW(3) - INTERVAL ? HOUR LIMIT 5000",
    [hours],
  );
  return result.affectedRows;
}
