/**
 * @module Pushing finished ratings into the edge's KV through its signed endpoint, with the rating table
 * as the outbox: a rating is marked pushed only once the edge confirmed it, and the leader re-pushes
 * whatever is still unmarked.
 */
import type { RowDataPacket } from "mysql2/promise";
import { fetch } from "undici";
import type { StoredRating } from "../../shared/rating.ts";
import { RATING_COLUMNS, ratingFromRow } from "../../shared/rating-row.ts";
import { signedHeaders } from "../../shared/signing.ts";
import type { Db } from "../db/pool.ts";

export const PUSH_PATH = "/_bonafide/internal/ratings";
const PUSH_BATCH = 100;
const PUSH_TIMEOUT_MS = 10_000;

export interface Pusher {
  /** Sends `ratings` to the edge; throws with the edge's answer if it refused them. */
  push(ratings: readonly StoredRating[]): Promise<void>;
}

/**
 * POSTs `body` to the edge's `path`, signed with `secret` (shared/signing.ts); returns the edge's answer.
 * Throws (code PUSH_UNREACHABLE) only when there was no answer; every signed push goes through here.
 */
export async function postSigned(
  edgeUrl: string,
  secret: string,
  path: string,
  body: string,
  timeoutMs = PUSH_TIMEOUT_MS,
): Promise<{ status: number; text: string }> {
  const headers = await signedHeaders(secret, { method: "POST", path, body });
  try {
    const response = await fetch(`${edgeUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    throw Object.assign(new Error(`edge unreachable at ${edgeUrl}: ${(error as Error).message}`), {
      code: "PUSH_UNREACHABLE",
      cause: error,
    });
  }
}

/** A pusher for the edge at `edgeUrl`, signing with `secret`. */
export function createPusher(edgeUrl: string, secret: string): Pusher {
  return {
    async push(ratings) {
      for (let i = 0; i < ratings.length; i += PUSH_BATCH) {
        const body = JSON.stringify({ ratings: ratings.slice(i, i + PUSH_BATCH) });
        const { status, text } = await postSigned(edgeUrl, secret, PUSH_PATH, body);
        if (status < 200 || status > 299) {
          throw Object.assign(new Error(`edge refused the push: HTTP ${status} ${text.slice(0, 200)}`), {
            code: "PUSH_REFUSED",
          });
        }
      }
    },
  };
}

/** Marks ratings as pushed, unless a newer rating of the domain was stored meanwhile. */
export async function markPushed(db: Db, ratings: readonly StoredRating[]): Promise<void> {
  if (ratings.length === 0) return;
  await db.query(
    `UPDATE rating SET pushed_at = NOW(3) WHERE (domain, rated_at) IN (${ratings.map(() => "(?, ?)").join(", ")})`,
    ratings.flatMap((r) => [r.domain, new Date(r.ratedAt)]),
  );
}

/** Pushes and marks ratings still waiting in the outbox (older than `minAgeMs`, so in-flight pushes finish first). */
export async function drainOutbox(db: Db, pusher: Pusher, minAgeMs = 10_000, limit = 500): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${RATING_COLUMNS} FROM rating WHERE pushed_at IS NULL AND rated_at < NOW(3) - INTERVAL ? MICROSECOND
      ORDER BY rated_at LIMIT ?`,
    [minAgeMs * 1000, limit],
  );
  if (rows.length === 0) return 0;
  const ratings = rows.map(ratingFromRow).filter((r): r is StoredRating => r !== null);
  await pusher.push(ratings);
  await markPushed(db, ratings);
  return ratings.length;
}
