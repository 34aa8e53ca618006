/**
 * @module `npx bonafide aggregator [--site FILE] [--processes P] [--no-refresh]`: P supervised aggregator
 * processes, restarted if they die; SIGTERM stops them gracefully. Without --site they serve the
 * demonstration job board (demo/job-board/main.ts); with it, the site module FILE's default export
 * (origin/aggregator/main.ts --site FILE), with none of the demonstration's code.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { superviseForeground } from "../process/foreground.ts";
import { intOption, parseArgs, UsageError } from "./args.ts";

const USAGE = `usage: npx bonafide aggregator [--site FILE] [--processes P] [--no-refresh]

Starts P aggregator processes (default 1), restarts any that die, and stops them gracefully on Ctrl-C /
SIGTERM (a second signal forces). They serve the site module FILE's default export (an AggregatorSite,
origin/aggregator/site.ts), or without --site the demonstration job board (demo/job-board/). Each also
refreshes the edge's stale pages from the queue (\`page\` jobs) beside serving; --no-refresh (or
AGGREGATOR_REFRESH=off) serves only.`;

/** The demonstration job board's entry point: the default site, a development path of this checkout. */
const JOB_BOARD_MAIN = fileURLToPath(new URL("../../demo/job-board/main.ts", import.meta.url));
const SITE_MAIN = fileURLToPath(new URL("../aggregator/main.ts", import.meta.url));

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ["processes", "site"], ["no-refresh"]);
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
  const site = parsed.options.get("site");
  if (site !== undefined && !existsSync(site)) throw new UsageError(`--site ${site}: no such file`);
  const [script, childArgs] = site === undefined ? [JOB_BOARD_MAIN, []] : [SITE_MAIN, ["--site", resolve(site)]];
  if (!existsSync(script)) {
    console.error(
      `bonafide aggregator: ${script} does not exist in this checkout, so there is no aggregator to start.`,
    );
    return 1;
  }
  // The flag as the setting it stands for, in the children's environment: each resolves it with the rest.
  return superviseForeground(
    "aggregator",
    script,
    processes,
    noRefresh ? { AGGREGATOR_REFRESH: "off" } : {},
    childArgs,
  );
}
