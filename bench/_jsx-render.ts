import type { RenderInfo, TsxTemplate } from "../origin/aggregator/render/template.ts";
import { importWithJsxRuntime } from "../test/support/jsx-bundle.ts";

const ROUNDS = Number(process.env.JSXBENCH_ROUNDS ?? 6);
const RENDERS = Number(process.env.JSXBENCH_RENDERS ?? 2000);

/** list.tsx bundled with hono/jsx's runtime, or with bonafide's in its place (as the loader maps it). */
async function template(ours: boolean): Promise<TsxTemplate> {
  const mod = await importWithJsxRuntime<{ listTemplate: TsxTemplate }>(
    new URL("./aggregator/list.tsx", import.meta.url),
    ours ? "bonafide" : "hono",
  );
  return mod.listTemplate;
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
