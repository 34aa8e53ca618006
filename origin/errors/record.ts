/**
 * @module Errors into the database, as SiteTruth's operators had them: host, process, stack and context
 * in `error_log`, shown on the status page; and a last-resort handler that records a crash before exit.
 */
import { redactText } from "../../shared/redact.ts";
import type { Db } from "../db/pool.ts";
import type { Logger } from "../log.ts";

export interface ErrorRecorder {
  /** Records a handled error; never throws (a failing error log must not take the process down). */
  record(error: unknown, context?: Record<string, unknown>, level?: "error" | "warn"): Promise<void>;
}

const RETENTION_DAYS = 30;

/** A recorder writing to `db` as process `processName` on `host`. */
export function createErrorRecorder(db: Db, who: { host: string; processName: string }, log: Logger): ErrorRecorder {
  return {
    async record(error, context = {}, level = "error") {
      const err = error instanceof Error ? error : new Error(String(error));
      const code = (err as { code?: unknown }).code;
      try {
        await db.query(
          `INSERT INTO error_log (host, process, pid, level, code, message, stack, context)
           VALUES (?, ?, ?, ?, ?, LEFT(?, 2048), ?, ?)`,
          [
            who.host,
            who.processName,
            process.pid,
            level,
            typeof code === "string" ? code.slice(0, 64) : null,
            // The status page shows these to whoever may read it: no URL passwords.
            redactText(err.message || err.name),
            err.stack ? redactText(err.stack) : null,
            redactText(JSON.stringify(context)),
          ],
        );
      } catch (dbError) {
        log.error("could not record error in the database", { original: err.message, dbError: String(dbError) });
      }
    },
  };
}

/**
 * Records at most one error per `key` every `windowMs`: an outage of a back-end fails every page, and the
 * error table should say so once a minute with a count, not a million times. The next recorded row of a
 * key carries `suppressed`, how many were left out since the previous one.
 */
export function throttledRecorder(recorder: ErrorRecorder, windowMs = 60_000) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key: string, error: unknown, context: Record<string, unknown> = {}): void => {
    const now = Date.now();
    const seen = last.get(key);
    if (seen && now - seen.at < windowMs) {
      seen.suppressed++;
      return;
    }
    if (last.size > 1000) last.clear(); // keys are routes × codes; this only bounds a pathological spread
    last.set(key, { at: now, suppressed: 0 });
    void recorder.record(error, seen?.suppressed ? { ...context, suppressed: seen.suppressed } : context);
  };
}

/** Deletes error rows older than the retention period; returns how many. */
export async function pruneErrors(db: Db, days = RETENTION_DAYS): Promise<number> {
  const [result] = await db.query("DELETE FROM error_log WHERE at < NOW(3) - INTERVAL ? DAY LIMIT 1000", [days]);
  return (result as { affectedRows: number }).affectedRows;
}

/**
 * Records an uncaught exception or unhandled rejection, then exits with status 1: the state after one is
 * unknown, so the process stops and its leases come back to the queue.
 */
export function installCrashHandlers(recorder: ErrorRecorder, log: Logger, waitMs = 3000): void {
  let crashing = false;
  const crash = (kind: string) => (error: unknown) => {
    log.error(`fatal: ${kind}`, { error: String((error as Error)?.stack ?? error) });
    if (crashing) return;
    crashing = true;
    const timer = setTimeout(() => process.exit(1), waitMs);
    void recorder.record(error, { fatal: kind }).finally(() => {
      clearTimeout(timer);
      process.exit(1);
    });
  };
  process.on("uncaughtException", crash("uncaughtException"));
  process.on("unhandledRejection", crash("unhandledRejection"));
}
