/**
 * @module What one render of the bench's TSX page costs (bench/aggregator/list.tsx: 3 sections × 50 items, the
 * data the bench's XML back-ends give once parsed) with hono/jsx and with bonafide's string-building runtime
 * (origin/aggregator/render/jsx/), as the aggregator renders: `String(await (await render()).toString())`.
 * The template is bundled twice by esbuild, once per runtime; rounds alternate so both see the same machine.
 * A development aid, not part of `npm run bench`. `node bench/_jsx-render.ts` (JSXBENCH_ROUNDS, 6;
 * JSXBENCH_RENDERS, 2000 a round).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { RenderInfo, TsxTemplate } from "../origin/aggregator/render/template.ts";

const ROUNDS = Number(process.env.JSXBENCH_ROUNDS ?? 6);
const RENDERS = Number(process.env.JSXBENCH_RENDERS ?? 2000);

const dir = mkdtempSync(join(tmpdir(), "bonafide-jsxbench-"));

/** list.tsx bundled with hono/jsx's runtime, or with bonafide's in its place (as the loader maps it). */
async function template(ours: boolean): Promise<TsxTemplate> {
  const runtime = fileURLToPath(new URL("../origin/aggregator/render/jsx/jsx-runtime.ts", import.meta.url));
  const out = await build({
    entryPoints: [fileURLToPath(new URL("./aggregator/list.tsx", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    plugins: ours
      ? [
          {
            name: "ours",
            setup: (b) => void b.onResolve({ filter: /^hono\/jsx\/jsx-runtime$/ }, () => ({ path: runtime })),
          },
        ]
      : [],
  });
  const file = join(dir, `list-${ours ? "ours" : "hono"}.mjs`);
  writeFileSync(file, out.outputFiles[0]?.text ?? "");
  return ((await import(pathToFileURL(file).href)) as { listTemplate: TsxTemplate }).listTemplate;
}

// The page's data as the aggregator hands it over: each back-end's <list> of 50 <item>s, parsed.
const list = (name: string) => ({
  list: {
    item: Array.from({ length: 50 }, (_, i) => ({
      "@id": `${name}${i}`,
      title: `${name} item ${i} & more`,
      price: String((i * 37) % 1000),
    })),
  },
});
const data = { a: list("a"), b: list("b"), c: list("c") };
const info: RenderInfo = { path: "/tsx", query: {}, lang: "en", degraded: [] };

async function render(t: TsxTemplate): Promise<string> {
  return String(await (await t.render(data, info)).toString());
}

/** µs per render over `n` renders. */
async function time(t: TsxTemplate, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += (await render(t)).length;
  if (bytes === 0) throw new Error("nothing rendered");
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

const hono = await template(false);
const ours = await template(true);
const [a, b] = [await render(hono), await render(ours)];
if (a !== b) throw new Error("the two runtimes rendered different pages");
console.log(`page: ${a.length} bytes, identical with both runtimes`);

await time(hono, RENDERS); // warm-up: both compiled by the JIT before the rounds count
await time(ours, RENDERS);
const results: { hono: number[]; ours: number[] } = { hono: [], ours: [] };
for (let round = 1; round <= ROUNDS; round++) {
  const h = await time(hono, RENDERS);
  const o = await time(ours, RENDERS);
  results.hono.push(h);
  results.ours.push(o);
  console.log(`round ${round}: hono/jsx ${h.toFixed(1)} µs, bonafide ${o.toFixed(1)} µs, ×${(h / o).toFixed(1)}`);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN;
const [mh, mo] = [median(results.hono), median(results.ours)];
console.log(
  `median of ${ROUNDS} rounds × ${RENDERS} renders: hono/jsx ${mh.toFixed(1)} µs/render, bonafide ${mo.toFixed(1)} µs/render, ${(mh / mo).toFixed(1)}× faster`,
);
rmSync(dir, { recursive: true, force: true });
