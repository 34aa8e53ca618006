/**
 * @module Shared by `bonafide rater` and `bonafide aggregator`: run P supervised copies of an entry
 * point in the foreground until SIGINT/SIGTERM (first = graceful, second = force).
 */
import { startSupervisor } from "../process/supervisor.ts";

/** Supervises `processes` copies of `script` with `env`; resolves with the exit code once all are gone. */
export async function superviseForeground(
  name: string,
  script: string,
  processes: number,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const say = (m: string) => process.stderr.write(`[bonafide ${name}] ${m}\n`);
  const supervisor = startSupervisor({ name, script, processes, env, log: say, stopTimeoutMs: 90_000 });
  const onSignal = (signal: string) => {
    say(`${signal}: stopping (again to force)`);
    void supervisor.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  await supervisor.done;
  say("all stopped");
  return 0;
}
