/**
 * @module The page cache as a whole (issue 14): the real edge on workerd, a real aggregator process
 * (demo/job-board/main.ts: runAggregator) serving the demonstration job board, real MariaDB behind the SQL-over-HTTP
 * endpoint, one push secret shared by both — no stand-in for either half. A stale hit queues one `page` job,
 * the aggregator drains it and pushes, the page is HIT again with a new Age; concurrent misses reach the
 * aggregator once (counted in its own per-page log lines); `npx bonafide pages` purges by URL, prefix and tag
 * (soft and hard), shows a page's status and warms pages the aggregator then renders and pushes; with the
 * aggregator stopped, every request for a stored page inside its stale-if-error window is a 200
 * STALE-IF-ERROR. (A push with a bad signature or an older page: test/edge/pages-push.test.ts.)
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type PsdbServer, startPsdbServer } from "../../dev/psdb/server.ts";
import { pageJobFor } from "../../shared/page-jobs.ts";
import { runCli } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase, testServerTarget } from "../support/database.ts";
import { poll } from "../support/poll.ts";
import { freePort } from "../support/ports.ts";
import { type Spawned, spawnNode } from "../support/spawned.ts";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../support/workerd-edge.ts";

const PUSH_SECRET = "pages-stack-push-secret-0123456789abcdef";
const ADMIN_TOKEN = "pages-stack-admin-token";
const ORIGIN_SECRET = "pages-stack-origin-secret";
const PSDB_PASSWORD = "pages-stack-psdb";
/** Stale in seconds, then refreshed within a long stale-while-revalidate window. */
const SHORT_FRESH = "public, s-maxage=3, stale-while-revalidate=600, stale-if-error=3600";
/** Stale in a second and past stale-while-revalidate at once: only stale-if-error serves it. */
const ERROR_ONLY = "public, s-maxage=1, stale-while-revalidate=0, stale-if-error=3600";
const MISSES = 24;
const SIE_CLIENTS = 10;
const SIE_REQUESTS_PER_CLIENT = 25;

let t: TestDatabase;
let psdb: PsdbServer;
let edge: WorkerdEdge;
let aggregatorPort = 0;
let aggregatorDbUrl = "";
let cliDbUrl = "";
let aggregator: Spawned | null = null;

beforeAll(async () => {
  t = await createTestDatabase("pages_stack");
  const edgeLogin = (await t.roleLogin("edge")).target;
  aggregatorDbUrl = (await t.roleLogin("aggregator")).url;
  cliDbUrl = (await t.roleLogin("cli")).url;
  // The edge's statements run as its own least-privilege user, as in production.
  psdb = await startPsdbServer({
    server: testServerTarget(),
    authenticate: (user, password) =>
      user === "edge" && password === PSDB_PASSWORD
        ? { database: t.target.database, user: edgeLogin.user, password: edgeLogin.password }
        : null,
  });
  aggregatorPort = await freePort();
  edge = await startWorkerdEdge(bundleEdge(), {
    ORIGIN_URL: `http://127.0.0.1:${aggregatorPort}`,
    DATABASE_URL: `http://edge:${PSDB_PASSWORD}@127.0.0.1:${psdb.port}`,
    BONAFIDE_PUSH_SECRET: PUSH_SECRET,
    BONAFIDE_ADMIN_TOKEN: ADMIN_TOKEN,
    BONAFIDE_ORIGIN_SECRET: ORIGIN_SECRET,
  });
}, 180_000);

// A test that failed half-way leaves no aggregator behind on the port the next one binds.
afterEach(async () => {
  const run = aggregator;
  aggregator = null;
  if (run && run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill("SIGKILL");
    await run.exited;
  }
});

afterAll(async () => {
  await edge?.stop();
  await psdb?.close();
  await t?.drop();
});

/** The aggregator as its own process and database user, on the port the edge falls through to. */
async function startAggregator(options: {
  cacheControl?: string;
  refresh: boolean;
  env?: Record<string, string>;
}): Promise<Spawned> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: aggregatorDbUrl,
    BONAFIDE_AGGREGATOR_PORT: String(aggregatorPort),
    BONAFIDE_EDGE_URL: edge.url,
    BONAFIDE_PUSH_SECRET: PUSH_SECRET,
    BONAFIDE_ORIGIN_SECRET: ORIGIN_SECRET,
    BONAFIDE_REPORT_MS: "200",
    AGGREGATOR_RENDER_THREADS: "1",
    AGGREGATOR_REFRESH_POLL_MS: "50",
    ...options.env,
  };
  delete env.BONAFIDE_BACKENDS; // the demonstration back-ends, started in the aggregator itself
  if (options.cacheControl) env.JOB_BOARD_CACHE_CONTROL = options.cacheControl;
  else delete env.JOB_BOARD_CACHE_CONTROL;
  const run = spawnNode(["demo/job-board/main.ts", ...(options.refresh ? [] : ["--no-refresh"])], env);
  await run.waitFor("the aggregator to start", () => run.output.includes('"msg":"aggregator started"'));
  aggregator = run;
  return run;
}

async function stopAggregator(run: Spawned): Promise<void> {
  run.child.kill("SIGTERM");
  expect(await run.exited).toBe(0);
}

/** How many times the aggregator served `path` (its one log line per page: visitors' and refreshes'). */
function served(run: Spawned, path: string): number {
  let n = 0;
  for (const line of run.output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; path?: string };
      if (entry.msg === "page" && entry.path === path) n++;
    } catch {
      // a line cut by the pipe's buffering: not a page line yet
    }
  }
  return n;
}

interface Answer {
  status: number;
  cache: string | null;
  age: number;
  body: string;
}

async function get(path: string): Promise<Answer> {
  const res = await fetch(`${edge.url}${path}`);
  const body = await res.text();
  return { status: res.status, cache: res.headers.get("x-bonafide-cache"), age: Number(res.headers.get("age")), body };
}

/** The `page` job queued for `path` (its key as the edge computes it), if any. */
async function pageJob(path: string): Promise<RowDataPacket | undefined> {
  const { jobKey } = await pageJobFor(new URL(`${edge.url}${path}`));
  const [rows] = await t.db.query<RowDataPacket[]>(
    "SELECT state, requests, priority, HEX(client_key) AS lane, payload FROM job WHERE kind = 'page' AND job_key = ?",
    [jobKey],
  );
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0];
}

async function pageJobCount(): Promise<number> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM job WHERE kind = 'page'");
  return Number(rows[0]?.n);
}

/** `npx bonafide pages …` with the admin token and the edge from the environment. */
function pagesCli(args: string[], env: Record<string, string> = {}) {
  return runCli(["pages", ...args], {
    BONAFIDE_ADMIN_TOKEN: ADMIN_TOKEN,
    BONAFIDE_EDGE_URL: edge.url,
    ...env,
  });
}

async function pageStatus(path: string): Promise<{ state: string; stored: boolean; tags?: string[] }> {
  const r = await pagesCli(["status", `${edge.url}${path}`, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { state: string; stored: boolean; tags?: string[] };
}

describe("the page cache, edge and aggregator together", () => {
  it("a stale page queues exactly one page job; the aggregator drains it and pushes; then HIT with a new Age", async () => {
    const path = "/vacancy/1001";
    // Serving only: the job must still be in the queue when the test looks.
    let run = await startAggregator({ cacheControl: SHORT_FRESH, refresh: false });
    const first = await get(path);
    expect(first).toMatchObject({ status: 200, cache: "MISS" });
    expect(first.body).toContain("Frontend developer");
    const stale = await poll(
      () => get(path),
      (a) => a.cache === "STALE",
      15_000,
    );
    expect(stale).toMatchObject({ status: 200, cache: "STALE", body: first.body });
    expect(stale.age).toBeGreaterThanOrEqual(3);
    const job = await poll(
      () => pageJob(path),
      (j) => j !== undefined,
      10_000,
    );
    expect(job).toMatchObject({ state: 3, requests: 1, priority: 100, lane: "70616765" }); // lane "page"
    expect(JSON.parse(String(job?.payload))).toMatchObject({ url: `${edge.url}${path}` });
    // A second stale hit is answered at once and queues nothing more.
    expect(await get(path)).toMatchObject({ status: 200, cache: "STALE" });
    await stopAggregator(run);
    expect(await pageJob(path)).toMatchObject({ requests: 1 });
    expect(await pageJobCount()).toBe(1);
    const visitorRenders = served(run, path);
    expect(visitorRenders).toBe(1); // the MISS; both STALE answers came from KV

    run = await startAggregator({ cacheControl: SHORT_FRESH, refresh: true });
    await run.waitFor("the page job to be drained", async () => (await pageJob(path)) === undefined, {
      timeoutMs: 30_000,
    });
    expect(served(run, path)).toBe(1); // the refresh, rendered through its own listener
    const hit = await poll(
      () => get(path),
      (a) => a.cache === "HIT",
      10_000,
    );
    console.log(`[pages-stack] STALE at Age ${stale.age}, after the refresh HIT at Age ${hit.age}`);
    expect(hit).toMatchObject({ status: 200, cache: "HIT" });
    expect(hit.age).toBeLessThan(stale.age);
    expect(hit.body).toContain("Frontend developer");
    await stopAggregator(run);
  });

  it(`makes one aggregator request for ${MISSES} concurrent misses of one URL`, async () => {
    const run = await startAggregator({ refresh: true });
    const path = "/vacancy/1007";
    const answers = await Promise.all(Array.from({ length: MISSES }, () => get(path)));
    const labels = new Map<string, number>();
    for (const a of answers) labels.set(`${a.status} ${a.cache}`, (labels.get(`${a.status} ${a.cache}`) ?? 0) + 1);
    console.log(`[pages-stack] ${MISSES} concurrent misses: aggregator renders ${served(run, path)}, answers`, labels);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(served(run, path)).toBe(1);
    await stopAggregator(run);
  });

  it("purges by URL, prefix and tag, soft and hard, shows status and warms pages through npx bonafide pages", async () => {
    const run = await startAggregator({ refresh: true });
    // Tags: /vacancy/1003 and /vacancy/1008 are Volga Software's (employer e2), /vacancy/1002 Baikal Travel's.
    const paths = ["/vacancy/1002", "/vacancy/1003", "/vacancy/1008", "/search?q=java", "/employers"];
    for (const p of paths) expect(await get(p)).toMatchObject({ status: 200, cache: "MISS" });
    const held = await poll(
      () => pageStatus("/vacancy/1003"),
      (s) => s.stored,
      10_000,
    );
    expect(held).toMatchObject({ state: "fresh", tags: ["vacancies", "vacancy-1003", "employer-e2"] });
    const readable = await pagesCli(["status", `${edge.url}/vacancy/1003`]);
    expect(readable.stdout).toContain("fresh: answered HIT");

    // Hard, by tag: both of employer e2's vacancies go, the others stay.
    const byTag = await pagesCli(["purge", "--tag", "employer-e2"]);
    expect(byTag.code, byTag.stderr).toBe(0);
    expect(byTag.stdout).toContain("purged 2 pages");
    expect((await pageStatus("/vacancy/1003")).state).toBe("absent");
    expect((await pageStatus("/vacancy/1008")).state).toBe("absent");
    expect((await get("/vacancy/1003")).cache).toBe("MISS");
    expect((await get("/vacancy/1002")).cache).toBe("HIT");

    // Hard, by prefix.
    const byPrefix = await pagesCli(["purge", "--prefix", `${edge.url}/search`]);
    expect(byPrefix.stdout).toContain("purged 1 page");
    expect((await get("/search?q=java")).cache).toBe("MISS");

    // Soft, by URL: STALE at once, refreshed through the queue by the aggregator, then HIT.
    const rendered = served(run, "/vacancy/1002");
    const soft = await pagesCli(["purge", "--url", `${edge.url}/vacancy/1002`, "--soft"]);
    expect(soft.stdout).toContain("soft-purged (marked stale, refreshed on the next request) 1 page");
    expect((await pageStatus("/vacancy/1002")).state).toBe("stale");
    expect((await get("/vacancy/1002")).cache).toBe("STALE");
    await run.waitFor("the soft-purged page's refresh", () => served(run, "/vacancy/1002") > rendered, {
      timeoutMs: 30_000,
    });
    const refreshed = await poll(
      () => get("/vacancy/1002"),
      (a) => a.cache === "HIT",
      15_000,
    );
    expect(refreshed.cache).toBe("HIT");

    // Soft, by tag; then hard, by URL.
    const softTag = await pagesCli(["purge", "--tag", "employers", "--soft"]);
    expect(softTag.stdout).toContain("1 page");
    expect((await get("/employers")).cache).toBe("STALE");
    const hard = await pagesCli(["purge", "--url", `${edge.url}/vacancy/1002`]);
    expect(hard.stdout).toContain("purged 1 page");
    expect((await pageStatus("/vacancy/1002")).state).toBe("absent");

    // Warm: never requested pages are queued in the low-priority lane, rendered and pushed by the aggregator.
    const list = join(tmpdir(), `pages-stack-warm-${process.pid}.txt`);
    writeFileSync(list, ["/vacancy/1011", "/vacancy/1012", "/?lang=ru"].map((p) => `${edge.url}${p}\n`).join(""));
    const warm = await runCli(["pages", "warm", list], { DATABASE_URL: cliDbUrl });
    expect(warm.code, warm.stderr).toBe(0);
    expect(warm.stdout).toContain("3 page URLs from 3 lines: 3 newly queued");
    await run.waitFor("the warmed pages to be pushed", async () => (await pageJobCount()) === 0, { timeoutMs: 30_000 });
    for (const p of ["/vacancy/1011", "/vacancy/1012", "/?lang=ru"]) {
      expect((await pageStatus(p)).state).toBe("fresh");
      expect((await get(p)).cache).toBe("HIT");
    }
    await stopAggregator(run);
  });

  it("an aggregator whose push secret the edge does not share: retried, then buried naming the 401; the page stays STALE", async () => {
    const run = await startAggregator({
      refresh: true,
      env: {
        BONAFIDE_PUSH_SECRET: "not-the-edge-push-secret-0123456789abcdef",
        AGGREGATOR_REFRESH_RETRY_BASE_MS: "20",
        RATER_MAINTENANCE_MS: "100",
      },
    });
    const path = "/vacancy/1030";
    expect((await get(path)).cache).toBe("MISS");
    await poll(
      () => pageStatus(path),
      (s) => s.stored,
      10_000,
    );
    const soft = await pagesCli(["purge", "--url", `${edge.url}${path}`, "--soft"]);
    expect(soft.stdout).toContain("1 page");
    expect((await get(path)).cache).toBe("STALE");
    await run.waitFor("the job to be buried", async () => (await pageJob(path))?.state === 9, { timeoutMs: 60_000 });
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT attempts, max_attempts, last_error FROM job WHERE kind = 'page' AND state = 9",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.attempts).toBe(rows[0]?.max_attempts);
    expect(String(rows[0]?.last_error)).toContain("401");
    expect((await get(path)).cache).toBe("STALE"); // nothing was stored over it
    await stopAggregator(run);
    await t.db.query("DELETE FROM job WHERE kind = 'page'");
  });

  it("answers every request for a stored page with 200 STALE-IF-ERROR once the aggregator is stopped", async () => {
    const run = await startAggregator({ cacheControl: ERROR_ONLY, refresh: true });
    const path = "/vacancy/1020";
    const first = await get(path);
    expect(first).toMatchObject({ status: 200, cache: "MISS" });
    await stopAggregator(run);
    const label = await poll(
      async () => (await get(path)).cache,
      (l) => l === "STALE-IF-ERROR",
      10_000,
    );
    expect(label).toBe("STALE-IF-ERROR");
    const outcomes = new Map<string, number>();
    await Promise.all(
      Array.from({ length: SIE_CLIENTS }, async () => {
        for (let i = 0; i < SIE_REQUESTS_PER_CLIENT; i++) {
          const a = await get(path);
          const key = `${a.status} ${a.cache}${a.body === first.body ? "" : " (other body)"}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      }),
    );
    const total = SIE_CLIENTS * SIE_REQUESTS_PER_CLIENT;
    console.log(`[pages-stack] aggregator stopped, ${total} requests for a stored page:`, outcomes);
    expect(Object.fromEntries(outcomes)).toEqual({ "200 STALE-IF-ERROR": total });
  });
});
