import type { Server } from "node:http";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "../../origin/queue/index.ts";
import { ratedEntries, raterEnv, startSlowSites } from "../e2e/scale-sites.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { freePort } from "../support/ports.ts";
import { descendants, isAlive } from "../support/process-tree.ts";
import { type Spawned, spawnCli, spawnNode } from "../support/spawned.ts";

// origin/process/runner.ts and supervisor.ts through the real entry points, as real processes against
// this file's own database: how they start (bad settings, a database that does not answer), recycle with
// no supervisor of their own, stop on two signals, and restart dead children slot by slot.

let t: TestDatabase;
let slow: Server;
const spawned: Spawned[] = [];

beforeAll(async () => {
  t = await createTestDatabase("runner");
  slow = await startSlowSites(150);
});
afterAll(async () => {
  for (const run of spawned) for (const pid of [run.child.pid ?? 0, ...descendants(run.child.pid ?? 0)]) kill(pid);
  await new Promise((r) => slow?.close(r));
  await t?.drop();
});

function kill(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function track(run: Spawned): Spawned {
  spawned.push(run);
  return run;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [rows] = await t.db.query<RowDataPacket[]>(sql, params);
  return Number(rows[0]?.n);
}

/** The pids a supervisor reported starting, in order (`rater-2 started (pid 123)`). */
function started(output: string): number[] {
  return [...output.matchAll(/started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
}

describe("a bad setting", () => {
  it.each([
    ["node origin/rater/main.ts", ["origin/rater/main.ts"]],
    ["node demo/job-board/main.ts", ["demo/job-board/main.ts"]],
    ["npx bonafide rater", ["bin/bonafide.mjs", "rater"]],
  ])("%s: a malformed DATABASE_URL is one line naming it, exit 2", async (_name, args) => {
    const run = track(spawnNode(args, { ...process.env, DATABASE_URL: "mysql://root@127.0.0.1:port/db" }));
    expect(await run.exited).toBe(2);
    expect(run.output.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^\[bonafide \w+\] bad setting: DATABASE_URL is not a URL/);
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it("node origin/rater/main.ts: a bad crawl setting is one line naming it, exit 2", async () => {
    const run = track(spawnNode(["origin/rater/main.ts"], { ...process.env, RATER_CRAWL_CONCURRENCY: "0" }));
    expect(await run.exited).toBe(2);
    expect(run.output.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^\[bonafide \w+\] bad setting: RATER_CRAWL_CONCURRENCY must be an integer >= 1/);
  });

  it("npx bonafide check-site: a bad crawl setting is one line saying so and naming it", async () => {
    const run = track(spawnCli(["check-site", "example.com"], { ...process.env, RATER_PAGE_MAX_BYTES: "1k" }));
    expect(await run.exited).toBe(1); // a command's failure; test/origin/redact.test.ts holds the CLI to 1
    expect(run.output.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^bonafide check-site: bad setting: RATER_PAGE_MAX_BYTES must be an integer >= 1024/);
  });
});

describe("a database that does not answer", () => {
  it("gets one plain line per try, spaced by a growing back-off, no crash loop, and a clean stop", async () => {
    const closed = await freePort(); // nothing listens there
    const run = track(
      spawnCli(["rater"], { ...process.env, DATABASE_URL: `mysql://root@127.0.0.1:${closed}/nowhere` }),
    );
    const tries = () => [
      ...run.stderr.matchAll(/does not answer \(.*ECONNREFUSED.*\); try (\d+), next in ([\d.]+) s/g),
    ];
    await run.waitFor("three tries", () => tries().length >= 3, { timeoutMs: 25_000 });
    expect(
      tries()
        .slice(0, 3)
        .map((m) => Number(m[2])),
    ).toEqual([0.5, 1, 2]);
    expect(run.stderr).toContain(`the database at 127.0.0.1:${closed}/nowhere does not answer`);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    // One rater process the whole time (waiting, not crashing and restarting), no stack trace, no JSON dump.
    expect(started(run.output)).toHaveLength(1);
    expect(run.output).not.toMatch(/\n\s+at |fatal|unsettled top-level await/);
    expect(run.stderr).not.toContain("{");
  });
});

describe("a bare node origin/rater/main.ts", () => {
  it("recycles and keeps rating (it supervises one copy of itself), and its child stops when it is SIGKILLed", async () => {
    const sites = Array.from({ length: 9 }, (_, i) => `bare-site-${i}.com`);
    await enqueueJobs(
      t.db,
      "rate",
      sites.map((key) => ({ key, clientKey: "bare" })),
    );
    const run = track(
      spawnNode(["origin/rater/main.ts"], { ...raterEnv(t.url, slow, sites), RATER_RECYCLE_AFTER: "3" }),
    );
    // Both the queue and the output: a rating's log line comes through the supervisor's pipe after its job
    // row is gone, so waiting on the rows alone could read the output one line short (seen under load).
    await run.waitFor(
      "every site rated",
      async () =>
        (await count("SELECT COUNT(*) AS n FROM job WHERE job_key LIKE 'bare-%'")) === 0 &&
        ratedEntries(run.output).length >= sites.length,
    );
    expect(run.output).toMatch(
      /rater-1 \(pid \d+\) is recycling \(recycle after \d+ ratings\); starting its replacement/,
    );
    const rated = ratedEntries(run.output);
    expect(rated.map((r) => r.domain).sort()).toEqual([...sites].sort());
    expect(rated.every((r) => r.attempt === 1)).toBe(true); // no lease ran out on the way
    expect(new Set(rated.map((r) => r.owner)).size).toBeGreaterThanOrEqual(2);

    // Its supervisor dies without a word: the IPC channel closes and the rater drains and exits.
    const children = descendants(run.child.pid ?? 0);
    expect(children.length).toBeGreaterThanOrEqual(1);
    run.child.kill("SIGKILL");
    await run.waitFor("the children to exit", () => children.every((pid) => !isAlive(pid)), {
      evenAfterExit: true,
      timeoutMs: 20_000,
    });
    await run.waitFor(
      "the registry rows to go",
      async () => (await count("SELECT COUNT(*) AS n FROM origin_process")) === 0,
      {
        evenAfterExit: true,
        timeoutMs: 5_000,
      },
    );
  });
});

describe("a rater that crashes at start", () => {
  it.each([
    ["npx bonafide rater", ["bin/bonafide.mjs", "rater"]],
    ["node origin/rater/main.ts", ["origin/rater/main.ts"]],
  ])(
    "%s: restarted with a growing back-off, then given up on with a clear line and exit 1",
    async (_name, args) => {
      // A real crash at start: the trusted CA file is read when the work starts, after the database is ready,
      // and a missing one throws (exit 1, which a supervisor restarts, unlike a bad setting's 2).
      const run = track(
        spawnNode(args, { ...process.env, DATABASE_URL: t.url, BONAFIDE_TRUST_CA_FILE: "/nonexistent/ca.pem" }),
      );
      expect(await run.exited).toBe(1);
      expect(run.stderr).toMatch(/could not start: .*ENOENT.*\/nonexistent\/ca\.pem/);
      const pids = started(run.output);
      expect(pids).toHaveLength(5);
      const delays = [...run.output.matchAll(/exited \(code 1\); restarting in (\d+) ms/g)].map((m) => Number(m[1]));
      expect(delays).toEqual([500, 1000, 2000, 4000]);
      expect(run.stderr).toContain("rater-1 died 5 times in a row, each within 60 s of its start");
      expect(run.stderr).toMatch(/stopped: rater-1 died 5 times/);
      expect(pids.filter(isAlive)).toEqual([]);
    },
    60_000,
  );
});

describe("npx bonafide rater", () => {
  it("stops on two SIGINTs in a row with no child left and no job still leased", async () => {
    const sites = Array.from({ length: 8 }, (_, i) => `sigint-site-${i}.com`);
    await enqueueJobs(
      t.db,
      "rate",
      sites.map((key) => ({ key, clientKey: "sigint" })),
    );
    // Pages answer after 3 s: ratings are in flight when the signals come.
    const slower = await startSlowSites(3_000);
    try {
      const run = track(
        spawnCli(["rater", "--processes", "2"], { ...raterEnv(t.url, slower, sites), RATER_LEASE_MS: "60000" }),
      );
      const leased = () => count("SELECT COUNT(*) AS n FROM job WHERE state = 1 AND job_key LIKE 'sigint-%'");
      await run.waitFor("ratings in flight", async () => (await leased()) >= 4);
      const tree = descendants(run.child.pid ?? 0);
      run.child.kill("SIGINT");
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(0);
      expect(tree.filter(isAlive)).toEqual([]);
      // Forced, the raters gave their jobs back (not left to a 60 s lease) and removed their rows.
      // On failure, the processes' last lines say why (a release that did not finish in time says so).
      expect(await leased(), run.output.slice(-3000)).toBe(0);
      expect(await count("SELECT COUNT(*) AS n FROM origin_process"), run.output.slice(-3000)).toBe(0);
    } finally {
      await new Promise((r) => slower.close(r));
    }
  });

  it("keeps a crash count per slot: one slot killed again and again does not delay the other's restart", async () => {
    const run = track(spawnCli(["rater", "--processes", "2"], { ...process.env, DATABASE_URL: t.url }));
    await run.waitFor("two raters", () => started(run.output).length === 2);
    const [first, other] = started(run.output) as [number, number];
    const restartDelay = (pid: number) =>
      Number(run.output.match(new RegExp(`\\(pid ${pid}\\) exited \\(SIGKILL\\); restarting in (\\d+) ms`))?.[1]);
    // The first slot dies young three times in a row: 500, 1000, 2000 ms.
    let victim = first;
    for (let kills = 1; kills <= 3; kills++) {
      kill(victim);
      await run.waitFor(`restart ${kills}`, () => started(run.output).length === 2 + kills);
      expect(restartDelay(victim)).toBe(500 * 2 ** (kills - 1));
      victim = started(run.output).at(-1) ?? 0;
    }
    // The other slot's first young death waits 500 ms, not 4000 ms.
    kill(other);
    await run.waitFor("the other slot's restart", () => started(run.output).length === 6);
    expect(restartDelay(other)).toBe(500);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });
});
