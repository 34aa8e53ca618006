import { type ChildProcess, spawn } from "node:child_process";
import type { Server } from "node:http";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "../../origin/queue/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { ratedEntries, raterEnv, startSlowSites } from "./scale-sites.ts";

// Three rater processes drain one database while a loopback site server answers slowly, so ratings are
// in flight; one rater is SIGKILLed and one SIGTERMed mid-work. Every job must be rated exactly once.

const SITES = Array.from({ length: 36 }, (_, i) => `scale-site-${i}.com`);
const PAGE_DELAY_MS = 250;

interface Rater {
  child: ChildProcess;
  output: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let t: TestDatabase;
let server: Server;
const raters: Rater[] = [];

function startRater(): Rater {
  // With an IPC channel the test is the rater's supervisor, so the pid killed below is the rating worker
  // itself (a bare rater would supervise one copy of itself: origin/process/runner.ts).
  const child = spawn(process.execPath, ["origin/rater/main.ts"], {
    env: raterEnv(t.url, server, SITES),
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const rater: Rater = {
    child,
    output: "",
    exit: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
  };
  child.stdout?.on("data", (d) => {
    rater.output += d;
  });
  child.stderr?.on("data", (d) => {
    rater.output += d;
  });
  raters.push(rater);
  return rater;
}

async function leasesHeldBy(pid: number | undefined): Promise<number> {
  const [rows] = await t.db.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM job WHERE state = 1 AND lease_owner LIKE ?",
    [`%:${pid}:%`],
  );
  return Number(rows[0]?.n);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${raters.map((r) => r.output.slice(-2000)).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** "rated" log lines per domain, across every rater's output: one per stored, completed rating. */
function ratedLines(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of raters.flatMap((r) => ratedEntries(r.output)))
    counts.set(entry.domain, (counts.get(entry.domain) ?? 0) + 1);
  return counts;
}

beforeAll(async () => {
  t = await createTestDatabase("scale");
  server = await startSlowSites(PAGE_DELAY_MS);
});

afterAll(async () => {
  for (const r of raters) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
  await new Promise((r) => server?.close(r));
  await t?.drop();
});

describe("scale-out: three raters on one database", () => {
  it("rates every job exactly once though one rater is killed and one stopped mid-work", async () => {
    await enqueueJobs(
      t.db,
      "rate",
      SITES.map((key, i) => ({ key, clientKey: (i % 5).toString(16).padStart(2, "0") })),
    );
    const [a, b, c] = [startRater(), startRater(), startRater()];
    if (!a || !b || !c) throw new Error("raters did not start");

    await waitFor("three live raters in the registry", async () => {
      const [rows] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM origin_process WHERE role = 'rater'");
      return Number(rows[0]?.n) === 3;
    });

    // Kill A while it holds leases: its jobs must come back after the lease and be rated by the others.
    await waitFor("rater A to hold leases", async () => (await leasesHeldBy(a.child.pid)) > 0);
    const heldByA = await leasesHeldBy(a.child.pid);
    a.child.kill("SIGKILL");
    expect((await a.exit).signal).toBe("SIGKILL");

    // Stop B gracefully while it holds leases: it finishes or gives them back and exits cleanly.
    await waitFor("rater B to hold leases", async () => (await leasesHeldBy(b.child.pid)) > 0);
    b.child.kill("SIGTERM");
    expect((await b.exit).code).toBe(0);
    expect(b.output).toContain('"msg":"stopped"');
    expect(await leasesHeldBy(b.child.pid)).toBe(0);

    await waitFor(
      "the queue to drain",
      async () => {
        const [rows] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM job");
        return Number(rows[0]?.n) === 0;
      },
      60_000,
    );
    c.child.kill("SIGTERM");
    expect((await c.exit).code).toBe(0);

    const [ratings] = await t.db.query<RowDataPacket[]>("SELECT domain FROM rating ORDER BY domain");
    expect(ratings.map((r) => String(r.domain))).toEqual([...SITES].sort());
    const rated = ratedLines();
    expect([...rated.keys()].sort()).toEqual([...SITES].sort());
    expect([...rated.values()].every((n) => n === 1)).toBe(true);
    // A's leases really were in flight when it died, and came back through the sweep.
    expect(heldByA).toBeGreaterThan(0);
    const [registry] = await t.db.query<RowDataPacket[]>("SELECT pid FROM origin_process");
    // B and C deregistered on their clean stop; only the killed A's row is left, for the pruner.
    expect(registry.map((r) => Number(r.pid))).toEqual([a.child.pid]);
  }, 90_000);
});
