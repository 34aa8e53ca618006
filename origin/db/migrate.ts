/**
 * @module Numbered SQL migrations, applied once each and safe to run from several processes at once.
 *
 * Every statement is idempotent (`IF NOT EXISTS`, or an `ALTER … ADD`/`DROP` whose "already there" or
 * "not there" error is taken as done), so a second migrator racing the first does no harm; applied
 * versions are recorded in `schema_migration`.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type mysql from "mysql2/promise";
import { connectOnce, type DbTarget } from "./pool.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/**
 * ER_DUP_FIELDNAME, ER_DUP_KEYNAME, ER_CANT_DROP_FIELD_OR_KEY: an `ALTER TABLE … ADD`/`DROP` that a
 * concurrent migrator already applied (an ALTER is atomic, so one that fails this way was applied whole).
 */
const ALREADY_APPLIED_ERRNOS = new Set([1060, 1061, 1091]);

async function runIdempotent(conn: mysql.Connection, statement: string): Promise<void> {
  try {
    await conn.query(statement);
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (errno === undefined || !ALREADY_APPLIED_ERRNOS.has(errno)) throw error;
  }
}

/** Splits a migration file into statements (no procedures or string literals containing `;` here). */
function splitStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The migration files in order, as `{version, file}` (`001_init` for `001_init.sql`). */
export async function migrationFiles(): Promise<{ version: string; file: string }[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  return files.map((file) => ({ version: file.replace(/\.sql$/, ""), file: MIGRATIONS_DIR + file }));
}

/** Creates the database if needed and applies every migration not yet recorded. Returns the versions applied. */
export async function migrate(target: DbTarget): Promise<string[]> {
  if (!/^[A-Za-z0-9_]+$/.test(target.database)) {
    throw new Error(`database name ${JSON.stringify(target.database)} must be letters, digits and _`);
  }
  const conn = await connectOnce(target, { useDatabase: false });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4`);
    await conn.query(`USE \`${target.database}\``);
    await conn.query(
      `CREATE TABLE IF NOT EXISTS schema_migration (
         version VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
         applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
       ) ENGINE=InnoDB`,
    );
    const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT version FROM schema_migration");
    const done = new Set(rows.map((r) => String(r.version)));
    const applied: string[] = [];
    for (const { version, file } of await migrationFiles()) {
      if (done.has(version)) continue;
      const sql = await readFile(file, "utf8");
      for (const statement of splitStatements(sql)) await runIdempotent(conn, statement);
      await conn.query("INSERT IGNORE INTO schema_migration (version) VALUES (?)", [version]);
      applied.push(version);
    }
    return applied;
  } finally {
    await conn.end();
  }
}
