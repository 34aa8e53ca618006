/**
 * @module Shared by `bonafide rater` and `bonafide aggregator`: run P supervised copies of an entry
 * point in the foreground until SIGINT/SIGTERM (first = graceful, second = force).
 */
import { readOriginConfig } from "../config.ts";
import { createDb } from "../db/pool.ts";
import { createErrorRecorder } from "../errors/record.ts";
import { createLogger } from "../log.ts";
import { startSupervisor } from "../process/supervisor.ts";

/** Supervises `processes` copies of `script` with `env`; resolves with the exit code once all are gone. */
export async function superviseForeground(
  name: string,
  script: string,
  processes: number,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const say = (m: string) => process.stderr.write(`[bonafide ${name}] ${m}\n`);
  const config = readOriginConfig();
  const db = createDb(config.database, { connectionLimit: 1 });
  const errors = createErrorRecorder(
    db,
    { host: config.host, processName: `${name}-supervisor` },
    createLogger({ process: `${name}-supervisor` }),
  );
  const supervisor = startSupervisor({
    name,
    script,
    processes,
    env,
    log: say,
    stopTimeoutMs: 90_000,
    onCrash: (details) => {
      const error = Object.assign(
        new Error(`${details.name} process ${details.pid} died (${details.signal ?? `exit code ${details.code}`})`),
        { code: "PROCESS_DIED" },
      );
      void errors.record(error, details);
    },
  });
  const onSignal = (signal: string) => {
    say(`${signal}: stopping (again to force)`);
    void supervisor.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  await supervisor.done;
  await db.end();
  say("all stopped");
  return 0;
}
