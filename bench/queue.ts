/**
 * @module `npm run bench -- queue`: bonafide's MySQL queue on the local MariaDB against BullMQ on the
 * local Redis, in one run.
 *
 * 1. Throughput, full lifecycle and durable: jobs are enqueued (batches of 100) while one worker with the
 *    same concurrency drains them with no-op work; the clock stops when the last job is completed (our row
 *    deleted; BullMQ's `completed` event). Equal durability by default: Redis runs with `appendonly yes,
 *    appendfsync always` (every acknowledged write on disk, as InnoDB with innodb_flush_log_at_trx_commit
 *    = 1 does for every commit — printed); `--redis-fsync everysec` gives Redis its laxer usual setting,
 *    which may lose the last second of jobs; both BullMQ figures are printed, the headline uses the chosen one. Our worker claims up to one batch ahead
 *    of its free slots (`prefetch` = concurrency, like graphile-worker's local queue); BullMQ as default
 *    (`addBulk`, worker `concurrency`, `removeOnComplete`: its fast path). The side that runs first
 *    alternates by round, and Redis's AOF rewrite started by turning AOF on is waited for.
 * 2. Fairness: workers with ~20 ms of work each; one client floods at twice their capacity while 200 light
 *    clients trickle; the light clients' wait from enqueue to start, p50/p99, for both queues, in two rounds
 *    with the order swapped. Open-source BullMQ has no per-client fairness (groups are BullMQ Pro's).
 *
 * Options: --jobs N (20000), --concurrency C (50), --seconds S of the flood (8), --rounds R (5; the
 * throughput figures are the medians), --redis-fsync always|everysec (always).
 */
import { randomBytes } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import { ensureMariaDb } from "../dev/services/mariadb.ts";
import { ensureRedis } from "../dev/services/redis.ts";
import { migrate } from "../origin/db/migrate.ts";
import { createDb, type Db, parseDatabaseUrl } from "../origin/db/pool.ts";
import { createLogger } from "../origin/log.ts";
import { enqueueJobs, type QueueWorker, startQueueWorker } from "../origin/queue/index.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const n = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const JOBS = arg("jobs", 20_000);
const CONCURRENCY = arg("concurrency", 50);
const FLOOD_S = arg("seconds", 8);
const ROUNDS = arg("rounds", 5);
const REDIS_FSYNC = (() => {
  const i = process.argv.indexOf("--redis-fsync");
  const v = i > 0 ? process.argv[i + 1] : "always";
  if (v !== "always" && v !== "everysec") throw new Error("--redis-fsync must be always or everysec");
  return v;
})();
const BATCH = 100;
const WORK_MS = 20;
const say = (m: string) => process.stdout.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = createLogger({}, { write: () => undefined });

/** One queue under test: put jobs on it, drain it with `handler`, stop. */
interface Subject {
  name: string;
  enqueue(jobs: { key: string; client: string }[]): Promise<void>;
  start(concurrency: number, handler: (key: string) => Promise<void>): void;
  /** Resolves once `n` jobs have been completed durably since start(). */
  completed(n: number): Promise<void>;
  stop(): Promise<void>;
}

function ours(db: Db, kind: string): Subject {
  let worker: QueueWorker | null = null;
  return {
    name: "bonafide (MariaDB)",
    async enqueue(jobs) {
      await enqueueJobs(
        db,
        kind,
        jobs.map((j) => ({ key: j.key, clientKey: j.client })),
      );
    },
    start(concurrency, handler) {
      worker = startQueueWorker(
        {
          db,
          log: quiet,
          onError: async (e) => {
            say(`worker error: ${String(e)}`);
          },
        },
        {
          kind,
          owner: `bench:${process.pid}`,
          concurrency,
          prefetch: concurrency,
          pollMs: 5,
          leaseMs: 60_000,
          heartbeatMs: 10_000,
        },
        async (job) => {
          await handler(job.key);
          return "done";
        },
      );
    },
    async completed() {
      // Done when no job of this kind is left: every one was claimed and its completion committed. An
      // index probe, not COUNT(*): counting 20,000 rows every 5 ms would load the server under test.
      for (;;) {
        const [rows] = await db.query<mysql.RowDataPacket[]>("SELECT 1 FROM job WHERE kind = ? LIMIT 1", [kind]);
        if (rows.length === 0) return;
        await sleep(5);
      }
    },
    async stop() {
      await worker?.stop(1000);
    },
  };
}

function bull(name: string): Subject {
  const connection = { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  let worker: Worker | null = null;
  let done = 0;
  let waiters: { n: number; resolve: () => void }[] = [];
  return {
    name: "BullMQ (Redis)",
    async enqueue(jobs) {
      await queue.addBulk(
        jobs.map((j) => ({ name: "j", data: { key: j.key, client: j.client }, opts: { removeOnComplete: true } })),
      );
    },
    start(concurrency, handler) {
      worker = new Worker(name, async (job) => handler(String(job.data.key)), { connection, concurrency });
      worker.on("completed", () => {
        done++;
        for (const w of waiters) if (done >= w.n) w.resolve();
        waiters = waiters.filter((w) => done < w.n);
      });
    },
    completed(n) {
      return done >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async stop() {
      await worker?.close();
      await queue.obliterate({ force: true });
      await queue.close();
    },
  };
}

async function throughput(subject: Subject, label = subject.name): Promise<number> {
  const clients = Array.from({ length: 16 }, (_, i) => (i + 1).toString(16).padStart(8, "0"));
  subject.start(CONCURRENCY, async () => undefined);
  const started = performance.now();
  for (let i = 0; i < JOBS; i += BATCH) {
    await subject.enqueue(
      Array.from({ length: Math.min(BATCH, JOBS - i) }, (_, k) => ({
        key: `t${i + k}.example`,
        client: clients[(i + k) % clients.length] ?? "01",
      })),
    );
  }
  await subject.completed(JOBS);
  const seconds = (performance.now() - started) / 1000;
  await subject.stop();
  const rate = JOBS / seconds;
  say(`  ${label.padEnd(20)} ${JOBS} jobs in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} jobs/s`);
  return rate;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The light clients' waits (ms) while one client floods at twice the workers' capacity. */
async function fairness(subject: Subject, concurrency: number): Promise<{ p50: number; p99: number; n: number }> {
  const enqueuedAt = new Map<string, number>();
  const lightWaits: number[] = [];
  subject.start(concurrency, async (key) => {
    const at = enqueuedAt.get(key);
    if (at !== undefined && key.startsWith("light")) lightWaits.push(performance.now() - at);
    await sleep(WORK_MS);
  });
  const capacity = (concurrency * 1000) / WORK_MS;
  const floodPerTick = Math.round((2 * capacity) / 20); // ticks of 50 ms
  const deadline = performance.now() + FLOOD_S * 1000;
  let tick = 0;
  let total = 0;
  while (performance.now() < deadline) {
    const jobs = Array.from({ length: floodPerTick }, (_, i) => ({ key: `flood${tick}-${i}`, client: "0a000001" }));
    if (tick % 2 === 0) jobs.push({ key: `light${tick}`, client: `c0a8${(tick % 200).toString(16).padStart(4, "0")}` });
    const now = performance.now();
    for (const j of jobs) enqueuedAt.set(j.key, now);
    await subject.enqueue(jobs);
    total += jobs.length;
    tick++;
    await sleep(Math.max(0, 50 - (performance.now() - now)));
  }
  // Let the last light jobs be served (the flood's backlog may stay; it is not what is measured).
  const lights = [...enqueuedAt.keys()].filter((k) => k.startsWith("light")).length;
  const waitUntil = performance.now() + 30_000;
  while (lightWaits.length < lights && performance.now() < waitUntil) await sleep(50);
  await subject.stop();
  const sorted = [...lightWaits].sort((a, b) => a - b);
  const result = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
  say(
    `  ${subject.name.padEnd(20)} capacity ~${capacity} jobs/s, flood ${floodPerTick * 20} jobs/s (${total} enqueued): ` +
      `light clients served ${result.n}/${lights}, wait p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms`,
  );
  return result;
}

async function persistence(redis: Redis): Promise<Map<string, string>> {
  const info = await redis.info("persistence");
  return new Map(
    info.split("\r\n").flatMap((line) => (line.includes(":") ? [line.split(":", 2) as [string, string]] : [])),
  );
}
const aofRewrites = async (redis: Redis) => Number((await persistence(redis)).get("aof_rewrites") ?? 0);
async function aofIdle(redis: Redis): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const p = await persistence(redis);
    if (p.get("aof_rewrite_in_progress") !== "1" && p.get("aof_rewrite_scheduled") !== "1") return;
    await sleep(50);
  }
}

async function main(): Promise<void> {
  const server = parseDatabaseUrl(process.env.DATABASE_URL ?? "mysql://root@127.0.0.1:3306/");
  await ensureMariaDb(server, say);
  await ensureRedis("127.0.0.1", 6379, say);
  const target = { ...server, database: `bfbench_${randomBytes(4).toString("hex")}` };
  await migrate(target);
  const db = createDb(target, { connectionLimit: 12 });
  const redis = new Redis({ host: "127.0.0.1", port: 6379, lazyConnect: true });
  await redis.connect();
  const previous = {
    appendonly: String((await redis.config("GET", "appendonly"))[1] ?? "no"),
    appendfsync: String((await redis.config("GET", "appendfsync"))[1] ?? "everysec"),
  };
  await redis.config("SET", "appendonly", "yes");
  await redis.config("SET", "appendfsync", REDIS_FSYNC);
  // Turning AOF on starts a background rewrite; let it finish, or BullMQ's first round runs beside it.
  await aofIdle(redis);
  const rewritesBefore = await aofRewrites(redis);
  try {
    say(`queue benchmark: ${JOBS} jobs, concurrency ${CONCURRENCY}, no-op work, enqueue in batches of ${BATCH}`);
    const [flush] = await db.query<mysql.RowDataPacket[]>("SELECT @@innodb_flush_log_at_trx_commit AS v");
    say(
      `durability: MariaDB innodb_flush_log_at_trx_commit=${flush[0]?.v}; Redis appendonly yes, appendfsync ${REDIS_FSYNC}`,
    );
    say("1. full lifecycle throughput (enqueue → claim → complete)");
    // Alternating rounds, median of each: the machine is shared, and one round can catch a busy moment.
    // BullMQ runs at both Redis settings each round: `always` (the same durability as InnoDB's commit flush;
    // the headline) and `everysec` (Redis's usual setting, which may lose the last second of acknowledged jobs).
    const bullRates: Record<"always" | "everysec", number[]> = { always: [], everysec: [] };
    const ourRates: number[] = [];
    const otherFsync = REDIS_FSYNC === "always" ? "everysec" : "always";
    for (let round = 1; round <= ROUNDS; round++) {
      say(` round ${round}/${ROUNDS}`);
      const runBull = (fsync: "always" | "everysec") => async () => {
        await redis.config("SET", "appendfsync", fsync);
        bullRates[fsync].push(await throughput(bull(`bench-${randomBytes(3).toString("hex")}`), `BullMQ (${fsync})`));
        await aofIdle(redis);
      };
      const runOurs = async () => ourRates.push(await throughput(ours(db, `bench${round}`)));
      // Who goes first rotates: no side always runs right after the same other side's load.
      const order = [runOurs, runBull(REDIS_FSYNC), runBull(otherFsync)];
      for (let i = 0; i < order.length; i++) await (order[(i + round) % order.length] as () => Promise<unknown>)();
    }
    await redis.config("SET", "appendfsync", REDIS_FSYNC);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const bullRate = median(bullRates[REDIS_FSYNC]);
    const ourRate = median(ourRates);
    say(
      ` median: bonafide ${ourRate.toFixed(0)} jobs/s, BullMQ ${bullRate.toFixed(0)} jobs/s (appendfsync ${REDIS_FSYNC}), ` +
        `BullMQ ${median(bullRates[otherFsync]).toFixed(0)} jobs/s (appendfsync ${otherFsync})`,
    );
    say(
      ` (Redis rewrote its AOF ${(await aofRewrites(redis)) - rewritesBefore} times during the rounds, as it does when the file doubles)`,
    );

    say(`2. fairness: one client floods at 2× capacity for ${FLOOD_S} s, 200 light clients at 10 jobs/s`);
    say(
      "   (open-source BullMQ has no per-client fairness: one FIFO per queue; its groups are a BullMQ Pro feature. " +
        "It is here as what a user would pick, not as a fair-queue design.)",
    );
    // Two rounds, the order swapped in the second: neither side always runs after the other's flood.
    const fair: Record<"ours" | "bull", { p50: number; p99: number }[]> = { ours: [], bull: [] };
    for (const first of ["ours", "bull"] as const) {
      for (const side of first === "ours" ? (["ours", "bull"] as const) : (["bull", "ours"] as const)) {
        const subject = side === "ours" ? ours(db, `fair${first}`) : bull(`fair-${randomBytes(3).toString("hex")}`);
        fair[side].push(await fairness(subject, 8));
      }
    }
    say("");
    const waits = (xs: { p50: number; p99: number }[]) =>
      xs.map((x) => `p50 ${x.p50.toFixed(0)} ms, p99 ${x.p99.toFixed(0)} ms`).join("; ");
    say(`light client wait (ours):   ${waits(fair.ours)}`);
    say(`light client wait (BullMQ): ${waits(fair.bull)}`);
    say(`queue: ${ourRate.toFixed(0)} jobs/s vs ${bullRate.toFixed(0)} jobs/s = ${(ourRate / bullRate).toFixed(2)}`);
  } finally {
    await redis.config("SET", "appendonly", previous.appendonly).catch(() => undefined);
    await redis.config("SET", "appendfsync", previous.appendfsync).catch(() => undefined);
    redis.disconnect();
    await db.end();
    const conn = await mysql.createConnection({ ...server, database: undefined });
    await conn.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
    await conn.end();
  }
}

await main();
