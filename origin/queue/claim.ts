/**
 * @module Claiming: one index-ordered `SELECT … FOR UPDATE SKIP LOCKED` and one UPDATE in a short
 * transaction; the work runs outside it under a lease with a fencing token (research/queue.md §4.3).
 */
import { randomBytes } from "node:crypto";
import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { JobState } from "../../shared/queue-contract.ts";
import { type Conn, type Db, withTransaction } from "../db/pool.ts";
import type { ClaimedJob } from "./types.ts";

export const DEFAULT_LEASE_MS = 120_000;

/**
 * Claims run READ UNCOMMITTED: their DELETE, locking SELECT and UPDATE lock and write exactly as under
 * READ COMMITTED; the one plain read, readyHead, is meant to see the latest state (see there).
 */
const CLAIM_TRANSACTION = { readUncommitted: true };

export interface ClaimOptions {
  kind: string;
  owner: string;
  limit: number;
  leaseMs?: number;
}

function parsePayload(text: unknown): unknown {
  if (typeof text !== "string") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Claims up to `limit` ready jobs, most urgent class first, round-robin across clients within it. */
export async function claimJobs(db: Db, options: ClaimOptions): Promise<ClaimedJob[]> {
  if (options.limit <= 0) return [];
  return withTransaction(db, (conn) => claimIn(conn, options), CLAIM_TRANSACTION);
}

/**
 * Deletes finished jobs (fenced, as completeJobs) and claims the next ones in one transaction: one commit
 * — one redo-log flush — where completing and claiming apart would take two. Returns how many of the
 * finished jobs were still ours and the new claims.
 */
export async function completeAndClaimJobs(
  db: Db,
  finished: readonly ClaimedJob[],
  options: ClaimOptions,
): Promise<{ completed: number; jobs: ClaimedJob[] }> {
  if (finished.length === 0) return { completed: 0, jobs: await claimJobs(db, options) };
  return withTransaction(
    db,
    async (conn) => {
      const completed = await deleteFinished(conn, finished);
      const jobs = options.limit > 0 ? await claimIn(conn, options) : [];
      return { completed, jobs };
    },
    CLAIM_TRANSACTION,
  );
}

/**
 * The fenced DELETE of finished jobs, in one statement however many claim batches they came from: each
 * row must still carry the token of the claim that gave it to us (jobs claimed together share one).
 */
export async function deleteFinished(conn: Conn | Db, jobs: readonly ClaimedJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const tokens = new Set(jobs.map((j) => j.token.toString("hex")));
  const [result] =
    tokens.size === 1
      ? await conn.query<ResultSetHeader>(
          `DELETE FROM job WHERE id IN (?) AND lease_token = ? AND state = ${JobState.Leased}`,
          [jobs.map((j) => j.id), jobs[0]?.token],
        )
      : await conn.query<ResultSetHeader>(
          `DELETE FROM job WHERE id IN (?) AND state = ${JobState.Leased}
              AND lease_token = CASE id ${jobs.map(() => "WHEN ? THEN ?").join(" ")} END`,
          [jobs.map((j) => j.id), ...jobs.flatMap((j) => [BigInt(j.id), j.token])],
        );
  return result.affectedRows;
}

/**
 * Where the ready jobs of `kind` begin: the first index entry not delete-marked. The head of the ready
 * range is where every claim happened, so until InnoDB's purge (about once a second) removes them it
 * holds the entries of every recently claimed job, delete-marked. A locking read examines each one (an
 * implicit-lock check through the clustered index: ~0.5 µs apiece, 3–5 ms per claim at 10k jobs/s); a
 * plain read under READ UNCOMMITTED steps over them. Every live entry sits at or after the answer, so
 * the locking read may start there; one whose claimer rolls back meanwhile is served by the next claim.
 */
async function readyHead(conn: Conn, kind: string): Promise<{ priority: number; vtag: string } | null> {
  // A paused kind (job_pause, set from the console) has no head: nothing is claimed, the edge keeps
  // enqueueing and the tagger keeps tagging. One primary-key probe of a table of a few rows.
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT priority, vtag FROM job FORCE INDEX (ix_claim)
      WHERE kind = ? AND state = ${JobState.Ready} AND NOT EXISTS (SELECT 1 FROM job_pause WHERE job_pause.kind = ?)
      ORDER BY priority, vtag, id LIMIT 1`,
    [kind, kind],
  );
  const head = rows[0];
  return head ? { priority: Number(head.priority), vtag: String(head.vtag) } : null;
}

async function claimIn(conn: Conn, options: ClaimOptions): Promise<ClaimedJob[]> {
  const leaseUs = (options.leaseMs ?? DEFAULT_LEASE_MS) * 1000;
  const token = randomBytes(16);
  const head = await readyHead(conn, options.kind);
  if (head === null) return [];
  // FORCE INDEX: without the (kind, state, priority, vtag, id) order the locking read would lock every
  // candidate and other claimers would find nothing (research/queue.md §2.1).
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT id, job_key, payload, client_key, priority, attempts, max_attempts, created_at FROM job FORCE INDEX (ix_claim)
      WHERE kind = ? AND state = ${JobState.Ready} AND (priority > ? OR (priority = ? AND vtag >= ?))
      ORDER BY priority, vtag, id LIMIT ? FOR UPDATE SKIP LOCKED`,
    [options.kind, head.priority, head.priority, head.vtag, options.limit],
  );
  if (rows.length === 0) return [];
  await conn.query(
    `UPDATE job SET state = ${JobState.Leased}, lease_token = ?, lease_owner = ?, attempts = attempts + 1,
            due_at = NOW(3) + INTERVAL ? MICROSECOND WHERE id IN (?)`,
    [token, options.owner, leaseUs, rows.map((r) => r.id)],
  );
  const claimedAt = new Date();
  return rows.map((r) => ({
    id: String(r.id),
    kind: options.kind,
    key: String(r.job_key),
    payload: parsePayload(r.payload),
    clientKey: (r.client_key as Buffer).toString("hex"),
    priority: Number(r.priority),
    attempt: Number(r.attempts) + 1,
    maxAttempts: Number(r.max_attempts),
    token,
    enqueuedAt: r.created_at as Date,
    claimedAt,
  }));
}
