/**
 * @module The demonstration job board as a site of the aggregator: its pages folder, its back-end
 * profiles (which are required, their timeouts), its languages and post-processors.
 */
import { fileURLToPath } from "node:url";
import type { BackendDefinition, BackendProfile } from "../../origin/aggregator/backends.ts";
import { createRegionalLinks } from "../../origin/aggregator/postprocess/regional-links.ts";
import { createTranslations } from "../../origin/aggregator/postprocess/translations.ts";
import type { PostProcessor } from "../../origin/aggregator/postprocess/types.ts";

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
export function jobBoardBackends(servers: Readonly<Record<string, readonly string[]>>): BackendDefinition[] {
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
