/**
 * @module A fresh, migrated database per test file on the local MariaDB, dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { migrate } from "../../origin/db/migrate.ts";
import { createDb, type Db, type DbTarget, parseDatabaseUrl } from "../../origin/db/pool.ts";

/** The server tests run against: `TEST_DATABASE_URL` or the local MariaDB as root. */
export function testServerTarget(): DbTarget {
  return parseDatabaseUrl(process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/");
}

export interface TestDatabase {
  target: DbTarget;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** Creates `bft_<label>_<random>` on `server` (default: the test server), runs the migrations, opens a pool. */
export async function createTestDatabase(label: string, server: DbTarget = testServerTarget()): Promise<TestDatabase> {
  const name = `bft_${label.replace(/[^A-Za-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  const target = { ...server, database: name };
  await migrate(target);
  const db = createDb(target, { connectionLimit: 20 });
  const auth = target.password ? `${target.user}:${encodeURIComponent(target.password)}` : target.user;
  return {
    target,
    url: `mysql://${auth}@${target.host}:${target.port}/${name}`,
    db,
    async drop() {
      await db.end().catch(() => undefined);
      const conn = await mysql.createConnection({ ...server, database: undefined });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}
