import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ratingKey } from "../../shared/kv-keys.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { signedHeaders, signRequest } from "../../shared/signing.ts";
import { callEdge, PUSH_SECRET } from "./helpers.ts";

const PATH = "/_bonafide/internal/ratings";

function rating(domain: string, ratedAt: string, letter: StoredRating["rating"] = "Q"): StoredRating {
  return {
    domain,
    rating: letter,
    ratingInfo: letter === "Q" ? "unverified" : "",
    score: 70,
    confidence: "medium",
    reasons: [],
    ratedAt,
    expiresAt: "2099-01-01T00:00:00.000Z",
  };
}

async function push(body: string, headers: Record<string, string>, overrides = {}): Promise<Response> {
  return callEdge(
    new Request(`https://edge.test${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
    overrides,
  );
}

async function signed(body: string, secret = PUSH_SECRET, now = Date.now()) {
  return signedHeaders(secret, { method: "POST", path: PATH, body }, now);
}

describe("the signed KV push", () => {
  it("stores ratings signed with the shared secret, readable through the rate API", async () => {
    const body = JSON.stringify({ ratings: [rating("pushed-shop.de", "2026-11-20T00:00:00.000Z")] });
    const res = await push(body, await signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 1, skipped: [] });
    expect(await env.RATINGS.get(ratingKey("pushed-shop.de"), "json")).toMatchObject({ rating: "Q" });
    const rate = await callEdge(new Request("https://edge.test/api/v1/rate?d=pushed-shop.de"), { DATABASE_URL: "" });
    expect(rate.headers.get("x-bonafide-source")).toBe("kv");
  });

  it("refuses a replay of the same signed request", async () => {
    const body = JSON.stringify({ ratings: [rating("replayed.de", "2026-11-20T00:00:00.000Z")] });
    const headers = await signed(body);
    expect((await push(body, headers)).status).toBe(200);
    const again = await push(body, headers);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("REPLAYED");
  });

  it("refuses a wrong secret, a tampered body, a stale timestamp and missing headers", async () => {
    const body = JSON.stringify({ ratings: [rating("tamper.de", "2026-11-20T00:00:00.000Z")] });
    expect((await push(body, await signed(body, "another-secret"))).status).toBe(401);
    const headers = await signed(body);
    const tampered = body.replace('"Q"', '"A"');
    expect((await push(tampered, headers)).status).toBe(401);
    expect((await push(body, await signed(body, PUSH_SECRET, Date.now() - 10 * 60_000))).status).toBe(401);
    expect((await push(body, {})).status).toBe(401);
    expect(await env.RATINGS.get(ratingKey("tamper.de"))).toBeNull();
  });

  it("is disabled without a configured secret", async () => {
    const body = JSON.stringify({ ratings: [rating("nosecret.de", "2026-11-20T00:00:00.000Z")] });
    expect((await push(body, await signed(body), { BONAFIDE_PUSH_SECRET: "" })).status).toBe(403);
  });

  it("refuses malformed ratings by index, and skips a rating older than the one stored", async () => {
    const bad = JSON.stringify({ ratings: [rating("ok.de", "2026-11-20T00:00:00.000Z"), { domain: "x" }] });
    const res = await push(bad, await signed(bad));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("ratings[1]");
    const notNormal = JSON.stringify({ ratings: [rating("WWW.Shop.DE", "2026-11-20T00:00:00.000Z")] });
    expect((await push(notNormal, await signed(notNormal))).status).toBe(400);

    const newer = JSON.stringify({ ratings: [rating("order.de", "2026-11-21T00:00:00.000Z", "A")] });
    expect((await push(newer, await signed(newer))).status).toBe(200);
    const older = JSON.stringify({ ratings: [rating("order.de", "2026-11-20T00:00:00.000Z", "X")] });
    expect(await (await push(older, await signed(older))).json()).toEqual({ stored: 0, skipped: ["order.de"] });
    expect(await env.RATINGS.get(ratingKey("order.de"), "json")).toMatchObject({ rating: "A" });
  });

  it("does not let a rating with the same ratedAt overwrite the stored one", async () => {
    const first = JSON.stringify({ ratings: [rating("same-time.de", "2026-11-21T00:00:00.000Z", "A")] });
    expect((await push(first, await signed(first))).status).toBe(200);
    const twin = JSON.stringify({ ratings: [rating("same-time.de", "2026-11-21T00:00:00.000Z", "X")] });
    expect(await (await push(twin, await signed(twin))).json()).toEqual({ stored: 0, skipped: ["same-time.de"] });
    expect(await env.RATINGS.get(ratingKey("same-time.de"), "json")).toMatchObject({ rating: "A" });
  });

  it("signs the method and path too", async () => {
    const body = "{}";
    const a = await signRequest("k", { method: "POST", path: PATH, timestamp: "1", nonce: "0".repeat(32), body });
    const b = await signRequest("k", { method: "POST", path: "/other", timestamp: "1", nonce: "0".repeat(32), body });
    expect(a).not.toBe(b);
  });
});
