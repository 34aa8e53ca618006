/**
 * @module Putting jobs on the queue from the origin: one transaction that gives the new jobs their
 * fair-queue tags (lane rows locked in key order) and inserts them ready, deduplicated per (kind, key).
 *
 * The edge cannot hold a transaction (one autocommit statement per HTTP call), so its jobs enter
 * untagged (state 3) and the tagger tags them; both use the same duplicate rule (shared/queue-sql.ts).
 * Tagging here saves every origin-enqueued job a second write and the tagger a transaction.
 */
import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { ENQUEUE_ON_DUPLICATE } from "../../shared/queue-sql.ts";
import { type Db, withTransaction } from "../db/pool.ts";
import { assignTags } from "./tagger.ts";
import { clientKeyBytes, type NewJob } from "./types.ts";

export const DEFAULT_PRIORITY = 100;
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Enqueues `jobs` of `kind`; returns how many rows were new (duplicates only bump their request count). */
export async function enqueueJobs(db: Db, kind: string, jobs: readonly NewJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  return withTransaction(db, async (conn) => {
    // Only keys not yet queued take a slot in their lane; a duplicate just counts another request.
    const [existing] = await conn.query<RowDataPacket[]>("SELECT job_key FROM job WHERE kind = ? AND job_key IN (?)", [
      kind,
      jobs.map((j) => j.key),
    ]);
    const queued = new Set(existing.map((r) => String(r.job_key)));
    const fresh = new Map<string, NewJob>();
    for (const job of jobs) if (!queued.has(job.key) && !fresh.has(job.key)) fresh.set(job.key, job);
    const tags = new Map<string, bigint>();
    const byClass = new Map<number, NewJob[]>();
    for (const job of fresh.values()) {
      const priority = job.priority ?? DEFAULT_PRIORITY;
      byClass.set(priority, [...(byClass.get(priority) ?? []), job]);
    }
    for (const [priority, group] of byClass) {
      const assigned = await assignTags(
        conn,
        kind,
        priority,
        group.map((j) => clientKeyBytes(j.clientKey).toString("hex")),
      );
      group.forEach((job, i) => {
        tags.set(job.key, assigned[i] ?? 0n);
      });
    }
    const rows = jobs.map((job) => {
      const tag = tags.get(job.key);
      return [
        kind,
        job.key,
        job.payload === undefined ? null : JSON.stringify(job.payload),
        clientKeyBytes(job.clientKey),
        job.priority ?? DEFAULT_PRIORITY,
        job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        tag === undefined ? null : String(tag),
        tag === undefined ? 3 : 0,
      ];
    });
    const [result] = await conn.query<ResultSetHeader>(
      `INSERT INTO job (kind, job_key, payload, client_key, priority, max_attempts, vtag, state, ready_at) VALUES ${rows
        .map(() => "(?, ?, ?, ?, ?, ?, ?, ?, NOW(3))")
        .join(", ")} ${ENQUEUE_ON_DUPLICATE}`,
      rows.flat(),
    );
    // affectedRows counts 1 per inserted row and 2 per updated duplicate (whose request count always changes).
    return Math.max(0, 2 * jobs.length - result.affectedRows);
  });
}
