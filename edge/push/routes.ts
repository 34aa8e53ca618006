/**
 * @module `POST /_bonafide/internal/ratings`: the origin pushes finished ratings into KV, signed with HMAC.
 *
 * Refused: a missing secret (push disabled), a bad or stale signature, a nonce seen before (replay), a
 * malformed rating. A rating older than the one KV holds is skipped, so a delayed push cannot roll back.
 */
import { Hono } from "hono";
import { normalizeDomainInput } from "../../shared/domain.ts";
import { nonceKey, ratingKey, ratingKvExpiration } from "../../shared/kv-keys.ts";
import { isStoredRating, type StoredRating } from "../../shared/rating.ts";
import {
  MAX_CLOCK_SKEW_MS,
  NONCE_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyRequest,
} from "../../shared/signing.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { ApiError } from "../errors.ts";

export const PUSH_PATH = "/_bonafide/internal/ratings";
export const MAX_PUSH_RATINGS = 100;
const MAX_PUSH_BYTES = 2 * 1024 * 1024;

export const pushRoutes = new Hono<{ Bindings: EdgeBindings }>();

async function authenticate(c: { env: EdgeBindings; req: { header(n: string): string | undefined } }, body: string) {
  const secret = readEdgeConfig(c.env).pushSecret;
  if (!secret) throw new ApiError(403, "PUSH_DISABLED", "BONAFIDE_PUSH_SECRET is not configured on the edge");
  const signature = c.req.header(SIGNATURE_HEADER) ?? "";
  const timestamp = c.req.header(TIMESTAMP_HEADER) ?? "";
  const nonce = c.req.header(NONCE_HEADER) ?? "";
  const result = await verifyRequest(secret, { method: "POST", path: PUSH_PATH, timestamp, nonce, body }, signature);
  if (!result.ok) throw new ApiError(401, "BAD_SIGNATURE", `push refused: ${result.reason}`);
  const seen = await c.env.RATINGS.get(nonceKey(nonce));
  if (seen !== null) throw new ApiError(409, "REPLAYED", "push refused: this nonce was already used");
  await c.env.RATINGS.put(nonceKey(nonce), "1", { expirationTtl: Math.ceil((2 * MAX_CLOCK_SKEW_MS) / 1000) });
}

function parseRatings(body: string): StoredRating[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ApiError(400, "BAD_JSON", "the body is not valid JSON");
  }
  const ratings = (parsed as { ratings?: unknown })?.ratings;
  if (!Array.isArray(ratings) || ratings.length === 0 || ratings.length > MAX_PUSH_RATINGS) {
    throw new ApiError(400, "BAD_BODY", `"ratings" must be an array of 1 to ${MAX_PUSH_RATINGS} ratings`);
  }
  ratings.forEach((r, i) => {
    const normal = isStoredRating(r) ? normalizeDomainInput(r.domain) : null;
    if (!normal?.ok || normal.domain !== (r as StoredRating).domain) {
      throw new ApiError(400, "BAD_RATING", `ratings[${i}] is not a valid rating of a normalised domain`);
    }
  });
  return ratings as StoredRating[];
}

pushRoutes.post("/ratings", async (c) => {
  const body = await c.req.text();
  if (body.length > MAX_PUSH_BYTES) throw new ApiError(413, "BODY_TOO_LARGE", "push at most 2 MiB at once");
  await authenticate(c, body);
  const ratings = parseRatings(body);
  let stored = 0;
  const skipped: string[] = [];
  await Promise.all(
    ratings.map(async (rating) => {
      const current = await c.env.RATINGS.get<StoredRating>(ratingKey(rating.domain), "json");
      if (isStoredRating(current) && Date.parse(current.ratedAt) > Date.parse(rating.ratedAt)) {
        skipped.push(rating.domain);
        return;
      }
      await c.env.RATINGS.put(ratingKey(rating.domain), JSON.stringify(rating), {
        expiration: ratingKvExpiration(rating.expiresAt),
      });
      stored++;
    }),
  );
  return c.json({ stored, skipped });
});
