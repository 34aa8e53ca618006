import { type ChildProcess, spawn } from "node:child_process";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendXml, sleep, startBackend, type TestBackend } from "../support/backends.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { freePort } from "../support/ports.ts";

// The job board's aggregator (demo/job-board/main.ts, runAggregator) as its own process (plain node: .tsx templates through the loader), its
// concurrency cap, its row in the process registry (the test file's own database) and its graceful stop,
// against one real back-end standing in for all of the site's.

let backend: TestBackend;
/** Holds the back-end's /search answers while closed; opening it releases every held one at once. */
const gate = {
  opened: Promise.resolve(),
  open: () => {},
  close() {
    this.opened = new Promise<void>((resolve) => {
      this.open = resolve;
    });
  },
};
let child: ChildProcess;
let base = "";
let output = "";
let t: TestDatabase;
let port = 0;
const NAMES = ["search", "speller", "vacancies", "employers", "stats", "translations", "files"];

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !predicate(); i++) await sleep(25);
  if (!predicate()) throw new Error(`timed out waiting for ${what}\n${output}`);
}

/** This aggregator's row in `origin_process` once `predicate` holds for it (polled; null = no row). */
async function registryRow(predicate: (row: RowDataPacket | null) => boolean, what: string) {
  for (let i = 0; i < 400; i++) {
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM origin_process WHERE pid = ?", [child.pid]);
    const row = rows[0] ?? null;
    if (predicate(row)) return row;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}\n${output}`);
}

/**
 * Waits for `count` registry reports of this aggregator written after this moment, by the database's clock:
 * the process's own proof that its pool has gone on working (one report after another) since, so a write
 * it issued before now has had those round trips to land. Ends a "nothing more happened" check, not a sleep.
 */
async function reportsAfterNow(count: number): Promise<void> {
  const [[mark]] = await t.db.query<RowDataPacket[]>("SELECT NOW(3) AS at");
  let since = mark?.at as Date;
  for (let report = 1; report <= count; report++) {
    const row = await registryRow((r) => r !== null && (r.heartbeat_at as Date) > since, `report ${report} after now`);
    since = row?.heartbeat_at as Date;
  }
}

/** A registry row for a process that stopped reporting `seconds` ago without deregistering. */
async function silentProcess(id: string, seconds: number): Promise<void> {
  await t.db.query(
    `INSERT INTO origin_process (id, role, host, pid, started_at, heartbeat_at)
     VALUES (?, 'aggregator', 'elsewhere', 1, NOW(3) - INTERVAL 1 DAY, NOW(3) - INTERVAL ? SECOND)`,
    [id, seconds],
  );
}

async function registryIds(): Promise<string[]> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT id FROM origin_process WHERE pid <> ? ORDER BY id", [
    child.pid,
  ]);
  return rows.map((r) => String(r.id));
}

beforeAll(async () => {
  backend = await startBackend(async (req, res) => {
    if (req.url?.startsWith("/search")) {
      await gate.opened;
      return sendXml(
        res,
        `<results total="1"><vacancy id="7" employer="e1"><title>Gatekeeper</title><city>Kazan</city><salary from="1" to="2"/></vacancy></results>`,
      );
    }
    if (req.url?.startsWith("/vacancy/500")) return void res.writeHead(500).end("boom");
    if (req.url?.startsWith("/translations"))
      return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    res.writeHead(404).end();
  });
  t = await createTestDatabase("aggregator_process");
  // Left by processes killed before this one started, in a deployment with no raters to prune them.
  await silentProcess("gone:1:old", 2 * 3600);
  await silentProcess("hidden:2:recent", 60);
  // An error from 40 days ago (kept 30): an aggregator prunes error_log too, with no rater to do it.
  await t.db.query(
    "INSERT INTO error_log (at, host, process, pid, message) VALUES (NOW(3) - INTERVAL 40 DAY, 'old', 'rater', 1, 'ancient')",
  );
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["demo/job-board/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      BONAFIDE_REPORT_MS: "100",
      BONAFIDE_AGGREGATOR_PORT: String(port),
      BONAFIDE_BACKENDS: NAMES.map((n) => `${n}=${backend.url}`).join(","),
      AGGREGATOR_MAX_ACTIVE: "1",
      AGGREGATOR_RENDER_THREADS: "1",
      BONAFIDE_ORIGIN_SECRET: "process-test-origin-secret", // so the request id below counts (edge-trust.ts)
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  await waitFor(
    () => output.includes('"msg":"aggregator started"') || child.exitCode !== null,
    "the aggregator to start",
  );
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await backend?.close();
  await t?.drop();
});

describe("the aggregator process", () => {
  it("serves TSX pages under plain node and logs one JSON line per page", async () => {
    const res = await fetch(`${base}/`, {
      headers: { "x-request-id": "proc-1", "x-bonafide-edge": "process-test-origin-secret" },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Gatekeeper");
    await waitFor(() => output.includes('"requestId":"proc-1"'), "the page log line");
    const line = output.split("\n").find((l) => l.includes('"requestId":"proc-1"')) ?? "{}";
    expect(JSON.parse(line)).toMatchObject({ msg: "page", route: "/", status: 200, calls: 2 });
  });

  it("answers 503 above its concurrency cap", async () => {
    gate.close();
    const seen = backend.seen.length;
    const first = fetch(`${base}/`);
    await waitFor(() => backend.seen.length > seen, "the first page to reach the back-end");
    const second = await fetch(`${base}/`);
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("1");
    gate.open();
    expect((await first).status).toBe(200);
  });

  it("registers in the process registry as an aggregator with its port, active requests and requests served", async () => {
    // Every request answered so far (one log line each) is counted, and none is in flight.
    const answered = () => (output.match(/"msg":"page"/g) ?? []).length;
    const row = await registryRow(
      (r) => Number(r?.completed) === answered() && Number(r?.in_flight) === 0,
      "a heartbeat counting the pages served",
    );
    expect(Number(row?.completed)).toBeGreaterThanOrEqual(3);
    expect(row).toMatchObject({ role: "aggregator", port, concurrency: 1, state: "running", claimed: "0" });
    expect(Number(row?.rss_bytes)).toBeGreaterThan(10 * 1_048_576);
    expect(row?.metrics).toBeNull();
    const served = Number(row?.completed);
    gate.close();
    const inFlight = fetch(`${base}/`);
    await registryRow((r) => Number(r?.in_flight) === 1, "a heartbeat with the page in flight");
    gate.open();
    expect((await inFlight).status).toBe(200);
    await registryRow(
      (r) => Number(r?.in_flight) === 0 && Number(r?.completed) === served + 1,
      "a heartbeat with the page answered",
    );
  });

  it("prunes the rows of processes silent for an hour with no rater anywhere, at start and then periodically", async () => {
    // The row from before it started goes with its first report; the one silent for a minute stays.
    await waitFor(() => output.includes('"msg":"pruned the rows of processes silent for an hour"'), "a prune");
    expect(await registryIds()).toEqual(["hidden:2:recent"]);
    // One that turns an hour silent while it runs goes within PRUNE_EVERY_REPORTS heartbeats (100 ms here).
    await silentProcess("gone:3:later", 3601);
    for (let i = 0; i < 400 && (await registryIds()).includes("gone:3:later"); i++) await sleep(25);
    expect(await registryIds()).toEqual(["hidden:2:recent"]);
    // The process logs the prune after its DELETE commits: the line can reach this pipe after the row is gone.
    const prunes = () => output.match(/"msg":"pruned the rows of processes silent for an hour"/g) ?? [];
    await waitFor(() => prunes().length >= 2, "the second prune's log line");
    expect(prunes()).toHaveLength(2);
  });

  it("prunes error rows older than 30 days with no rater anywhere", async () => {
    let ancient: RowDataPacket[] = [];
    for (let i = 0; i < 200; i++) {
      [ancient] = await t.db.query<RowDataPacket[]>("SELECT id FROM error_log WHERE message = 'ancient'");
      if (ancient.length === 0) break;
      await sleep(25);
    }
    expect(ancient).toHaveLength(0);
  });

  it("keeps pages that fail with a 5xx in error_log, once a minute per route and code (not the cap's 503s)", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/vacancy/500`);
      expect(res.status).toBe(502);
      await res.text();
    }
    let rows: RowDataPacket[] = [];
    for (let i = 0; i < 200 && rows.length === 0; i++) {
      [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM error_log WHERE process = 'aggregator'");
      if (rows.length === 0) await sleep(25);
    }
    // A (wrongly) unthrottled second row would be issued right after its answer, before the reports below.
    await reportsAfterNow(2);
    [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM error_log WHERE process = 'aggregator'");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.pid).toBe(child.pid);
    expect(rows[0]?.message).toMatch(/required back-end failed/);
    const context = JSON.parse(String(rows[0]?.context));
    expect(context).toMatchObject({ route: "/vacancy/:id", path: "/vacancy/500", status: 502, code: "BACKEND_FAILED" });
  });

  it("stops gracefully: a page in flight at SIGTERM still gets its answer, then the process exits 0", async () => {
    gate.close();
    const seen = backend.seen.length;
    const inFlight = fetch(`${base}/`);
    await waitFor(() => backend.seen.length > seen, "the page to reach the back-end");
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    await waitFor(() => output.includes('"msg":"stopping"'), "the stop to begin");
    gate.open();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Gatekeeper");
    expect(await exited).toBe(0);
    // A clean stop removes its row from the registry.
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT id FROM origin_process WHERE pid = ?", [child.pid]);
    expect(rows).toEqual([]);
  });
});

describe("the aggregator process without its database", () => {
  it("still serves pages, warns that it cannot report, and stops cleanly", async () => {
    const closedPort = await freePort(); // nothing listens there
    const aggregatorPort = await freePort();
    let log = "";
    const lonely = spawn(process.execPath, ["demo/job-board/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: `mysql://root@127.0.0.1:${closedPort}/nowhere`,
        BONAFIDE_REPORT_MS: "100",
        BONAFIDE_AGGREGATOR_PORT: String(aggregatorPort),
        BONAFIDE_BACKENDS: NAMES.map((n) => `${n}=${backend.url}`).join(","),
        AGGREGATOR_RENDER_THREADS: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    lonely.stdout?.on("data", (d) => (log += d));
    lonely.stderr?.on("data", (d) => (log += d));
    try {
      for (let i = 0; i < 400 && !log.includes('"msg":"process report failed'); i++) await sleep(25);
      const res = await fetch(`http://127.0.0.1:${aggregatorPort}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Gatekeeper");
      // One plain line per try of the database preparation, no stack trace; the pages do not wait for it.
      expect(log).toContain(`[bonafide aggregator] the database at 127.0.0.1:${closedPort}/nowhere does not answer`);
      expect(log).not.toMatch(/\n\s+at /);
      expect(log).toContain('"msg":"process report failed');
      const exited = new Promise<number | null>((r) => lonely.once("exit", (code) => r(code)));
      lonely.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (lonely.exitCode === null) lonely.kill("SIGKILL");
    }
  });
});
