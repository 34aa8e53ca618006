import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../origin/db/pool.ts";
import { createErrorRecorder } from "../../origin/errors/record.ts";
import { createLogger } from "../../origin/log.ts";
import { createProcessMetrics } from "../../origin/process/metrics.ts";
import { listLiveProcesses, pruneDeadProcesses, reportProcess } from "../../origin/process/registry.ts";
import { claimJobs, enqueueJobs, failJob, tagNewJobs } from "../../origin/queue/index.ts";
import { type StatusServer, startStatusServer } from "../../origin/status/server.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { freePort } from "../support/ports.ts";

let t: TestDatabase;
let open: StatusServer;
let guarded: StatusServer;
const TOKEN = "s3cret-status-token";
const AGGREGATOR = {
  id: "web1:5151:xyz",
  role: "aggregator",
  host: "web1",
  pid: 5151,
  port: 8788,
  startedAt: new Date(),
  concurrency: 256,
};

function counters(m: ReturnType<ReturnType<typeof createProcessMetrics>["snapshot"]>) {
  return { claimed: m.claimed, completed: m.completed, failed: m.failed, metrics: m };
}

interface StatusJson {
  queue: { depth: { kind: string; state: string; priority: number; jobs: number }[]; totals: Record<string, number> };
  throughput: { minute: string; completed: Record<string, number> }[];
  processes: {
    id: string;
    role: string;
    pid: number;
    port: number | null;
    inFlight: number;
    concurrency: number;
    completed: number;
    failed: number;
    rssBytes: number;
  }[];
  clients: { client: string; waiting: number; leased: number }[];
  errors: { message: string; stack: string | null; process: string }[];
  deadJobs: { kind: string; key: string; lastError: string | null }[];
  pushBacklog: number;
}

beforeAll(async () => {
  t = await createTestDatabase("status");
  // A flooding client, a light one and an import lane; some claimed by a "rater" that reports itself.
  await enqueueJobs(t.db, "rate", [
    ...Array.from({ length: 12 }, (_, i) => ({ key: `flood${i}.com`, clientKey: "0a000001" })),
    { key: "light.com", clientKey: "c0a80001", priority: 10 },
    { key: "imported.com", clientKey: "import", priority: 150 },
  ]);
  await tagNewJobs(t.db, "rate");
  await claimJobs(t.db, { kind: "rate", owner: "box:4242:abc", limit: 2 });
  await enqueueJobs(t.db, "page", [{ key: "/broken", clientKey: "01", maxAttempts: 1 }]);
  const [broken] = await claimJobs(t.db, { kind: "page", owner: "box:4242:abc", limit: 1 });
  if (broken) await failJob(t.db, broken, { error: "template <exploded>" });
  const metrics = createProcessMetrics();
  metrics.countClaimed(2);
  metrics.observeJob("rate", 1500, true);
  metrics.observeJob("rate", 300, false);
  metrics.countFetchError("ECONNRESET");
  await reportProcess(
    t.db,
    { id: "box:4242:abc", role: "rater", host: "box", pid: 4242, startedAt: new Date(), concurrency: 8 },
    { state: "running", inFlight: 2, rssBytes: 90 * 1_048_576, ...counters(metrics.snapshot()) },
    metrics.takeDeltas(),
  );
  // An aggregator: requests, not jobs — 3 serving now, 41 answered, 2 of them with a 5xx — on port 8788.
  await reportProcess(t.db, AGGREGATOR, {
    state: "running",
    inFlight: 3,
    rssBytes: 70 * 1_048_576,
    claimed: 0,
    completed: 41,
    failed: 2,
    metrics: null,
  });
  const errors = createErrorRecorder(
    t.db,
    { host: "box", processName: "rater" },
    createLogger({}, { write: () => {} }),
  );
  await errors.record(Object.assign(new Error("the <site> exploded"), { code: "BOOM" }), { domain: "x.com" });
  // These tests change the database between requests and want each answer fresh: no sharing of reads.
  open = await startStatusServer({ db: t.db, host: "127.0.0.1", port: 0, token: null, shareMs: 0 });
  guarded = await startStatusServer({ db: t.db, host: "127.0.0.1", port: 0, token: TOKEN, shareMs: 0 });
});

afterAll(async () => {
  await open?.close();
  await guarded?.close();
  await t?.drop();
});

const base = (s: StatusServer) => s.url.replace(/\/status$/, "");

describe("the status pages", () => {
  it("report queue depth, live raters, busiest clients, throughput and errors as JSON", async () => {
    const res = await fetch(`${base(open)}/status.json`);
    expect(res.status).toBe(200);
    const data = (await res.json()) as StatusJson;
    expect(data.queue.totals).toMatchObject({ ready: 12, leased: 2 });
    expect(data.queue.depth).toContainEqual({ kind: "rate", state: "ready", priority: 150, jobs: 1 });
    expect(data.processes).toEqual([
      expect.objectContaining({ id: "web1:5151:xyz", role: "aggregator", pid: 5151, port: 8788, inFlight: 3 }),
      expect.objectContaining({ id: "box:4242:abc", role: "rater", pid: 4242, port: null, inFlight: 2, completed: 1 }),
    ]);
    expect(data.processes[0]).toMatchObject({ concurrency: 256, completed: 41, failed: 2, metrics: null });
    expect(data.clients[0]).toMatchObject({ client: "10.0.0.1", waiting: 11, leased: 1 });
    expect(data.clients.map((c) => c.client)).toEqual(expect.arrayContaining(["192.168.0.1", "import"]));
    expect(data.throughput).toHaveLength(60);
    expect(data.throughput.at(-1)?.completed.rate).toBe(1);
    expect(data.errors[0]).toMatchObject({ message: "the <site> exploded", process: "rater" });
    expect(data.errors[0]?.stack).toContain("status.test.ts");
    expect(data.deadJobs).toEqual([
      expect.objectContaining({ kind: "page", key: "/broken", lastError: "template <exploded>" }),
    ]);
  });

  it("serves a self-refreshing HTML page with an inline SVG chart and escaped errors", async () => {
    const res = await fetch(`${base(open)}/status`);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('http-equiv="refresh"');
    expect(html).toContain("<svg");
    // The rater's row, cell by cell: role, host, pid, then (after its times) state, in flight / concurrency.
    expect(html).toMatch(
      /<tr><td>rater<\/td><td>box<\/td><td>4242<\/td><td>[^<]+<\/td><td>[^<]+ ago<\/td><td>running<\/td><td>2 \/ 8<\/td>/,
    );
    expect(html).toContain("the &lt;site&gt; exploded");
    expect(html).not.toContain("the <site> exploded");
    expect(html).toContain("template &lt;exploded&gt;");
    expect(html).not.toMatch(/<script|src="http|href="http/);
  });

  it("lists aggregators in a table of their own: port, active requests, requests served and RSS", async () => {
    const html = await (await fetch(`${base(open)}/status`)).text();
    const raters = html.match(/<table id="processes">.*?<\/table>/s)?.[0] ?? "";
    const aggregators = html.match(/<table id="aggregators">.*?<\/table>/s)?.[0] ?? "";
    expect(raters).toContain("<td>rater</td>");
    expect(raters).not.toContain("web1");
    expect(aggregators).toContain("<th>active requests</th><th>served</th>");
    expect(aggregators).toMatch(
      /<tr><td>web1<\/td><td>8788<\/td><td>5151<\/td>.*<td>running<\/td><td>3 \/ 256<\/td><td>41<\/td><td>2<\/td><td>off<\/td><td>70 MiB<\/td><\/tr>/,
    );
  });

  it("exposes Prometheus metrics with queue depth, process counters and duration histograms", async () => {
    const res = await fetch(`${base(open)}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    expect(text).toMatch(/^bonafide_queue_jobs\{kind="rate",state="ready",priority="100"\} 11$/m);
    expect(text).toMatch(/^bonafide_jobs_claimed_total\{process="box:4242:abc",role="rater",host="box"\} 2$/m);
    expect(text).toMatch(/^bonafide_job_duration_seconds_bucket\{.*le="2.5"\} 2$/m);
    expect(text).toMatch(/^bonafide_job_duration_seconds_bucket\{.*le="1"\} 1$/m);
    expect(text).toMatch(/^bonafide_fetch_errors_total\{.*code="ECONNRESET"\} 1$/m);
    expect(text).toMatch(/^bonafide_kv_push_backlog 0$/m);
    expect(text).toMatch(/^bonafide_process_resident_memory_bytes\{.*\} 94371840$/m);
    const web1 = 'process="web1:5151:xyz",role="aggregator",host="web1"';
    expect(text).toContain(`bonafide_aggregator_requests_total{${web1}} 41\n`);
    expect(text).toContain(`bonafide_aggregator_server_errors_total{${web1}} 2\n`);
    expect(text).toContain(`bonafide_aggregator_active_requests{${web1}} 3\n`);
    expect(text).toContain(`bonafide_process_resident_memory_bytes{${web1}} 73400320\n`);
    expect(text).toContain(`bonafide_process_up{${web1}} 1\n`);
    // Its requests are not jobs: no job counters for it.
    expect(text).not.toMatch(/^bonafide_(jobs|job_duration)\w*\{process="web1/m);
    for (const line of text.trim().split("\n"))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{.*\})? -?[\d.e+-]+)$/);
  });

  it("hides a process whose heartbeat stopped at once, and prunes its row later, aggregators like raters", async () => {
    const dead = { ...AGGREGATOR, id: "web2:6161:old", host: "web2", pid: 6161 };
    const sample = { state: "running" as const, inFlight: 1, rssBytes: 1, claimed: 0, completed: 5, failed: 0 };
    await reportProcess(t.db, dead, { ...sample, metrics: null });
    await reportProcess(
      t.db,
      { ...dead, id: "web3:7171:old", role: "rater", port: null },
      { ...sample, metrics: null },
    );
    const ids = async () => (await listLiveProcesses(t.db, 30_000)).map((p) => p.id);
    expect(await ids()).toEqual(expect.arrayContaining(["web2:6161:old", "web3:7171:old"]));
    // Both stopped reporting a minute ago (killed: no deregistration).
    await t.db.query(
      "UPDATE origin_process SET heartbeat_at = NOW(3) - INTERVAL 1 MINUTE WHERE id IN ('web2:6161:old', 'web3:7171:old')",
    );
    expect(await ids()).toEqual(["web1:5151:xyz", "box:4242:abc"]);
    const json = (await (await fetch(`${base(open)}/status.json`)).json()) as StatusJson;
    expect(json.processes.map((p) => p.id)).not.toContain("web2:6161:old");
    expect(await pruneDeadProcesses(t.db, 30_000)).toBe(2);
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT id FROM origin_process ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual(["box:4242:abc", "web1:5151:xyz"]);
  });

  it("shows a process as gone once its heartbeat is overdue (3 report intervals), whatever its row says", async () => {
    const killed = { ...AGGREGATOR, id: "box:8282:killed", host: "box", pid: 8282, role: "rater", port: null };
    const sample = { state: "running" as const, inFlight: 4, rssBytes: 1, claimed: 9, completed: 5, failed: 0 };
    await reportProcess(t.db, killed, { ...sample, metrics: null });
    // SIGKILLed 20 s ago: its row still says running, but 20 s is four 5 s report intervals without a heartbeat.
    await t.db.query(
      "UPDATE origin_process SET heartbeat_at = NOW(3) - INTERVAL 20 SECOND WHERE id = 'box:8282:killed'",
    );
    try {
      const json = (await (await fetch(`${base(open)}/status.json`)).json()) as StatusJson & {
        goneProcesses: { id: string; state: string }[];
      };
      expect(json.processes.map((p) => p.id)).not.toContain("box:8282:killed");
      expect(json.goneProcesses).toContainEqual(expect.objectContaining({ id: "box:8282:killed", state: "gone" }));
      const metrics = await (await fetch(`${base(open)}/metrics`)).text();
      expect(metrics).toContain('bonafide_process_up{process="box:8282:killed",role="rater",host="box"} 0\n');
      expect(metrics).not.toMatch(/^bonafide_jobs_in_flight\{process="box:8282:killed"/m);
      const html = await (await fetch(`${base(open)}/status`)).text();
      const gone = html.match(/<table id="gone">.*?<\/table>/s)?.[0] ?? "";
      expect(gone).toMatch(/<td>rater<\/td><td>box<\/td><td>8282<\/td>.*<td>gone<\/td>/);
      expect(html.match(/<table id="processes">.*?<\/table>/s)?.[0]).not.toContain("8282");
    } finally {
      await t.db.query("DELETE FROM origin_process WHERE id = 'box:8282:killed'");
    }
  });

  it("answers 200 with its own figures and database_up 0 when the database refuses", async () => {
    // A pool on a port where nothing listens: every read is refused at once.
    const idle = await freePort();
    const down = createDb({ ...t.target, port: idle }, { connectionLimit: 1 });
    const outage = await startStatusServer({ db: down, host: "127.0.0.1", port: 0, token: null, shareMs: 0 });
    try {
      const metrics = await fetch(`${base(outage)}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toMatch(/^bonafide_database_up 0$/m);
      expect(text).toMatch(
        new RegExp(
          `^bonafide_status_resident_memory_bytes\\{process="[^"]+:${process.pid}",role="status",host="[^"]+"\\} \\d+$`,
          "m",
        ),
      );
      expect(text).not.toContain("bonafide_queue_jobs{");
      const json = await fetch(`${base(outage)}/status.json`);
      expect(json.status).toBe(200);
      expect(await json.json()).toMatchObject({
        database: { up: false, readAt: null, ageSeconds: null, error: expect.stringContaining("ECONNREFUSED") },
        self: { pid: process.pid },
      });
      const html = await fetch(`${base(outage)}/status`);
      expect(html.status).toBe(200);
      expect(await html.text()).toContain('id="database-down"');
    } finally {
      await outage.close();
      await down.end().catch(() => undefined); // mysql2 rejects end() with the last connect error
    }
    const up = await (await fetch(`${base(open)}/metrics`)).text();
    expect(up).toMatch(/^bonafide_database_up 1$/m);
  });

  it("shares one read among the requests of a moment (the queries scan the job table), then reads again", async () => {
    const sharing = await startStatusServer({ db: t.db, host: "127.0.0.1", port: 0, token: null, shareMs: 60_000 });
    try {
      const count = async () =>
        ((await (await fetch(`${base(sharing)}/status.json`)).json()) as StatusJson).processes.length;
      const [a, b] = await Promise.all([count(), count()]);
      expect(b).toBe(a);
      const extra = { ...AGGREGATOR, id: "web9:9191:new", host: "web9", pid: 9191 };
      const sample = { state: "running" as const, inFlight: 0, rssBytes: 1, claimed: 0, completed: 0, failed: 0 };
      await reportProcess(t.db, extra, { ...sample, metrics: null });
      expect(await count()).toBe(a); // within the window: the shared read, without the new process
      expect(((await (await fetch(`${base(open)}/status.json`)).json()) as StatusJson).processes).toHaveLength(a + 1);
      await t.db.query("DELETE FROM origin_process WHERE id = 'web9:9191:new'");
    } finally {
      await sharing.close();
    }
  });

  it("asks for the token when one is configured, and takes it as a bearer or a query parameter", async () => {
    const denied = await fetch(`${base(guarded)}/status.json`);
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe("STATUS_TOKEN_REQUIRED");
    expect((await fetch(`${base(guarded)}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const bearer = await fetch(`${base(guarded)}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect((await fetch(`${base(guarded)}/status?token=${TOKEN}`)).status).toBe(200);
  });

  it("answers unknown paths and methods with clear 4xx errors", async () => {
    const missing = await fetch(`${base(open)}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const post = await fetch(`${base(open)}/status`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});
