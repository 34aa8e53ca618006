/**
 * @module The whole local stack as `npm start` runs it, for end-to-end tests: on free ports of its own,
 * against the test file's own database, with its own KV state; stopped (and its process tree with it)
 * when the test file ends.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestDatabase } from "./database.ts";
import { freePort } from "./ports.ts";
import { descendants, isAlive } from "./process-tree.ts";

const READY = "[bonafide] ready:";
const START_MS = 100_000;

export interface LocalStack {
  readonly process: ChildProcess;
  readonly edgeUrl: string;
  readonly statusUrl: string;
  readonly aggregatorUrl: string;
  /** Everything the launcher printed so far (stdout and stderr). */
  output(): string;
  /** The launcher's descendants once it was ready (wrangler, workerd, raters, aggregator …). */
  readonly tree: readonly number[];
  /** SIGTERM, wait up to 20 s, then SIGKILL whatever of the tree is left; removes the state folder. */
  stop(): Promise<void>;
}

/**
 * Starts `origin/stack/main.ts` with one rater and waits until it prints that it is ready. Its ports are
 * found free and then handed to it, so another test can take one in between (seen in CI: EADDRINUSE): a
 * start that fails on a taken port is tried again, on new ports, up to three times.
 */
export async function startLocalStack(t: TestDatabase, env: Record<string, string> = {}): Promise<LocalStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(t, env);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("EADDRINUSE")) throw error;
    }
  }
}

async function startOnce(t: TestDatabase, env: Record<string, string>): Promise<LocalStack> {
  const stateDir = mkdtempSync(join(tmpdir(), "bonafide-stack-"));
  const [edgePort, psdbPort, demoPort, statusPort, aggregatorPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const child = spawn(process.execPath, ["origin/stack/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      BONAFIDE_EDGE_PORT: String(edgePort),
      BONAFIDE_PSDB_PORT: String(psdbPort),
      BONAFIDE_DEMO_PORT: String(demoPort),
      BONAFIDE_STATUS_PORT: String(statusPort),
      BONAFIDE_AGGREGATOR_PORT: String(aggregatorPort),
      BONAFIDE_STATE_DIR: stateDir,
      BONAFIDE_RATERS: "1",
      RATER_POLL_MS: "50",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const deadline = Date.now() + START_MS;
  while (!output.includes(READY)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      rmSync(stateDir, { recursive: true, force: true });
      throw new Error(`the stack did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const tree = descendants(child.pid ?? 0);
  return {
    process: child,
    edgeUrl: `http://127.0.0.1:${edgePort}`,
    statusUrl: `http://127.0.0.1:${statusPort}/status`,
    aggregatorUrl: `http://127.0.0.1:${aggregatorPort}`,
    output: () => output,
    tree,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => {
          child.once("exit", resolve);
          setTimeout(resolve, 20_000);
        });
      }
      for (const pid of tree) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
