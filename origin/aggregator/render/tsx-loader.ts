/**
 * @module Lets plain `node` import `.tsx` templates: a synchronous module hook (Node ≥ 22.15
 * `module.registerHooks`) compiles them with esbuild (automatic JSX runtime, import source hono/jsx) the
 * first time they are imported; Node's own type stripping handles `.ts` but not JSX. Idempotent.
 *
 * The JSX a template compiles to is rendered by bonafide's string-building runtime (render/jsx/), not by
 * hono/jsx itself: a `.tsx` file's import of `hono/jsx/jsx-runtime` (or `jsx-dev-runtime`) resolves to
 * render/jsx/jsx-runtime.ts. That runtime writes byte for byte what hono/jsx writes, ~5× cheaper, so a
 * template's `@jsxImportSource hono/jsx` pragma (the job board's templates carry it, for editors and tsc)
 * is honoured as "hono/jsx's output" and needs no edit; types still come from hono/jsx. Other import
 * sources are left alone, and so are other imports of hono (`hono/jsx`'s own `createElement`, `hono/html`).
 * `registerTsxLoader("hono")` (BONAFIDE_TSX_RUNTIME=hono, resolved by origin/config.ts) keeps hono/jsx's
 * runtime, to compare; the first registration in a thread decides.
 */
import { readFileSync } from "node:fs";
import { createRequire, registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import type { TsxRuntime } from "../../config.ts";

let registered = false;

type Transform = (source: string, options: Record<string, unknown>) => { code: string };

/** The hono/jsx runtime entries a compiled template imports, and bonafide's module for each. */
const RUNTIMES: Record<string, string> = {
  "hono/jsx/jsx-runtime": new URL("./jsx/jsx-runtime.ts", import.meta.url).href,
  "hono/jsx/jsx-dev-runtime": new URL("./jsx/jsx-dev-runtime.ts", import.meta.url).href,
};

/**
 * Where `specifier`, imported by the module at `parentUrl`, resolves when templates render with bonafide's
 * runtime: its module URL for a `.tsx` file's hono/jsx runtime import, else undefined (resolve as usual).
 * Shared with the test configuration (vitest.config.ts), so tests render templates as production does.
 */
export function tsxRuntimeUrl(specifier: string, parentUrl: string | undefined): string | undefined {
  if (parentUrl === undefined || !/\.tsx(?:$|\?)/.test(parentUrl)) return undefined;
  return RUNTIMES[specifier];
}

/** Registers the `.tsx` hook for this thread, rendering with `runtime`. */
export function registerTsxLoader(runtime: TsxRuntime = "bonafide"): void {
  if (registered) return;
  registered = true;
  const mapRuntime = runtime !== "hono";
  // esbuild is a runtime dependency (pinned to wrangler's version); required lazily, so a process
  // without .tsx pages never loads it.
  const esbuild = createRequire(import.meta.url)("esbuild") as { transformSync: Transform };
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const url = mapRuntime ? tsxRuntimeUrl(specifier, context.parentURL) : undefined;
      return url === undefined ? nextResolve(specifier, context) : { url, shortCircuit: true };
    },
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
