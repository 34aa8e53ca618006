/**
 * @module The demonstration job board as a site of the aggregator (origin/aggregator/site.ts): its pages
 * folder, its back-end profiles (which are required, their timeouts), its languages and post-processors,
 * its own back-ends (backends.ts) started in-process when BONAFIDE_BACKENDS names none, and its settings
 * (settings.ts) resolved at start.
 */
import { fileURLToPath } from "node:url";
import type { BackendDefinition, BackendProfile } from "../../origin/aggregator/backends.ts";
import { createRegionalLinks } from "../../origin/aggregator/postprocess/regional-links.ts";
import { createTranslations } from "../../origin/aggregator/postprocess/translations.ts";
import type { PostProcessor } from "../../origin/aggregator/postprocess/types.ts";
import type { AggregatorSite, BackendServers } from "../../origin/aggregator/site.ts";
import { startJobBackends } from "./backends.ts";
import { configureFromEnvironment } from "./settings.ts";

export const JOB_BOARD_PAGES = fileURLToPath(new URL("./pages/", import.meta.url));
export const JOB_BOARD_LANGUAGES = ["en", "ru"] as const;

const PROFILES: Record<string, BackendProfile> = {
  search: { timeoutMs: 800, required: true, maxTries: 2 },
  speller: { timeoutMs: 300, required: false, maxTries: 1 },
  vacancies: { timeoutMs: 800, required: true },
  employers: { timeoutMs: 500, required: false },
  stats: { timeoutMs: 500, required: false },
  translations: { timeoutMs: 300, required: false },
  files: { timeoutMs: 5000, required: true, maxTries: 1 },
};

/** Back-end definitions for the job board, given each back-end's servers. Throws if one is missing. */
export function jobBoardBackends(servers: BackendServers): BackendDefinition[] {
  return Object.entries(PROFILES).map(([name, profile]) => {
    const list = servers[name];
    if (!list?.length) throw new Error(`the job board needs servers for back-end ${name} (BONAFIDE_BACKENDS)`);
    return { ...profile, name, servers: list };
  });
}

/** Translations first (they may produce text with links), then regional links. */
export function jobBoardPostprocessors(): PostProcessor[] {
  return [
    createTranslations({ backend: "translations" }),
    createRegionalLinks({ regions: { msk: "msk.jobs.example", spb: "spb.jobs.example" }, mainHost: "jobs.example" }),
  ];
}

const jobBoardSite: AggregatorSite = {
  name: "the demonstration job board",
  pages: JOB_BOARD_PAGES,
  backends: jobBoardBackends,
  postprocessors: jobBoardPostprocessors,
  languages: JOB_BOARD_LANGUAGES,
  startDemoBackends: startJobBackends,
  // A bad JOB_BOARD_CACHE_CONTROL stops the start with its reason, not every page with a 500.
  describe() {
    const { cacheControl } = configureFromEnvironment();
    return cacheControl ? { cacheControl } : {};
  },
};
export default jobBoardSite;
