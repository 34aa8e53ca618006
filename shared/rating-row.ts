/**
 * @module A `rating` row ↔ the stored rating, for both runtimes: the columns every reader selects and the
 * one mapping of a row to a rating. The origin's mysql2 gives DATETIMEs as Dates and JSON columns as text;
 * the edge's PlanetScale driver gives both as text (`2026-11-22 10:00:00.000`, UTC as the session is).
 */
import { isStoredRating, type StoredRating } from "./rating.ts";

/** The columns of a rating as the API answers it (evidence apart: only the evidence page reads it). */
export const RATING_COLUMNS = "domain, rating, rating_info, score, confidence, reasons, business, rated_at, expires_at";

/** JSON text (or an already parsed value) → value; bad or empty text → undefined. */
export function parseJsonColumn(value: unknown): unknown {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A DATETIME(3) as a Date or as the driver's UTC text → ISO 8601. */
export function isoFromDatetime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return `${String(value).replace(" ", "T")}Z`;
}

/** The stored rating in `row`, or null when the row does not make a valid one. */
export function ratingFromRow(row: Record<string, unknown>): StoredRating | null {
  const rating: Record<string, unknown> = {
    domain: row.domain,
    rating: row.rating,
    ratingInfo: row.rating_info,
    score: Number(row.score),
    confidence: row.confidence,
    reasons: parseJsonColumn(row.reasons) ?? [],
    ratedAt: isoFromDatetime(row.rated_at),
    expiresAt: isoFromDatetime(row.expires_at),
  };
  const business = parseJsonColumn(row.business);
  if (business) rating.business = business;
  return isStoredRating(rating) ? rating : null;
}
