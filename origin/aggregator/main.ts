/**
 * @module `node origin/aggregator/main.ts --site FILE [--no-refresh]` (what `npx bonafide aggregator --site
 * FILE` supervises): an aggregator process serving the site FILE's default export (an AggregatorSite,
 * site.ts), with none of the demonstration's code. The job board has its own entry point,
 * demo/job-board/main.ts.
 */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { readTsxRuntime } from "../config.ts";
import { commandLine, EXIT, say } from "../process/lifecycle.ts";
import { registerTsxLoader } from "./render/tsx-loader.ts";
import { runAggregator } from "./run.ts";
import type { AggregatorSite } from "./site.ts";

const USAGE = "usage: node origin/aggregator/main.ts --site FILE [--no-refresh]";

/** The site module's default export, checked for the parts every site has. */
async function loadSite(file: string): Promise<AggregatorSite> {
  registerTsxLoader(readTsxRuntime()); // a site module may import .tsx templates
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { default?: Partial<AggregatorSite> };
  const site = mod.default;
  if (!site || typeof site.name !== "string" || site.pages === undefined || typeof site.backends !== "function")
    throw new Error(`${file}: its default export is not an aggregator site (name, pages, backends())`);
  return site as AggregatorSite;
}

const parsed = commandLine("aggregator", process.argv.slice(2), ["site"], ["no-refresh"], USAGE);
const file = parsed.options.get("site");
if (!file) {
  say("aggregator", `--site FILE is required (the job board's own entry point is demo/job-board/main.ts)\n${USAGE}`);
  process.exit(EXIT.config);
}
let site: AggregatorSite;
try {
  site = await loadSite(file);
} catch (error) {
  say("aggregator", `cannot load the site ${file}: ${(error as Error).message}`);
  process.exit(EXIT.config);
}
await runAggregator(site, { args: parsed.flags.has("no-refresh") ? ["--no-refresh"] : [] });
