/**
 * @module What the extension knows about a domain: the view of one API item, read defensively from the
 * wire, and the cache rules (finished ratings only, kept until the server's `expiresAt`).
 */

export type Letter = "A" | "Q" | "X" | "U" | "W";

export interface RatingView {
  domain: string;
  rating: Letter;
  ratingInfo: string;
  /** 200 final, 202 being rated (ask again), 503 server could not answer (ask again). */
  status: number;
  reasons: { code: string; detail?: string }[];
  business?: { legalName?: string; locality?: string; region?: string; countryCode?: string };
  expiresAt: string | null;
  retryAfter: number | null;
}

const LETTERS = new Set(["A", "Q", "X", "U", "W"]);

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value.slice(0, 300) : undefined;
}

/** One item of `POST /api/v1/rate` as the extension uses it; null when the item is not well formed. */
export function readRatingItem(value: unknown): RatingView | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.domain !== "string" || typeof v.rating !== "string" || !LETTERS.has(v.rating)) return null;
  const reasons = Array.isArray(v.reasons)
    ? v.reasons.flatMap((r) => {
        if (typeof r !== "object" || r === null) return [];
        const code = text((r as Record<string, unknown>).code);
        const detail = text((r as Record<string, unknown>).detail);
        return code ? [detail ? { code, detail } : { code }] : [];
      })
    : [];
  const view: RatingView = {
    domain: v.domain,
    rating: v.rating as Letter,
    ratingInfo: typeof v.ratingInfo === "string" ? v.ratingInfo : "",
    status: typeof v.status === "number" ? v.status : 200,
    reasons: reasons.slice(0, 20),
    expiresAt: typeof v.expiresAt === "string" && !Number.isNaN(Date.parse(v.expiresAt)) ? v.expiresAt : null,
    retryAfter: typeof v.retryAfter === "number" && v.retryAfter > 0 ? v.retryAfter : null,
  };
  if (typeof v.business === "object" && v.business !== null) {
    const b = v.business as Record<string, unknown>;
    view.business = {
      legalName: text(b.legalName),
      locality: text(b.locality),
      region: text(b.region),
      countryCode: text(b.countryCode),
    };
  }
  return view;
}

/** Whether the answer is final (paint and cache) rather than "ask again". */
export function isFinal(view: RatingView): boolean {
  return view.rating !== "W" && view.status !== 202 && view.status !== 503;
}

/** The storage key of a cached rating: `R-<domain>`, as Ad Limiter named them. */
export const CACHE_PREFIX = "R-";
export function cacheKey(domain: string): string {
  return `${CACHE_PREFIX}${domain}`;
}

/** Whether a cached view may still be used at `nowMs`; only final ratings with an `expiresAt` are cached. */
export function isCacheFresh(view: RatingView | undefined, nowMs: number): view is RatingView {
  return view !== undefined && isFinal(view) && view.expiresAt !== null && Date.parse(view.expiresAt) > nowMs;
}

/** Whether a view should be written to the cache at all. */
export function isCacheable(view: RatingView, nowMs: number): boolean {
  return isCacheFresh(view, nowMs);
}

/** The cache keys among `entries` that have expired (or are not ratings), to remove. */
export function expiredCacheKeys(entries: Record<string, unknown>, nowMs: number): string[] {
  return Object.entries(entries)
    .filter(([key, value]) => key.startsWith(CACHE_PREFIX) && !isCacheFresh(readRatingItem(value) ?? undefined, nowMs))
    .map(([key]) => key);
}

/** The view painted before the first answer arrives. */
export function waitingView(domain: string): RatingView {
  return { domain, rating: "W", ratingInfo: "", status: 202, reasons: [], expiresAt: null, retryAfter: null };
}

/** The view of a domain the edge could not answer for now (network, 429, 5xx): W, to ask again. */
export function unavailableView(domain: string, retryAfter: number | null): RatingView {
  return { ...waitingView(domain), status: 503, ratingInfo: "error", retryAfter };
}

/** The view shown when a W never turned into a rating within 2 minutes (SiteTruth's client did the same). */
export function timedOutView(domain: string): RatingView {
  return { domain, rating: "U", ratingInfo: "timeout", status: 200, reasons: [], expiresAt: null, retryAfter: null };
}

/** The view shown when the edge could not be asked (network, 4xx/5xx). */
export function errorView(domain: string, message: string): RatingView {
  return {
    domain,
    rating: "U",
    ratingInfo: "error",
    status: 200,
    reasons: [{ code: "error", detail: message }],
    expiresAt: null,
    retryAfter: null,
  };
}

/** Human words for a letter (SiteTruth's alt texts, research/rating.md §1.3). */
export const LETTER_TEXT: Record<Letter, string> = {
  A: "Business identity found and corroborated.",
  Q: "Business identity stated, not corroborated.",
  X: "No findable business identity, or negative information.",
  U: "Not rated.",
  W: "Being rated…",
};
