import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientKeyBytes } from "../../origin/queue/types.ts";
import { PAGE_LANE, PAGE_PRIORITY, type PagePushStored, pageJobFor } from "../../shared/page-jobs.ts";
import { enqueuePagesSql } from "../../shared/queue-sql.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { type PushReceiver, startPushReceiver } from "../support/page-push-receiver.ts";
import { freePort } from "../support/ports.ts";
import { type Spawned, spawnNode } from "../support/spawned.ts";

// The job board's aggregator (demo/job-board/main.ts, runAggregator) as its own process, as its own database user: with --no-refresh it claims no
// page job however long it runs; without it, the same job is drained and pushed to the edge, signed.

const SECRET = "process-page-push-secret";
const NAMES = ["search", "speller", "vacancies", "employers", "stats", "translations", "files"];
let t: TestDatabase;
let backend: TestBackend;
let receiver: PushReceiver;
let aggregatorDbUrl = "";
let running: Spawned | null = null;

beforeAll(async () => {
  t = await createTestDatabase("aggregator_refresh");
  aggregatorDbUrl = (await t.roleLogin("aggregator")).url;
  receiver = await startPushReceiver(SECRET);
  backend = await startBackend((req, res) => {
    if (req.url?.startsWith("/search"))
      return sendXml(
        res,
        `<results total="1"><vacancy id="7" employer="e1"><title>Refreshed welder</title><city>Kazan</city><salary from="1" to="2"/></vacancy></results>`,
      );
    if (req.url?.startsWith("/translations"))
      return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  if (running && running.child.exitCode === null) running.child.kill("SIGKILL");
  await backend?.close();
  await receiver?.close();
  await t?.drop();
});

async function start(args: string[]): Promise<Spawned> {
  const port = await freePort();
  const run = spawnNode(["demo/job-board/main.ts", ...args], {
    ...process.env,
    DATABASE_URL: aggregatorDbUrl,
    BONAFIDE_REPORT_MS: "100",
    BONAFIDE_AGGREGATOR_PORT: String(port),
    BONAFIDE_BACKENDS: NAMES.map((n) => `${n}=${backend.url}`).join(","),
    AGGREGATOR_RENDER_THREADS: "1",
    BONAFIDE_EDGE_URL: receiver.url,
    BONAFIDE_PUSH_SECRET: SECRET,
    AGGREGATOR_REFRESH_POLL_MS: "50",
  });
  await run.waitFor("the aggregator to start", () => run.output.includes('"msg":"aggregator started"'));
  return run;
}

async function stop(run: Spawned): Promise<void> {
  run.child.kill("SIGTERM");
  expect(await run.exited).toBe(0);
}

async function pageJob(): Promise<RowDataPacket | undefined> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM job WHERE kind = 'page'");
  return rows[0];
}

/** How many times this process has written its registry row (its heartbeat), read from MariaDB. */
async function heartbeats(run: Spawned, seen: Set<string>): Promise<number> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT heartbeat_at FROM origin_process WHERE pid = ?", [
    run.child.pid,
  ]);
  if (rows[0]) seen.add(String(rows[0].heartbeat_at));
  return seen.size;
}

describe("the aggregator process's page refresh", () => {
  it("--no-refresh claims nothing; without it the job is drained and pushed", async () => {
    const job = await pageJobFor(new URL("https://jobs.example/?lang=en"));
    await t.db.query(enqueuePagesSql(1), [job.jobKey, job.payload, clientKeyBytes(PAGE_LANE), PAGE_PRIORITY]);

    running = await start(["--no-refresh"]);
    expect(running.output).toContain('"pageRefresh":"off (--no-refresh or AGGREGATOR_REFRESH=off)"');
    // Many poll intervals pass: ten heartbeats of its registry row (100 ms each; the refresh would poll at 50).
    const seen = new Set<string>();
    await running.waitFor("ten heartbeats", async () => (await heartbeats(running as Spawned, seen)) >= 10, {
      timeoutMs: 30_000,
    });
    expect(await pageJob()).toMatchObject({ state: 3, attempts: 0, lease_owner: null });
    expect(receiver.pushes).toHaveLength(0);
    await stop(running);

    running = await start([]);
    expect(running.output).toContain('"pageRefresh":"on, 2 at once"');
    await running.waitFor("the job to be drained", async () => (await pageJob()) === undefined, { timeoutMs: 30_000 });
    expect(receiver.pushes).toHaveLength(1);
    const push = receiver.pushes[0] as PagePushStored;
    expect(push).toMatchObject({ url: "https://jobs.example/?lang=en", status: 200 });
    expect(Buffer.from(push.body, "base64").toString()).toContain("Refreshed welder");
    expect(new Map(push.headers).get("cache-control")).toBe("public, s-maxage=60, max-age=0");
    // Counted as page throughput for the status page, like the raters' ratings.
    await running.waitFor("page throughput", async () => {
      const [rows] = await t.db.query<RowDataPacket[]>(
        "SELECT SUM(completed) AS n FROM job_throughput WHERE kind = 'page'",
      );
      return Number(rows[0]?.n) === 1;
    });
    await stop(running);
  });

  it("refuses an unknown argument with exit 2", async () => {
    const run = spawnNode(["demo/job-board/main.ts", "--no-refersh"], { ...process.env });
    try {
      await run.waitFor("the exit", () => run.child.exitCode !== null, { timeoutMs: 20_000, evenAfterExit: true });
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL"); // an old build would keep serving
    }
    expect(run.child.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown option --no-refersh");
  });
});
