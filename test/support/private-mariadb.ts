/**
 * @module A private MariaDB server for fault tests: its own datadir under a temp dir (made with
 * `mariadb-install-db`), its own port and socket, root without a password (grants stay on, so tests of
 * database users still mean something). It can be stopped, started again on the same datadir and port,
 * restarted and SIGKILLed, and it never touches the shared server on 3306.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import type { DbTarget } from "../../origin/db/pool.ts";
import { freePort } from "./ports.ts";

const run = promisify(execFile);
const READY_TIMEOUT_MS = 60_000;

export interface PrivateMariaDb {
  readonly port: number;
  readonly dir: string;
  /** Connection target for `database` ("" for server-level connections). */
  target(database?: string): DbTarget;
  /** `mysql://root@127.0.0.1:<port>/<database>`. */
  url(database?: string): string;
  /** Whether the server process is running. */
  running(): boolean;
  /** Starts the server on the same datadir and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGTERM (a clean shutdown), and waits for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash: InnoDB recovers on the next start), and waits for the process to exit. */
  kill(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Kills the server if it runs and deletes the temp dir. */
  cleanup(): Promise<void>;
}

/** Makes a fresh datadir and starts a server on a free port. */
export async function startPrivateMariaDb(): Promise<PrivateMariaDb> {
  const dir = await mkdtemp(join(tmpdir(), "bonafide-mariadb-"));
  const datadir = join(dir, "data");
  const errorLog = join(dir, "error.log");
  await run("mariadb-install-db", [
    "--no-defaults",
    `--datadir=${datadir}`,
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
    ...(process.getuid?.() === 0 ? ["--user=root"] : []),
  ]);
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  // If the test process dies first, the server must not outlive it.
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const target = (database = ""): DbTarget => ({ host: "127.0.0.1", port, user: "root", password: "", database });

  async function accepting(): Promise<boolean> {
    try {
      const conn = await mysql.createConnection({ ...target(), connectTimeout: 1_000 });
      await conn.end();
      return true;
    } catch {
      return false;
    }
  }

  async function start(): Promise<void> {
    if (child) throw new Error("the private MariaDB is already running");
    const proc = spawn(
      "mariadbd",
      [
        "--no-defaults",
        `--datadir=${datadir}`,
        `--port=${port}`,
        `--socket=${join(dir, "mariadb.sock")}`,
        `--pid-file=${join(dir, "mariadb.pid")}`,
        `--log-error=${errorLog}`,
        "--bind-address=127.0.0.1",
        "--skip-name-resolve",
        "--innodb-buffer-pool-size=64M",
        "--max-connections=300",
        ...(process.getuid?.() === 0 ? ["--user=root"] : []),
      ],
      { stdio: "ignore" },
    );
    child = proc;
    exited = new Promise((resolve) =>
      proc.once("exit", () => {
        if (child === proc) child = null;
        resolve();
      }),
    );
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await accepting())) {
      if (child !== proc || Date.now() > deadline) {
        const log = await readFile(errorLog, "utf8").catch(() => "");
        throw new Error(`the private MariaDB on port ${port} did not start:\n${log.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function signal(name: NodeJS.Signals): Promise<void> {
    if (!child) return;
    child.kill(name);
    await exited;
  }

  await start();
  return {
    port,
    dir,
    target,
    url: (database = "") => `mysql://root@127.0.0.1:${port}/${database}`,
    running: () => child !== null,
    start,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
    async restart() {
      await signal("SIGTERM");
      await start();
    },
    async cleanup() {
      await signal("SIGKILL");
      process.removeListener("exit", killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
