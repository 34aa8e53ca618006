/**
 * The XSLT render thread takes the page document as UTF-8 bytes and gives the page back as the bytes
 * libxslt wrote. Stylesheets too big for the WebAssembly heap's first 16 MB must compile (libxslt-wasm's
 * own `XmlDocument.from` copies through a view of the heap taken at start, which does not reach memory
 * the heap grew into: such a stylesheet never compiled), a thread goes on compiling after a big page,
 * and text outside ASCII arrives intact.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { xsltTemplate } from "../../origin/aggregator/render/template.ts";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";

const ITEMS = 60_000; // ~3.5 MB of XML: libxml2's tree for it outgrows the heap's first 16 MB
const big = `<list>${Array.from({ length: ITEMS }, (_, i) => `<item id="${i}"><title>item ${i}</title></item>`).join("")}</list>`;
const WORDS = "Zürich — 東京 — Ελλάδα — emoji 🧭 — «guillemets»";

// A stylesheet carrying 21 MB of data (generated sites embed dictionaries and the like), in pieces under
// libxml2's 10 MB limit for one text node.
const dir = mkdtempSync(join(tmpdir(), "bonafide-big-xsl-"));
const bigSheet = join(dir, "big.xsl");
writeFileSync(
  bigSheet,
  `<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html"/>${`<!-- ${"data ".repeat(1_400_000)} -->`.repeat(3)}
  <xsl:template match="/"><p>big sheet: <xsl:value-of select="count(//item)"/></p></xsl:template></xsl:stylesheet>`,
);

// A stylesheet that writes its own doctype (xsl:output doctype-system): the page keeps that one, alone.
const ownDoctypeSheet = join(dir, "own-doctype.xsl");
writeFileSync(
  ownDoctypeSheet,
  `<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" doctype-system="about:legacy-compat"/>
  <xsl:template match="/"><html><body><p>own doctype</p></body></html></xsl:template></xsl:stylesheet>`,
);

let backend: TestBackend;
let agg: Aggregator;
let base = "";

beforeAll(async () => {
  backend = await startBackend((req, res) =>
    sendXml(res, req.url === "/big" ? big : `<list><item><title>${WORDS}</title></item></list>`),
  );
  const page = (backendPath: string, sheet: string) => ({
    GET: (p: import("../../origin/aggregator/page.ts").Page) => {
      p.doc.a = p.fetch("x", backendPath);
      return p.render(xsltTemplate(sheet.startsWith("/") ? sheet : new URL(sheet, import.meta.url)));
    },
  });
  agg = await createAggregator({
    pages: routesFromTable({
      "/big": page("/big", "./fixtures/list.xsl"),
      "/small-new-sheet": page("/small", "./fixtures/xslt/pages/calls.xsl"),
      "/words": page("/small", "./fixtures/list.xsl"),
      "/big-sheet": page("/small", bigSheet),
      "/own-doctype": page("/small", ownDoctypeSheet),
    }),
    backends: [{ name: "x", servers: [backend.url], required: true, maxTries: 1 }],
    settings: aggregatorSettings({ renderThreads: 1 }), // both pages in the one thread
    logger: createLogger({}, { level: "error" }),
  });
  base = await agg.listen(0);
});

afterAll(async () => {
  await agg?.close(2000);
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("XSLT pages as bytes", () => {
  it("a stylesheet bigger than the heap's first 16 MB compiles and renders", async () => {
    const res = await fetch(`${base}/big-sheet`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<p>big sheet: 1</p>");
  });

  it("a thread that rendered a big page still compiles a stylesheet it has not seen", async () => {
    const first = await fetch(`${base}/big`);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html.match(/<li>/g)?.length).toBe(ITEMS);
    expect(html).toContain(`<li>item ${ITEMS - 1}</li>`);
    const second = await fetch(`${base}/small-new-sheet`);
    expect(second.status).toBe(200);
    expect(await second.text()).toContain('<li id="a">1 items</li>');
  });

  it("text outside ASCII arrives as it was sent, with the length the bytes have", async () => {
    const res = await fetch(`${base}/words`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(body.toString("utf8")).toContain(`<li>${WORDS}</li>`);
    expect(body.toString("utf8").startsWith("<!doctype html>")).toBe(true);
  });

  it("a page whose stylesheet writes a doctype has that one only, and one without gets <!doctype html>", async () => {
    const own = await (await fetch(`${base}/own-doctype`)).text();
    expect(own.match(/<!doctype/gi)?.length).toBe(1);
    expect(own.startsWith("<!DOCTYPE html>")).toBe(true); // libxslt's own (ours is written in lower case)
    const plain = await (await fetch(`${base}/words`)).text();
    expect(plain.match(/<!doctype/gi)?.length).toBe(1);
  });
});
