/**
 * @module A supervisor in the foreground: P copies of an entry point (origin/process/supervisor.ts) until
 * SIGINT/SIGTERM (the first stops cleanly, a second forces), each death recorded in `error_log`, or until
 * one slot crash-loops past the supervisor's bound (then the exit code is 1, with the reason). Used by
 * `npx bonafide rater|aggregator` and by a bare `node origin/rater/main.ts`, which supervises one copy of
 * itself so that a recycling rater always has someone to start its replacement.
 */
import { inheritedEnvironment, type OriginConfig } from "../config.ts";
import { createDb } from "../db/pool.ts";
import { createErrorRecorder, type ErrorRecorder } from "../errors/record.ts";
import { createLogger } from "../log.ts";
import { onStopSignals, readConfigOrExit, say, within } from "./lifecycle.ts";
import { type SupervisorOptions, startSupervisor } from "./supervisor.ts";

/** An onCrash for startSupervisor that records each death in `error_log` as `PROCESS_DIED`. */
export function recordDeaths(errors: ErrorRecorder): NonNullable<SupervisorOptions["onCrash"]> {
  return (details) => {
    const error = Object.assign(
      new Error(`${details.name} process ${details.pid} died (${details.signal ?? `exit code ${details.code}`})`),
      { code: "PROCESS_DIED" },
    );
    void errors.record(error, details);
  };
}

/** The error recorder of a supervisor named `name` (a pool of one connection), and how to close it. */
export function supervisorErrors(
  config: OriginConfig,
  name: string,
): { errors: ErrorRecorder; close(): Promise<void> } {
  const db = createDb(config.database, { connectionLimit: 1 });
  const errors = createErrorRecorder(
    db,
    { host: config.host, processName: `${name}-supervisor` },
    createLogger({ process: `${name}-supervisor` }),
  );
  // A database that does not answer must not hold up the exit.
  return { errors, close: async () => void (await within(2_000, db.end())) };
}

/**
 * Supervises `processes` copies of `script` (with `args`), each with this process's environment plus
 * `settings` (what a command line chose); resolves with the exit code once all are gone.
 */
export async function superviseForeground(
  name: string,
  script: string,
  processes: number,
  settings: Readonly<Record<string, string>> = {},
  args: readonly string[] = [],
): Promise<number> {
  const config = readConfigOrExit(name, settings);
  const log = (message: string) => say(name, message);
  const { errors, close } = supervisorErrors(config, name);
  const supervisor = startSupervisor({
    name,
    script,
    args: [...args],
    processes,
    env: inheritedEnvironment(settings),
    log,
    stopTimeoutMs: 90_000,
    onCrash: recordDeaths(errors),
  });
  onStopSignals(
    (signal) => {
      log(`${signal}: stopping (again to force)`);
      void supervisor.stop();
    },
    (signal) => {
      log(`${signal} again: forcing`);
      void supervisor.stop();
    },
  );
  const exit = await supervisor.done;
  await close();
  log(exit.code === 0 ? "all stopped" : `stopped: ${exit.reason}`);
  return exit.code;
}
