/**
 * @module The edge's statements against MySQL: read ratings, enqueue the rest, and read the raters'
 * new-domain budget (at most once a minute per isolate, edge/rate/new-work.ts).
 *
 * Through `@planetscale/database` (fetch-based): one autocommit statement per round trip, never a
 * transaction, so a dead isolate can never leave a lock behind (design.md, Flow 1).
 */
import { Client } from "@planetscale/database";
import { clientKeyBytes, PRIORITY_STALE_REFRESH, PRIORITY_USER_WAITING } from "../../shared/queue-contract.ts";
import { enqueueRatingsSql } from "../../shared/queue-sql.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { RATING_COLUMNS, ratingFromRow } from "../../shared/rating-row.ts";

/** Priority classes of the rating queue: lower is sooner (the one home: shared/queue-contract.ts). */
export { PRIORITY_STALE_REFRESH, PRIORITY_USER_WAITING };

export interface RatingStore {
  /** The stored ratings of those `domains` that have one. */
  readRatings(domains: readonly string[]): Promise<Map<string, StoredRating>>;
  /** Queues `domains` for rating on behalf of `clientKeyHex`; an already queued domain is only counted. */
  enqueue(domains: readonly string[], clientKeyHex: string, priority: number): Promise<void>;
  /** New domains per minute one client may queue (rater_capacity), or null if not measured lately. */
  readClientBudget(): Promise<number | null>;
}

/** A published budget older than this is the raters' last word from before they stopped: not used. */
const BUDGET_MAX_AGE_MINUTES = 5;

/** A store over the PlanetScale HTTP protocol at `databaseUrl` (`https://user:pass@host` or local `http://`). */
export function createRatingStore(databaseUrl: string): RatingStore {
  const client = new Client({ url: databaseUrl });
  return {
    async readRatings(domains) {
      const found = new Map<string, StoredRating>();
      if (domains.length === 0) return found;
      const result = await client.execute(`SELECT ${RATING_COLUMNS} FROM rating WHERE domain IN (?)`, [domains]);
      for (const row of result.rows as Record<string, unknown>[]) {
        const rating = ratingFromRow(row);
        if (rating) found.set(rating.domain, rating);
      }
      return found;
    },
    async enqueue(domains, clientKeyHex, priority) {
      if (domains.length === 0) return;
      const key = clientKeyBytes(clientKeyHex);
      const args = domains.flatMap((d) => [d, key, priority]);
      await client.execute(enqueueRatingsSql(domains.length), args);
    },
    async readClientBudget() {
      const result = await client.execute(
        `SELECT client_new_per_minute FROM rater_capacity
          WHERE kind = 'rate' AND measured_at >= NOW(3) - INTERVAL ${BUDGET_MAX_AGE_MINUTES} MINUTE`,
      );
      const row = result.rows[0] as Record<string, unknown> | undefined;
      const n = Number(row?.client_new_per_minute);
      return row && Number.isInteger(n) && n > 0 ? n : null;
    },
  };
}
