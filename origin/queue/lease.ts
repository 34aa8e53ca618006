/**
 * @module What a lease holder may do with its jobs — renew, finish, fail, give back — each write fenced
 * by the claim's token, so a process whose lease expired and was taken over changes nothing.
 */
import type { ResultSetHeader } from "mysql2/promise";
import type { Conn, Db } from "../db/pool.ts";
import { deleteFinished } from "./claim.ts";
import { type FailureDetail, JobEvent, recordJobEvents } from "./events.ts";
import { type ClaimedJob, JobState, LeaseLostError } from "./types.ts";

/** Extends every lease `owner` holds; returns how many it still holds. */
export async function heartbeat(db: Db, owner: string, leaseMs: number): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `UPDATE job SET due_at = NOW(3) + INTERVAL ? MICROSECOND WHERE lease_owner = ? AND state = ${JobState.Leased}`,
    [leaseMs * 1000, owner],
  );
  return result.affectedRows;
}

/**
 * Deletes the finished job inside the caller's transaction (with its result written alongside), or
 * throws LeaseLostError so that the transaction rolls back and the result is not stored twice.
 */
export async function completeJob(conn: Conn, job: ClaimedJob): Promise<void> {
  const [result] = await conn.query<ResultSetHeader>(
    `DELETE FROM job WHERE id = ? AND lease_token = ? AND state = ${JobState.Leased}`,
    [job.id, job.token],
  );
  if (result.affectedRows !== 1) throw new LeaseLostError(job.id);
}

/**
 * Deletes finished jobs that need no result written alongside them, fenced, in one statement per claim
 * batch. Returns how many were still ours; the rest were lost (expired and taken over).
 */
export async function completeJobs(db: Db, jobs: readonly ClaimedJob[]): Promise<number> {
  return deleteFinished(db, jobs);
}

/**
 * Retry delay: min(base · 2^(attempt−1), 1 h) × uniform(0.5, 1.5), base 30 s — jittered so retries don't
 * stampede. Tests and fault drills pass a smaller base to see a job run out of attempts in seconds.
 */
export function retryDelayMs(attempt: number, random = Math.random, baseMs = 30_000): number {
  const base = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (0.5 + random()));
}

export interface FailOptions extends FailureDetail {
  error: string;
  /** Overrides the backoff, e.g. for a `Retry-After` the site sent. */
  retryInMs?: number;
}

/** True when a failure of this try leaves no attempt: the job is dead, not retried. */
export function isLastAttempt(job: ClaimedJob): boolean {
  return job.attempt >= job.maxAttempts;
}

/**
 * Marks the job dead (9) inside the caller's transaction, with its final result written alongside, or
 * throws LeaseLostError so that the transaction rolls back. The row stays: the edge's enqueue revives a
 * dead job when the domain is asked for again (shared/queue-sql.ts).
 */
export async function buryJob(conn: Conn, job: ClaimedJob, error: string, detail: FailureDetail = {}): Promise<void> {
  const [result] = await conn.query<ResultSetHeader>(
    `UPDATE job SET state = ?, due_at = NULL, lease_token = NULL, lease_owner = NULL, vtag = NULL,
            last_error = LEFT(?, 512)
      WHERE id = ? AND lease_token = ? AND state = ?`,
    [JobState.Dead, error, job.id, job.token, JobState.Leased],
  );
  if (result.affectedRows !== 1) throw new LeaseLostError(job.id);
  // In the same transaction: the death and its history row commit together.
  await recordJobEvents(conn, [
    {
      jobId: job.id,
      kind: job.kind,
      key: job.key,
      event: JobEvent.Dead,
      attempt: job.attempt,
      code: detail.code ?? "ERROR",
      message: error,
      stack: detail.stack ?? null,
    },
  ]);
}

/**
 * Schedules a retry (state 2, re-tagged at the current round when due) or, after the last attempt,
 * marks the job dead (9). Returns what happened; `lost` when the lease was no longer ours.
 */
export async function failJob(db: Db, job: ClaimedJob, options: FailOptions): Promise<"retry" | "dead" | "lost"> {
  const dead = isLastAttempt(job);
  const delayUs = (options.retryInMs ?? retryDelayMs(job.attempt)) * 1000;
  const [result] = await db.query<ResultSetHeader>(
    `UPDATE job SET state = ?, due_at = IF(? = ${JobState.Dead}, NULL, NOW(3) + INTERVAL ? MICROSECOND),
            lease_token = NULL, lease_owner = NULL, vtag = NULL, last_error = LEFT(?, 512)
      WHERE id = ? AND lease_token = ? AND state = ${JobState.Leased}`,
    [dead ? 9 : 2, dead ? 9 : 2, delayUs, options.error, job.id, job.token],
  );
  if (result.affectedRows !== 1) return "lost";
  // Recorded after the failure (autocommit): a lost history row must not undo a recorded failure, and the
  // failure itself must not wait for it. This row is what shows retried failures on the console.
  await recordJobEvents(db, [
    {
      jobId: job.id,
      kind: job.kind,
      key: job.key,
      event: dead ? JobEvent.Dead : JobEvent.Retry,
      attempt: job.attempt,
      code: options.code ?? "ERROR",
      message: options.error,
      stack: options.stack ?? null,
    },
  ]).catch(() => undefined);
  return dead ? "dead" : "retry";
}

/**
 * Gives a job back unfinished (graceful shutdown): ready again at the head of its class with its old tag,
 * and the attempt not counted against it.
 */
export async function releaseJob(db: Db, job: ClaimedJob): Promise<boolean> {
  const [result] = await db.query<ResultSetHeader>(
    `UPDATE job SET state = ${JobState.Ready}, lease_token = NULL, lease_owner = NULL, due_at = NULL,
            attempts = GREATEST(attempts, 1) - 1
      WHERE id = ? AND lease_token = ? AND state = ${JobState.Leased}`,
    [job.id, job.token],
  );
  return result.affectedRows === 1;
}

const DEADLOCK = 1213; // ER_LOCK_DEADLOCK: InnoDB rolled the statement back; it is safe to run again

/**
 * Gives back many jobs (a worker stopping): one UPDATE per claim batch, run one after another — parallel
 * single-row releases moving entries of the same secondary index can deadlock each other, and a release
 * that silently fails leaves the job leased until its lease runs out. A deadlock with another process is
 * retried. Returns how many were still ours.
 */
export async function releaseJobs(db: Db, jobs: readonly ClaimedJob[]): Promise<number> {
  const byToken = new Map<string, { token: Buffer; ids: string[] }>();
  for (const job of jobs) {
    const hex = job.token.toString("hex");
    const group = byToken.get(hex) ?? { token: job.token, ids: [] };
    group.ids.push(job.id);
    byToken.set(hex, group);
  }
  let released = 0;
  for (const { token, ids } of byToken.values()) {
    for (let attempt = 1; ; attempt++) {
      try {
        const [result] = await db.query<ResultSetHeader>(
          `UPDATE job SET state = ${JobState.Ready}, lease_token = NULL, lease_owner = NULL, due_at = NULL,
                  attempts = GREATEST(attempts, 1) - 1
            WHERE id IN (?) AND lease_token = ? AND state = ${JobState.Leased}`,
          [ids, token],
        );
        released += result.affectedRows;
        break;
      } catch (error) {
        if ((error as { errno?: number }).errno !== DEADLOCK || attempt >= 3) throw error;
      }
    }
  }
  return released;
}
