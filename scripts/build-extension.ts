/**
 * @module `npm run build:extension`: bundles extension/ (one code base for Chrome and Firefox) with esbuild
 * into the loadable folder extension/dist/bonafide/ and the zip extension/dist/bonafide-<version>.zip.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { zipSync } from "fflate";
import { drawIconPng, ICON_SIZES } from "./extension-icons.ts";

const ROOT = fileURLToPath(new URL("../extension/", import.meta.url));
const DIST = join(ROOT, "dist");
const ENTRIES = ["background", "content", "options", "popup"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Builds the folder and the zip under `dist` (default extension/dist); returns their paths. */
export async function buildExtension(dist = DIST): Promise<{ folder: string; zip: string; version: string }> {
  const out = join(dist, "bonafide");
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, join(ROOT, "src", `${e}.ts`)])),
    outdir: out,
    bundle: true,
    // Classic scripts: content scripts cannot be modules, and one background file serves both browsers.
    format: "iife",
    target: ["chrome120", "firefox128"],
    legalComments: "none",
    logLevel: "warning",
  });
  cpSync(join(ROOT, "static"), out, { recursive: true });
  mkdirSync(join(out, "icons"));
  for (const size of ICON_SIZES) writeFileSync(join(out, "icons", `icon-${size}.png`), drawIconPng(size));
  const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as { version: string };
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const files = Object.fromEntries(
    filesUnder(out).map((path) => [relative(out, path).split("\\").join("/"), readFileSync(path)]),
  );
  const zip = join(dist, `bonafide-${manifest.version}.zip`);
  writeFileSync(zip, zipSync(files, { level: 9, mtime: new Date("2026-01-01T00:00:00Z") }));
  return { folder: out, zip, version: manifest.version };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { folder, zip } = await buildExtension();
  process.stdout.write(`extension: load unpacked from ${folder}\nextension: zip for the stores ${zip}\n`);
}
