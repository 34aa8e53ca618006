/**
 * @module Structured logs: one JSON object per line on stdout, with the process and any bound fields
 * (job id, domain). Small on purpose; every line is machine-readable. Every string in a line has URL
 * passwords replaced (shared/redact.ts): a driver's or a library's error message may quote a URL it was given.
 */
import { redactText } from "../shared/redact.ts";

export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger writing to `write` (default stdout) at `level` and above. */
export function createLogger(
  bound: Record<string, unknown>,
  options: { level?: Level; write?: (line: string) => void } = {},
): Logger {
  const min = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit =
    (level: Level) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[level] < min) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...bound, ...fields }, redactStrings));
    };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => createLogger({ ...bound, ...fields }, options),
  };
}

/** A JSON.stringify replacer: every string value (stack traces too) without URL passwords. */
function redactStrings(_key: string, value: unknown): unknown {
  return typeof value === "string" ? redactText(value) : value;
}

/** The message and stack of anything thrown, for a log line. */
export function describeError(error: unknown): { error: string; code?: string; stack?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      error: error.message,
      ...(typeof code === "string" ? { code } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { error: String(error) };
}
