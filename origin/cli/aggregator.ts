/**
 * @module `npx bonafide aggregator [--processes P]`: P supervised aggregator processes
 * (origin/aggregator/main.ts), restarted if they die; SIGTERM stops them gracefully.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { superviseForeground } from "../process/foreground.ts";
import { intOption, parseArgs } from "./args.ts";

const USAGE = `usage: npx bonafide aggregator [--processes P] [--no-refresh]

Starts P aggregator processes (default 1) running origin/aggregator/main.ts, restarts any that die, and
stops them gracefully on Ctrl-C / SIGTERM (a second signal forces). Each also refreshes the edge's stale
pages from the queue (\`page\` jobs) beside serving; --no-refresh (or AGGREGATOR_REFRESH=off) serves only.`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ["processes"], ["no-refresh"]);
  if (parsed.flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  const noRefresh = parsed.flags.delete("no-refresh");
  if (parsed.positionals.length > 0 || parsed.flags.size > 0) {
    console.error(`unexpected arguments\n\n${USAGE}`);
    return 2;
  }
  const processes = intOption(parsed, "processes", 1, 256);
  const script = fileURLToPath(new URL("../aggregator/main.ts", import.meta.url));
  if (!existsSync(script)) {
    console.error(
      "bonafide aggregator: origin/aggregator/main.ts does not exist in this checkout yet, so there is no aggregator to start.",
    );
    return 1;
  }
  return superviseForeground("aggregator", script, processes, noRefresh ? { AGGREGATOR_REFRESH: "off" } : {});
}
