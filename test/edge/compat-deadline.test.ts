import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DeadlineError, withDeadline } from "../../edge/rate/deadline.ts";
import { resolveRatings } from "../../edge/rate/resolve.ts";
import type { RatingStore } from "../../edge/rate/store.ts";
import { encodeSiteTruthJson } from "../../shared/protocol.ts";

// SiteTruth's clients expect an answer within seconds, never a wait on a rating or a stuck database: a
// database that does not answer within the deadline is treated as down for this request.

describe("the database deadline", () => {
  it("gives up on a statement that does not answer, and lets a prompt one through", async () => {
    await expect(withDeadline(new Promise(() => undefined), 20)).rejects.toBeInstanceOf(DeadlineError);
    await expect(withDeadline(Promise.resolve("ok"), 1_000)).resolves.toBe("ok");
  });

  it("answers at once when the database hangs: unavailable, U / error / 503 in SiteTruth's form (not queued, so not W)", async () => {
    const logged: Record<string, unknown>[] = [];
    const hanging: RatingStore = {
      readRatings: () => new Promise(() => undefined),
      enqueue: () => new Promise(() => undefined),
      readClientBudget: () => new Promise(() => undefined),
    };
    const { items, sources } = await resolveRatings(
      {
        kv: env.RATINGS,
        store: hanging,
        now: new Date(),
        retryAfterSeconds: 5,
        waitUntil: () => undefined,
        log: (e) => logged.push(e),
        deadlineMs: 30,
      },
      ["www.hanging-db-shop.com"],
      "00",
      10,
    );
    expect(sources).toEqual(["unavailable"]);
    expect(JSON.parse(encodeSiteTruthJson(items))).toEqual([
      { domain: "www.hanging-db-shop.com", rating: "U", ratinginfo: "error", status: "503" },
    ]);
    expect(logged.some((e) => String(e.error).includes("did not answer"))).toBe(true);
  });
});
