/**
 * @module An origin entry point run as a process of its own for a test (`node origin/rater/main.ts`,
 * `npx bonafide rater …`), with its output collected and a bounded wait that fails with that output.
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface Spawned {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output: string;
  /** What it wrote on stderr alone. */
  stderr: string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /**
   * Polls `check` every `everyMs` until it holds; throws with the output after `timeoutMs`, or when the
   * process exited first (unless `evenAfterExit`).
   */
  waitFor(
    what: string,
    check: () => boolean | Promise<boolean>,
    options?: { everyMs?: number; timeoutMs?: number; evenAfterExit?: boolean },
  ): Promise<void>;
}

/** Runs `node ARGS` (from the repository's root) with `env`. */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const run: Spawned = {
    child,
    output: "",
    stderr: "",
    exited: new Promise((resolve) => child.once("exit", resolve)),
    async waitFor(what, check, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 60_000);
      while (!(await check())) {
        if (Date.now() > deadline || (child.exitCode !== null && !options.evenAfterExit))
          throw new Error(`no ${what}:\n${run.output}`);
        await new Promise((r) => setTimeout(r, options.everyMs ?? 50));
      }
    },
  };
  child.stdout?.on("data", (d) => {
    run.output += d;
  });
  child.stderr?.on("data", (d) => {
    run.output += d;
    run.stderr += d;
  });
  return run;
}

/** `npx bonafide ARGS` (bin/bonafide.mjs) with `env`. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Spawned {
  return spawnNode(["bin/bonafide.mjs", ...args], env);
}
