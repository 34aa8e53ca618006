/**
 * @module `npx bonafide time-to-rating --edge URL DOMAIN` against the real edge on workerd (on a port of its
 * own, not 8787) with the real MariaDB behind it: the first ask queues the domain, the rating arrives through
 * the edge's signed push into KV (as a rater's does), and the command reports the time and the next answer's
 * source. Bad usage and an unreachable edge are clear errors.
 */
import { Client } from "@planetscale/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPusher } from "../../origin/rater/push.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { runCli } from "../support/cli.ts";
import { poll } from "../support/poll.ts";
import { freePort } from "../support/ports.ts";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../support/workerd-edge.ts";

const SECRET = "time-to-rating-push-secret-0123456789";
const DB_USER = `bft_edge_ttr_${Math.random().toString(36).slice(2, 10)}`;
const PSDB = `127.0.0.1:${process.env.BONAFIDE_TEST_PSDB_PORT}`;
const sql = new Client({ url: `http://${DB_USER}:setup@${PSDB}` }); // the test's own seeding and inspection

let edge: WorkerdEdge;

beforeAll(async () => {
  edge = await startWorkerdEdge(bundleEdge(), {
    BONAFIDE_PUSH_SECRET: SECRET,
    DATABASE_URL: `http://${DB_USER}:test@${PSDB}`,
  });
  await sql.execute("SELECT 1");
}, 120_000);

afterAll(async () => {
  await edge?.stop();
});

async function queued(domain: string): Promise<boolean> {
  const r = await sql.execute("SELECT 1 FROM job WHERE kind = 'rate' AND job_key = ?", [domain]);
  return r.rows.length > 0;
}

describe("npx bonafide time-to-rating", () => {
  it("times a domain from its first ask (queued) to its rating, and shows the next answer comes from KV", async () => {
    const domain = "ttr-hardware-shop.de";
    const running = runCli(["time-to-rating", "--edge", edge.url, "--give-up", "60", domain]);
    // Once the first ask has queued it, rate it the way a rater's result reaches the edge: the signed push.
    expect(await poll(() => queued(domain), Boolean, 30_000)).toBe(true);
    const now = Date.now();
    const rating: StoredRating = {
      domain,
      rating: "Q",
      ratingInfo: "unverified",
      score: 70,
      confidence: "medium",
      reasons: [],
      ratedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 86_400_000).toISOString(),
    };
    await createPusher(edge.url, SECRET).push([rating]);
    const { code, stdout, stderr } = await running;
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^${domain.replaceAll(".", "\\.")}: first answer from queued; Q after \\d+ ms \\(\\d+ asks\\); the next ask [\\d.]+ ms, from kv\\n$`,
      ),
    );
  });

  it("refuses bad usage with exit code 2 and says why an edge cannot be reached", async () => {
    const usage = await runCli(["time-to-rating"]);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toContain("--edge URL");
    const bad = await runCli(["time-to-rating", "--edge", edge.url, "127.0.0.1"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("IP address");
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const down = await runCli(["time-to-rating", "a-shop.de"], { BONAFIDE_EDGE_URL: nowhere });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot reach the edge at ${nowhere}`);
  });
});
