/**
 * @module The `rating` table from the origin: store a rating with its evidence together with the job's end
 * (done, or dead after its last attempt), fenced by the job's lease in one transaction; read one back.
 */
import type { RowDataPacket } from "mysql2/promise";
import type { StoredRating } from "../../shared/rating.ts";
import { RATING_COLUMNS, ratingFromRow } from "../../shared/rating-row.ts";
import { type Conn, type Db, withTransaction } from "../db/pool.ts";
import type { FailureDetail } from "../queue/events.ts";
import { buryJob, completeJob } from "../queue/lease.ts";
import type { ClaimedJob } from "../queue/types.ts";
import { isAskedJob } from "./rerate.ts";

/** The stored rating of `domain`, if any. */
export async function readRating(db: Db, domain: string): Promise<StoredRating | null> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${RATING_COLUMNS} FROM rating WHERE domain = ?`, [domain]);
  return rows[0] ? ratingFromRow(rows[0]) : null;
}

/**
 * Inserts or replaces the rating row of `rating.domain` inside the caller's transaction. A job a client asked
 * for records the ask (`asked_at` = the rating's own time); a background re-rating keeps the last ask.
 */
async function upsertRating(conn: Conn, job: ClaimedJob, rating: StoredRating, evidence: unknown): Promise<void> {
  await conn.query(
    `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, evidence,
                         rated_at, expires_at, next_rate_at, asked_at, pushed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON DUPLICATE KEY UPDATE rating = VALUES(rating), rating_info = VALUES(rating_info), score = VALUES(score),
       confidence = VALUES(confidence), reasons = VALUES(reasons), business = VALUES(business),
       evidence = VALUES(evidence), rated_at = VALUES(rated_at), expires_at = VALUES(expires_at),
       next_rate_at = VALUES(next_rate_at), asked_at = COALESCE(VALUES(asked_at), asked_at), pushed_at = NULL`,
    [
      rating.domain,
      rating.rating,
      rating.ratingInfo,
      rating.score,
      rating.confidence,
      JSON.stringify(rating.reasons),
      rating.business ? JSON.stringify(rating.business) : null,
      JSON.stringify(evidence),
      new Date(rating.ratedAt),
      new Date(rating.expiresAt),
      new Date(rating.expiresAt),
      isAskedJob(job) ? new Date(rating.ratedAt) : null,
    ],
  );
}

/**
 * Stores `rating` (and its evidence) and deletes the job in one transaction; if the lease was lost the
 * transaction rolls back with LeaseLostError and nothing is stored. A job a client asked for records the
 * ask (`asked_at` = the rating's own time, so "asked since rated" holds whatever the clocks); a background
 * re-rating keeps the last ask as it was (origin/rater/rerate.ts).
 */
export async function storeRatingAndComplete(
  db: Db,
  job: ClaimedJob,
  rating: StoredRating,
  evidence: unknown,
): Promise<void> {
  await withTransaction(db, async (conn) => {
    await completeJob(conn, job);
    await upsertRating(conn, job, rating, evidence);
  });
}

/**
 * Stores the rating of a job that ran out of attempts and marks the job dead, in one transaction fenced by
 * its lease like the success path: either both happen or neither (LeaseLostError), so a dead job never
 * leaves its domain without a rating (which the edge would answer W for, and revive, for ever).
 */
export async function storeRatingAndBury(
  db: Db,
  job: ClaimedJob,
  rating: StoredRating,
  evidence: unknown,
  error: string,
  detail: FailureDetail = {},
): Promise<void> {
  await withTransaction(db, async (conn) => {
    await buryJob(conn, job, error, detail);
    await upsertRating(conn, job, rating, evidence);
  });
}
