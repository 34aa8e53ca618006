/**
 * @module The operator console (issue 17) against the real MariaDB, a real status server and a real rater:
 * failures that will be retried are counted and shown (the status page used to say "none" while they
 * piled up), a job's page and a lane's, and every action — retry, cancel, cancel a lane, pause, resume —
 * through the JSON endpoints with the admin token, refused without it or without the CSRF token, audited;
 * and the same actions through `npx bonafide jobs`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneAudit } from "../../origin/console/store.ts";
import { pruneJobEvents } from "../../origin/queue/events.ts";
import { claimJobs, enqueueJobs, tagNewJobs } from "../../origin/queue/index.ts";
import { JobState } from "../../origin/queue/types.ts";
import { createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { type StatusServer, startStatusServer } from "../../origin/status/server.ts";
import { runCli } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { poll } from "../support/poll.ts";
import { startTestRater } from "../support/rater.ts";

const ADMIN = "console-admin-token-for-tests";
let t: TestDatabase;
let site: Server;
let sitePort = 0;
let status: StatusServer;
let noActions: StatusServer;
const base = (s: StatusServer) => s.url.replace(/\/status$/, "");
const admin = { authorization: `Bearer ${ADMIN}` };

beforeAll(async () => {
  t = await createTestDatabase("console");
  // A site that is always busy: every rating attempt fails transiently and is retried.
  site = createServer((req, res) =>
    res.writeHead(req.url === "/robots.txt" ? 404 : 503, { "content-type": "text/plain" }).end("busy"),
  );
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  sitePort = (site.address() as AddressInfo).port;
  status = await startStatusServer({
    db: t.db,
    host: "127.0.0.1",
    port: 0,
    token: null,
    adminToken: ADMIN,
    shareMs: 0,
  });
  noActions = await startStatusServer({ db: t.db, host: "127.0.0.1", port: 0, token: null, shareMs: 0 });
});

afterAll(async () => {
  await status?.close();
  await noActions?.close();
  await new Promise((resolve) => site?.close(resolve));
  await t?.drop();
});

async function statusJson(): Promise<Record<string, unknown> & { failures: { byCode: Record<string, unknown>[] } }> {
  return (await (await fetch(`${base(status)}/status.json`)).json()) as never;
}

async function jobId(kind: string, key: string): Promise<string> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT id FROM job WHERE kind = ? AND job_key = ?", [kind, key]);
  return String(rows[0]?.id);
}

const post = (path: string, init: RequestInit = {}) => fetch(`${base(status)}${path}`, { method: "POST", ...init });

describe("failures that will be retried", () => {
  it("are counted per minute and by error kind with their latest example, though none reaches the error log", async () => {
    const domains = ["busy-a.example", "busy-b.example", "busy-c.example"];
    await enqueueJobs(
      t.db,
      "rate",
      domains.map((key) => ({ key, clientKey: "c0a80001", priority: 10, maxAttempts: 20 })),
    );
    const fetcher = createSiteFetcher({
      connectTo: domains.map((d) => `${d}:80:127.0.0.1:${sitePort}`).join(","),
      userAgent: "bonafide-test",
    });
    // Long backoff: each job fails once and waits; nothing runs out of attempts.
    const rater = startTestRater(t.db, fetcher, { retryBaseMs: 600_000 });
    let data: Awaited<ReturnType<typeof statusJson>>;
    try {
      data = await poll(
        statusJson,
        (d) => d.failures.byCode.some((f) => f.kind === "rate" && Number(f.retried) >= domains.length),
        20_000,
      );
    } finally {
      await rater.stop(1_000);
      await fetcher.close();
    }
    // The old page's only failure list: transient failures are not errors of the system, so it stays empty.
    expect(data.errors).toEqual([]);
    const rate = data.failures.byCode.find((f) => f.kind === "rate") as {
      code: string;
      retried: number;
      final: number;
      latest: { key: string; message: string; jobId: string };
    };
    expect(rate.retried).toBe(domains.length);
    expect(rate.final).toBe(0);
    expect(rate.code).toMatch(/^[A-Z0-9_]+$/);
    expect(domains).toContain(rate.latest.key);
    const perMinute = (data.failures as unknown as { perMinute: { retried: Record<string, number> }[] }).perMinute;
    expect(perMinute).toHaveLength(60);
    expect(perMinute.reduce((n, p) => n + (p.retried.rate ?? 0), 0)).toBe(domains.length);
    const page = await (await fetch(`${base(status)}/status`)).text();
    expect(page).toContain("failed, will be retried");
    const metrics = await (await fetch(`${base(status)}/metrics`)).text();
    expect(metrics).toContain(
      `bonafide_job_failed_attempts_last_hour{kind="rate",code="${rate.code}",outcome="retry"} ${domains.length}\n`,
    );
    expect(page).toMatch(
      new RegExp(`<table id="failures">.*${rate.code}.*${rate.latest.key.replace(/\./g, "\\.")}`, "s"),
    );

    // The job's page: delayed, one attempt, its error and its history row.
    const job = (await (await fetch(`${base(status)}/jobs/${rate.latest.jobId}.json`)).json()) as Record<
      string,
      unknown
    >;
    expect(job).toMatchObject({ state: "delayed", attempts: 1, key: rate.latest.key, leaseOwner: null });
    expect(String(job.lastError)).toMatch(/503/);
    expect(job.history).toMatchObject([{ event: "retry", attempt: 1, code: rate.code }]);
  });
});

describe("the console's JSON endpoints and their guard", () => {
  it("refuses actions without the admin token (401), with a wrong one (401), and when none is configured (403)", async () => {
    const none = await post("/api/kinds/rate/pause");
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("ADMIN_TOKEN_REQUIRED");
    const wrong = await post("/api/kinds/rate/pause", { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const off = await fetch(`${base(noActions)}/api/kinds/rate/pause`, { method: "POST", headers: admin });
    expect(off.status).toBe(403);
    expect(((await off.json()) as { error: { code: string } }).error.code).toBe("ACTIONS_DISABLED");
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM job_pause");
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it("refuses a browser post without the session's CSRF token, or from another site (403)", async () => {
    const login = await post("/login", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: ADMIN, back: "/status" }),
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    const cookie = String(login.headers.get("set-cookie"));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(";")[0] as string;
    const form = { "content-type": "application/x-www-form-urlencoded", cookie: session };
    const noCsrf = await post("/api/kinds/rate/pause", { headers: form, body: "back=/status", redirect: "manual" });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe("CSRF_TOKEN_INVALID");
    const page = await (await fetch(`${base(status)}/status`, { headers: { cookie: session } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    expect(csrf).toBeTruthy();
    const crossSite = await post("/api/kinds/rate/pause", {
      headers: { ...form, origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      body: new URLSearchParams({ csrf, back: "/status" }),
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe("CSRF_REFUSED");
    const badLogin = await post("/login", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "guess" }),
      redirect: "manual",
    });
    expect(badLogin.status).toBe(401);
    expect(badLogin.headers.get("set-cookie")).toBeNull();
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM console_audit");
    expect(Number(rows[0]?.n)).toBe(0);

    // With both, the same post works and returns to the page it came from.
    const ok = await post("/api/kinds/rate/pause", {
      headers: { ...form, origin: new URL(status.url).origin, "sec-fetch-site": "same-origin" },
      body: new URLSearchParams({ csrf, back: "/status" }),
      redirect: "manual",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/status");
    expect((await post("/api/kinds/rate/resume", { headers: admin })).status).toBe(200);
  });

  it("answers bad input with 400 and unknown jobs with 404, never a 500", async () => {
    const badKind = await post("/api/kinds/NOT%20A%20KIND/pause", { headers: admin });
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as { error: { code: string } }).error.code).toBe("BAD_KIND");
    expect((await post("/api/jobs/abc/retry", { headers: admin })).status).toBe(400);
    expect((await post("/api/jobs/999999999/cancel", { headers: admin })).status).toBe(404);
    expect((await fetch(`${base(status)}/jobs/999999999.json`)).status).toBe(404);
    expect((await fetch(`${base(status)}/lanes/rate/zz!`)).status).toBe(400);
    expect((await post("/api/nothing", { headers: admin })).status).toBe(404);
    const big = await post("/api/kinds/rate/pause", { headers: admin, body: "x".repeat(20_000) });
    expect(big.status).toBe(413);
  });

  it("pauses a kind (claims stop, enqueueing goes on, the page says so), resumes it, and audits both", async () => {
    const paused = await post("/api/kinds/pausable/pause", { headers: admin });
    expect(await paused.json()).toEqual({ action: "pause", target: "kind pausable", affected: 1 });
    expect(await enqueueJobs(t.db, "pausable", [{ key: "p1", clientKey: "c0a80009" }])).toBe(1);
    await tagNewJobs(t.db, "pausable");
    expect(await claimJobs(t.db, { kind: "pausable", owner: "test", limit: 5 })).toEqual([]);
    const page = await (await fetch(`${base(status)}/status`)).text();
    expect(page).toMatch(/id="paused-pausable"><b>pausable is paused<\/b>/);
    const job = (await (await fetch(`${base(status)}/jobs/${await jobId("pausable", "p1")}.json`)).json()) as {
      paused: boolean;
      position: number;
      state: string;
    };
    expect(job).toMatchObject({ paused: true, state: "ready", position: 0 });
    expect((await post("/api/kinds/pausable/resume", { headers: admin })).status).toBe(200);
    expect(await claimJobs(t.db, { kind: "pausable", owner: "test", limit: 5 })).toHaveLength(1);
    const audit = ((await statusJson()) as unknown as { audit: { action: string; target: string; actor: string }[] })
      .audit;
    expect(audit.slice(0, 2)).toMatchObject([
      { action: "resume", target: "kind pausable", actor: expect.stringMatching(/^token [0-9a-f]{12} from loopback$/) },
      { action: "pause", target: "kind pausable" },
    ]);
    expect(JSON.stringify(audit)).not.toContain(ADMIN);
  });

  it("retries a dead job and all dead jobs of a kind, cancels a job and a lane, shows a lane with positions", async () => {
    await enqueueJobs(t.db, "chore", [
      { key: "d1", clientKey: "c0a8000a" },
      { key: "d2", clientKey: "c0a8000a" },
      { key: "d3", clientKey: "c0a8000a" },
      { key: "w1", clientKey: "import" },
      { key: "w2", clientKey: "import" },
      { key: "other", clientKey: "c0a8000b" },
    ]);
    await tagNewJobs(t.db, "chore");
    await t.db.query(
      "UPDATE job SET state = ?, attempts = 5, last_error = 'gave up' WHERE kind = 'chore' AND job_key LIKE 'd%'",
      [JobState.Dead],
    );
    const d1 = await jobId("chore", "d1");
    const one = await post(`/api/jobs/${d1}/retry`, { headers: admin });
    expect(await one.json()).toEqual({ action: "retry", target: `job ${d1}`, affected: 1 });
    expect((await post(`/api/jobs/${d1}/retry`, { headers: admin })).status).toBe(409);
    const retried = (await (await fetch(`${base(status)}/jobs/${d1}.json`)).json()) as Record<string, unknown>;
    expect(retried).toMatchObject({ state: "new", attempts: 0 });
    expect(retried.history).toMatchObject([{ event: "retried", owner: expect.stringMatching(/^token /) }]);
    const all = await post("/api/kinds/chore/retry-dead", { headers: admin });
    expect(await all.json()).toMatchObject({ action: "retry-dead", affected: 2 });

    await tagNewJobs(t.db, "chore");
    const lane = (await (await fetch(`${base(status)}/lanes/chore/import.json`)).json()) as {
      client: string;
      jobs: { key: string; state: string; position: number | null }[];
    };
    expect(lane.client).toBe("import");
    expect(lane.jobs.map((j) => j.key).sort()).toEqual(["w1", "w2"]);
    for (const j of lane.jobs) expect(j).toMatchObject({ state: "ready", position: expect.any(Number) });
    const places = lane.jobs.map((j) => j.position as number);
    expect(new Set(places).size).toBe(2);
    const lanePage = await (await fetch(`${base(status)}/lanes/chore/import`)).text();
    expect(lanePage).toContain('id="lane"');

    const cancelled = await post("/api/lanes/chore/import/cancel", { headers: admin });
    expect(await cancelled.json()).toEqual({ action: "cancel-lane", target: "chore lane import", affected: 2 });
    const other = await jobId("chore", "other");
    const [claimed] = await claimJobs(t.db, { kind: "chore", owner: "test-holder", limit: 10 }).then((jobs) =>
      jobs.filter((j) => j.key === "other"),
    );
    expect(claimed).toBeTruthy();
    const leased = await post(`/api/jobs/${other}/cancel`, { headers: admin });
    expect(leased.status).toBe(409);
    expect(((await leased.json()) as { error: { code: string } }).error.code).toBe("JOB_LEASED");
    const d2 = await jobId("chore", "d2");
    await t.db.query("UPDATE job SET state = ?, lease_owner = NULL WHERE id = ?", [JobState.Ready, d2]);
    expect(await (await post(`/api/jobs/${d2}/cancel`, { headers: admin })).json()).toMatchObject({
      action: "cancel",
      affected: 1,
    });
    const gone = await fetch(`${base(status)}/jobs/${d2}.json`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { message: string } }).error.message).toMatch(/last event cancelled/);
    const [left] = await t.db.query<RowDataPacket[]>("SELECT job_key FROM job WHERE kind = 'chore' ORDER BY job_key");
    expect(left.map((r) => r.job_key)).toEqual(["d1", "d3", "other"]);
  });
});

describe("the console's tables stay bounded", () => {
  it("prunes job events after 48 hours and audit rows after 90 days, like the error log", async () => {
    await t.db.query(
      `INSERT INTO job_event (at, job_id, kind, job_key, event) VALUES
         (NOW(3) - INTERVAL 49 HOUR, 1, 'prune', 'old', 'retry'), (NOW(3) - INTERVAL 47 HOUR, 1, 'prune', 'new', 'retry')`,
    );
    await t.db.query(
      `INSERT INTO console_audit (at, actor, action, target) VALUES
         (NOW(3) - INTERVAL 91 DAY, 'test', 'pause', 'old'), (NOW(3) - INTERVAL 89 DAY, 'test', 'pause', 'new')`,
    );
    expect(await pruneJobEvents(t.db)).toBe(1);
    expect(await pruneAudit(t.db)).toBe(1);
    const [events] = await t.db.query<RowDataPacket[]>("SELECT job_key FROM job_event WHERE kind = 'prune'");
    expect(events.map((r) => r.job_key)).toEqual(["new"]);
    const [audit] = await t.db.query<RowDataPacket[]>("SELECT target FROM console_audit WHERE actor = 'test'");
    expect(audit.map((r) => r.target)).toEqual(["new"]);
  });
});

describe("npx bonafide jobs", () => {
  it("shows a job and a lane, retries, cancels, pauses and resumes, each audited as the CLI's user", async () => {
    const env = { DATABASE_URL: (await t.roleLogin("cli")).url };
    await enqueueJobs(t.db, "clijob", [
      { key: "c1", clientKey: "0a000001" },
      { key: "c2", clientKey: "0a000001" },
    ]);
    const c1 = await jobId("clijob", "c1");
    await t.db.query("UPDATE job SET state = ?, last_error = 'no luck' WHERE id = ?", [JobState.Dead, c1]);
    const show = await runCli(["jobs", "show", c1, "--json"], env);
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: c1, state: "dead", lastError: "no luck" });
    const text = await runCli(["jobs", "show", c1], env);
    expect(text.stdout).toContain(`job ${c1}: clijob c1`);
    const retry = await runCli(["jobs", "retry", c1], env);
    expect(retry.stdout.trim()).toBe(`retry job ${c1}: 1 changed`);
    expect((await runCli(["jobs", "pause", "clijob", "--json"], env)).stdout.trim()).toBe(
      JSON.stringify({ action: "pause", target: "kind clijob", affected: 1 }),
    );
    expect((await runCli(["jobs", "resume", "clijob"], env)).code).toBe(0);
    const lane = await runCli(["jobs", "lane", "clijob", "10.0.0.1", "--json"], env);
    // enqueueJobs tags its jobs (c2 is ready, first in its claim order); the retried c1 waits for the tagger.
    expect(JSON.parse(lane.stdout)).toMatchObject({ client: "10.0.0.1", counts: { new: 1, ready: 1 } });
    const cancel = await runCli(["jobs", "cancel", "--kind", "clijob", "--client", "10.0.0.1"], env);
    expect(cancel.stdout.trim()).toBe("cancel-lane clijob lane 10.0.0.1: 2 changed");
    const bad = await runCli(["jobs", "show", "x"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/job id "x"/);
    const missing = await runCli(["jobs", "show", "999999999"], env);
    expect(missing.code).toBe(1);
    const [audit] = await t.db.query<RowDataPacket[]>(
      "SELECT actor, action FROM console_audit WHERE actor LIKE 'cli %' ORDER BY id",
    );
    expect(audit.map((r) => r.action)).toEqual(["retry", "pause", "resume", "cancel-lane"]);
  });
});
