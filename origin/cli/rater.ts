/**
 * @module `npx bonafide rater [--concurrency N] [--processes P]`: P supervised rater processes on this
 * machine, each rating N sites at once, against DATABASE_URL. Run it on more machines to add capacity.
 */
import { fileURLToPath } from "node:url";
import { superviseForeground } from "../process/foreground.ts";
import { intOption, parseArgs } from "./args.ts";

const USAGE = `usage: npx bonafide rater [--concurrency N] [--processes P]

Starts P rater processes (default 1), each rating up to N sites at once (default RATER_CONCURRENCY or 16),
draining the queue in DATABASE_URL. Each process is restarted if it dies and replaced when it recycles
(RATER_RECYCLE_AFTER ratings, RATER_MAX_RSS_MB). Ctrl-C / SIGTERM: stop claiming, finish or give back the
jobs, exit; a second signal forces.`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ["concurrency", "processes"]);
  if (parsed.flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 0 || [...parsed.flags].length > 0) {
    console.error(
      `unexpected arguments: ${[...parsed.positionals, ...[...parsed.flags].map((f) => `--${f}`)].join(" ")}\n\n${USAGE}`,
    );
    return 2;
  }
  const processes = intOption(parsed, "processes", 1, 256);
  const concurrency = parsed.options.has("concurrency")
    ? String(intOption(parsed, "concurrency", 16, 1000))
    : undefined;
  const script = fileURLToPath(new URL("../rater/main.ts", import.meta.url));
  return superviseForeground("rater", script, processes, concurrency ? { RATER_CONCURRENCY: concurrency } : {});
}
