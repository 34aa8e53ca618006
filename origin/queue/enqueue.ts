/**
 * @module Putting jobs on the queue from the origin: one transaction that gives the new jobs their
 * fair-queue tags (lane rows locked in key order) and inserts them ready, deduplicated per (kind, key):
 * begin, one read (queued keys, lanes, clocks), the lane upsert, the insert, commit.
 *
 * The edge cannot hold a transaction (one autocommit statement per HTTP call), so its jobs enter
 * untagged (state 3) and the tagger tags them; both use the same duplicate rule (shared/queue-sql.ts).
 * Tagging here saves every origin-enqueued job a second write and the tagger a transaction.
 */
import type { ResultSetHeader } from "mysql2/promise";
import { DEFAULT_PRIORITY } from "../../shared/queue-contract.ts";
import { ENQUEUE_ON_DUPLICATE } from "../../shared/queue-sql.ts";
import { type Db, withTransaction } from "../db/pool.ts";
import { assignTags, type TagRequest } from "./tagger.ts";
import { clientKeyBytes, type NewJob } from "./types.ts";

export { DEFAULT_PRIORITY };
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Enqueues `jobs` of `kind`; returns how many rows were new (duplicates only bump their request count). */
export async function enqueueJobs(db: Db, kind: string, jobs: readonly NewJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const byKey = new Map<string, NewJob>(); // first of each key: only it may take a slot
  for (const job of jobs) if (!byKey.has(job.key)) byKey.set(job.key, job);
  return withTransaction(db, async (conn) => {
    // Lock the lanes of every client in the batch while probing which keys are already queued, in one
    // statement (assignTags' read). Only keys not yet queued take a slot in their lane; a duplicate just
    // counts another request — so the tags are computed after the probe, from lanes already locked.
    const request: TagRequest = new Map();
    for (const job of byKey.values()) {
      const priority = job.priority ?? DEFAULT_PRIORITY;
      const keys = request.get(priority) ?? [];
      keys.push(clientKeyBytes(job.clientKey).toString("hex"));
      request.set(priority, keys);
    }
    const queued = new Set<string>();
    const fresh = new Map<number, NewJob[]>();
    const tags = await assignTags(conn, kind, request, {
      sql: `(SELECT 0 AS part, NULL AS priority, job_key, NULL AS client_key, NULL AS tag FROM job
              WHERE kind = ? AND job_key IN (?))`,
      params: [kind, [...byKey.keys()]],
      onRows(rows) {
        for (const row of rows) queued.add(String(row.job_key));
        // Narrow the request to the fresh jobs, in job order, before the tags are computed.
        request.clear();
        for (const job of byKey.values()) {
          if (queued.has(job.key)) continue;
          const priority = job.priority ?? DEFAULT_PRIORITY;
          const group = fresh.get(priority) ?? [];
          group.push(job);
          fresh.set(priority, group);
          const keys = request.get(priority) ?? [];
          keys.push(clientKeyBytes(job.clientKey).toString("hex"));
          request.set(priority, keys);
        }
      },
    });
    const tagOf = new Map<string, bigint>();
    for (const [priority, group] of fresh) {
      group.forEach((job, i) => {
        tagOf.set(job.key, tags.get(priority)?.[i] ?? 0n);
      });
    }
    const rows = jobs.map((job) => {
      const tag = tagOf.get(job.key);
      tagOf.delete(job.key); // a key repeated in the batch is a duplicate of its first
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
