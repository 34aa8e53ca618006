/**
 * @module Lets plain `node` import `.tsx` templates: a synchronous module hook (Node ≥ 22.15
 * `module.registerHooks`) compiles them with esbuild (hono/jsx automatic runtime) the first time they are
 * imported; Node's own type stripping handles `.ts` but not JSX. Idempotent.
 */
import { readFileSync } from "node:fs";
import { createRequire, registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

let registered = false;

type Transform = (source: string, options: Record<string, unknown>) => { code: string };

/** Registers the `.tsx` hook for this thread. */
export function registerTsxLoader(): void {
  if (registered) return;
  registered = true;
  // esbuild is a runtime dependency (pinned to wrangler's version); required lazily, so a process
  // without .tsx pages never loads it.
  const esbuild = createRequire(import.meta.url)("esbuild") as { transformSync: Transform };
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith("file:") || !url.endsWith(".tsx")) return nextLoad(url, context);
      const source = readFileSync(fileURLToPath(url), "utf8");
      const { code } = esbuild.transformSync(source, {
        loader: "tsx",
        format: "esm",
        jsx: "automatic",
        jsxImportSource: "hono/jsx",
        sourcefile: fileURLToPath(url),
        sourcemap: "inline",
      });
      return { format: "module", source: code, shortCircuit: true };
    },
  });
}
