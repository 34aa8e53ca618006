import type { RowDataPacket } from "mysql2/promise";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PageRefresh, startPageRefresh } from "../../origin/aggregator/refresh/worker.ts";
import { tsxTemplate } from "../../origin/aggregator/render/template.ts";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createDb, type Db } from "../../origin/db/pool.ts";
import { createLogger } from "../../origin/log.ts";
import { createProcessMetrics, type ProcessMetrics } from "../../origin/process/metrics.ts";
import { clientKeyBytes } from "../../origin/queue/types.ts";
import { PAGE_LANE, PAGE_PRIORITY, type PagePushStored, pageJobFor } from "../../shared/page-jobs.ts";
import { enqueuePagesSql } from "../../shared/queue-sql.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { type PushReceiver, startPushReceiver } from "../support/page-push-receiver.ts";
import { poll } from "../support/poll.ts";
import { freePort } from "../support/ports.ts";

// The aggregator's page-refresh worker against real parts: MariaDB (as the aggregator's own database user),
// an aggregator serving real routes from a real back-end on 127.0.0.1, and the contract's other side — a
// push receiver that verifies signatures with shared/signing.ts.

const SECRET = "page-push-secret-for-tests";
const quiet = createLogger({}, { write: () => undefined });
let t: TestDatabase;
let aggDb: Db;
let backend: TestBackend;
let agg: Aggregator;
let aggUrl = "";
let receiver: PushReceiver;
let refresh: PageRefresh | null = null;
let metrics: ProcessMetrics;
let busyCalls = 0;

const view = tsxTemplate<Record<string, unknown>>("vacancy", (data) => `<h1>${JSON.stringify(data.vacancy)}</h1>`);

beforeAll(async () => {
  t = await createTestDatabase("page_refresh");
  aggDb = createDb((await t.roleLogin("aggregator")).target, { connectionLimit: 6 });
  backend = await startBackend((req, res) => {
    if (req.url?.startsWith("/vacancy/"))
      return sendXml(res, `<vacancy id="${req.url.slice(9)}"><title>Welder</title></vacancy>`);
    res.writeHead(500).end("boom");
  });
  agg = await createAggregator({
    pages: routesFromTable({
      // A rendered page from a back-end, storable at the edge.
      "/vacancy/[id]": {
        GET: (page) => {
          page.doc.vacancy = page.fetch("vacancies", `/vacancy/${page.params.id}`);
          page.header("cache-control", "public, s-maxage=60, stale-while-revalidate=600");
          page.header("cache-tag", "vacancies");
          return page.render(view);
        },
      },
      // A handler that revalidates: 304 when the visitor's (or the refresh's) ETag is current.
      "/versioned/[id]": {
        GET: (page) => {
          page.header("cache-control", "public, s-maxage=60");
          page.header("etag", `"v-${page.params.id}"`);
          if (page.headers["if-none-match"] === `"v-${page.params.id}"`) {
            page.status(304);
            return page.text("");
          }
          return page.text(`version ${page.params.id}`, "text/html; charset=utf-8");
        },
      },
      // A handler that ignores If-None-Match but sends an ETag: unchanged all the same.
      "/plain": {
        GET: (page) => {
          page.header("cache-control", "public, s-maxage=60");
          page.header("etag", 'W/"same"');
          return page.text("always the same", "text/html; charset=utf-8");
        },
      },
      "/private": {
        GET: (page) => {
          page.header("cache-control", "no-store");
          return page.text("for one visitor");
        },
      },
      // A required back-end fails: 502.
      "/broken": {
        GET: (page) => {
          page.doc.vacancy = page.fetch("vacancies", "/fail");
          page.header("cache-control", "public, s-maxage=60");
          return page.render(view);
        },
      },
    }),
    backends: [{ name: "vacancies", servers: [backend.url], timeoutMs: 2000, maxTries: 1, required: true }],
    settings: aggregatorSettings(),
    logger: quiet,
  });
  aggUrl = await agg.listen(0);
  receiver = await startPushReceiver(SECRET);
});

afterAll(async () => {
  await refresh?.stop(1000);
  await agg.close(1000);
  await backend.close();
  await receiver.close();
  await aggDb.end();
  await t.drop();
});

beforeEach(async () => {
  await t.db.query("DELETE FROM job");
  receiver.pushes.length = 0;
  receiver.answers.length = 0;
  receiver.mode = "ok";
  busyCalls = 0;
});

afterEach(async () => {
  await refresh?.stop(1000);
  refresh = null;
});

function start(options: { edgeUrl?: string; busy?: () => boolean } = {}): void {
  metrics = createProcessMetrics();
  refresh = startPageRefresh(
    { db: aggDb, log: quiet, errors: { record: async () => undefined }, metrics },
    {
      owner: `test-aggregator:${Math.random()}`,
      renderUrl: aggUrl,
      edgeUrl: options.edgeUrl ?? receiver.url,
      pushSecret: SECRET,
      edgeSecret: null,
      concurrency: 2,
      pollMs: 20,
      leaseMs: 10_000,
      heartbeatMs: 1000,
      retryBaseMs: 60_000,
      renderTimeoutMs: 5000,
      maintenanceMs: 100,
      deadJobRetentionDays: 7,
      busy: () => {
        busyCalls++;
        return options.busy?.() ?? false;
      },
    },
  );
}

/** Queues pages as the edge does: its one autocommit statement, the `page` lane. */
async function enqueue(...pages: { url: string; etag?: string; lastModified?: string; payload?: string }[]) {
  const params: unknown[] = [];
  const keys: string[] = [];
  for (const p of pages) {
    const { etag, lastModified } = p;
    const job = await pageJobFor(new URL(p.url), {
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
    });
    keys.push(job.jobKey);
    params.push(job.jobKey, p.payload ?? job.payload, clientKeyBytes(PAGE_LANE), PAGE_PRIORITY);
  }
  await t.db.query(enqueuePagesSql(pages.length), params);
  return keys;
}

async function jobRows(): Promise<RowDataPacket[]> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM job WHERE kind = 'page' ORDER BY id");
  return rows;
}

describe("page refresh", () => {
  it("drains a queued page job: renders it through the aggregator and pushes the bytes, signed", async () => {
    await enqueue({ url: "https://jobs.example/vacancy/42?lang=en" });
    start();
    await poll(jobRows, (rows) => rows.length === 0, 15_000);
    expect(receiver.pushes).toHaveLength(1);
    const push = receiver.pushes[0] as PagePushStored;
    expect(push.url).toBe("https://jobs.example/vacancy/42?lang=en");
    expect(push.status).toBe(200);
    const live = await (await fetch(`${aggUrl}/vacancy/42?lang=en`)).text();
    expect(Buffer.from(push.body, "base64").toString("utf8")).toBe(live);
    expect(live).toContain("Welder");
    const headers = new Map(push.headers);
    expect(headers.get("cache-control")).toBe("public, s-maxage=60, stale-while-revalidate=600");
    expect(headers.get("cache-tag")).toBe("vacancies");
    expect(headers.has("x-request-id")).toBe(false);
    expect(push.renderedAt).toBeLessThanOrEqual(Date.now());
    // The refresh was a request like a visitor's, with the URL's host forwarded.
    expect(metrics.snapshot().completed).toBe(1);
  });

  it("revalidates with the stored ETag: a 304, or the same ETag again, pushes notModified", async () => {
    await enqueue(
      { url: "https://jobs.example/versioned/7", etag: '"v-7"' },
      { url: "https://jobs.example/plain", etag: '"same"' },
      { url: "https://jobs.example/versioned/8", etag: '"v-old"' },
    );
    start();
    await poll(jobRows, (rows) => rows.length === 0, 15_000);
    const byUrl = new Map(receiver.pushes.map((p) => [p.url, p]));
    const v7 = byUrl.get("https://jobs.example/versioned/7");
    expect(v7).toMatchObject({ notModified: true });
    expect(v7 && "body" in v7).toBe(false);
    expect(new Map(v7?.headers).get("cache-control")).toBe("public, s-maxage=60");
    expect(new Map(v7?.headers).get("etag")).toBe('"v-7"');
    expect(byUrl.get("https://jobs.example/plain")).toMatchObject({ notModified: true });
    // A changed page is pushed whole.
    const v8 = byUrl.get("https://jobs.example/versioned/8") as PagePushStored;
    expect(Buffer.from(v8.body, "base64").toString()).toBe("version 8");
  });

  it("buries a job with a bad payload, with the reason, and goes on with the next", async () => {
    const [notJson, wrongKey] = ["p:bad.example/not-json", "p:bad.example/wrong-key"];
    await t.db.query(enqueuePagesSql(2), [
      notJson,
      "{not json",
      clientKeyBytes(PAGE_LANE),
      PAGE_PRIORITY,
      wrongKey,
      JSON.stringify({ url: "https://bad.example/a", key: "p:bad.example/b" }),
      clientKeyBytes(PAGE_LANE),
      PAGE_PRIORITY,
    ]);
    await enqueue({ url: "https://jobs.example/vacancy/5" });
    start();
    const rows = await poll(jobRows, (r) => r.length === 2 && r.every((j) => j.state === 9), 15_000);
    const byKey = new Map(rows.map((r) => [r.job_key, String(r.last_error)]));
    expect(byKey.get(notJson)).toBe("bad page job payload: not a JSON object");
    expect(byKey.get(wrongKey)).toMatch(/key "p:bad.example\/b" is not the URL's cache key/);
    await poll(
      async () => receiver.pushes.length,
      (n) => n === 1,
      15_000,
    );
    expect(metrics.snapshot().fetchErrors.BAD_PAYLOAD).toBe(2);
  });

  it("keeps a job whose push failed (edge 5xx, or no edge at all) for a retry", async () => {
    receiver.mode = "fail";
    await enqueue({ url: "https://jobs.example/vacancy/9" });
    start();
    let rows = await poll(jobRows, (r) => r[0]?.state === 2, 15_000);
    expect(rows[0]?.attempts).toBe(1);
    expect(String(rows[0]?.last_error)).toMatch(/^PUSH_5XX: the edge answered the page push with 503/);
    await refresh?.stop(1000);

    // Due now, an edge that refuses connections: retried again, still not lost.
    await t.db.query("UPDATE job SET due_at = NOW(3) WHERE kind = 'page'");
    const closed = `http://127.0.0.1:${await freePort()}`;
    start({ edgeUrl: closed });
    rows = await poll(jobRows, (r) => r[0]?.state === 2 && r[0]?.attempts === 2, 15_000);
    expect(String(rows[0]?.last_error)).toMatch(/^PUSH_UNREACHABLE: edge unreachable/);
    await refresh?.stop(1000);

    // The edge is back: the job's next attempt lands.
    receiver.mode = "ok";
    await t.db.query("UPDATE job SET due_at = NOW(3) WHERE kind = 'page'");
    start();
    await poll(jobRows, (r) => r.length === 0, 15_000);
    expect(receiver.pushes.map((p) => p.url)).toEqual(["https://jobs.example/vacancy/9"]);
  });

  it("retries a page that failed (5xx), and completes one the edge may not store without pushing it", async () => {
    await enqueue({ url: "https://jobs.example/broken" }, { url: "https://jobs.example/private" });
    start();
    const rows = await poll(jobRows, (r) => r.length === 1 && r[0]?.state === 2, 15_000);
    expect(rows[0]?.job_key).toBe("p:jobs.example/broken");
    expect(String(rows[0]?.last_error)).toMatch(/^PAGE_5XX: the page answered 50\d/);
    expect(receiver.pushes).toHaveLength(0);
    expect(metrics.snapshot().fetchErrors.NOT_STORABLE).toBe(1);
  });

  it("an edge that refuses the page as not storable (422) ends the job without retries", async () => {
    receiver.mode = "refuse";
    await enqueue({ url: "https://jobs.example/vacancy/11" });
    start();
    await poll(jobRows, (r) => r.length === 0, 15_000);
    expect(receiver.answers).toEqual([422]);
    expect(metrics.snapshot().fetchErrors.PUSH_NOT_STORABLE).toBe(1);
  });

  it("keeps the queue up without raters: expired leases back, old dead page jobs and throughput pruned", async () => {
    const [abandoned] = await enqueue({ url: "https://jobs.example/vacancy/13" });
    // Its holder died: leased, lease run out.
    await t.db.query(
      "UPDATE job SET state = 1, lease_owner = 'dead:1:x', lease_token = UNHEX(REPEAT('ab', 16)), due_at = NOW(3) - INTERVAL 1 SECOND, attempts = 1, vtag = 1 WHERE job_key = ?",
      [abandoned],
    );
    await t.db.query(
      `INSERT INTO job (kind, job_key, payload, client_key, state, updated_at) VALUES
         ('page', 'p:old.example/dead', '{}', 'page', 9, NOW(3) - INTERVAL 8 DAY),
         ('page', 'p:new.example/dead', '{}', 'page', 9, NOW(3) - INTERVAL 1 DAY)`,
    );
    await t.db.query(
      "INSERT INTO job_throughput (kind, minute, completed) VALUES ('page', UTC_TIMESTAMP() - INTERVAL 8 DAY, 5)",
    );
    start();
    const rows = await poll(jobRows, (r) => r.length === 1, 15_000);
    expect(rows.map((r) => r.job_key)).toEqual(["p:new.example/dead"]); // the recent dead job stays
    expect(receiver.pushes.map((p) => p.url)).toEqual(["https://jobs.example/vacancy/13"]);
    const [old] = await t.db.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM job_throughput WHERE minute < UTC_TIMESTAMP() - INTERVAL 7 DAY",
    );
    expect(Number(old[0]?.n)).toBe(0);
  });

  it("claims nothing while the aggregator is busy with live requests", async () => {
    await enqueue({ url: "https://jobs.example/vacancy/12" });
    let busy = true;
    start({ busy: () => busy });
    await poll(
      async () => busyCalls,
      (n) => n >= 10,
      15_000,
    ); // ten claim rounds passed
    const rows = await jobRows();
    expect(rows[0]?.attempts).toBe(0);
    expect(rows[0]?.state === 0 || rows[0]?.state === 3).toBe(true);
    busy = false;
    await poll(jobRows, (r) => r.length === 0, 15_000);
    expect(receiver.pushes).toHaveLength(1);
  });
});
