import { describe, expect, it } from "vitest";
import { createBucketTable, takeTokens } from "../../edge/compat/overload.ts";
import { DEAD_DATABASE_URL, get } from "./helpers.ts";

// Overload: a token bucket per client and isolate, counted in domains; past it, 429 with Retry-After.

describe("the token bucket", () => {
  it("lets a burst through, then refuses with the seconds until enough tokens return", () => {
    const bucket = { tokens: 3, updatedMs: 0 };
    const limits = { burst: 3, perMinute: 6 };
    expect(takeTokens(bucket, limits, 2, 0)).toEqual({ ok: true });
    expect(takeTokens(bucket, limits, 2, 0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    // 10 s later one token came back (6 per minute): now two are there
    expect(takeTokens(bucket, limits, 2, 10_000)).toEqual({ ok: true });
    // never more than the burst, however long the client was away
    takeTokens(bucket, limits, 0, 10_000_000);
    expect(bucket.tokens).toBe(3);
  });

  it("charges a request larger than the burst the whole bucket rather than refusing it forever", () => {
    const bucket = { tokens: 3, updatedMs: 0 };
    expect(takeTokens(bucket, { burst: 3, perMinute: 6 }, 50, 0)).toEqual({ ok: true });
    expect(bucket.tokens).toBe(0);
  });

  it("remembers a bounded number of clients, forgetting the least recently seen", () => {
    const table = createBucketTable(2);
    const limits = { burst: 1, perMinute: 1 };
    expect(table.take("a", limits, 1, 0).ok).toBe(true);
    expect(table.take("b", limits, 1, 0).ok).toBe(true);
    expect(table.take("a", limits, 1, 0).ok).toBe(false); // a is now the most recent
    expect(table.take("c", limits, 1, 0).ok).toBe(true); // b is forgotten
    expect(table.size).toBe(2);
    expect(table.take("a", limits, 1, 0).ok).toBe(false);
  });
});

describe("429 at the edge", () => {
  const bindings = { DATABASE_URL: DEAD_DATABASE_URL, CLIENT_BURST_ITEMS: "4", CLIENT_ITEMS_PER_MINUTE: "1" };
  const from = (ip: string): RequestInit => ({ headers: { "cf-connecting-ip": ip } });

  it("refuses a client that asked for too many domains, with Retry-After and CORS, on both paths", async () => {
    const ok = await get(
      "/fcgi/rateapiv3.fcgi?url=a1.com&url=a2.com&url=a3.com&key=guest",
      from("203.0.113.91"),
      bindings,
    );
    expect(ok.status).toBe(200);
    const over = await get("/fcgi/rateapiv3.fcgi?url=a4.com&url=a5.com&key=guest", from("203.0.113.91"), bindings);
    expect(over.status).toBe(429);
    expect(over.headers.get("x-bonafide-error")).toBe("OVERLOAD");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(over.headers.get("access-control-allow-origin")).toBe("*");
    const v1 = await get("/api/v1/rate?d=a6.com&d=a7.com", from("203.0.113.91"), bindings);
    expect(v1.status).toBe(429);
    expect(((await v1.json()) as { error: { code: string } }).error.code).toBe("OVERLOAD");
    expect(v1.headers.get("retry-after")).not.toBeNull();
  });

  it("keeps other clients unaffected", async () => {
    for (let i = 0; i < 2; i++) {
      await get("/fcgi/rateapiv3.fcgi?url=b1.com&url=b2.com&url=b3.com&key=guest", from("203.0.113.92"), bindings);
    }
    const other = await get("/fcgi/rateapiv3.fcgi?url=b1.com&key=guest", from("203.0.113.93"), bindings);
    expect(other.status).toBe(200);
  });
});
