/**
 * @module Putting jobs on the queue: one multi-row statement, deduplicated per (kind, key).
 *
 * New jobs enter untagged (state 3); the tagger gives them their fair-queue tag. The edge uses the same
 * statement shape over HTTP, so there is one path into the queue whoever enqueues.
 */
import type { ResultSetHeader } from "mysql2/promise";
import { ENQUEUE_ON_DUPLICATE } from "../../shared/queue-sql.ts";
import type { Db } from "../db/pool.ts";
import { clientKeyBytes, type NewJob } from "./types.ts";

export const DEFAULT_PRIORITY = 100;
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Enqueues `jobs` of `kind`; returns how many rows were new (duplicates only bump their request count). */
export async function enqueueJobs(db: Db, kind: string, jobs: readonly NewJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const rows = jobs.map((job) => [
    kind,
    job.key,
    job.payload === undefined ? null : JSON.stringify(job.payload),
    clientKeyBytes(job.clientKey),
    job.priority ?? DEFAULT_PRIORITY,
    job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  ]);
  const [result] = await db.query<ResultSetHeader>(
    `INSERT INTO job (kind, job_key, payload, client_key, priority, max_attempts, state) VALUES ${rows
      .map(() => "(?, ?, ?, ?, ?, ?, 3)")
      .join(", ")} ${ENQUEUE_ON_DUPLICATE}`,
    rows.flat(),
  );
  // affectedRows counts 1 per inserted row and 2 per updated duplicate (whose request count always changes).
  return Math.max(0, 2 * jobs.length - result.affectedRows);
}
