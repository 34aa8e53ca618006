/**
 * @module What the status pages render: the latest successful read of the database (possibly old while the
 * database is unreachable — with its age, never passed off as current), whether the database answered the
 * last read, and the status server's own process figures, which need no database. Monitoring keeps its
 * metrics through an outage and sees the outage itself (`bonafide_database_up 0`).
 */
import { hostname } from "node:os";
import type { StatusData } from "./read.ts";

export interface DatabaseHealth {
  /** Whether the last read of the status succeeded. */
  up: boolean;
  /** Why the last read failed; null while up. */
  error: string | null;
  /** When the data shown was read (null: never, since this server started). */
  readAt: string | null;
  /** Seconds between that read and this answer. */
  ageSeconds: number | null;
}

/** The status server's own process, measured in-process. */
export interface SelfStats {
  host: string;
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
}

export interface StatusView {
  database: DatabaseHealth;
  self: SelfStats;
  /** The last successful read; null if none succeeded yet. */
  data: StatusData | null;
}

const started = new Date(Date.now() - process.uptime() * 1000);

/** This process's figures now. */
export function selfStats(): SelfStats {
  const memory = process.memoryUsage();
  return {
    host: hostname(),
    pid: process.pid,
    startedAt: started.toISOString(),
    uptimeSeconds: process.uptime(),
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
  };
}

/** The view of `last` (the latest successful read, if any) as of `now`; `failure` is why the last read failed. */
export function statusView(last: StatusData | null, failure: Error | null, now = new Date()): StatusView {
  const readAt = last ? last.generatedAt : null;
  return {
    database: {
      up: failure === null,
      error: failure?.message ?? null,
      readAt,
      ageSeconds: readAt ? Math.max(0, (now.getTime() - Date.parse(readAt)) / 1000) : null,
    },
    self: selfStats(),
    data: last,
  };
}
