/**
 * @module The rating model both sides share: letters, reason codes, the stored rating and the API item.
 *
 * Letters and `ratingInfo` strings keep SiteTruth's meaning so its clients keep working
 * (research/rating.md §1.3): A verified, Q identified not verified, X no identity or negative information,
 * U not rated, W being rated.
 */

export type Letter = "A" | "Q" | "X" | "U" | "W";

/** Each letter in a few words, as people read it beside the letter. */
export const LETTER_WORDS: Readonly<Record<Letter, string>> = {
  A: "verified",
  Q: "identified",
  X: "no identity or negative information",
  U: "not ratable",
  W: "being rated",
};

/** Each letter in a sentence: what it tells a person about to buy from the site. */
export const LETTER_MEANINGS: Readonly<Record<Letter, string>> = {
  A: "The business behind this site is identified and a third party confirms who it is.",
  Q: "The site says which business runs it, but no third party has confirmed it yet.",
  X: "The site sells without saying who runs it, or there is negative information about it.",
  U: "The site could not be rated: it could not be read, may not be read, or is not a business site.",
  W: "The site is being rated now.",
};

export const RATING_INFOS = [
  "",
  "error",
  "no_domain",
  "no_website",
  "blocked",
  "no_location",
  "negative_info",
  "non_commercial",
  "unverified",
  "bad_url",
  "timeout",
] as const;
export type RatingInfo = (typeof RATING_INFOS)[number];

export type Confidence = "low" | "medium" | "high";

/** One piece of evidence that moved the score, with where it was found. */
export interface Reason {
  code: string;
  weight: number;
  detail?: string;
  source?: string;
  /** The public record behind it (a register's page): https only, at most MAX_REASON_LINK characters. */
  link?: string;
}

export const MAX_REASON_LINK = 500;

/** Whether `value` may be a reason's link: an absolute https URL of bounded length (never javascript: or data:). */
export function isReasonLink(value: unknown): value is string {
  if (typeof value !== "string" || value.length > MAX_REASON_LINK || !value.startsWith("https://")) return false;
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

function reasonLinksValid(reasons: unknown[]): boolean {
  return reasons.every((r) => {
    const link = typeof r === "object" && r !== null ? (r as Record<string, unknown>).link : undefined;
    return link === undefined || isReasonLink(link);
  });
}

/** Who the site says it is, when it says so. */
export interface Business {
  legalName?: string;
  locality?: string;
  region?: string;
  countryCode?: string;
  registrationNumber?: string;
}

/** A finished rating as stored in MySQL and in KV. */
export interface StoredRating {
  domain: string;
  rating: Exclude<Letter, "W">;
  ratingInfo: RatingInfo;
  score: number;
  confidence: Confidence;
  reasons: Reason[];
  business?: Business;
  ratedAt: string;
  expiresAt: string;
}

/** Where an answer came from, for the `x-bonafide-source` header. */
export type ItemSource = "kv" | "db" | "queued" | "deferred" | "invalid" | "unavailable";

/** One item of a rate answer, in the order asked. */
export interface RateItem {
  /** What the client sent, verbatim (SiteTruth clients match answers by it). */
  input: string;
  domain: string;
  status: 200 | 202 | 400 | 429 | 503;
  rating: Letter;
  ratingInfo: RatingInfo;
  score: number | null;
  confidence: Confidence | null;
  reasons: Reason[];
  business?: Business;
  ratedAt: string | null;
  expiresAt: string | null;
  retryAfter: number | null;
  /** true when the rating is past `expiresAt` and a fresh one is on its way. */
  stale?: boolean;
}

/** The API item for a stored rating. */
export function itemFromRating(input: string, rating: StoredRating, now: Date): RateItem {
  const stale = Date.parse(rating.expiresAt) <= now.getTime();
  const item: RateItem = {
    input,
    domain: rating.domain,
    status: 200,
    rating: rating.rating,
    ratingInfo: rating.ratingInfo,
    score: rating.score,
    confidence: rating.confidence,
    reasons: rating.reasons,
    ratedAt: rating.ratedAt,
    expiresAt: rating.expiresAt,
    retryAfter: null,
  };
  if (rating.business) item.business = rating.business;
  if (stale) item.stale = true;
  return item;
}

/** The API item for a domain that is queued for rating. */
export function pendingItem(input: string, domain: string, retryAfter: number): RateItem {
  return {
    input,
    domain,
    status: 202,
    rating: "W",
    ratingInfo: "",
    score: null,
    confidence: null,
    reasons: [],
    ratedAt: null,
    expiresAt: null,
    retryAfter,
  };
}

/** The API item for input that cannot be rated (IP literal, special-use name, malformed URL). */
export function invalidItem(input: string, ratingInfo: "bad_url" | "no_domain", message: string): RateItem {
  return {
    input,
    domain: input,
    status: 400,
    rating: "U",
    ratingInfo,
    score: null,
    confidence: null,
    reasons: [{ code: ratingInfo, weight: 0, detail: message }],
    ratedAt: null,
    expiresAt: null,
    retryAfter: null,
  };
}

/** The API item when neither KV nor the database could answer for this domain. */
export function unavailableItem(input: string, domain: string, retryAfter: number): RateItem {
  return { ...pendingItem(input, domain, retryAfter), status: 503, rating: "W", ratingInfo: "error" };
}

/**
 * The API item for a new domain the client may not queue yet (past its share of the raters' capacity):
 * not queued, so not W's "being rated" in bonafide's own shape but 429; ask again after `retryAfter`.
 */
export function deferredItem(input: string, domain: string, retryAfter: number): RateItem {
  return { ...pendingItem(input, domain, retryAfter), status: 429, rating: "W", ratingInfo: "error" };
}

/** Whether a value read from KV or the wire is a well-formed stored rating. */
export function isStoredRating(value: unknown): value is StoredRating {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.domain === "string" &&
    typeof r.rating === "string" &&
    ["A", "Q", "X", "U"].includes(r.rating) &&
    typeof r.ratingInfo === "string" &&
    (RATING_INFOS as readonly string[]).includes(r.ratingInfo) &&
    typeof r.score === "number" &&
    Array.isArray(r.reasons) &&
    reasonLinksValid(r.reasons) &&
    typeof r.ratedAt === "string" &&
    typeof r.expiresAt === "string" &&
    !Number.isNaN(Date.parse(r.ratedAt)) &&
    !Number.isNaN(Date.parse(r.expiresAt))
  );
}
