/**
 * @module What reading a back-end's XML costs (a development aid, not part of `npm run bench`): fast-xml-parser's
 * validate + parse with the options the aggregator used before, against origin/aggregator/xml.ts's one pass
 * (`parseXml`, and `checkXmlWellFormed`, the main thread's check when the page renders in a worker; and
 * `checkXmlShape`, all an XSLT page checks on the main thread), on the
 * aggregator bench's page (3 bodies × 50 items, as bench/aggregator/roles.ts serves them) and on a ~1 MB
 * body of the kind back-ends send (attributes, nesting, references, non-ASCII text, CDATA, comments).
 * `node bench/_xml-parse.ts` (XMLBENCH_MS per measurement, 1500).
 */
import { XMLValidator } from "fast-xml-parser";
import { checkXmlShape } from "../origin/aggregator/parse.ts";
import { checkXmlWellFormed, parseXml } from "../origin/aggregator/xml.ts";
import { referenceXmlParser } from "../test/support/xml-reference.ts";

const MS = Number(process.env.XMLBENCH_MS ?? 1500);

const fxp = referenceXmlParser();

/** The bench's back-end body (bench/aggregator/roles.ts listXml, which runs its role when imported). */
function listXml(name: string): string {
  const items = Array.from(
    { length: 50 },
    (_, i) =>
      `<item id="${name}${i}"><title>${name} item ${i} &amp; more</title><price>${(i * 37) % 1000}</price></item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><list>${items.join("")}</list>`;
}

/** A larger body: vacancies with attributes, nested parts, references, Cyrillic text, CDATA and comments. */
function bigXml(bytes: number): string {
  const parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n<vacancies found="many">\n'];
  let size = 0;
  for (const p of parts) size += p.length;
  for (let i = 0; size < bytes; i++) {
    const item =
      `  <vacancy id="${i}" type="open" premium="${i % 7 === 0}">\n` +
      `    <name>Ведущий разработчик &amp; архитектор ${i}</name>\n` +
      `    <employer id="e${i % 97}" trusted="true"><name>ООО «Компания ${i % 97}»</name><logo url="https://img.example/${i}.png" w="64" h="64"/></employer>\n` +
      `    <salary from="${1000 * (i % 300)}" to="${1500 * (i % 300)}" currency="RUR" gross="true"/>\n` +
      `    <area id="${i % 113}">Москва</area>\n` +
      "    <!-- snippet -->\n" +
      `    <snippet><requirement><![CDATA[Опыт от 3 лет, <b>TypeScript</b>]]></requirement><responsibility>Писать код &lt;быстро&gt; &#8212; и хорошо</responsibility></snippet>\n` +
      `    <tags><tag>node</tag><tag>xml</tag><tag>${i % 5}</tag></tags>\n` +
      "  </vacancy>\n";
    parts.push(item);
    size += item.length;
  }
  parts.push("</vacancies>\n");
  return parts.join("");
}

/** µs per call of `run` over `bodies`, after a warm-up, measured for MS milliseconds. */
function measure(bodies: readonly string[], run: (body: string) => unknown): number {
  const deadline = performance.now() + MS / 3;
  while (performance.now() < deadline) for (const b of bodies) run(b);
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (const b of bodies) run(b);
    calls++;
    now = performance.now();
  }
  return ((now - start) * 1000) / calls;
}

const fxpBoth = (body: string) => {
  if (XMLValidator.validate(body) !== true) throw new Error("invalid");
  return fxp.parse(body);
};

for (const [label, bodies] of [
  ["bench page, 3 bodies × 50 items", ["a", "b", "c"].map(listXml)],
  ["one body of ~1 MB", [bigXml(1 << 20)]],
] as [string, string[]][]) {
  let bytes = 0;
  for (const b of bodies) bytes += b.length;
  if (JSON.stringify(bodies.map((b) => fxp.parse(b))) !== JSON.stringify(bodies.map(parseXml)))
    throw new Error(`${label}: the outputs differ`);
  const validate = measure(bodies, (b) => XMLValidator.validate(b));
  const parse = measure(bodies, (b) => fxp.parse(b));
  const both = measure(bodies, fxpBoth);
  const ours = measure(bodies, parseXml);
  const check = measure(bodies, checkXmlWellFormed);
  const shape = measure(bodies, checkXmlShape);
  console.log(`${label} (${bytes} chars):`);
  console.log(`  fast-xml-parser validate          ${validate.toFixed(1).padStart(9)} µs`);
  console.log(`  fast-xml-parser parse             ${parse.toFixed(1).padStart(9)} µs`);
  console.log(`  fast-xml-parser validate + parse  ${both.toFixed(1).padStart(9)} µs`);
  console.log(
    `  xml.ts parseXml                   ${ours.toFixed(1).padStart(9)} µs   ${(both / ours).toFixed(1)}× faster`,
  );
  console.log(
    `  xml.ts checkXmlWellFormed         ${check.toFixed(1).padStart(9)} µs   ${(validate / check).toFixed(1)}× validate`,
  );
  console.log(`  parse.ts checkXmlShape (XSLT)     ${shape.toFixed(1).padStart(9)} µs`);
}
