/**
 * @module What a tagging call costs while the edge keeps enqueueing: untagged jobs go in through the edge's
 * own statement (state 3, shared/queue-sql.ts) at `--rate` jobs/s in batches of 100, and `--taggers` loops
 * (one per rater process) run `tagNewJobs` as the rater's tag loop does (500 at most, a pause only after a short batch). Prints, per
 * round, the median and p90 of a call and the time per tagged job; each round uses a kind of its own, so
 * its index range starts clean. Then what one call costs with `--backlog` just-tagged (delete-marked, not yet
 * purged) entries at the head of the untagged range, and what it costs once purge has removed them.
 *
 *   node scripts/tagger-load.ts [--rate 10000] [--taggers 1] [--seconds 6] [--rounds 3] [--backlog 10000]
 *   node scripts/tagger-load.ts --compare path/to/other-tagger.ts   # A/B, alternating rounds, one process
 *
 * Against `DATABASE_URL` (default: the local MariaDB as root), in a database of its own, dropped at the end.
 * The server is whatever else is running on it too: compare figures from one run, not across runs.
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import mysql from "mysql2/promise";
import { migrate } from "../origin/db/migrate.ts";
import { createDb, type Db, parseDatabaseUrl } from "../origin/db/pool.ts";
import { tagNewJobs } from "../origin/queue/tagger.ts";
import { ENQUEUE_ON_DUPLICATE } from "../shared/queue-sql.ts";

type Tagger = (db: Db, kind: string, limit?: number) => Promise<number>;

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RATE = Number(option("rate") ?? 10_000);
const SECONDS = Number(option("seconds") ?? 6);
const ROUNDS = Number(option("rounds") ?? 3);
const COMPARE = option("compare");
const TAGGERS = Number(option("taggers") ?? 1);
const BACKLOG = Number(option("backlog") ?? 10_000);
const BATCH = 100;
const TAG_LIMIT = 500;
const POLL_MS = 20;
const CLIENTS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)] ?? 0;

interface Round {
  calls: number[];
  tagged: number;
  enqueued: number;
}

async function round(db: Db, tag: Tagger, kind: string): Promise<Round> {
  const until = performance.now() + SECONDS * 1000;
  let enqueued = 0;
  let tagged = 0;
  const calls: number[] = [];
  const started = performance.now();
  const edge = (async () => {
    while (performance.now() < until) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE);
      if (enqueued + BATCH > due) {
        await sleep(2);
        continue;
      }
      await edgeInsert(db, kind, enqueued, BATCH);
      enqueued += BATCH;
    }
  })();
  const tagger = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const n = await tag(db, kind, TAG_LIMIT);
      if (n > 0) {
        calls.push(performance.now() - t0);
        tagged += n;
      }
      if (n < TAG_LIMIT) await sleep(POLL_MS);
    }
  };
  await Promise.all([edge, ...Array.from({ length: TAGGERS }, tagger)]);
  return { calls, tagged, enqueued };
}

async function edgeInsert(db: Db, kind: string, from: number, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => [
    `${kind}-${from + i}.example`,
    Buffer.from([(from + i) % CLIENTS]),
    100,
  ]);
  await db.query(
    `INSERT INTO job (kind, job_key, client_key, priority, state) VALUES ${rows.map(() => `('${kind}', ?, ?, ?, 3)`).join(", ")} ${ENQUEUE_ON_DUPLICATE}`,
    rows.flat(),
  );
}

/**
 * One call's cost with `BACKLOG` delete-marked entries at the head of the range: tags that many, then five
 * times enqueues 100 and times the call that tags them; again once purge has had three seconds.
 */
async function backlog(db: Db, tag: Tagger, kind: string): Promise<{ fresh: number; purged: number }> {
  let n = 0;
  for (; n < BACKLOG; n += 500) await edgeInsert(db, kind, n, 500);
  while ((await tag(db, kind, 500)) > 0);
  const median = async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++, n += 100) {
      await edgeInsert(db, kind, n, 100);
      const t0 = performance.now();
      if ((await tag(db, kind, 100)) !== 100) throw new Error("a call did not tag the 100 new jobs");
      times.push(performance.now() - t0);
    }
    return quantile(times, 0.5);
  };
  const fresh = await median();
  await sleep(3000);
  return { fresh, purged: await median() };
}

function describe(name: string, r: Round): string {
  const total = r.calls.reduce((a, b) => a + b, 0);
  return (
    `${name}: ${r.calls.length} calls tagged ${r.tagged} of ${r.enqueued}; per call median ${quantile(r.calls, 0.5).toFixed(2)} ms, ` +
    `p90 ${quantile(r.calls, 0.9).toFixed(2)} ms; ${((total * 1000) / Math.max(1, r.tagged)).toFixed(1)} µs per job tagged`
  );
}

const server = parseDatabaseUrl(process.env.DATABASE_URL ?? "mysql://root@127.0.0.1:3306/");
const target = { ...server, database: `bftag_${randomBytes(4).toString("hex")}` };
await migrate(target);
const db = createDb(target, { connectionLimit: 2 + TAGGERS });
const subjects: [string, Tagger][] = [["tagger.ts", tagNewJobs]];
if (COMPARE) {
  const other = (await import(pathToFileURL(resolve(COMPARE)).href)) as { tagNewJobs: Tagger };
  subjects.push([COMPARE, other.tagNewJobs]);
}
try {
  console.log(
    `${RATE} untagged jobs/s from ${CLIENTS} clients, ${TAGGERS} tag loop(s), ${SECONDS} s per round, ${ROUNDS} rounds`,
  );
  const results = new Map<string, Round[]>(subjects.map(([name]) => [name, []]));
  for (let i = 1; i <= ROUNDS; i++) {
    // Who goes first alternates: neither always runs right after the other's load.
    for (const [name, tag] of i % 2 === 1 ? subjects : [...subjects].reverse()) {
      const r = await round(db, tag, `t${i}${name.length}${randomBytes(2).toString("hex")}`);
      results.get(name)?.push(r);
      console.log(` round ${i} ${describe(name, r)}`);
    }
  }
  for (const [name, rounds] of results) {
    const all = { calls: rounds.flatMap((r) => r.calls), tagged: 0, enqueued: 0 };
    for (const r of rounds) {
      all.tagged += r.tagged;
      all.enqueued += r.enqueued;
    }
    console.log(`all rounds ${describe(name, all)}`);
  }
  console.log(`a call tagging 100 new jobs right after ${BACKLOG} were tagged, and 3 s later (medians of 5)`);
  for (let i = 1; i <= ROUNDS; i++) {
    for (const [name, tag] of i % 2 === 1 ? subjects : [...subjects].reverse()) {
      const r = await backlog(db, tag, `b${i}${name.length}${randomBytes(2).toString("hex")}`);
      console.log(` round ${i} ${name}: ${r.fresh.toFixed(2)} ms, after purge ${r.purged.toFixed(2)} ms`);
    }
  }
} finally {
  await db.end();
  const conn = await mysql.createConnection({ ...server, database: undefined });
  await conn.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
  await conn.end();
}
