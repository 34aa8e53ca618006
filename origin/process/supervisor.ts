/**
 * @module Keeps P copies of a Node script running (raters, aggregators): restarts one that exits
 * unexpectedly (with backoff, so a crash loop does not spin), starts a replacement at once when one asks
 * to be recycled (IPC `{type: "recycle"}`) while the old one drains, and on stop sends SIGTERM to all
 * and waits (a second stop sends SIGKILL).
 */
import { type ChildProcess, fork } from "node:child_process";

export interface SupervisorOptions {
  name: string;
  script: string;
  args?: string[];
  processes: number;
  env: NodeJS.ProcessEnv;
  log(message: string): void;
  /** Longest wait for children after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  /**
   * Called when a child dies unexpectedly. A child killed from outside (OOM killer, SIGKILL) never got to
   * record its own crash, so the supervisor records it.
   */
  onCrash?(details: { name: string; pid: number | undefined; code: number | null; signal: string | null }): void;
}

export interface Supervisor {
  /** Pids of children currently running (draining ones included). */
  pids(): number[];
  stop(): Promise<void>;
  /** Resolves when every child has exited after stop(). */
  done: Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;

/** Starts `options.processes` children of `options.script` and keeps them running until stop(). */
export function startSupervisor(options: SupervisorOptions): Supervisor {
  const live = new Set<ChildProcess>();
  let stopping = false;
  let forced = false;
  let failures = 0;
  let serial = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  function spawnOne(): void {
    if (stopping) return;
    const n = ++serial;
    // Its own process group: Ctrl-C at a terminal signals the whole foreground group, and a child that got
    // SIGINT from the terminal and then SIGTERM from us would take that as a second signal and force-exit.
    const child = fork(options.script, options.args ?? [], { env: options.env, stdio: "inherit", detached: true });
    live.add(child);
    const started = Date.now();
    let replaced = false; // a recycled child's replacement is already running
    options.log(`${options.name} #${n} started (pid ${child.pid})`);
    child.on("message", (message) => {
      if (typeof message === "object" && message !== null && (message as { type?: unknown }).type === "recycle") {
        const reason = String((message as { reason?: unknown }).reason ?? "");
        options.log(`${options.name} #${n} (pid ${child.pid}) is recycling (${reason}); starting its replacement`);
        replaced = true;
        spawnOne();
      }
    });
    child.once("exit", (code, signal) => {
      live.delete(child);
      if (stopping) {
        if (live.size === 0) resolveDone();
        return;
      }
      if (replaced && code === 0) return;
      options.onCrash?.({ name: options.name, pid: child.pid, code, signal });
      if (replaced) return;
      // Ran for a while: a one-off crash; restart at once. Died young: back off, doubling up to 30 s.
      failures = Date.now() - started > 60_000 ? 0 : failures + 1;
      const delay = failures === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1));
      options.log(
        `${options.name} #${n} (pid ${child.pid}) exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`,
      );
      setTimeout(spawnOne, delay).unref();
    });
  }

  for (let i = 0; i < options.processes; i++) spawnOne();

  return {
    pids: () => [...live].map((c) => c.pid).filter((p): p is number => p !== undefined),
    done,
    async stop() {
      if (stopping) {
        if (!forced) {
          forced = true;
          options.log(`second stop: killing ${live.size} ${options.name} process(es)`);
          for (const child of live) child.kill("SIGKILL");
        }
        return done;
      }
      stopping = true;
      if (live.size === 0) resolveDone();
      for (const child of live) child.kill("SIGTERM");
      const timer = setTimeout(() => {
        for (const child of live) child.kill("SIGKILL");
      }, options.stopTimeoutMs ?? 30_000);
      await done;
      clearTimeout(timer);
    },
  };
}
