/**
 * @module A fresh, migrated database per test file on the local MariaDB, dropped afterwards, with its
 * least-privilege role users (origin/db/users.ts) on demand, dropped with it.
 */
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { migrate } from "../../origin/db/migrate.ts";
import { createDb, type Db, type DbTarget, parseDatabaseUrl } from "../../origin/db/pool.ts";
import { accountName, DB_ROLES, type DbRole } from "../../origin/db/roles.ts";
import { DEFAULT_USER_HOST, ensureRoleUsers, roleDatabaseUrl, roleUserName } from "../../origin/db/users.ts";

/** The server tests run against: `TEST_DATABASE_URL` or the local MariaDB as root. */
export function testServerTarget(): DbTarget {
  return parseDatabaseUrl(process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/");
}

export interface TestDatabase {
  target: DbTarget;
  url: string;
  db: Db;
  /** Creates (once) the database's user for `role`, with a random password; its target and URL. */
  roleLogin(role: DbRole): Promise<{ target: DbTarget; url: string }>;
  drop(): Promise<void>;
}

/** Creates `role`'s user on `target`'s database with a fresh random password (server-wide: drop it after). */
export async function createRoleLogin(target: DbTarget, role: DbRole): Promise<{ target: DbTarget; url: string }> {
  const login = { role, user: roleUserName(target.database, role), password: randomBytes(12).toString("hex") };
  await ensureRoleUsers(target, [login]);
  return { target: { ...target, user: login.user, password: login.password }, url: roleDatabaseUrl(target, login) };
}

/** Drops `roles`' users of `database` if they exist (through an open admin connection). */
export async function dropRoleUsers(conn: mysql.Connection, database: string, roles: Iterable<DbRole>): Promise<void> {
  for (const role of roles)
    await conn.query(`DROP USER IF EXISTS ${accountName(roleUserName(database, role), DEFAULT_USER_HOST)}`);
}

/** Creates `bft_<label>_<random>` on `server` (default: the test server), runs the migrations, opens a pool. */
export async function createTestDatabase(label: string, server: DbTarget = testServerTarget()): Promise<TestDatabase> {
  const name = `bft_${label.replace(/[^A-Za-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  const target = { ...server, database: name };
  await migrate(target);
  const db = createDb(target, { connectionLimit: 20 });
  const logins = new Map<DbRole, Promise<{ target: DbTarget; url: string }>>();
  const auth = target.password ? `${target.user}:${encodeURIComponent(target.password)}` : target.user;
  return {
    target,
    url: `mysql://${auth}@${target.host}:${target.port}/${name}`,
    db,
    roleLogin(role) {
      let login = logins.get(role);
      if (!login) {
        login = createRoleLogin(target, role);
        logins.set(role, login);
      }
      return login;
    },
    async drop() {
      await db.end().catch(() => undefined);
      const conn = await mysql.createConnection({ ...server, database: undefined });
      // Every role's user, also those a stack started on this database made (origin/stack/database.ts).
      await dropRoleUsers(conn, name, DB_ROLES);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}
