/**
 * @module A .tsx module bundled with esbuild and imported, with hono/jsx's JSX runtime or with bonafide's
 * string runtime in its place (origin/aggregator/render/jsx/, mapped as the TSX loader maps it): the JSX
 * test compares the two runtimes' pages byte for byte, and bench/_jsx-render.ts times them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const RUNTIME = fileURLToPath(new URL("../../origin/aggregator/render/jsx/jsx-runtime.ts", import.meta.url));
const dir = join(tmpdir(), `bonafide-jsx-${process.pid}`);

export type JsxRuntimeName = "hono" | "bonafide";

/** `entry` (a file URL) bundled with `runtime` as its JSX runtime, imported. */
export async function importWithJsxRuntime<T>(entry: URL, runtime: JsxRuntimeName): Promise<T> {
  const out = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    logLevel: "silent",
    plugins:
      runtime === "bonafide"
        ? [
            {
              name: "bonafide-jsx-runtime",
              setup(b) {
                b.onResolve({ filter: /^hono\/jsx\/jsx-(dev-)?runtime$/ }, () => ({ path: RUNTIME }));
              },
            },
          ]
        : [],
  });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${fileURLToPath(entry).replace(/\W+/g, "_")}-${runtime}.mjs`);
  writeFileSync(file, out.outputFiles[0]?.text ?? "");
  return (await import(pathToFileURL(file).href)) as T;
}
