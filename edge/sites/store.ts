/**
 * @module The evidence page's two statements: read a rating with its evidence, and queue a webmaster's
 * re-rating — over `@planetscale/database`, one autocommit statement each (design.md, Flow 1).
 */
import { Client } from "@planetscale/database";
import { clientKeyBytes, PRIORITY_WEBMASTER } from "../../shared/queue-contract.ts";
import { enqueueRatingsSql } from "../../shared/queue-sql.ts";
import { isStoredRating, type StoredRating } from "../../shared/rating.ts";

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

function json(value: unknown): unknown {
  if (typeof value !== "string" || value === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const iso = (value: unknown) => `${String(value).replace(" ", "T")}Z`;

/** A store over the PlanetScale HTTP protocol at `databaseUrl`. */
export function createSiteStore(databaseUrl: string): SiteStore {
  const client = new Client({ url: databaseUrl });
  return {
    async readSite(domain) {
      const result = await client.execute(
        `SELECT domain, rating, rating_info, score, confidence, reasons, business, evidence, rated_at, expires_at
           FROM rating WHERE domain = ?`,
        [domain],
      );
      const row = result.rows[0] as Record<string, unknown> | undefined;
      if (!row) return null;
      const rating: Record<string, unknown> = {
        domain: row.domain,
        rating: row.rating,
        ratingInfo: row.rating_info,
        score: Number(row.score),
        confidence: row.confidence,
        reasons: json(row.reasons) ?? [],
        ratedAt: iso(row.rated_at),
        expiresAt: iso(row.expires_at),
      };
      const business = json(row.business);
      if (business) rating.business = business;
      if (!isStoredRating(rating)) return null;
      const evidence = json(row.evidence);
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
