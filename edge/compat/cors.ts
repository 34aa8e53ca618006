/**
 * @module CORS for the rating APIs: any page may read a rating, never with credentials.
 *
 * SiteTruth's clients call from page scripts (research/rating.md §1.5), and bonafide's own extension calls
 * from its background; a rating is public, so `Access-Control-Allow-Origin: *` goes on every answer,
 * errors included, and a preflight (a POST with JSON) is answered without touching anything else.
 * `*` also means browsers refuse to send cookies along (Fetch standard, CORS protocol and credentials).
 */
import type { MiddlewareHandler } from "hono";

const PREFLIGHT_MAX_AGE_SECONDS = 86_400;

/** Stamped on every rating answer (also by the rating fast path, edge/rate/fast-path.ts). */
export const ALLOW = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "Retry-After, X-Bonafide-Source",
} as const;

/** Answers OPTIONS preflights with 204 and stamps the CORS headers on every other answer, errors included. */
export function corsForRatings(): MiddlewareHandler {
  return async function corsForRatings(c, next) {
    if (c.req.method === "OPTIONS") {
      return c.body(null, 204, {
        ...ALLOW,
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": c.req.header("access-control-request-headers") ?? "Content-Type, Accept",
        "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
        vary: "Access-Control-Request-Headers",
      });
    }
    await next();
    // After next(): c.res is the final answer, including one made by an onError handler.
    for (const [k, v] of Object.entries(ALLOW)) c.res.headers.set(k, v);
  };
}
