/**
 * @module Claiming: one index-ordered `SELECT … FOR UPDATE SKIP LOCKED` and one UPDATE in a short
 * transaction; the work runs outside it under a lease with a fencing token (research/queue.md §4.3).
 */
import { randomBytes } from "node:crypto";
import type { RowDataPacket } from "mysql2/promise";
import { type Db, withTransaction } from "../db/pool.ts";
import type { ClaimedJob } from "./types.ts";

export const DEFAULT_LEASE_MS = 120_000;

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
  const leaseUs = (options.leaseMs ?? DEFAULT_LEASE_MS) * 1000;
  const token = randomBytes(16);
  return withTransaction(db, async (conn) => {
    // FORCE INDEX: without the (kind, state, priority, vtag, id) order the locking read would lock every
    // candidate and other claimers would find nothing (research/queue.md §2.1).
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT id, job_key, payload, client_key, priority, attempts, max_attempts, created_at FROM job FORCE INDEX (ix_claim)
        WHERE kind = ? AND state = 0 ORDER BY priority, vtag, id LIMIT ? FOR UPDATE SKIP LOCKED`,
      [options.kind, options.limit],
    );
    if (rows.length === 0) return [];
    await conn.query(
      `UPDATE job SET state = 1, lease_token = ?, lease_owner = ?, attempts = attempts + 1,
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
  });
}
