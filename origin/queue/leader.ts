/**
 * @module Leader election with a lease row, not GET_LOCK: PlanetScale has no GET_LOCK, and over HTTP
 * there is no connection whose death would release it (research/queue.md §2.3).
 */
import type { ResultSetHeader } from "mysql2/promise";
import type { Db } from "../db/pool.ts";

/** Takes or renews the lease `name` for `owner`; true while `owner` is the leader. */
export async function acquireLeadership(db: Db, name: string, owner: string, ttlMs: number): Promise<boolean> {
  await db.query("INSERT IGNORE INTO leader_lease (name, owner, lease_until) VALUES (?, NULL, NOW(3))", [name]);
  const [result] = await db.query<ResultSetHeader>(
    `UPDATE leader_lease SET owner = ?, lease_until = NOW(3) + INTERVAL ? MICROSECOND
      WHERE name = ? AND (owner = ? OR owner IS NULL OR lease_until < NOW(3))`,
    [owner, ttlMs * 1000, name, owner],
  );
  return result.affectedRows === 1;
}

/** Gives the lease up at once (graceful shutdown), so another process can lead without waiting it out. */
export async function releaseLeadership(db: Db, name: string, owner: string): Promise<void> {
  await db.query("UPDATE leader_lease SET owner = NULL, lease_until = NOW(3) WHERE name = ? AND owner = ?", [
    name,
    owner,
  ]);
}
