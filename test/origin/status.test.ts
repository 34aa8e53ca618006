import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createErrorRecorder } from "../../origin/errors/record.ts";
import { createLogger } from "../../origin/log.ts";
import { createProcessMetrics } from "../../origin/process/metrics.ts";
import { reportProcess } from "../../origin/process/registry.ts";
import { claimJobs, enqueueJobs, failJob, tagNewJobs } from "../../origin/queue/index.ts";
import { type StatusServer, startStatusServer } from "../../origin/status/server.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;
let open: StatusServer;
let guarded: StatusServer;
const TOKEN = "s3cret-status-token";

interface StatusJson {
  queue: { depth: { kind: string; state: string; priority: number; jobs: number }[]; totals: Record<string, number> };
  throughput: { minute: string; completed: Record<string, number> }[];
  processes: { id: string; role: string; pid: number; inFlight: number; completed: number; rssBytes: number }[];
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
    { state: "running", inFlight: 2, rssBytes: 90 * 1_048_576, metrics: metrics.snapshot() },
    metrics.takeDeltas(),
  );
  const errors = createErrorRecorder(
    t.db,
    { host: "box", processName: "rater" },
    createLogger({}, { write: () => {} }),
  );
  await errors.record(Object.assign(new Error("the <site> exploded"), { code: "BOOM" }), { domain: "x.com" });
  open = await startStatusServer({ db: t.db, host: "127.0.0.1", port: 0, token: null });
  guarded = await startStatusServer({ db: t.db, host: "127.0.0.1", port: 0, token: TOKEN });
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
      expect.objectContaining({ id: "box:4242:abc", role: "rater", pid: 4242, inFlight: 2, completed: 1 }),
    ]);
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
    expect(html).toContain("box:4242:abc".split(":")[0]);
    expect(html).toContain("the &lt;site&gt; exploded");
    expect(html).not.toContain("the <site> exploded");
    expect(html).toContain("template &lt;exploded&gt;");
    expect(html).not.toMatch(/<script|src="http|href="http/);
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
    for (const line of text.trim().split("\n"))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{.*\})? -?[\d.e+-]+)$/);
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
