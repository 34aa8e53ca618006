/**
 * @module One way to run an origin process, whatever its role (rater, aggregator, status): the
 * configuration (a bad setting is one line naming the variable, exit 2), crash handlers, the database
 * preparation (one call, retried with back-off while the server does not answer), the process registry
 * row (removed on a clean exit), and stopping: the first SIGTERM/SIGINT drains, a second forces, and a
 * supervisor that goes away (its IPC channel closes — also when it is SIGKILLed) counts as a first signal.
 *
 * Recycling: `ctx.recycle(reason)` asks the supervisor for a replacement (IPC `{type: "recycle"}`), then
 * drains and exits 0. A role started with no supervisor (a bare `node origin/rater/main.ts`) and marked
 * `superviseWhenAlone` becomes a supervisor of one copy of itself first, so someone is always there to
 * start the replacement (and to restart a crashed one).
 */
import type { OriginConfig } from "../config.ts";
import { createDb, type Db } from "../db/pool.ts";
import { ensureSchema } from "../db/schema.ts";
import { createErrorRecorder, type ErrorRecorder, installCrashHandlers } from "../errors/record.ts";
import { createLogger, describeError, type Logger } from "../log.ts";
import { oneLine, prepareDatabase } from "./database.ts";
import { superviseForeground } from "./foreground.ts";
import { EXIT, onStopSignals, readConfigOrExit, say, within } from "./lifecycle.ts";
import { deregisterProcess, type ProcessSample, startProcessReporter } from "./registry.ts";

/** What a role gets to start its work with. */
export interface ProcessContext {
  config: OriginConfig;
  log: Logger;
  db: Db;
  errors: ErrorRecorder;
  /** `host:pid:start`: the registry row's id, and a rater's lease owner. */
  id: string;
  startedAt: Date;
  /** Asks the supervisor for a replacement, then drains within `graceMs` and exits 0. */
  recycle(reason: string, graceMs: number): void;
}

/** A started role. */
export interface RunningProcess {
  /** Stops taking work, finishes what is in flight within `graceMs` (0: give it back now), closes its resources. */
  stop(graceMs: number): Promise<void>;
  /** The registry row's figures; a role without it is not listed on the status page. */
  registry?: {
    concurrency: number;
    port?: number;
    sample(): Omit<ProcessSample, "state">;
    takeDeltas?: () => Map<string, { completed: number; failed: number }>;
  };
  /** Fields for the "started" log line. */
  describe?: Record<string, unknown>;
}

export interface RunOptions {
  role: string;
  /** The entry point's file (`fileURLToPath(import.meta.url)`): what a bare start supervises. */
  script: string;
  /**
   * `required`: the work starts once the database is prepared (a rater). `optional`: the work starts at
   * once and the preparation is retried beside it (an aggregator serves pages without the database).
   */
  database: "required" | "optional";
  /** The size of the process's database pool. */
  connectionLimit(config: OriginConfig): number;
  /** How long the first signal lets the work drain. */
  graceMs(config: OriginConfig): number;
  /**
   * What the command line chose, as the variables it stands for (`--no-refresh`: AGGREGATOR_REFRESH=off):
   * resolved with the environment into the configuration, and handed to a supervised copy's environment.
   */
  settings?: Readonly<Record<string, string>>;
  /** Started without a supervisor, supervise one copy of this script instead of running it here. */
  superviseWhenAlone?: boolean;
  start(ctx: ProcessContext): Promise<RunningProcess>;
}

/**
 * After a second signal, how long the work gets to give back what it holds (leases, the registry row):
 * under the supervisor's 5 s before SIGKILL (origin/process/supervisor.ts), with room for a release that
 * waits behind a transaction of its own process on a loaded database (2 s was seen to fall short in CI).
 */
const FORCE_MS = 4_000;
/** How long a clean stop waits for the registry row to go before exiting anyway. */
const REGISTRY_STOP_MS = 5_000;

/** Runs one process of `options.role` until it is stopped; never returns. */
export async function runProcess(options: RunOptions): Promise<void> {
  const { role } = options;
  if (options.superviseWhenAlone && !process.send) {
    process.exit(await superviseForeground(role, options.script, 1, options.settings));
  }
  const config = readConfigOrExit(role, options.settings);
  const startedAt = new Date();
  const id = `${config.host}:${process.pid}:${startedAt.getTime().toString(36)}`;
  const log = createLogger({ process: role, owner: id });
  const db = createDb(config.database, { connectionLimit: options.connectionLimit(config) });
  const errors = createErrorRecorder(db, { host: config.host, processName: role }, log);
  installCrashHandlers(errors, log);

  const waiting = new AbortController(); // a signal while the database does not answer ends the wait
  let running: RunningProcess | null = null;
  let reporter: ReturnType<typeof startProcessReporter> | null = null;
  let starting = false;
  let stopping = false;
  let stopDuringStart: { reason: string; graceMs: number } | null = null;

  async function exit(code: number): Promise<never> {
    await within(REGISTRY_STOP_MS, db.end());
    process.exit(code);
  }

  async function shutdown(reason: string, graceMs: number): Promise<void> {
    if (stopping) return;
    if (starting) {
      // The work is being started: stop it as soon as it is there (start() may already have taken work).
      stopDuringStart ??= { reason, graceMs };
      return;
    }
    stopping = true;
    waiting.abort();
    if (!running) {
      log.info("stopped before starting", { reason });
      return void (await exit(EXIT.ok));
    }
    log.info("stopping", { reason });
    try {
      await running.stop(graceMs);
      // Final figures, then the row goes; a database that does not answer must not hold up the exit.
      const deregistered = reporter
        ? await within(
            REGISTRY_STOP_MS,
            reporter.stop().then(() => true),
          )
        : true;
      if (!deregistered) log.warn("could not remove this process from the registry; it will age out");
      log.info("stopped", { reason });
      await exit(EXIT.ok);
    } catch (error) {
      log.error("unclean stop", describeError(error));
      await exit(EXIT.failed);
    }
  }

  async function force(signal: string): Promise<void> {
    log.warn("second signal: exiting now", { signal });
    // Give back what it holds while that is quick (leases: their jobs are claimable at once, not after the lease).
    // The reporter removes the row once its heartbeat in flight has landed (a DELETE beside it could lose).
    const gaveBack = await within(
      FORCE_MS,
      Promise.all([running?.stop(0), reporter ? reporter.abandon() : deregisterProcess(db, id)]).then(() => true),
    );
    if (!gaveBack) log.warn(`could not give back leases and the registry row within ${FORCE_MS} ms; they age out`);
    process.exit(EXIT.failed);
  }

  onStopSignals(
    (signal) => void shutdown(signal, options.graceMs(config)),
    (signal) => void force(signal),
  );
  // A supervisor that goes away closes the IPC channel: stop like on SIGTERM rather than run unsupervised.
  process.on("disconnect", () => void shutdown("supervisor gone", options.graceMs(config)));

  // The one database preparation step. Required: nothing starts until it is done. Optional: retried beside
  // the work, which does not need it.
  const prepared = prepareDatabase({
    target: config.database,
    prepare: () => ensureSchema(config),
    say: (line) => say(role, line),
    signal: waiting.signal,
  }).catch((error: unknown) => {
    say(role, `the database refuses this process: ${oneLine(error)}`);
    if (options.database === "optional") return false;
    return exit(EXIT.config);
  });
  if (options.database === "required" && !(await prepared)) return; // stopped while waiting

  const ctx: ProcessContext = {
    config,
    log,
    db,
    errors,
    id,
    startedAt,
    recycle(reason, graceMs) {
      if (stopping) return;
      if (process.connected) process.send?.({ type: "recycle", reason });
      else log.warn("recycling with no supervisor to start a replacement", { reason });
      void shutdown(reason, graceMs);
    },
  };
  starting = true;
  try {
    running = await options.start(ctx);
  } catch (error) {
    say(role, `could not start: ${oneLine(error)}`);
    await errors.record(error, { fatal: "start" });
    await exit(EXIT.failed);
  }
  starting = false;
  const work = running as RunningProcess;
  if (work.registry) reporter = startReporter(ctx, role, work, () => stopping);
  log.info(`${role} started`, work.describe ?? {});
  // Set by a signal handler while start() ran (the compiler cannot see that assignment).
  const pending = stopDuringStart as { reason: string; graceMs: number } | null;
  if (pending) await shutdown(pending.reason, pending.graceMs);
}

/** The registry row of `work`: logs when reporting starts failing and when it works again, not every tick. */
function startReporter(ctx: ProcessContext, role: string, work: RunningProcess, draining: () => boolean) {
  const registry = work.registry as NonNullable<RunningProcess["registry"]>;
  let failing = false;
  return startProcessReporter(
    ctx.db,
    {
      id: ctx.id,
      role,
      host: ctx.config.host,
      pid: process.pid,
      port: registry.port ?? null,
      startedAt: ctx.startedAt,
      concurrency: registry.concurrency,
    },
    {
      intervalMs: ctx.config.ops.reportMs,
      sample: () => ({ ...registry.sample(), state: draining() ? "draining" : "running" }),
      ...(registry.takeDeltas ? { takeDeltas: registry.takeDeltas } : {}),
      onError: (error) => {
        if (!failing) ctx.log.warn("process report failed; retrying on every heartbeat", describeError(error));
        failing = true;
      },
      onReported: () => {
        if (failing) ctx.log.info("process report works again");
        failing = false;
      },
      onPruned: (rows) => {
        if (rows > 0) ctx.log.info("pruned the rows of processes silent for an hour", { rows });
      },
    },
  );
}
