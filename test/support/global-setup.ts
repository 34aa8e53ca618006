/**
 * @module Vitest global setup: a real MariaDB (started or installed if need be), the local SQL-over-HTTP
 * endpoint the Worker tests reach it through, and Debian's Chromium and Firefox ESR for the browser tests.
 * Each edge test file names its own database as the endpoint's user; the endpoint creates and migrates it on
 * first use, and teardown drops them all.
 */
import mysql from "mysql2/promise";
import { migrate } from "../../origin/db/migrate.ts";
import { startPsdbServer } from "../../origin/psdb/server.ts";
import { ensureChromium } from "../../origin/services/chromium.ts";
import { ensureMariaDb } from "../../origin/services/mariadb.ts";
import { testServerTarget } from "./database.ts";
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
  const prepared = new Map<string, Promise<unknown>>();
  const psdb = await startPsdbServer({
    server,
    host: "127.0.0.1",
    port: Number(process.env.BONAFIDE_TEST_PSDB_PORT),
    async authenticate(user, password) {
      if (password !== "test" || !EDGE_DB.test(user)) return null;
      if (!prepared.has(user)) prepared.set(user, migrate({ ...server, database: user }));
      await prepared.get(user);
      return user;
    },
  });
  return async () => {
    await psdb.close();
    const conn = await mysql.createConnection({ ...server, database: undefined });
    for (const name of prepared.keys()) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.end();
  };
}
