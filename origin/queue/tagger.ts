/**
 * @module Start-time fair queueing: gives each new job a virtual tag so claims ordered by
 * (priority, vtag, id) serve one job per client per round (research/queue.md §3).
 *
 * tag = max(lane.last_tag + 1, clock), where clock is the smallest tag among ready jobs of the class, or,
 * when none is ready, the furthest lane (everyone starts level). Lane rows are locked in key order, so
 * concurrent taggers serialise per client (no tag race, pitfall 2) and cannot deadlock on each other.
 */
import type { RowDataPacket } from "mysql2/promise";
import { type Conn, type Db, withTransaction } from "../db/pool.ts";

interface NewRow extends RowDataPacket {
  id: string;
  client_key: Buffer;
  priority: number;
}

async function classClock(conn: Conn, kind: string, priority: number): Promise<bigint> {
  const [ready] = await conn.query<RowDataPacket[]>(
    `SELECT vtag FROM job FORCE INDEX (ix_claim)
      WHERE kind = ? AND state = 0 AND priority = ? ORDER BY vtag LIMIT 1`,
    [kind, priority],
  );
  if (ready[0]?.vtag != null) return BigInt(ready[0].vtag);
  const [lanes] = await conn.query<RowDataPacket[]>(
    "SELECT MAX(last_tag) AS t FROM job_lane WHERE kind = ? AND priority = ?",
    [kind, priority],
  );
  return lanes[0]?.t != null ? BigInt(lanes[0].t) : 0n;
}

/**
 * Gives each of `clientKeys` (hex, in job order) its start tag in class (`kind`, `priority`) and advances
 * the lanes, inside the caller's transaction. Lanes are locked in key order, so concurrent taggers and
 * tagged enqueues serialise per client and cannot deadlock on each other.
 */
export async function assignTags(
  conn: Conn,
  kind: string,
  priority: number,
  clientKeys: readonly string[],
): Promise<bigint[]> {
  const clock = await classClock(conn, kind, priority);
  const keys = [...new Set(clientKeys)].sort();
  const [laneRows] = await conn.query<RowDataPacket[]>(
    `SELECT client_key, last_tag FROM job_lane
      WHERE kind = ? AND priority = ? AND client_key IN (?) ORDER BY client_key FOR UPDATE`,
    [kind, priority, keys.map((k) => Buffer.from(k, "hex"))],
  );
  const last = new Map<string, bigint>(
    laneRows.map((r) => [(r.client_key as Buffer).toString("hex"), BigInt(r.last_tag)]),
  );
  const tags = clientKeys.map((key) => {
    const previous = last.get(key);
    const tag = previous === undefined || previous + 1n < clock ? clock : previous + 1n;
    last.set(key, tag);
    return tag;
  });
  await conn.query(
    `INSERT INTO job_lane (kind, priority, client_key, last_tag) VALUES ${keys.map(() => "(?, ?, ?, ?)").join(", ")}
     ON DUPLICATE KEY UPDATE last_tag = VALUES(last_tag)`,
    keys.flatMap((k) => [kind, priority, Buffer.from(k, "hex"), String(last.get(k) ?? clock)]),
  );
  return tags;
}

async function tagClass(conn: Conn, kind: string, priority: number, jobs: NewRow[]): Promise<void> {
  const tags = await assignTags(
    conn,
    kind,
    priority,
    jobs.map((j) => j.client_key.toString("hex")),
  );
  await conn.query(
    `UPDATE job SET state = 0, ready_at = NOW(3), vtag = CASE id ${jobs.map(() => "WHEN ? THEN ?").join(" ")} END
      WHERE id IN (?)`,
    [...jobs.flatMap((j, i) => [j.id, String(tags[i])]), jobs.map((j) => j.id)],
  );
}

/** Tags up to `limit` new jobs of `kind` and makes them ready; returns how many. */
export async function tagNewJobs(db: Db, kind: string, limit = 500): Promise<number> {
  return withTransaction(db, async (conn) => {
    const [rows] = await conn.query<NewRow[]>(
      `SELECT id, client_key, priority FROM job FORCE INDEX (ix_claim)
        WHERE kind = ? AND state = 3 ORDER BY priority, vtag, id LIMIT ? FOR UPDATE SKIP LOCKED`,
      [kind, limit],
    );
    if (rows.length === 0) return 0;
    const byClass = new Map<number, NewRow[]>();
    for (const row of rows) byClass.set(row.priority, [...(byClass.get(row.priority) ?? []), row]);
    for (const [priority, jobs] of byClass) await tagClass(conn, kind, priority, jobs);
    return rows.length;
  });
}
