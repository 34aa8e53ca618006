/**
 * @module Preparing the database before a process starts its work, and waiting for it when it does not
 * answer: one clear line per try (no stack trace, no JSON dump), tries spaced out by a doubling back-off up
 * to a bound, so a process started before its database neither crash-loops nor gives up. An error that is
 * not about reaching the server (access denied, a bad database name, a failing migration) is not retried:
 * the caller reports it and exits, because trying again cannot change it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { DbTarget } from "../db/pool.ts";

/** Connection-level failures: the server is down, restarting, unreachable or full — worth waiting for. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
]);

/** Whether `error` says the server could not be reached (as opposed to refusing or failing a statement). */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  // Node's connect to a name with several addresses fails with an AggregateError of the per-address errors.
  return error instanceof AggregateError && error.errors.some(isUnreachable);
}

/** An error in one line: its code and message, whatever shape it has. */
export function oneLine(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message =
    (error instanceof AggregateError && error.errors[0] ? oneLine(error.errors[0]) : (error as Error)?.message) ||
    String(error);
  const text = typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
  return text.replace(/\s+/g, " ").trim();
}

export interface WaitOptions {
  target: DbTarget;
  /** The preparation itself (one call: today the migrations). */
  prepare: () => Promise<unknown>;
  /** Where the lines go. */
  say: (line: string) => void;
  /** Stops the waiting (a signal while the database is down). */
  signal: AbortSignal;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs `prepare` until it succeeds, waiting between tries while the server cannot be reached (0.5 s,
 * doubling, at most 30 s apart). Resolves true when prepared, false when `signal` aborted the wait;
 * rejects with the error of a failure that is not about reaching the server.
 */
export async function prepareDatabase(options: WaitOptions): Promise<boolean> {
  const { target } = options;
  const where = `${target.host}:${target.port}/${target.database}`;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let wait = options.firstDelayMs ?? 500;
  for (let tries = 1; ; tries++) {
    if (options.signal.aborted) return false;
    try {
      await options.prepare();
      if (tries > 1) options.say(`the database at ${where} answers again (after ${tries} tries)`);
      return true;
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      options.say(
        `the database at ${where} does not answer (${oneLine(error)}); try ${tries}, next in ${wait / 1000} s`,
      );
    }
    // Wakes early on abort (and then rejects, which only means "stop waiting").
    await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
    wait = Math.min(maxDelayMs, wait * 2);
  }
}
