/**
 * @module Makes sure a MariaDB answers on the configured address: use the running one, start an installed
 * one, or install it from Debian's packages when we are root on a Debian-like machine.
 */
import { execFile, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import type { DbTarget } from "../../origin/db/pool.ts";
import { aptInstall, exists, firstExisting } from "./apt.ts";

const run = promisify(execFile);
const SERVER_BINARIES = ["/usr/sbin/mariadbd", "/usr/sbin/mysqld", "/usr/bin/mariadbd"];
const WAIT_MS = 60_000;

type Log = (message: string) => void;

/** Answers `null` when the server accepts a connection, else the error that stopped it. */
export async function pingDatabase(target: DbTarget): Promise<Error | null> {
  try {
    const conn = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      connectTimeout: 2_000,
    });
    await conn.query("SELECT 1");
    await conn.end();
    return null;
  } catch (error) {
    return error as Error;
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

const findServerBinary = () => firstExisting(SERVER_BINARIES);

const INSTALL_HINT =
  "MariaDB is not installed. Install it with:\n  sudo apt-get update && sudo apt-get install -y mariadb-server\n" +
  "or point DATABASE_URL at a running MySQL 8 / MariaDB 10.6+ server.";

async function installMariaDb(log: Log): Promise<void> {
  log("MariaDB is not installed");
  await aptInstall(["mariadb-server"], INSTALL_HINT, log);
}

async function startServer(binary: string, log: Log): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw new Error(
      `MariaDB is installed but not running, and only root can start it here. Start it with:\n  sudo service mariadb start`,
    );
  }
  log(`MariaDB is not running: starting ${binary} …`);
  await mkdir("/run/mysqld", { recursive: true });
  await run("chown", ["mysql:mysql", "/run/mysqld"]).catch(() => undefined);
  if (await exists("/sbin/start-stop-daemon")) {
    await run("/sbin/start-stop-daemon", ["--start", "--oknodo", "--background", "--exec", binary]);
  } else {
    spawn(binary, ["--user=mysql"], { detached: true, stdio: "ignore" }).unref();
  }
}

/** After a fresh install, root@localhost authenticates by unix socket only: allow the empty password over TCP too. */
async function allowRootOverTcp(): Promise<void> {
  await run("mariadb", [
    "-uroot",
    "-e",
    "ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('')",
  ]).catch(() => undefined);
}

/**
 * Ensures the server behind `target` answers, starting or installing a local MariaDB if needed.
 * A remote server that does not answer is an error with the cause, never a silent wait.
 */
export async function ensureMariaDb(target: DbTarget, log: Log = () => undefined): Promise<void> {
  const first = await pingDatabase(target);
  if (!first) return;
  const code = (first as { code?: string }).code;
  const unreachable = code === "ECONNREFUSED" || code === "ENOENT" || code === "ETIMEDOUT";
  if (!unreachable || !isLoopback(target.host)) {
    throw new Error(`cannot reach the database at ${target.host}:${target.port}: ${first.message}`, { cause: first });
  }
  let binary = await findServerBinary();
  let installed = false;
  if (!binary) {
    await installMariaDb(log);
    installed = true;
    binary = await findServerBinary();
    if (!binary) throw new Error(INSTALL_HINT);
  }
  await startServer(binary, log);
  const deadline = Date.now() + WAIT_MS;
  let last: Error | null = first;
  while (Date.now() < deadline) {
    last = await pingDatabase(target);
    if (!last) return;
    if (installed && (last as { errno?: number }).errno === 1045) await allowRootOverTcp();
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `MariaDB did not answer on ${target.host}:${target.port} within ${WAIT_MS / 1000} s: ${last?.message}`,
  );
}
