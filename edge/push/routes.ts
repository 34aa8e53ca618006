/**
 * @module `POST /_bonafide/internal/ratings`: the origin pushes finished ratings into KV, signed with HMAC.
 *
 * Refused: a missing secret (push disabled), a bad or stale signature, a nonce seen before (replay), a
 * malformed rating; an unsigned, stale or oversized one before its body is read. A rating not newer than
 * the one KV holds is skipped, so a delayed push cannot roll back and an equal one cannot overwrite. A stored
 * rating also replaces this isolate's hot copy (edge/rate/hot-ratings.ts).
 */
import { Hono } from "hono";
import { normalizeDomainInput } from "../../shared/domain.ts";
import { ratingKey, ratingKvExpiration } from "../../shared/kv-keys.ts";
import { isStoredRating, type StoredRating } from "../../shared/rating.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError, kvCall } from "../errors.ts";
import { keepHot } from "../rate/hot-ratings.ts";
import { readBodyText } from "../read-body.ts";
import { authenticateSigned, precheckSigned } from "./signed.ts";

export const PUSH_PATH = "/_bonafide/internal/ratings";
export const MAX_PUSH_RATINGS = 100;
const MAX_PUSH_BYTES = 2 * 1024 * 1024;

export const pushRoutes = new Hono<{ Bindings: EdgeBindings }>();

function parseRatings(body: string): StoredRating[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new EdgeError("BAD_JSON", "the body is not valid JSON");
  }
  const ratings = (parsed as { ratings?: unknown })?.ratings;
  if (!Array.isArray(ratings) || ratings.length === 0 || ratings.length > MAX_PUSH_RATINGS) {
    throw new EdgeError("BAD_BODY", `"ratings" must be an array of 1 to ${MAX_PUSH_RATINGS} ratings`);
  }
  ratings.forEach((r, i) => {
    const normal = isStoredRating(r) ? normalizeDomainInput(r.domain) : null;
    if (!normal?.ok || normal.domain !== (r as StoredRating).domain) {
      throw new EdgeError("BAD_RATING", `ratings[${i}] is not a valid rating of a normalised domain`);
    }
  });
  return ratings as StoredRating[];
}

pushRoutes.post("/ratings", async (c) => {
  const signed = precheckSigned(c);
  const body = await readBodyText(c.req.raw, MAX_PUSH_BYTES, "a push");
  await authenticateSigned(c.env, signed, PUSH_PATH, body);
  const ratings = parseRatings(body);
  const hotTtlMs = readEdgeConfig(c.env).hotTtlMs;
  let stored = 0;
  const skipped: string[] = [];
  await Promise.all(
    ratings.map(async (rating) => {
      const current = await c.env.RATINGS.get<StoredRating>(ratingKey(rating.domain), "json");
      // Equal is not newer: a repeated push (the outbox re-sends) must not overwrite what KV holds.
      if (isStoredRating(current) && Date.parse(current.ratedAt) >= Date.parse(rating.ratedAt)) {
        skipped.push(rating.domain);
        return;
      }
      const text = JSON.stringify(rating);
      await kvCall(
        c.env.RATINGS.put(ratingKey(rating.domain), text, { expiration: ratingKvExpiration(rating.expiresAt) }),
      );
      // This isolate answers the new rating at once (a held older one is replaced); others within their hot TTL.
      keepHot(rating, Date.now(), hotTtlMs, text);
      stored++;
    }),
  );
  return c.json({ stored, skipped });
});
