/**
 * The XSLT output, byte for byte: every stylesheet used in test/, bench/ and the demo site rendered through
 * a real aggregator (real back-ends on loopback, the render pool) with fixed inputs, compared with golden
 * files made by the code before the speed work (issue 15). `BONAFIDE_UPDATE_GOLDEN=1` rewrites them — only
 * do that when the output is meant to change.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { xsltTemplate } from "../../origin/aggregator/render/template.ts";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";

const GOLDEN = new URL("./fixtures/xslt-golden/", import.meta.url);
const update = process.env.BONAFIDE_UPDATE_GOLDEN === "1";

/** The bench's list (50 items, `&amp;` in every title), in three flavours of declaration. */
function benchList(name: string, declaration = '<?xml version="1.0" encoding="utf-8"?>'): string {
  const items = Array.from(
    { length: 50 },
    (_, i) =>
      `<item id="${name}${i}"><title>${name} item ${i} &amp; more</title><price>${(i * 37) % 1000}</price></item>`,
  );
  return `${declaration}<list>${items.join("")}</list>`;
}

/** Text that exercises the UTF-8 and escaping paths: Cyrillic, CJK, an emoji, references, CDATA, comments. */
const TRICKY = [
  '<?xml version="1.0" encoding="utf-8"?>',
  "<!-- a comment the transform drops -->",
  "<list>",
  "<item><title>Сварщик — 5 разряд</title></item>",
  "<item><title>寿司職人 🍣</title></item>",
  "<item><title>&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot; &#233;t&#xE9; &#x1F600;</title></item>",
  "<item><title><![CDATA[raw <cdata> & stuff]]></title></item>",
  "<item><title>  spaced\n\ttext  </title></item>",
  "</list>",
].join("");

const EMPLOYERS = [
  "<employers>",
  '<employer id="1" staff="1200"><name>Рога и копыта</name><city>Москва</city><about>Horns &amp; hooves, since 1928</about><vacancies>3</vacancies></employer>',
  '<employer id="2" staff="40"><name>Café «Ñandú»</name><city>São Paulo</city><about>&lt;script&gt;alert(1)&lt;/script&gt;</about><vacancies>0</vacancies></employer>',
  "</employers>",
].join("");

let backend: TestBackend;
let agg: Aggregator;
let base = "";

const sheet = (path: string, root?: string) =>
  xsltTemplate(
    fileURLToPath(new URL(path, import.meta.url)),
    root ? { root: fileURLToPath(new URL(root, import.meta.url)) } : {},
  );

beforeAll(async () => {
  backend = await startBackend((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/a") return sendXml(res, benchList("a"));
    if (path === "/b") return sendXml(res, benchList("b", "\uFEFF<?xml version='1.0'?>\n"));
    if (path === "/c") return sendXml(res, benchList("c", ""));
    if (path === "/tricky") return sendXml(res, TRICKY);
    if (path === "/employers") return sendXml(res, EMPLOYERS);
    if (path === "/json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ list: { item: [{ title: "from JSON <&>" }, { title: "второй" }] } }));
      return;
    }
    if (path === "/fail") {
      res.writeHead(500).end("no");
      return;
    }
    if (path === "/malformed") return sendXml(res, "<list><item>open</list>");
    if (path === "/doctype") return sendXml(res, '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><l>&a;</l>');
    res.writeHead(404).end();
  });
  const bench = sheet("../../bench/aggregator/list.xsl");
  const list = sheet("./fixtures/list.xsl");
  const pages = sheet("./fixtures/xslt/pages/vacancies.xsl", "./fixtures/xslt/");
  agg = await createAggregator({
    pages: routesFromTable({
      "/bench": {
        GET: (page) => {
          for (const n of ["a", "b", "c"]) page.doc[n] = page.fetch("x", `/${n}`);
          return page.render(bench);
        },
      },
      "/bench-degraded": {
        GET: (page) => {
          page.doc.a = page.fetch("x", "/tricky");
          page.doc.b = page.fetch("x", "/fail");
          page.doc.c = page.fetch("x", "/json");
          return page.render(bench);
        },
      },
      "/list": {
        GET: (page) => {
          page.doc.a = page.fetch("x", "/tricky");
          page.doc.c = page.fetch("x", "/fail");
          page.doc.extra = { n: 1, s: "plain <text> & more", arr: ["x", null, true] };
          return page.render(list);
        },
      },
      "/list-json": {
        GET: (page) => {
          page.doc.a = page.fetch("x", "/json");
          return page.render(list);
        },
      },
      "/vacancies": {
        GET: (page) => {
          page.doc.list = page.fetch("x", "/tricky");
          return page.render(pages);
        },
      },
      "/reach-out": {
        GET: (page) => {
          page.doc.targets = ["/etc/passwd", "file:///etc/passwd", "parts.xsl", "missing.xsl"];
          return page.render(sheet("./fixtures/xslt/pages/reach-out.xsl"));
        },
      },
      "/parts": {
        GET: (page) => {
          page.doc.list = page.fetch("x", "/tricky");
          return page.render(sheet("./fixtures/xslt/pages/parts.xsl"));
        },
      },
      "/parts-bad-xml": {
        GET: (page) => {
          page.doc.a = page.fetch("x", "/malformed");
          page.doc.b = page.fetch("x", "/doctype");
          page.doc.c = page.fetch("x", "/c");
          return page.render(sheet("./fixtures/xslt/pages/parts.xsl"));
        },
      },
      "/employers": {
        GET: (page) => {
          page.doc.list = page.fetch("x", "/employers");
          return page.render(sheet("../../demo/job-board/templates/employers.xsl"));
        },
      },
      "/employers-degraded": {
        GET: (page) => {
          page.doc.list = page.fetch("x", "/fail");
          return page.render(sheet("../../demo/job-board/templates/employers.xsl"));
        },
      },
    }),
    backends: [{ name: "x", servers: [backend.url], required: false, maxTries: 1 }],
    settings: aggregatorSettings({ renderThreads: 1 }),
    logger: createLogger({}, { level: "error" }),
  });
  base = await agg.listen(0);
});

afterAll(async () => {
  await agg?.close(2000);
  await backend?.close();
});

const CASES = [
  "bench",
  "bench-degraded",
  "list",
  "list-json",
  "vacancies",
  "reach-out",
  "parts",
  "parts-bad-xml",
  "employers",
  "employers-degraded",
];

describe("XSLT output is byte-identical to the goldens", () => {
  it.each(CASES)("%s", async (name) => {
    const res = await fetch(`${base}/${name}`);
    const body = Buffer.from(await res.arrayBuffer());
    const head = `${res.status} ${res.headers.get("content-type")} ${res.headers.get("x-bonafide-degraded") ?? "-"}\n`;
    const file = new URL(`${name}.html`, GOLDEN);
    if (update || !existsSync(file)) {
      if (!update) throw new Error(`no golden ${fileURLToPath(file)}: run with BONAFIDE_UPDATE_GOLDEN=1`);
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, Buffer.concat([Buffer.from(head), body]));
    }
    const golden = readFileSync(file);
    const nl = golden.indexOf(10);
    expect(head).toBe(golden.subarray(0, nl + 1).toString());
    expect(body.equals(golden.subarray(nl + 1))).toBe(true);
    expect(body.toString()).toBe(golden.subarray(nl + 1).toString()); // the diff, when not
  });
});
