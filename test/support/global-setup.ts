/**
 * @module Vitest global setup: a real MariaDB (started or installed if need be), the local SQL-over-HTTP
 * endpoint the Worker tests reach it through, and Debian's Chromium and Firefox ESR for the browser tests.
 * Each edge test file names its own database as the endpoint's user; the endpoint creates and migrates it on
 * first use, with its least-privilege edge user, and runs that file's statements as that user (so MariaDB
 * enforces the edge's grants, as in production); teardown drops the databases and users.
 */
import mysql from "mysql2/promise";
import { startPsdbServer } from "../../dev/psdb/server.ts";
import { ensureChromium } from "../../dev/services/chromium.ts";
import { ensureMariaDb } from "../../dev/services/mariadb.ts";
import { migrate } from "../../origin/db/migrate.ts";
import { createRoleLogin, dropRoleUsers, testServerTarget } from "./database.ts";
import { ensureFirefox } from "./firefox.ts";

const EDGE_DB = /^bft_edge_[a-z0-9_]{1,40}$/;

export default async function setup(): Promise<() => Promise<void>> {
  const server = testServerTarget();
  const log = (m: string) => console.log(`[test setup] ${m}`);
  await ensureMariaDb(server, log);
  // Browser tests drive Debian's Chromium and Firefox ESR; install them here, once, rather than racing apt
  // from several test files.
  process.env.CHROMIUM_PATH = await ensureChromium(log);
  process.env.FIREFOX_PATH = await ensureFirefox(log);
  const prepared = new Map<string, Promise<{ user: string; password: string }>>();
  const psdb = await startPsdbServer({
    server,
    host: "127.0.0.1",
    port: Number(process.env.BONAFIDE_TEST_PSDB_PORT),
    // Password `test`: the edge's own least-privilege user. Password `setup`: the server's credentials on the
    // same database, for a test's own seeding and inspection (writing ratings the edge may only read).
    async authenticate(user, password) {
      if ((password !== "test" && password !== "setup") || !EDGE_DB.test(user)) return null;
      let edge = prepared.get(user);
      if (!edge) {
        const target = { ...server, database: user };
        edge = migrate(target).then(async () => (await createRoleLogin(target, "edge")).target);
        prepared.set(user, edge);
      }
      const login = await edge;
      return password === "setup" ? user : { database: user, user: login.user, password: login.password };
    },
  });
  return async () => {
    await psdb.close();
    const conn = await mysql.createConnection({ ...server, database: undefined });
    for (const name of prepared.keys()) {
      await dropRoleUsers(conn, name, ["edge"]);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
    await conn.end();
  };
}
