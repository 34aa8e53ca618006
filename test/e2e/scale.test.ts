import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "../../origin/queue/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

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

function startSiteServer(): Promise<Server> {
  const s = createServer((req, res) => {
    setTimeout(() => {
      if (req.url === "/robots.txt") {
        res.writeHead(404).end();
        return;
      }
      const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>${host}</title></head><body><h1>${host}</h1>
        <p>A small shop. <a href="/contact">Contact</a></p></body></html>`);
    }, PAGE_DELAY_MS);
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

function startRater(port: number): Rater {
  const connectTo = SITES.flatMap((d) => [`${d}:80:127.0.0.1:${port}`, `www.${d}:80:127.0.0.1:${port}`]).join(",");
  const child = spawn(process.execPath, ["origin/rater/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      BONAFIDE_CONNECT_TO: connectTo,
      BONAFIDE_PUSH_SECRET: "",
      RATER_CONCURRENCY: "3",
      RATER_POLL_MS: "50",
      RATER_LEASE_MS: "2000",
      RATER_HEARTBEAT_MS: "500",
      RATER_MAINTENANCE_MS: "300",
      RATER_MAX_PAGES: "3",
      BONAFIDE_REPORT_MS: "300",
    },
    stdio: ["ignore", "pipe", "pipe"],
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
  for (const r of raters) {
    for (const line of r.output.split("\n")) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as { msg?: string; domain?: string };
      if (entry.msg === "rated" && entry.domain) counts.set(entry.domain, (counts.get(entry.domain) ?? 0) + 1);
    }
  }
  return counts;
}

beforeAll(async () => {
  t = await createTestDatabase("scale");
  server = await startSiteServer();
});

afterAll(async () => {
  for (const r of raters) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
  await new Promise((r) => server?.close(r));
  await t?.drop();
});

describe("scale-out: three raters on one database", () => {
  it("rates every job exactly once though one rater is killed and one stopped mid-work", async () => {
    const port = (server.address() as AddressInfo).port;
    await enqueueJobs(
      t.db,
      "rate",
      SITES.map((key, i) => ({ key, clientKey: (i % 5).toString(16).padStart(2, "0") })),
    );
    const [a, b, c] = [startRater(port), startRater(port), startRater(port)];
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
