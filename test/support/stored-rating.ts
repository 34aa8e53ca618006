/**
 * @module The stored-rating fixture the edge tests share (in workerd and in Node alike: no runtime imports).
 */
import type { StoredRating } from "../../shared/rating.ts";

/** A stored rating for `domain` (Q, fresh until 2099) with `over` laid on top: the edge tests' fixture. */
export function storedRating(domain: string, over: Partial<StoredRating> = {}): StoredRating {
  return {
    domain,
    rating: "Q",
    ratingInfo: "unverified",
    score: 80,
    confidence: "medium",
    reasons: [{ code: "address_found", weight: 2 }],
    ratedAt: "2026-11-01T10:00:00.000Z",
    expiresAt: "2099-01-01T00:00:00.000Z",
    ...over,
  };
}
