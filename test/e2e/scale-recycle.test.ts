import type { Server } from "node:http";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "../../origin/queue/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { poll } from "../support/poll.ts";
import { descendants, isAlive } from "../support/process-tree.ts";
import { spawnCli } from "../support/spawned.ts";
import { ratedEntries, raterEnv, startSlowSites } from "./scale-sites.ts";

// `npx bonafide rater` supervises its rater; after RATER_RECYCLE_AFTER ratings the rater asks to be
// replaced, a fresh one starts at once, and the old one drains: no lease may expire on the way.

const SITES = Array.from({ length: 15 }, (_, i) => `recycle-site-${i}.com`);
let t: TestDatabase;
let server: Server;

beforeAll(async () => {
  t = await createTestDatabase("recycle");
  server = await startSlowSites(150);
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.drop();
});

/** `npx bonafide rater ARGS`: the supervised raters under test. */
function superviseRaters(args: string[], env: NodeJS.ProcessEnv) {
  const run = spawnCli(["rater", ...args], env);
  return Object.assign(run, { cli: run.child });
}

/** Whether no job matching `where` is left in the queue. */
async function drained(where = "1 = 1"): Promise<boolean> {
  const [rows] = await t.db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM job WHERE ${where}`);
  return Number(rows[0]?.n) === 0;
}

describe("supervised raters", () => {
  it("recycle after N ratings without dropping a lease, and stop cleanly on SIGTERM", async () => {
    await enqueueJobs(
      t.db,
      "rate",
      SITES.map((key) => ({ key, clientKey: "01" })),
    );
    const run = superviseRaters(["--concurrency", "3", "--processes", "1"], {
      ...raterEnv(t.url, server, SITES),
      RATER_RECYCLE_AFTER: "5",
    });
    const { cli } = run;
    await run.waitFor("drained queue", () => drained(), { everyMs: 100 });
    const tree = descendants(cli.pid ?? 0);
    cli.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const output = run.output;
    const alive = await poll(
      async () => tree.filter(isAlive),
      (left) => left.length === 0,
      10_000,
    );
    expect(alive).toEqual([]);

    expect(output).toMatch(/is recycling \(recycle after \d+ ratings\); starting its replacement/);
    const rated = ratedEntries(output);
    expect(rated.map((r) => r.domain).sort()).toEqual([...SITES].sort());
    // Every rating on its first attempt: no lease ran out while a process recycled.
    expect(rated.every((r) => r.attempt === 1)).toBe(true);
    expect(new Set(rated.map((r) => r.owner)).size).toBeGreaterThanOrEqual(2);
    const [ratings] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM rating");
    expect(Number(ratings[0]?.n)).toBe(SITES.length);
  }, 90_000);
  it("restart a rater killed from outside, record its death, and rate its jobs after the lease", async () => {
    const sites = Array.from({ length: 12 }, (_, i) => `restart-site-${i}.com`);
    await enqueueJobs(
      t.db,
      "rate",
      sites.map((key) => ({ key, clientKey: "02" })),
    );
    const run = superviseRaters(["--processes", "2"], raterEnv(t.url, server, sites));
    const { cli, waitFor } = run;
    let victim = 0;
    await waitFor("rater holding leases", async () => {
      const [rows] = await t.db.query<RowDataPacket[]>(
        "SELECT lease_owner FROM job WHERE state = 1 AND lease_owner IS NOT NULL LIMIT 1",
      );
      victim = Number(String(rows[0]?.lease_owner ?? "").split(":")[1] ?? 0);
      return victim > 0;
    });
    process.kill(victim, "SIGKILL");
    await waitFor("drained queue", () => drained());
    await waitFor("recorded death", async () => {
      const [rows] = await t.db.query<RowDataPacket[]>(
        "SELECT context FROM error_log WHERE code = 'PROCESS_DIED' AND process = 'rater-supervisor'",
      );
      return rows.some((r) => JSON.parse(String(r.context)).pid === victim);
    });
    cli.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const output = run.output;
    expect(output).toMatch(new RegExp(`pid ${victim}\\) exited \\(SIGKILL\\); restarting`));
    const [ratings] = await t.db.query<RowDataPacket[]>("SELECT domain FROM rating WHERE domain LIKE 'restart-%'");
    expect(ratings).toHaveLength(sites.length);
    const rated = ratedEntries(output).filter((r) => r.domain.startsWith("restart-"));
    expect(rated.map((r) => r.domain).sort()).toEqual([...sites].sort());
  }, 90_000);
  it("recycle above an RSS bound the same way, rating every job once on its first attempt", async () => {
    const sites = Array.from({ length: 6 }, (_, i) => `rss-site-${i}.com`);
    await enqueueJobs(
      t.db,
      "rate",
      sites.map((key) => ({ key, clientKey: "03" })),
    );
    const run = superviseRaters(["--concurrency", "2"], {
      ...raterEnv(t.url, server, sites),
      RATER_RECYCLE_AFTER: "0",
      RATER_MAX_RSS_MB: "1",
    });
    await run.waitFor("drained queue", () => drained("job_key LIKE 'rss-%'"), { everyMs: 100 });
    run.cli.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const output = run.output;
    expect(output).toMatch(/is recycling \(recycle at \d+ MiB RSS\)/);
    const rated = ratedEntries(output).filter((r) => r.domain.startsWith("rss-"));
    expect(rated.map((r) => r.domain).sort()).toEqual([...sites].sort());
    expect(rated.every((r) => r.attempt === 1)).toBe(true);
  }, 90_000);
});
