import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../origin/db/migrate.ts";
import { ensureSchema, SchemaNotReadyError } from "../../origin/db/schema.ts";
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

describe("a process's schema check (instead of migrating at start)", () => {
  it("passes on a migrated database", async () => {
    await expect(ensureSchema({ database: t.target })).resolves.toBeUndefined();
  });

  it("names the migration that is missing and the command that applies it", async () => {
    await t.db.query("DELETE FROM schema_migration WHERE version = '005_queue_indexes'");
    try {
      const error = await ensureSchema({ database: t.target }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaNotReadyError);
      expect((error as Error).message).toMatch(/\(005_queue_indexes not applied\): run `npx bonafide migrate`/);
    } finally {
      await migrate(t.target);
    }
  });

  it("says a database that was never migrated is not migrated, and creates nothing", async () => {
    const database = `${t.target.database}_none`;
    try {
      const error = await ensureSchema({ database: { ...t.target, database } }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/is not migrated: run `npx bonafide migrate`/);
      const [dbs] = await t.db.query<RowDataPacket[]>("SHOW DATABASES LIKE ?", [database]);
      expect(dbs).toEqual([]);
    } finally {
      await t.db.query(`DROP DATABASE IF EXISTS \`${database}\``);
    }
  });
});
