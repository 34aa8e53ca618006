import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../origin/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

// The migrator against the real MariaDB: a migration that a concurrent migrator already applied (its
// schema change is there, its version not yet recorded) is taken as done, not as an error.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("migrate");
});
afterAll(async () => {
  await t?.drop();
});

describe("migrations", () => {
  it("are recorded once each; running them again applies nothing", async () => {
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT version FROM schema_migration ORDER BY version");
    expect(rows.map((r) => r.version)).toEqual(
      expect.arrayContaining(["001_init", "003_process", "004_process_port", "005_queue_indexes"]),
    );
    expect(await migrate(t.target)).toEqual([]);
  });

  it("take an ALTER … ADD COLUMN that a racing migrator applied first as done", async () => {
    await t.db.query("DELETE FROM schema_migration WHERE version = '004_process_port'");
    expect(await migrate(t.target)).toEqual(["004_process_port"]);
    const [columns] = await t.db.query<RowDataPacket[]>("SHOW COLUMNS FROM origin_process LIKE 'port'");
    expect(columns).toHaveLength(1);
  });

  it("take an ALTER … DROP INDEX that a racing migrator applied first as done", async () => {
    await t.db.query("DELETE FROM schema_migration WHERE version = '005_queue_indexes'");
    expect(await migrate(t.target)).toEqual(["005_queue_indexes"]);
    const [keys] = await t.db.query<RowDataPacket[]>("SHOW INDEX FROM job WHERE Key_name IN ('ix_lease', 'ix_due')");
    expect([...new Set(keys.map((k) => k.Key_name))]).toEqual(["ix_lease"]);
  });
});
