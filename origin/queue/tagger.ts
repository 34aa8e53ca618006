/**
 * @module Start-time fair queueing: gives each new job a virtual tag so claims ordered by
 * (priority, vtag, id) serve one job per client per round (research/queue.md §3).
 *
 * tag = max(lane.last_tag + 1, clock), where clock is the smallest tag among ready jobs of the class, or,
 * when none is ready, the furthest lane (everyone starts level). Lane rows are locked in key order, so
 * concurrent taggers serialise per client (no tag race, pitfall 2) and cannot deadlock on each other.
 * Every class's clock and every lane come back in one statement: round trips, not rows, are what a
 * tagging transaction mostly costs.
 */
import type { RowDataPacket } from "mysql2/promise";
import { JobState } from "../../shared/queue-contract.ts";
import { type Conn, type Db, TransactionConflictError, withTransaction } from "../db/pool.ts";

const ER_DUP_ENTRY = 1062;

/**
 * A read to send in the same round trip as the lanes: `sql` is one parenthesised SELECT of `LANE_COLUMNS`
 * with `part` 0; `onRows` sees its rows before any tag is computed and may narrow the request.
 */
export interface ExtraRead {
  sql: string;
  params: unknown[];
  onRows(rows: LaneRow[]): void;
}

/** The columns of every branch of the lane read: which branch, class, job key, client key, tag. */
export const LANE_COLUMNS = "part, priority, job_key, client_key, tag";

const PART_LANE = 1;
const PART_CLOCK = 2;

export interface LaneRow extends RowDataPacket {
  part: number;
  priority: number | null;
  job_key: string | null;
  client_key: Buffer | null;
  tag: string | null;
}

/** Clients (hex) per class, in job order; a client may repeat (one slot per job). */
export type TagRequest = Map<number, string[]>;

/**
 * Gives each job of `request` its start tag and advances the lanes, inside the caller's transaction.
 * Returns, per class, the tags in the order of the class's client keys. The lanes of every client of
 * `request` are locked; `extra.onRows` may then drop jobs from it (their clients' lanes stay locked
 * until commit, harmlessly).
 */
export async function assignTags(
  conn: Conn,
  kind: string,
  request: TagRequest,
  extra?: ExtraRead,
): Promise<Map<number, bigint[]>> {
  const locking = [...request.entries()].filter(([, keys]) => keys.length > 0);
  if (locking.length === 0 && extra === undefined) return new Map();
  const parts: string[] = [];
  const params: unknown[] = [];
  if (extra) {
    parts.push(extra.sql);
    params.push(...extra.params);
  }
  if (locking.length > 0) {
    // The lanes, locked: a range read of the primary key, so rows are locked in key order.
    parts.push(
      `(SELECT ${PART_LANE} AS part, priority, NULL AS job_key, client_key, last_tag AS tag FROM job_lane
         WHERE kind = ? AND (${locking.map(() => "(priority = ? AND client_key IN (?))").join(" OR ")}) FOR UPDATE)`,
    );
    params.push(kind);
    for (const [priority, keys] of locking)
      params.push(
        priority,
        [...new Set(keys)].map((k) => Buffer.from(k, "hex")),
      );
    // Each class's clock: an index probe for its smallest ready tag.
    for (const [priority] of locking) {
      parts.push(
        `(SELECT ${PART_CLOCK} AS part, priority, NULL AS job_key, NULL AS client_key, vtag AS tag
            FROM job FORCE INDEX (ix_claim) WHERE kind = ? AND state = ${JobState.Ready} AND priority = ? ORDER BY vtag LIMIT 1)`,
      );
      params.push(kind, priority);
    }
  }
  const [rows] = await conn.query<LaneRow[]>(parts.join(" UNION ALL "), params);
  extra?.onRows(rows.filter((r) => r.part !== PART_LANE && r.part !== PART_CLOCK));
  const classes = [...request.entries()].filter(([, keys]) => keys.length > 0);
  if (classes.length === 0) return new Map();

  const last = new Map<string, bigint>(); // `${priority}:${hex}` → last tag
  const clocks = new Map<number, bigint>();
  for (const row of rows) {
    if (row.part === PART_LANE && row.client_key && row.tag !== null) {
      last.set(`${row.priority}:${row.client_key.toString("hex")}`, BigInt(row.tag));
    } else if (row.part === PART_CLOCK && row.tag !== null) {
      clocks.set(Number(row.priority), BigInt(row.tag));
    }
  }
  const tags = new Map<number, bigint[]>();
  const known = new Set(last.keys()); // lanes that exist, and which we now hold locked
  const existing: unknown[] = [];
  const created: unknown[] = [];
  for (const [priority, keys] of classes) {
    const clock = clocks.get(priority) ?? (await furthestLane(conn, kind, priority));
    tags.set(
      priority,
      keys.map((key) => {
        const previous = last.get(`${priority}:${key}`);
        const tag = previous === undefined || previous + 1n < clock ? clock : previous + 1n;
        last.set(`${priority}:${key}`, tag);
        return tag;
      }),
    );
    for (const key of new Set(keys)) {
      const lane = `${priority}:${key}`;
      (known.has(lane) ? existing : created).push([kind, priority, Buffer.from(key, "hex"), String(last.get(lane))]);
    }
  }
  if (existing.length > 0) {
    await conn.query(
      "INSERT INTO job_lane (kind, priority, client_key, last_tag) VALUES ? ON DUPLICATE KEY UPDATE last_tag = VALUES(last_tag)",
      [existing],
    );
  }
  if (created.length > 0) {
    // A missing lane could not be locked (READ COMMITTED takes no gap locks), so two transactions may both
    // have tagged from it: a plain INSERT lets only the first create it; the other starts over and finds it.
    await conn
      .query("INSERT INTO job_lane (kind, priority, client_key, last_tag) VALUES ?", [created])
      .catch((error) => {
        if ((error as { errno?: number }).errno !== ER_DUP_ENTRY) throw error;
        throw new TransactionConflictError("a concurrent enqueue created the same fair-queue lane", { cause: error });
      });
  }
  return tags;
}

/** The clock of a class with nothing ready: its furthest lane, so a newcomer starts level with the rest. */
async function furthestLane(conn: Conn, kind: string, priority: number): Promise<bigint> {
  const [lanes] = await conn.query<RowDataPacket[]>(
    "SELECT MAX(last_tag) AS t FROM job_lane WHERE kind = ? AND priority = ?",
    [kind, priority],
  );
  return lanes[0]?.t != null ? BigInt(lanes[0].t) : 0n;
}

interface NewRow extends RowDataPacket {
  id: string;
  client_key: Buffer;
  priority: number;
}

/**
 * Tagging runs READ UNCOMMITTED: its locking reads (the jobs, the lanes) and its writes lock and write
 * exactly as under READ COMMITTED. Only the plain reads differ, and they are meant to see the latest state:
 * untaggedHead (see there), and the clocks, which then step over the entries of jobs a concurrent claim is
 * taking too. A clock read past a claim that then rolls back starts a new lane at most that far ahead.
 */
const TAG_TRANSACTION = { readUncommitted: true };

interface Head {
  priority: number;
  vtag: string | null;
  id: string;
}

/**
 * Where the untagged jobs of `kind` begin: the first index entry not delete-marked. Tagging moves a job's
 * ix_claim entry out of state 3, so until InnoDB's purge (about once a second) the head of the state-3
 * range holds the delete-marked entries of every recently tagged job, and a locking read from the start
 * of the range examines each one (~0.5 µs apiece; measured 5.6 ms with 10,000 of them against 0.9 ms from
 * the head: scripts/tagger-load.ts). A plain read under READ UNCOMMITTED steps over them. Every live
 * entry sits at or after the answer; one that lands before it meanwhile (an earlier id committing late, a
 * more urgent class, a tagger rolling back) is served by the next call, which reads the head again.
 */
async function untaggedHead(conn: Conn, kind: string): Promise<Head | null> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT priority, vtag, id FROM job FORCE INDEX (ix_claim)
      WHERE kind = ? AND state = ${JobState.New} ORDER BY priority, vtag, id LIMIT 1`,
    [kind],
  );
  const head = rows[0];
  return head
    ? { priority: Number(head.priority), vtag: head.vtag === null ? null : String(head.vtag), id: String(head.id) }
    : null;
}

/**
 * The part of the state-3 range at or after `head` in (priority, vtag, id) order, as conditions the range
 * optimiser turns into index ranges. The edge enqueues with no tag (vtag NULL, first in the order), so
 * within the head's class the id must bound the range too; jobs coming back through the tagger (due
 * retries, a more urgent ask) keep their old tag.
 */
function fromHead(head: Head): { sql: string; params: unknown[] } {
  return head.vtag === null
    ? {
        sql: "(priority > ? OR (priority = ? AND ((vtag IS NULL AND id >= ?) OR vtag IS NOT NULL)))",
        params: [head.priority, head.priority, head.id],
      }
    : {
        sql: "(priority > ? OR (priority = ? AND (vtag > ? OR (vtag = ? AND id >= ?))))",
        params: [head.priority, head.priority, head.vtag, head.vtag, head.id],
      };
}

/** Tags up to `limit` new jobs of `kind` and makes them ready; returns how many. */
export async function tagNewJobs(db: Db, kind: string, limit = 500): Promise<number> {
  // Most polls find nothing: a plain index probe answers that in one round trip, where the locking read
  // below costs several (isolation, begin, head, select, commit). A job that lands just after the probe
  // waits one poll.
  const [waiting] = await db.query<RowDataPacket[]>(
    `SELECT 1 FROM job FORCE INDEX (ix_claim) WHERE kind = ? AND state = ${JobState.New} LIMIT 1`,
    [kind],
  );
  if (waiting.length === 0) return 0;
  return withTransaction(
    db,
    async (conn) => {
      const head = await untaggedHead(conn, kind);
      if (head === null) return 0;
      const range = fromHead(head);
      const [rows] = await conn.query<NewRow[]>(
        `SELECT id, client_key, priority FROM job FORCE INDEX (ix_claim)
          WHERE kind = ? AND state = ${JobState.New} AND ${range.sql} ORDER BY priority, vtag, id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [kind, ...range.params, limit],
      );
      if (rows.length === 0) return 0;
      const request: TagRequest = new Map();
      for (const row of rows) {
        const keys = request.get(row.priority) ?? [];
        keys.push(row.client_key.toString("hex"));
        request.set(row.priority, keys);
      }
      const tags = await assignTags(conn, kind, request);
      // Rows come in (priority, …) order, so each class's tags are consumed in the order they were asked.
      const next = new Map<number, number>();
      const cases = rows.map((row) => {
        const i = next.get(row.priority) ?? 0;
        next.set(row.priority, i + 1);
        return [row.id, String(tags.get(row.priority)?.[i] ?? 0n)];
      });
      await conn.query(
        `UPDATE job SET state = ${JobState.Ready}, ready_at = NOW(3), vtag = CASE id ${cases.map(() => "WHEN ? THEN ?").join(" ")} END
          WHERE id IN (?)`,
        [...cases.flat(), rows.map((r) => r.id)],
      );
      return rows.length;
    },
    TAG_TRANSACTION,
  );
}
