/**
 * @module The fault suite's stage: a private MariaDB (test/support/private-mariadb.ts) with a migrated
 * database, loopback sites (most answer slowly, `busy-*` ones always 503), rater processes spawned as in
 * production (`node origin/rater/main.ts`) that can be added, signalled and watched, traffic that asks for
 * domains through the edge's own enqueue statement and remembers which asks were acknowledged, and the
 * accounting every scenario ends with: every acknowledged domain rated (done, or dead with its U/error
 * rating), none lost. Scenarios (database restart/outage now; SIGKILL, recycle, two Ctrl-C later) are a
 * few lines each on top of this.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RowDataPacket } from "mysql2/promise";
import { createDb, type Db } from "../../origin/db/pool.ts";
import { enqueueRatingsSql } from "../../shared/queue-sql.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { type PrivateMariaDb, startPrivateMariaDb } from "../support/private-mariadb.ts";

/** Short form in `npm test`; `npm run faults` sets BONAFIDE_FAULTS=long for the bigger figures. */
export const LONG = process.env.BONAFIDE_FAULTS === "long";

/** A number from the environment (to try other figures), else the short or long default. */
export function figure(name: string, short: number, long: number): number {
  const raw = process.env[name];
  return raw ? Number(raw) : LONG ? long : short;
}

export interface RaterProcess {
  child: ChildProcess;
  output: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface FaultStack {
  server: PrivateMariaDb;
  database: TestDatabase;
  raters: RaterProcess[];
  /** Spawns one more rater process. */
  startRater(): RaterProcess;
  /** Asks for `domains` with the edge's enqueue statement (on its own connection); true if acknowledged. */
  ask(domains: readonly string[]): Promise<boolean>;
  /** Domains whose ask was acknowledged, and how many asks were refused (the database was down). */
  acknowledged: Set<string>;
  refusedAsks: number;
  /** Polls `check` every 100 ms up to `timeoutMs`; throws with the raters' last output on timeout. */
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void>;
  /** The fate of every acknowledged domain that `which` selects; `lost` ones have no rating and no job. */
  account(which?: (domain: string) => boolean): Promise<Accounting>;
  /** Row counts of every table, as `table=n` pairs. */
  tableCounts(): Promise<string>;
  close(): Promise<void>;
}

export interface Accounting {
  acknowledged: number;
  rated: number;
  deadWithRating: number;
  deadWithoutRating: number;
  waiting: number;
  lost: string[];
}

/** Sites: `busy-*` hosts answer 503 (a transient failure, for ever), others a small page after `delayMs`. */
function startSites(delayMs: number): Promise<Server> {
  const server = createServer((req, res) => {
    const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
    if (req.url === "/robots.txt") return void res.writeHead(404).end();
    if (host.startsWith("busy-")) return void res.writeHead(503).end("busy");
    setTimeout(() => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>${host}</title></head><body><h1>${host}</h1>
        <p>A small shop. <a href="/contact">Contact</a></p></body></html>`);
    }, delayMs);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Starts the private server, a migrated database on it, and the sites for `domains`. */
export async function startFaultStack(label: string, domains: readonly string[]): Promise<FaultStack> {
  const server = await startPrivateMariaDb();
  const database = await createTestDatabase(label, server.target());
  const sites = await startSites(100);
  const port = (sites.address() as AddressInfo).port;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    BONAFIDE_CONNECT_TO: domains.map((d) => `${d}:80:127.0.0.1:${port}`).join(","),
    BONAFIDE_PUSH_SECRET: "",
    RATER_CONCURRENCY: "4",
    RATER_POLL_MS: "50",
    RATER_LEASE_MS: "3000",
    RATER_HEARTBEAT_MS: "500",
    RATER_MAINTENANCE_MS: "300",
    RATER_RETRY_BASE_MS: "200",
    RATER_MAX_PAGES: "3",
    BONAFIDE_REPORT_MS: "500",
    // A bare rater that recycles just exits (no supervisor yet: issue 12.2), which would read as a crash
    // here; the recycle scenario comes with the process runner.
    RATER_RECYCLE_AFTER: "0",
  };
  // Asks go through a pool of their own that fails fast, like the edge's statements.
  const edge: Db = createDb(server.target(database.target.database), { connectionLimit: 4 });
  const stack: FaultStack = {
    server,
    database,
    raters: [],
    acknowledged: new Set(),
    refusedAsks: 0,
    startRater() {
      const child = spawn(process.execPath, ["origin/rater/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
      const rater: RaterProcess = {
        child,
        output: "",
        exit: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
      };
      const keep = (d: Buffer) => {
        rater.output = (rater.output + d).slice(-200_000);
      };
      child.stdout?.on("data", keep);
      child.stderr?.on("data", keep);
      stack.raters.push(rater);
      return rater;
    },
    async ask(list) {
      try {
        await edge.query(
          enqueueRatingsSql(list.length),
          list.flatMap((d) => [d, Buffer.from([10, 0, 0, 1]), 10]),
        );
        for (const d of list) stack.acknowledged.add(d);
        return true;
      } catch {
        stack.refusedAsks++;
        return false;
      }
    },
    async waitFor(what, check, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!(await check().catch(() => false))) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${what}\n${stack.raters.map((r) => r.output.slice(-3000)).join("\n---\n")}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async account(which = () => true) {
      const [rows] = await database.db.query<RowDataPacket[]>(
        `SELECT d.domain, r.rating, r.rating_info, j.state
           FROM (SELECT domain FROM rating UNION SELECT job_key FROM job WHERE kind = 'rate') d
           LEFT JOIN rating r ON r.domain = d.domain
           LEFT JOIN job j ON j.kind = 'rate' AND j.job_key = d.domain`,
      );
      const byDomain = new Map(rows.map((r) => [String(r.domain), r]));
      const mine = [...stack.acknowledged].filter(which);
      const out: Accounting = {
        acknowledged: mine.length,
        rated: 0,
        deadWithRating: 0,
        deadWithoutRating: 0,
        waiting: 0,
        lost: [],
      };
      for (const domain of mine) {
        const row = byDomain.get(domain);
        const state = row?.state == null ? null : Number(row.state);
        if (state === 9) row?.rating ? out.deadWithRating++ : out.deadWithoutRating++;
        else if (state !== null) out.waiting++;
        else if (row?.rating) out.rated++;
        else out.lost.push(domain);
      }
      return out;
    },
    async tableCounts() {
      const [tables] = await database.db.query<RowDataPacket[]>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name",
      );
      const counts: string[] = [];
      for (const { t } of tables) {
        const [[row]] = (await database.db.query(`SELECT COUNT(*) AS n FROM \`${t}\``)) as [RowDataPacket[], unknown];
        counts.push(`${t}=${Number(row?.n)}`);
      }
      return counts.join(" ");
    },
    async close() {
      for (const r of stack.raters)
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
      await Promise.all(stack.raters.map((r) => r.exit));
      await edge.end().catch(() => undefined);
      await database.db.end().catch(() => undefined);
      await new Promise((r) => sites.close(r));
      await server.cleanup();
    },
  };
  return stack;
}
