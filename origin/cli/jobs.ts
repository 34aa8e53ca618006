/**
 * @module `npx bonafide jobs show|retry|cancel|pause|resume|lane …`: the console's reads and actions from a
 * terminal, on DATABASE_URL (the CLI's own database login under `npm start`). Each action is written to
 * the console's audit trail as `cli USER@HOST`, like the status server's actions are.
 */
import { hostname, userInfo } from "node:os";
import { readOriginConfig } from "../config.ts";
import {
  type ActionResult,
  ConsoleError,
  cancelJob,
  cancelLane,
  pauseKind,
  readJob,
  readLane,
  resumeKind,
  retryDead,
} from "../console/store.ts";
import { createDb, type Db } from "../db/pool.ts";
import { ensureSchema } from "../db/schema.ts";
import { parseArgs } from "./args.ts";

const USAGE = `usage: npx bonafide jobs <action> [--json]

  show ID                    a job: state, attempts, lease owner, last error with its stack, history
  lane KIND CLIENT           a client's lane (CLIENT: IPv4, hex key or a label such as import) with each
                             ready job's place in the kind's claim order
  retry ID                   put dead job ID back on the queue (attempts reset)
  retry --kind KIND          put every dead job of KIND back on the queue
  cancel ID                  cancel one job that is not being worked on
  cancel --kind KIND --client CLIENT
                             cancel a lane: every waiting job of KIND queued by CLIENT (an import: import)
  pause KIND                 stop claims of KIND (the edge keeps queueing)
  resume KIND                claim KIND again

--json prints the answer as JSON (as the console's endpoints give it). Actions are audited as cli USER@HOST.`;

function actor(): string {
  let user = "?";
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): keep "?"
  }
  return `cli ${user}@${hostname()}`;
}

function printAction(result: ActionResult, json: boolean): void {
  if (json) console.log(JSON.stringify(result));
  else console.log(`${result.action} ${result.target}: ${result.affected} changed`);
}

async function act(db: Db, action: string, positionals: string[], options: Map<string, string>, json: boolean) {
  const who = actor();
  const kind = options.get("kind");
  const client = options.get("client");
  const [first, ...rest] = positionals;
  const one = (n: number) => {
    if (positionals.length !== n) throw new ConsoleError("USAGE", USAGE);
  };
  switch (action) {
    case "show": {
      one(1);
      const job = await readJob(db, first as string);
      if (json) console.log(JSON.stringify(job));
      else {
        console.log(`job ${job.id}: ${job.kind} ${job.key}`);
        console.log(
          `  state ${job.state}${job.paused ? " (kind paused)" : ""}, attempts ${job.attempts} of ${job.maxAttempts}, priority ${job.priority}`,
        );
        console.log(`  lane ${job.client}${job.position === null ? "" : `, ${job.position} ready job(s) ahead`}`);
        console.log(`  lease owner ${job.leaseOwner ?? "—"}, queued ${job.createdAt}, last change ${job.updatedAt}`);
        if (job.lastError) console.log(`  last error: ${job.lastError}`);
        if (job.lastStack) console.log(job.lastStack.replace(/^/gm, "    "));
        for (const e of job.history)
          console.log(
            `  ${e.at} ${e.event} attempt ${e.attempt}${e.code ? ` ${e.code}` : ""}${e.owner ? ` by ${e.owner}` : ""}${e.message ? `: ${e.message}` : ""}`,
          );
      }
      return;
    }
    case "lane": {
      one(2);
      const lane = await readLane(db, first as string, rest[0] as string);
      if (json) console.log(JSON.stringify(lane));
      else {
        const counts = Object.entries(lane.counts).map(([s, n]) => `${n} ${s}`);
        console.log(
          `lane ${lane.client} of ${lane.kind}${lane.paused ? " (kind paused)" : ""}: ${counts.join(", ") || "no jobs"}`,
        );
        for (const j of lane.jobs)
          console.log(
            `  ${j.id} ${j.key} ${j.state}${j.position === null ? "" : ` place ${j.position + 1}`} attempts ${j.attempts}`,
          );
      }
      return;
    }
    case "retry":
      if (kind !== undefined && positionals.length === 0) return printAction(await retryDead(db, who, { kind }), json);
      one(1);
      return printAction(await retryDead(db, who, { id: first as string }), json);
    case "cancel":
      if (kind !== undefined && client !== undefined && positionals.length === 0)
        return printAction(await cancelLane(db, who, kind, client), json);
      one(1);
      return printAction(await cancelJob(db, who, first as string), json);
    case "pause":
      one(1);
      return printAction(await pauseKind(db, who, first as string), json);
    case "resume":
      one(1);
      return printAction(await resumeKind(db, who, first as string), json);
    default:
      throw new ConsoleError("USAGE", `unknown jobs action ${JSON.stringify(action)}\n\n${USAGE}`);
  }
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ["kind", "client"], ["json"]);
  const [action, ...positionals] = parsed.positionals;
  if (parsed.flags.has("help") || !action) {
    console.log(USAGE);
    return action || parsed.flags.has("help") ? 0 : 2;
  }
  const config = readOriginConfig();
  await ensureSchema(config);
  const db = createDb(config.database, { connectionLimit: 2 });
  try {
    await act(db, action, positionals, parsed.options, parsed.flags.has("json"));
    return 0;
  } catch (error) {
    if (!(error instanceof ConsoleError)) throw error;
    console.error(error.code === "USAGE" ? error.message : `bonafide jobs: ${error.message}`);
    return error.status === 400 ? 2 : 1;
  } finally {
    await db.end();
  }
}
