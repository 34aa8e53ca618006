/**
 * @module Fault suite: the database restarted, then stopped for a while, under traffic, with rater
 * processes draining the queue on a private MariaDB. Nothing acknowledged may be lost: every asked-for
 * domain ends rated, or dead with its U/error rating; asks made while the database is down are refused
 * (so the edge answers what is true), never silently dropped. Prints one line of figures per scenario and
 * the table row counts at the end. Short form in `npm test`; `npm run faults` runs the long form.
 */
import { execFileSync } from "node:child_process";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../origin/db/pool.ts";
import { type StatusServer, startStatusServer } from "../../origin/status/server.ts";
import { type FaultStack, figure, startFaultStack } from "./fault-stack.ts";

const JOBS = figure("FAULT_JOBS", 80, 1200);
const OUTAGE_MS = figure("FAULT_OUTAGE_MS", 5_000, 60_000);
const RATERS = figure("FAULT_RATERS", 2, 3);
const DRAIN_MS = 120_000 + JOBS * 400;

/** `JOBS` domains for one scenario; one in twenty always fails (503) and must end dead with a rating. */
function domainsFor(scenario: string): string[] {
  return Array.from({ length: JOBS }, (_, i) => `${i % 20 === 7 ? "busy" : "site"}-${scenario}-${i}.com`);
}
const SCENARIOS = ["restart", "outage", "kill"] as const;

let stack: FaultStack;
let statusDb: Db;
let status: StatusServer;

async function count(sql: string): Promise<number> {
  const [rows] = await stack.database.db.query<RowDataPacket[]>(sql);
  return Number(rows[0]?.n);
}

/**
 * Asks for `domains` a few at a time whenever fewer than a claim's worth are waiting, so jobs flow through
 * the whole scenario, faults included. A refused ask (the database is down) is asked again after a pause,
 * as a client told 503 does; the call ends when every domain was acknowledged.
 */
async function traffic(domains: readonly string[]): Promise<void> {
  const waiting = "SELECT COUNT(*) AS n FROM job WHERE state IN (0, 2, 3)";
  for (let i = 0; i < domains.length; ) {
    const queued = await count(waiting).catch(() => 0);
    if (queued >= 4 * RATERS) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (await stack.ask(domains.slice(i, i + 4))) i += 4;
    else await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs traffic for `scenario`, applies `fault` once a third is rated, and returns the recovery time. */
async function underTraffic(scenario: string, fault: () => Promise<void>): Promise<Record<string, number | string>> {
  const domains = domainsFor(scenario);
  const rated = `SELECT COUNT(*) AS n FROM rating WHERE domain LIKE '%-${scenario}-%'`;
  const refusedBefore = stack.refusedAsks;
  const asking = traffic(domains);
  await stack.waitFor(`a third of ${scenario} rated`, async () => (await count(rated)) >= JOBS / 3, DRAIN_MS);
  const faultStarted = Date.now();
  await fault();
  const back = Date.now();
  const base = await count(rated);
  await stack.waitFor(`the first rating after the ${scenario}`, async () => (await count(rated)) > base, 60_000);
  const recoveryMs = Date.now() - back;
  await asking;
  await stack.waitFor(
    `the ${scenario} queue to drain`,
    async () => (await count("SELECT COUNT(*) AS n FROM job WHERE state IN (0, 1, 2, 3)")) === 0,
    DRAIN_MS,
  );
  const a = await stack.account((d) => d.includes(`-${scenario}-`));
  const summary = {
    scenario,
    jobs: JOBS,
    raters: RATERS,
    faultMs: back - faultStarted,
    recoveryMs,
    refusedAsks: stack.refusedAsks - refusedBefore,
    acknowledged: a.acknowledged,
    rated: a.rated,
    deadWithRating: a.deadWithRating,
    deadWithoutRating: a.deadWithoutRating,
    lost: a.lost.length,
  };
  console.log(
    `[faults] ${Object.entries(summary)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}`,
  );
  expect(a.acknowledged).toBe(JOBS);
  expect(a.lost).toEqual([]);
  expect(a.waiting).toBe(0);
  expect(a.deadWithoutRating).toBe(0);
  expect(a.deadWithRating).toBeGreaterThan(0);
  expect(await count("SELECT COUNT(*) AS n FROM error_log WHERE code = 'LEASE_LOST'")).toBe(0);
  // The raters lived through it: none crashed or exited.
  const exited = stack.raters.filter((r) => r.child.exitCode !== null || r.child.signalCode !== null);
  expect(exited.map((r) => `${r.child.exitCode ?? r.child.signalCode}: ${r.output.slice(-2000)}`)).toEqual([]);
  return summary;
}

/** The pids of the rating workers: each spawned bare rater is the supervisor of one worker child. */
function workerPids(): number[] {
  return stack.raters.flatMap((r) => {
    try {
      return execFileSync("pgrep", ["-P", String(r.child.pid)], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map(Number);
    } catch {
      return []; // pgrep exits 1 when there is no child (yet)
    }
  });
}

beforeAll(async () => {
  stack = await startFaultStack("faults_db", SCENARIOS.flatMap(domainsFor));
  for (let i = 0; i < RATERS; i++) stack.startRater();
  await stack.waitFor(
    "the raters in the registry",
    async () => (await count("SELECT COUNT(*) AS n FROM origin_process WHERE role = 'rater'")) === RATERS,
    60_000,
  );
  statusDb = createDb(stack.database.target, { connectionLimit: 2 });
  status = await startStatusServer({ db: statusDb, host: "127.0.0.1", port: 0, token: null, shareMs: 0 });
}, 120_000);

afterAll(async () => {
  if (stack) console.log(`[faults] tables ${await stack.tableCounts().catch((e) => String(e))}`);
  await status?.close();
  await statusDb?.end().catch(() => undefined);
  await stack?.close();
});

describe("the origin under database faults", () => {
  it("loses nothing when the database restarts under traffic", async () => {
    await underTraffic("restart", () => stack.server.restart());
  }, 600_000);

  it("loses nothing through an outage, refuses asks meanwhile, and keeps its status metrics", async () => {
    const metrics = () => fetch(status.url.replace(/\/status$/, "/metrics"));
    expect(await (await metrics()).text()).toMatch(/^bonafide_database_up 1$/m);
    const summary = await underTraffic("outage", async () => {
      await stack.server.stop();
      const outageStarted = Date.now();
      // The fault's length is the scenario, not a wait for some state.
      while (Date.now() - outageStarted < OUTAGE_MS) {
        const down = await metrics();
        expect(down.status).toBe(200);
        const text = await down.text();
        expect(text).toMatch(/^bonafide_database_up 0$/m);
        expect(text).toMatch(/^bonafide_status_data_age_seconds \d/m);
        expect(text).toMatch(/^bonafide_process_up\{.*role="rater".*\} 1$/m); // the last read's processes
        await new Promise((r) => setTimeout(r, 1_000));
      }
      await stack.server.start();
    });
    expect(summary.refusedAsks).toBeGreaterThan(0);
    expect(await (await metrics()).text()).toMatch(/^bonafide_database_up 1$/m);
  }, 900_000);

  it("loses nothing when every rating worker is SIGKILLed mid-work, twice", async () => {
    let kills = 0;
    await underTraffic("kill", async () => {
      for (let round = 0; round < 2; round++) {
        const before = workerPids();
        expect(before.length).toBe(RATERS);
        for (const pid of before) process.kill(pid, "SIGKILL");
        kills += before.length;
        // Each bare rater's own supervisor starts a new worker.
        await stack.waitFor(
          "replacement workers",
          async () => {
            const now = workerPids();
            return now.length === RATERS && now.every((pid) => !before.includes(pid));
          },
          60_000,
        );
      }
    });
    console.log(`[faults] kill: ${kills} workers SIGKILLed mid-work`);
  }, 600_000);
});
