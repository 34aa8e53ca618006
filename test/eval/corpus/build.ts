/**
 * @module Writes the evaluation corpus: `npm run eval:corpus` renders every site of the site files
 * through its platform's chrome into test/eval/sites/<domain>/ — one HTML file per page and site.json (the
 * manifest, with the expected rating). The files are committed; the harness serves them as they are.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderSite, type SiteDef } from "./site.ts";
import { ANGLO_SITES } from "./sites-anglo.ts";
import { DACH_SITES } from "./sites-dach.ts";
import { EAST_SITES } from "./sites-east.ts";
import { WEST_SITES } from "./sites-west.ts";
import type { SiteManifest } from "./types.ts";

export const ALL_SITES: readonly SiteDef[] = [...DACH_SITES, ...WEST_SITES, ...EAST_SITES, ...ANGLO_SITES];

/** The file a path is stored in: "/" → index.html, "/Informationen/Impressum/" → informationen-impressum.html. */
export function fileFor(path: string): string {
  const name = path
    .replace(/^\/+|\/+$/g, "")
    .replace(/\.html$/, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .toLowerCase();
  return `${name || "index"}.html`;
}

export async function buildCorpus(outDir: string): Promise<number> {
  const domains = new Set<string>();
  await rm(outDir, { recursive: true, force: true });
  for (const def of ALL_SITES) {
    if (domains.has(def.domain)) throw new Error(`${def.domain} is defined twice`);
    domains.add(def.domain);
    const dir = `${outDir}/${def.domain}`;
    await mkdir(dir, { recursive: true });
    const html = renderSite(def);
    const pages: Record<string, string> = {};
    for (const [path, doc] of Object.entries(html)) {
      const file = fileFor(path);
      if (Object.values(pages).includes(file)) throw new Error(`${def.domain}: two pages map to ${file}`);
      pages[path] = file;
      await writeFile(`${dir}/${file}`, `${doc}\n`);
    }
    const { shell: _shell, pages: _pages, name: _name, ...meta } = def;
    const manifest: SiteManifest = { ...meta, pages };
    await writeFile(`${dir}/site.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return domains.size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL("../sites", import.meta.url));
  const n = await buildCorpus(out);
  console.log(`wrote ${n} sites to ${out}`);
}
