/**
 * @module Keeps P copies of a Node script running (raters, aggregators), each in a slot of its own:
 * restarts one that exits unexpectedly (with a back-off per slot, so a crash loop in one slot neither
 * spins nor slows the others' restarts), starts a replacement at once when one asks to be recycled (IPC
 * `{type: "recycle"}`) while the old one drains, gives up — stopping the rest — when a child exits with a
 * fatal code (a bad setting) or one slot crash-loops past a bound (by default 5 deaths in a row, each
 * within a minute of its start: about 8 s of back-off, then exit 1), and on stop sends SIGTERM to all and
 * waits (a second stop sends SIGTERM again, which children take as "force", then SIGKILL).
 *
 * Children are forked with an IPC channel: when this process dies, even by SIGKILL, the channel closes
 * and each child drains and exits (origin/process/runner.ts), so none outlives its supervisor for long.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createInterface } from "node:readline";
import { isFatalExit } from "./lifecycle.ts";

export interface SupervisorOptions {
  name: string;
  script: string;
  args?: string[];
  processes: number;
  env: NodeJS.ProcessEnv;
  log(message: string): void;
  /**
   * Each line a child writes (stdout and stderr), with its slot's name (`rater-2`). Without it the children
   * write to this process's own stdout and stderr.
   */
  onLine?(name: string, line: string): void;
  /** Longest wait for children after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  /**
   * Deaths in a row in one slot, each before `healthyMs`, after which the supervisor gives up. Default
   * DEFAULT_MAX_CRASHES: a child that cannot stay up must not be restarted for ever (a log line and an
   * error_log row every 30 s for as long as nobody looks).
   */
  maxCrashes?: number;
  /** A child that ran this long had a healthy run: its slot's crash count starts again from 0. */
  healthyMs?: number;
  /**
   * Called when a child dies unexpectedly. A child killed from outside (OOM killer, SIGKILL) never got to
   * record its own crash, so the supervisor records it.
   */
  onCrash?(details: { name: string; pid: number | undefined; code: number | null; signal: string | null }): void;
}

/** Why the supervisor ended: stopped (code 0), or gave up with the code to exit with and the reason. */
export interface SupervisorExit {
  code: number;
  reason: string;
}

export interface Supervisor {
  /** Pids of children currently running (draining ones included). */
  pids(): number[];
  /** The first call stops cleanly; a second forces. Resolves like `done`. */
  stop(): Promise<SupervisorExit>;
  /** Resolves when every child has exited, after stop() or after giving up. */
  done: Promise<SupervisorExit>;
}

const MAX_BACKOFF_MS = 30_000;
/** Young deaths in a row of one slot after which a supervisor gives up, unless told otherwise. */
export const DEFAULT_MAX_CRASHES = 5;
/** After a forcing second stop, how long children get to give their jobs back before SIGKILL. */
const FORCE_KILL_MS = 5_000;

interface Slot {
  index: number;
  /** Deaths in a row, each before a healthy run. */
  failures: number;
}

/** Sends `signal` to `child`'s process group (it leads one: forked detached), so nothing it started lingers. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts `options.processes` children of `options.script` and keeps them running until stop(). */
export function startSupervisor(options: SupervisorOptions): Supervisor {
  const live = new Set<ChildProcess>();
  const restarts = new Set<NodeJS.Timeout>();
  const healthyMs = options.healthyMs ?? 60_000;
  const maxCrashes = options.maxCrashes ?? DEFAULT_MAX_CRASHES;
  let stopping = false;
  let forced = false;
  let ending: SupervisorExit = { code: 0, reason: "stopped" };
  let resolveDone: (exit: SupervisorExit) => void = () => undefined;
  const done = new Promise<SupervisorExit>((resolve) => {
    resolveDone = resolve;
  });

  function spawnInto(slot: Slot): void {
    if (stopping) return;
    const label = `${options.name}-${slot.index}`;
    // Its own process group: Ctrl-C at a terminal signals the whole foreground group, and a child that got
    // SIGINT from the terminal and then SIGTERM from us would take that as a second signal and force-exit.
    const child = fork(options.script, options.args ?? [], {
      env: options.env,
      stdio: options.onLine ? ["ignore", "pipe", "pipe", "ipc"] : "inherit",
      detached: true,
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream && options.onLine) {
        const onLine = options.onLine;
        createInterface({ input: stream }).on("line", (line) => onLine(label, line));
      }
    }
    live.add(child);
    const started = Date.now();
    let retired = false; // asked to be recycled: its replacement holds the slot now
    options.log(`${label} started (pid ${child.pid})`);
    child.on("message", (message) => {
      if (retired || stopping || (message as { type?: unknown } | null)?.type !== "recycle") return;
      const reason = String((message as { reason?: unknown }).reason ?? "");
      options.log(`${label} (pid ${child.pid}) is recycling (${reason}); starting its replacement`);
      retired = true;
      spawnInto(slot);
    });
    child.once("error", (error) => options.log(`${label}: ${error.message}`));
    child.once("exit", (code, signal) => {
      live.delete(child);
      if (stopping) {
        if (live.size === 0) finish();
        return;
      }
      if (retired && code === 0) return;
      options.onCrash?.({ name: options.name, pid: child.pid, code, signal });
      if (retired) return;
      if (isFatalExit(code)) {
        giveUp({ code: code ?? 1, reason: `${label} exited with code ${code}; restarting it cannot help` });
        return;
      }
      slot.failures = Date.now() - started >= healthyMs ? 0 : slot.failures + 1;
      if (slot.failures >= maxCrashes) {
        giveUp({
          code: 1,
          reason:
            `${label} died ${slot.failures} times in a row, each within ${healthyMs / 1000} s of its start ` +
            "(see its output above); restarting it again would not help",
        });
        return;
      }
      // Ran for a while: a one-off crash; restart at once. Died young: back off, doubling up to 30 s.
      const wait = slot.failures === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (slot.failures - 1));
      options.log(`${label} (pid ${child.pid}) exited (${signal ?? `code ${code}`}); restarting in ${wait} ms`);
      const timer = setTimeout(() => {
        restarts.delete(timer);
        spawnInto(slot);
      }, wait);
      restarts.add(timer);
    });
  }

  function finish(): void {
    for (const timer of restarts) clearTimeout(timer);
    resolveDone(ending);
  }

  function giveUp(exit: SupervisorExit): void {
    ending = exit;
    options.log(`giving up: ${exit.reason}; stopping the other ${options.name} processes`);
    void stop();
  }

  async function stop(): Promise<SupervisorExit> {
    if (stopping) {
      if (!forced) {
        forced = true;
        options.log(`second stop: forcing ${live.size} ${options.name} process(es)`);
        for (const child of live) child.kill("SIGTERM"); // their second signal: give jobs back, exit now
        const timer = setTimeout(() => {
          for (const child of live) signalGroup(child, "SIGKILL");
        }, FORCE_KILL_MS);
        void done.then(() => clearTimeout(timer));
      }
      return done;
    }
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    if (live.size === 0) finish();
    for (const child of live) child.kill("SIGTERM");
    const timer = setTimeout(() => {
      for (const child of live) signalGroup(child, "SIGKILL");
    }, options.stopTimeoutMs ?? 30_000);
    const exit = await done;
    clearTimeout(timer);
    return exit;
  }

  for (let i = 1; i <= options.processes; i++) spawnInto({ index: i, failures: 0 });

  return {
    pids: () => [...live].map((c) => c.pid).filter((p): p is number => p !== undefined),
    done,
    stop,
  };
}
