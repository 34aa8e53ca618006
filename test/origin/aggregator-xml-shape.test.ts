/**
 * The aggregator checks an XML body's shape at call time (checkXmlShape) and leaves the full check to
 * libxml2 when the page is rendered with XSLT. These tests hold the two halves to their claim: over
 * thousands of mutated bodies, shape check + libxml2 reading the page document accept exactly the bodies
 * libxml2 accepts alone (no malformed body gets in, no well-formed one is refused); and through a real
 * aggregator, a body malformed inside (shape fine) still becomes a failed call — degraded page, or 502
 * when the back-end is required — on XSLT and TSX pages alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkXmlShape, stripXmlDeclaration as stripDeclaration } from "../../origin/aggregator/parse.ts";
import { readXml } from "../../origin/aggregator/render/libxml.ts";
import { tsxTemplate, xsltTemplate } from "../../origin/aggregator/render/template.ts";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";
import { XML_NOISE } from "../support/xml-reference.ts";

const utf8 = new TextEncoder();

/**
 * Whether libxml2 (the parser XSLT pages go through) reads `xml` as a document. Through readXml, as the
 * render thread reads: libxslt-wasm's own XmlDocument.fromString writes through a stale view of the heap
 * once the heap has grown, which corrupted it here over thousands of bodies (wasm malloc then looped
 * forever and the whole test file hung).
 */
async function libxml2Reads(xml: string): Promise<boolean> {
  try {
    (await readXml(utf8.encode(xml))).delete();
    return true;
  } catch {
    return false;
  }
}

function shapeOk(body: string): boolean {
  try {
    checkXmlShape(body);
    return true;
  } catch {
    return false;
  }
}

/** How respond.ts embeds a body (declaration stripped) between two other parts of the page. */
const pageWith = (body: string) => `<page><x><list/></x><a>${stripDeclaration(body)}</a><b><list/></b></page>`;

const SEEDS = [
  `<?xml version="1.0" encoding="utf-8"?><list><item id="a1" note='x > y / z'><title>A &amp; B</title><price>7</price></item></list>`,
  `<list><!-- a comment with <tags> and -- no --><item><![CDATA[ <not> a </tag> ]]></item><?pi data?><empty/></list>`,
  `\uFEFF<?xml version="1.0"?>\n<r>\n  <a b="1" c='2'/>\n  <d>&#60;&#x3E;</d>\n</r>\n`,
  `<list><item>one</item><item>two</item></list>`,
];
/** Characters that matter to XML's structure, inserted and deleted at random. */
const NOISE = [...XML_NOISE, "</a>", "<a>", "</list>", "<x/>", "]]>", "-->", "=", " "];

function* mutants(count: number): Generator<string> {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    let s = SEEDS[rand(SEEDS.length)] ?? "";
    for (let k = 1 + rand(3); k > 0; k--) {
      const at = rand(s.length + 1);
      if (rand(2)) s = s.slice(0, at) + (NOISE[rand(NOISE.length)] ?? "") + s.slice(at);
      else s = s.slice(0, at) + s.slice(at + 1 + rand(4));
    }
    yield s;
  }
}

describe("the shape check and libxml2 together", () => {
  it("accept every seed and refuse bodies that would reshape the page", async () => {
    for (const seed of SEEDS) expect(shapeOk(seed), seed).toBe(true);
    for (const bad of [
      "</a><b><list><item>forged</item></list></b><a>", // closes its wrapper, forges a sibling's part
      "<list/><list/>", // two roots
      "text<list/>",
      "<list>",
      "",
      "<!DOCTYPE x [<!ENTITY e 'boom'>]><list>&e;</list>",
    ])
      expect(shapeOk(bad), bad).toBe(false);
  });

  it("accept exactly the bodies libxml2 reads on their own (3,000 mutants)", async () => {
    let wellFormed = 0;
    for (const body of mutants(3000)) {
      // The page embeds a body without its XML declaration (respond.ts), so that is what must read alone.
      const alone = !/<!DOCTYPE|<!ENTITY/i.test(body) && (await libxml2Reads(stripDeclaration(body)));
      const viaPage = shapeOk(body) && (await libxml2Reads(pageWith(body)));
      expect(viaPage, JSON.stringify(body)).toBe(alone);
      if (alone) wellFormed++;
    }
    // The mutants cover both sides of the line.
    expect(wellFormed).toBeGreaterThan(300);
    expect(wellFormed).toBeLessThan(2700);
  });
});

describe("a body malformed inside, through a real aggregator", () => {
  const sheet = xsltTemplate(new URL("./fixtures/xslt/pages/calls.xsl", import.meta.url));
  const bodies: Record<string, string> = {
    "/good": "<list><item>1</item><item>2</item></list>",
    "/bad-close": "<list><item>1</itme></list>", // the right shape; only a parser sees the names differ
    "/bad-attribute": "<list><item id=7>1</item></list>",
  };
  let backend: TestBackend;
  let agg: Aggregator;
  let base = "";

  beforeAll(async () => {
    backend = await startBackend((req, res) => sendXml(res, bodies[req.url ?? ""] ?? "<list/>"));
    const fan = (second: string) => (page: import("../../origin/aggregator/page.ts").Page) => {
      page.doc.a = page.fetch("opt", "/good");
      page.doc.b = page.fetch("opt", second);
      page.doc.c = page.fetch("opt", "/bad-attribute");
    };
    agg = await createAggregator({
      pages: routesFromTable({
        "/xslt": {
          GET: (page) => {
            fan("/bad-close")(page);
            return page.render(sheet);
          },
        },
        "/xslt-required": {
          GET: (page) => {
            page.doc.a = page.fetch("opt", "/good");
            page.doc.b = page.fetch("req", "/bad-close");
            return page.render(sheet);
          },
        },
        "/tsx": {
          GET: (page) => {
            fan("/bad-close")(page);
            return page.render(
              tsxTemplate("parts", (data: Record<string, { "@error"?: { failure: string } }>) =>
                ["a", "b", "c"].map((k) => `${k}:${data[k]?.["@error"]?.failure ?? "ok"}`).join(" "),
              ),
            );
          },
        },
      }),
      backends: [
        { name: "opt", servers: [backend.url], required: false, maxTries: 1 },
        { name: "req", servers: [backend.url], required: true, maxTries: 1 },
      ],
      settings: aggregatorSettings({ renderThreads: 1 }),
      logger: createLogger({}, { level: "error" }),
    });
    base = await agg.listen(0);
  });

  afterAll(async () => {
    await agg?.close(2000);
    await backend?.close();
  });

  it("XSLT: the call becomes a parse failure, the page degraded and rendered with the rest", async () => {
    const res = await fetch(`${base}/xslt`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bonafide-degraded")).toBe("opt");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('<li id="a">2 items</li>');
    expect(html).toContain('<li id="b">error parse</li>');
    expect(html).toContain('<li id="c">error parse</li>');
    expect(html).toContain('<li class="degraded">opt</li>');
  });

  it("XSLT: a required back-end's malformed body fails the page with 502, as at call time", async () => {
    const res = await fetch(`${base}/xslt-required`);
    expect(res.status).toBe(502);
    expect(res.headers.get("x-bonafide-error")).toBe("BACKEND_FAILED");
  });

  it("TSX: the same bodies are error nodes, the page degraded", async () => {
    const res = await fetch(`${base}/tsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bonafide-degraded")).toBe("opt");
    expect(await res.text()).toContain("a:ok b:parse c:parse");
  });
});
