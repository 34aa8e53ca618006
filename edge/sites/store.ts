/**
 * @module The evidence page's two statements: read a rating with its evidence, and queue a webmaster's
 * re-rating — over `@planetscale/database`, one autocommit statement each (design.md, Flow 1).
 */
import { Client } from "@planetscale/database";
import { clientKeyBytes, PRIORITY_WEBMASTER } from "../../shared/queue-contract.ts";
import { enqueueRatingsSql } from "../../shared/queue-sql.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { parseJsonColumn, RATING_COLUMNS, ratingFromRow } from "../../shared/rating-row.ts";

/** Webmaster re-ratings run after users' first ratings and before background refreshes (shared/queue-contract.ts). */
export { PRIORITY_WEBMASTER };

export interface SiteReport {
  rating: StoredRating;
  /** What the rater recorded (origin/rater/evidence.ts), as stored; null for ratings without evidence. */
  evidence: Record<string, unknown> | null;
}

export interface SiteStore {
  readSite(domain: string): Promise<SiteReport | null>;
  requestRerate(domain: string, clientKeyHex: string): Promise<void>;
}

/** A store over the PlanetScale HTTP protocol at `databaseUrl`. */
export function createSiteStore(databaseUrl: string): SiteStore {
  const client = new Client({ url: databaseUrl });
  return {
    async readSite(domain) {
      const result = await client.execute(`SELECT ${RATING_COLUMNS}, evidence FROM rating WHERE domain = ?`, [domain]);
      const row = result.rows[0] as Record<string, unknown> | undefined;
      const rating = row ? ratingFromRow(row) : null;
      if (!row || !rating) return null;
      const evidence = parseJsonColumn(row.evidence);
      return {
        rating,
        evidence: evidence && typeof evidence === "object" ? (evidence as Record<string, unknown>) : null,
      };
    },
    async requestRerate(domain, clientKeyHex) {
      await client.execute(enqueueRatingsSql(1), [domain, clientKeyBytes(clientKeyHex), PRIORITY_WEBMASTER]);
    },
  };
}
