import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../origin/db/pool.ts";
import { startProcessReporter } from "../../origin/process/registry.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

// origin/process/registry.ts's reporter against this file's own database: how its row goes away when the
// process stops, cleanly or forced, while a heartbeat is still on its way to the database (a double Ctrl-C
// once left two rows behind: the heartbeat landed after the DELETE and put the row back).

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("registry");
});
afterAll(async () => {
  await t?.drop();
});

/** The real pool, with every heartbeat write held at a gate the test opens. */
function gatedHeartbeats(db: Db) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let held = 0;
  let heldOne: () => void = () => undefined;
  const firstHeld = new Promise<void>((resolve) => {
    heldOne = resolve;
  });
  const gated = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "query") return Reflect.get(target, prop, receiver);
      return async (sql: string, values?: unknown) => {
        if (sql.includes("INSERT INTO origin_process")) {
          held++;
          heldOne();
          await gate;
        }
        return target.query(sql, values as never);
      };
    },
  }) as Db;
  return { db: gated, open, firstHeld, held: () => held };
}

async function rows(id: string): Promise<number> {
  const [r] = await t.db.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM origin_process WHERE id = ?", [id]);
  return Number(r[0]?.n);
}

function identity(id: string) {
  return { id, role: "rater", host: "test", pid: process.pid, port: null, startedAt: new Date(), concurrency: 4 };
}

const sample = () => ({ state: "running" as const, inFlight: 0, claimed: 0, completed: 0, failed: 0, metrics: null });

describe("the process reporter", () => {
  it.each([
    ["abandon (a forced exit)", "abandon"],
    ["stop (a clean exit)", "stop"],
  ] as const)("%s while a heartbeat is in flight leaves no row behind", async (_name, how) => {
    const id = `registry-${how}`;
    const gate = gatedHeartbeats(t.db);
    const reporter = startProcessReporter(gate.db, identity(id), { intervalMs: 60_000, sample, onError: () => {} });
    await gate.firstHeld; // the first heartbeat is on its way
    const ended = reporter[how]();
    gate.open(); // it lands now, after the process asked for its row to go
    await ended;
    expect(await rows(id)).toBe(0);
  });

  it("a forced exit during a clean stop ends once: the final report cannot land after the DELETE", async () => {
    const id = "registry-both";
    const gate = gatedHeartbeats(t.db);
    const reporter = startProcessReporter(gate.db, identity(id), { intervalMs: 60_000, sample, onError: () => {} });
    await gate.firstHeld;
    const clean = reporter.stop();
    const forced = reporter.abandon();
    gate.open();
    await Promise.all([clean, forced]);
    expect(await rows(id)).toBe(0);
    expect(gate.held()).toBe(2); // the first heartbeat and the final report; nothing after
  });
});
