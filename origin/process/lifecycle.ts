/**
 * @module The parts of starting and stopping that every origin entry point shares (the runner, the
 * supervisors, `npm start`): reading the configuration so that a bad setting is one line naming the
 * variable (exit 2, never a stack trace), the exit codes a supervisor acts on, and "first signal stops
 * cleanly, second forces".
 */

import { redactText } from "../../shared/redact.ts";
import { type ParsedArgs, parseArgs, UsageError } from "../cli/args.ts";
import { inheritedEnvironment, type OriginConfig, readOriginConfig } from "../config.ts";

/** Exit codes with a meaning for supervisors: a child that exits with a fatal one is not restarted. */
export const EXIT = {
  ok: 0,
  /** A crash, or a second signal that forced the exit. */
  failed: 1,
  /** A bad setting, or a database that refuses this process (not a passing outage): restarting cannot help. */
  config: 2,
} as const;

/** Exit codes after which restarting the same process with the same environment cannot help. */
export function isFatalExit(code: number | null): boolean {
  return code === EXIT.config;
}

/**
 * One line on stderr, prefixed with the process: for people at a terminal (logs proper are JSON on stdout).
 * Error messages end up here, so URL passwords are replaced.
 */
export function say(role: string, message: string): void {
  process.stderr.write(`[bonafide ${role}] ${redactText(message)}\n`);
}

/**
 * A process entry point's command line, parsed strictly (origin/cli/args.ts): a bad one is one line with
 * `usage` and exit 2, `--help` prints `usage` and exits 0, and a positional argument is refused.
 */
export function commandLine(
  role: string,
  args: readonly string[],
  valued: readonly string[],
  flags: readonly string[],
  usage: string,
): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(args, valued, flags);
    const [stray] = parsed.positionals;
    if (stray !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(stray)}`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(role, `${error.message}\n${usage}`);
    process.exit(EXIT.config);
  }
  if (parsed.flags.has("help")) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

/**
 * The configuration, or — when a setting is bad — one line naming the variable (readOriginConfig's
 * message) and exit 2. Nothing has started yet at this point, so exiting at once leaves nothing behind.
 */
export function readConfigOrExit(role: string, settings: Readonly<Record<string, string>> = {}): OriginConfig {
  try {
    return readOriginConfig(inheritedEnvironment(settings));
  } catch (error) {
    say(role, `bad setting: ${(error as Error).message}`);
    process.exit(EXIT.config);
  }
}

/**
 * SIGINT and SIGTERM: the first calls `first` (stop cleanly), any later one calls `second` (force). A
 * terminal's Ctrl-C twice, or a supervisor's SIGTERM twice, mean the same thing.
 */
export function onStopSignals(first: (signal: string) => void, second: (signal: string) => void): void {
  let signals = 0;
  const handle = (signal: string) => (++signals === 1 ? first(signal) : second(signal));
  process.on("SIGINT", () => handle("SIGINT"));
  process.on("SIGTERM", () => handle("SIGTERM"));
}

/** Resolves after `ms` without keeping the process alive for it. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** `work`, or undefined once `ms` have passed: a stop must never hang on a database that does not answer. */
export function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  return Promise.race([work.catch(() => undefined), delay(ms).then(() => undefined)]);
}
