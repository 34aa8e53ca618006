import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createErrorRecorder, pruneErrors, throttledRecorder } from "../../origin/errors/record.ts";
import { createLogger } from "../../origin/log.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("errors");
});
afterAll(async () => {
  await t?.drop();
});

async function errorRows(): Promise<RowDataPacket[]> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT * FROM error_log ORDER BY id");
  return rows;
}

describe("errors in the database", () => {
  it("throttles repeated errors to one row per key and window, counting the ones left out", async () => {
    const recorder = createErrorRecorder(
      t.db,
      { host: "box-3", processName: "aggregator" },
      createLogger({}, { write: () => {} }),
    );
    const recorded: Promise<void>[] = [];
    const counting = {
      record: (...args: Parameters<typeof recorder.record>) =>
        recorded[recorded.push(recorder.record(...args)) - 1] as Promise<void>,
    };
    const note = throttledRecorder(counting, 100);
    for (let i = 0; i < 3; i++) note("/vacancy/:id BACKEND_FAILED", new Error(`outage ${i}`), { i });
    note("/search BACKEND_FAILED", new Error("other route"));
    await new Promise((r) => setTimeout(r, 150));
    note("/vacancy/:id BACKEND_FAILED", new Error("outage 3"), { i: 3 });
    await Promise.all(recorded);
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT message, context FROM error_log WHERE host = 'box-3' ORDER BY id",
    );
    // The first two were written at once (the pool's order); the third waited for its window.
    expect(rows.map((r) => r.message).sort()).toEqual(["other route", "outage 0", "outage 3"]);
    const third = rows.find((r) => r.message === "outage 3");
    expect(JSON.parse(String(third?.context))).toEqual({ i: 3, suppressed: 2 });
  });

  it("records a handled error with host, process, code, stack and context", async () => {
    const recorder = createErrorRecorder(
      t.db,
      { host: "box-1", processName: "rater" },
      createLogger({}, { write: () => {} }),
    );
    await recorder.record(Object.assign(new Error("fetch failed"), { code: "ECONNRESET" }), {
      domain: "a.com",
      job: "7",
    });
    const [row] = (await errorRows()).slice(-1);
    expect(row).toMatchObject({ host: "box-1", process: "rater", code: "ECONNRESET", message: "fetch failed" });
    expect(row?.pid).toBe(process.pid);
    expect(String(row?.stack)).toContain("status-errors.test.ts");
    expect(JSON.parse(String(row?.context))).toEqual({ domain: "a.com", job: "7" });
  });

  it("records a crash (uncaught exception) before the process exits", async () => {
    const script = `
      import { createDb, parseDatabaseUrl } from "${ROOT}origin/db/pool.ts";
      import { createErrorRecorder, installCrashHandlers } from "${ROOT}origin/errors/record.ts";
      import { createLogger } from "${ROOT}origin/log.ts";
      const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL));
      const log = createLogger({}, { write: () => {} });
      installCrashHandlers(createErrorRecorder(db, { host: "box-2", processName: "aggregator" }, log), log);
      setTimeout(() => { throw new TypeError("boom in a timer"); }, 10);
    `;
    const outcome = await run(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, DATABASE_URL: t.url },
    }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(outcome).toBe(1);
    const crash = (await errorRows()).find((r) => r.host === "box-2");
    expect(crash).toMatchObject({ process: "aggregator", message: "boom in a timer" });
    expect(String(crash?.stack)).toContain("TypeError: boom in a timer");
    expect(JSON.parse(String(crash?.context))).toEqual({ fatal: "uncaughtException" });
  });

  it("prunes entries older than the retention period and keeps the recent ones", async () => {
    await t.db.query(
      "INSERT INTO error_log (at, host, process, pid, message) VALUES (NOW(3) - INTERVAL 40 DAY, 'old', 'rater', 1, 'ancient')",
    );
    const before = (await errorRows()).length;
    expect(await pruneErrors(t.db, 30)).toBe(1);
    const after = await errorRows();
    expect(after).toHaveLength(before - 1);
    expect(after.some((r) => r.message === "ancient")).toBe(false);
  });
});
