/**
 * @module Each origin process kind's database user (origin/db/roles.ts) against the real MariaDB: the
 * process's own code runs as that user without a single refusal, and what it does not need is refused.
 */
import type mysql from "mysql2/promise";
import mysqlClient from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cancelJob,
  cancelLane,
  pauseKind,
  readAudit,
  readFailures,
  readJob,
  readLane,
  resumeKind,
  retryDead,
} from "../../origin/console/store.ts";
import { createDb, type Db } from "../../origin/db/pool.ts";
import type { DbRole } from "../../origin/db/roles.ts";
import { ensureSchema } from "../../origin/db/schema.ts";
import { ensureRoleUsers } from "../../origin/db/users.ts";
import { createErrorRecorder, pruneErrors } from "../../origin/errors/record.ts";
import { createLogger } from "../../origin/log.ts";
import { createProcessMetrics } from "../../origin/process/metrics.ts";
import { deregisterProcess, pruneDeadProcesses, reportProcess } from "../../origin/process/registry.ts";
import { enqueueJobs } from "../../origin/queue/index.ts";
import { FetchError } from "../../origin/rater/fetch/errors.ts";
import { startRater } from "../../origin/rater/service.ts";
import { readStatus } from "../../origin/status/read.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { poll } from "../support/poll.ts";

let t: TestDatabase;
const pools: Db[] = [];

beforeAll(async () => {
  t = await createTestDatabase("db_roles");
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await t?.drop();
});

/** A pool logged in as `role`'s user on the test database. */
async function poolAs(role: DbRole): Promise<Db> {
  const db = createDb((await t.roleLogin(role)).target, { connectionLimit: 4 });
  pools.push(db);
  return db;
}

/** Runs `sql` and returns MariaDB's refusal (the test fails if it was allowed). */
async function refusal(db: Db, sql: string): Promise<string> {
  const error = await db.query(sql).then(
    () => null,
    (e: unknown) => e as { errno?: number; message: string },
  );
  expect(error?.errno, `allowed: ${sql}`).toBeDefined();
  return String(error?.message);
}

/** A logger whose lines the test can read (a refused statement is logged, not thrown, in the background). */
function capturedLog() {
  const lines: string[] = [];
  return { lines, log: createLogger({ test: "db-roles" }, { write: (line) => lines.push(line) }) };
}

const who = (role: string) => ({
  id: `test:${role}`,
  role,
  host: "test",
  pid: 1,
  startedAt: new Date(),
  concurrency: 1,
});
const report = {
  state: "running",
  inFlight: 0,
  rssBytes: 1,
  claimed: 0,
  completed: 1,
  failed: 0,
  metrics: null,
} as const;

describe.each(["rater", "aggregator", "status", "cli"] as const)("the %s's database user", (role) => {
  it("sees a current schema, holds no global privilege, and may not run DDL or read files", async () => {
    const login = await t.roleLogin(role);
    await expect(ensureSchema({ database: login.target })).resolves.toBeUndefined();
    const db = await poolAs(role);
    const [grants] = await db.query<mysql.RowDataPacket[]>("SHOW GRANTS");
    const text = grants.map((g) => String(Object.values(g)[0]));
    expect(text[0]).toMatch(/^GRANT USAGE ON \*\.\* TO /);
    expect(text.slice(1).every((g) => g.includes(` ON \`${t.target.database}\`.`))).toBe(true);
    expect(await refusal(db, "CREATE TABLE pwned (id INT PRIMARY KEY)")).toMatch(/CREATE command denied/);
    expect(await refusal(db, "DROP TABLE job_throughput")).toMatch(/DROP command denied/);
    expect(await refusal(db, "ALTER TABLE job ADD COLUMN x INT")).toMatch(/ALTER command denied/);
    const [files] = await db.query<mysql.RowDataPacket[]>("SELECT load_file('/etc/hostname') AS f");
    expect(files[0]?.f).toBeNull();
  });
});

describe("what each origin process runs", () => {
  it("the CLI's import queues jobs and its console acts on them, and it may not read ratings or errors", async () => {
    const cli = await poolAs("cli");
    expect(await enqueueJobs(cli, "rate", [{ key: "imported.example", clientKey: "c0a80001", priority: 100 }])).toBe(1);
    // `npx bonafide jobs`: every console action as this user (origin/console/store.ts).
    const [[job]] = await t.db.query<mysql.RowDataPacket[]>("SELECT id FROM job WHERE job_key = 'imported.example'");
    await t.db.query("UPDATE job SET state = 9 WHERE id = ?", [job?.id]);
    expect((await readJob(cli, String(job?.id))).state).toBe("dead");
    expect((await retryDead(cli, "test", { id: String(job?.id) })).affected).toBe(1);
    expect((await retryDead(cli, "test", { kind: "rate" })).affected).toBe(0);
    await pauseKind(cli, "test", "rate");
    await resumeKind(cli, "test", "rate");
    expect((await readLane(cli, "rate", "c0a80001")).jobs).toHaveLength(1);
    expect((await cancelLane(cli, "test", "rate", "c0a80001")).affected).toBe(1);
    await enqueueJobs(cli, "rate", [{ key: "imported.example", clientKey: "c0a80001", priority: 100 }]);
    const [[again]] = await t.db.query<mysql.RowDataPacket[]>("SELECT id FROM job WHERE job_key = 'imported.example'");
    expect((await cancelJob(cli, "test", String(again?.id))).affected).toBe(1);
    await readFailures(cli);
    await readAudit(cli);
    expect(await refusal(cli, "SELECT * FROM rating")).toMatch(/SELECT command denied/);
    expect(await refusal(cli, "SELECT * FROM error_log")).toMatch(/SELECT command denied/);
    expect(await refusal(cli, "DELETE FROM console_audit")).toMatch(/DELETE command denied/);
  });

  it("the rater claims, rates, stores, reports and runs its maintenance without a refusal", async () => {
    const rater = await poolAs("rater");
    await enqueueJobs(await poolAs("cli"), "rate", [
      { key: "no-such-name.example", clientKey: "c0a80002", priority: 10 },
    ]);
    const { lines, log } = capturedLog();
    const fail = async (): Promise<never> => {
      throw new FetchError("FETCH_DNS", "no such name");
    };
    const service = startRater(
      {
        db: rater,
        fetcher: { fetchPage: fail, fetchWithSchemeFallback: fail },
        pusher: null,
        log,
        errors: createErrorRecorder(rater, { host: "test", processName: "rater" }, log),
        metrics: createProcessMetrics(),
      },
      {
        owner: "test:rater",
        concurrency: 2,
        pollMs: 20,
        leaseMs: 30_000,
        heartbeatMs: 50,
        maintenanceMs: 50,
        crawl: { maxPages: 2, pageTimeoutMs: 1_000, siteTimeoutMs: 5_000, concurrency: 2, userAgentToken: "bonafide" },
      },
    );
    try {
      const rated = await poll(
        async () =>
          (
            await t.db.query<mysql.RowDataPacket[]>("SELECT rating FROM rating WHERE domain = 'no-such-name.example'")
          )[0],
        (r) => r.length === 1,
        10_000,
      );
      expect(rated[0]?.rating).toBe("U");
      // The maintenance leader's round (sweep, retries, lanes, old errors, throughput, re-rates) ran too.
      const leases = await poll(
        async () => (await t.db.query<mysql.RowDataPacket[]>("SELECT owner FROM leader_lease"))[0],
        (r) => r.length > 0,
        10_000,
      );
      expect(leases.length).toBeGreaterThan(0);
    } finally {
      await service.stop(1_000);
    }
    await reportProcess(rater, who("rater"), report, new Map([["rate", { completed: 1, failed: 0 }]]));
    await pruneDeadProcesses(rater);
    await deregisterProcess(rater, "test:rater");
    expect(lines.filter((l) => /denied/i.test(l))).toEqual([]);
    // It may prune lapsed ratings (DELETE on rating) but never change the schema or another table's grants.
    expect(await refusal(rater, "DROP TABLE rating")).toMatch(/DROP command denied/);
  });

  // Its page-refresh worker claims, finishes and maintains page jobs as this user in page-refresh.test.ts
  // and aggregator-refresh-process.test.ts; it may still queue nothing and read no rating.
  it("the aggregator registers, reports requests, records and prunes errors, and reads no rating", async () => {
    const aggregator = await poolAs("aggregator");
    const { lines, log } = capturedLog();
    await reportProcess(aggregator, who("aggregator"), report, new Map([["page", { completed: 3, failed: 1 }]]));
    await reportProcess(aggregator, who("aggregator"), report, new Map([["page", { completed: 1, failed: 0 }]]));
    await createErrorRecorder(aggregator, { host: "test", processName: "aggregator" }, log).record(new Error("boom"));
    await pruneErrors(aggregator);
    await pruneDeadProcesses(aggregator);
    await deregisterProcess(aggregator, "test:aggregator");
    expect(lines).toEqual([]);
    const [throughput] = await t.db.query<mysql.RowDataPacket[]>(
      "SELECT completed FROM job_throughput WHERE kind = 'page'",
    );
    expect(throughput).toEqual([{ completed: 4 }]);
    expect(await refusal(aggregator, "SELECT domain FROM rating")).toMatch(/SELECT command denied/);
    expect(await refusal(aggregator, "UPDATE rating SET score = 0")).toMatch(/UPDATE command denied/);
    expect(await refusal(aggregator, "INSERT INTO job (kind, job_key, client_key) VALUES ('rate', 'x', '')")).toMatch(
      /INSERT command denied/,
    );
    expect(await refusal(aggregator, "SELECT message, stack FROM error_log")).toMatch(/SELECT command denied/);
  });

  it("the status server reads everything it shows and runs the console's actions, and nothing more", async () => {
    const status = await poolAs("status");
    const data = await readStatus(status);
    expect(data).toBeTruthy();
    await enqueueJobs(t.db, "chore", [{ key: "console.example", clientKey: "c0a80003" }]);
    const [[job]] = await t.db.query<mysql.RowDataPacket[]>("SELECT id FROM job WHERE job_key = 'console.example'");
    await t.db.query("UPDATE job SET state = 9 WHERE id = ?", [job?.id]);
    expect((await readJob(status, String(job?.id))).state).toBe("dead");
    expect((await retryDead(status, "test", { kind: "chore" })).affected).toBe(1);
    await pauseKind(status, "test", "chore");
    await resumeKind(status, "test", "chore");
    await readLane(status, "chore", "c0a80003");
    expect((await cancelJob(status, "test", String(job?.id))).affected).toBe(1);
    expect((await cancelLane(status, "test", "chore", "c0a80003")).affected).toBe(0);
    // Leases, keys and payloads stay out of its reach; so do the audit trail's old rows.
    expect(await refusal(status, "UPDATE job SET lease_owner = 'x'")).toMatch(/UPDATE command denied/);
    expect(await refusal(status, "UPDATE job SET job_key = 'x'")).toMatch(/UPDATE command denied/);
    expect(await refusal(status, "DELETE FROM console_audit")).toMatch(/DELETE command denied/);
    expect(await refusal(status, "DELETE FROM origin_process")).toMatch(/DELETE command denied/);
    expect(await refusal(status, "SELECT evidence FROM rating")).toMatch(/SELECT command denied/);
    expect(await refusal(status, "INSERT INTO rating (domain) VALUES ('x')")).toMatch(/INSERT command denied/);
  });
});

describe("the migrator's role-user step", () => {
  it("is idempotent and takes a new password: the old one stops working, the grants stay the same", async () => {
    const { target } = await t.roleLogin("status");
    const grantsOf = async (password: string) => {
      const conn = await mysqlClient.createConnection({ ...target, password });
      try {
        const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW GRANTS");
        // The password hash differs; the order of the lines is MariaDB's own.
        return rows.map((g) => String(Object.values(g)[0]).replace(/ IDENTIFIED BY .*/, "")).sort();
      } finally {
        await conn.end();
      }
    };
    const before = await grantsOf(target.password);
    await ensureRoleUsers(t.target, [{ role: "status", user: target.user, password: "rotated-0123" }]);
    await ensureRoleUsers(t.target, [{ role: "status", user: target.user, password: "rotated-0123" }]);
    expect(await grantsOf("rotated-0123")).toEqual(before);
    await expect(grantsOf(target.password)).rejects.toThrow(/Access denied/);
    await ensureRoleUsers(t.target, [{ role: "status", user: target.user, password: target.password }]);
  });
});
