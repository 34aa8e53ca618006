/**
 * A page that breaks a render thread's WebAssembly runtime must not break the pages after it. A template
 * recursing a few thousand deep overflows the stack inside libxslt; after a second such page on the same
 * thread every later call failed ("Cannot read properties of undefined (reading 'push')"), so two bad
 * pages — or a back-end sending a number that drives the recursion, twice — turned every XSLT page of that
 * thread into an error until the process restarted. The thread now answers that page's error and ends; the pool replaces it and sends the jobs it
 * took with it once more.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRenderPool, type RenderPool } from "../../origin/aggregator/render/pool.ts";
import { xsltTemplate } from "../../origin/aggregator/render/template.ts";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";

/** Far deeper than the WebAssembly stack allows (a few thousand frames). */
const TOO_DEEP = 100_000;

const dir = mkdtempSync(join(tmpdir(), "bonafide-deep-xsl-"));
const sheet = join(dir, "deep.xsl");
writeFileSync(
  sheet,
  `<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html"/>
  <xsl:template match="/"><p><xsl:call-template name="down"><xsl:with-param name="n" select="number(//n)"/></xsl:call-template></p></xsl:template>
  <xsl:template name="down"><xsl:param name="n"/><xsl:choose>
    <xsl:when test="$n &gt; 0"><xsl:call-template name="down"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:when>
    <xsl:otherwise>bottom</xsl:otherwise>
  </xsl:choose></xsl:template>
</xsl:stylesheet>`,
);
const template = { file: sheet, root: dir };
const doc = (n: number) => `<page><n>${n}</n></page>`;
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

let pool: RenderPool;
let backend: TestBackend;
let agg: Aggregator;
let base = "";

beforeAll(async () => {
  pool = createRenderPool(1);
  backend = await startBackend((req, res) =>
    sendXml(res, `<n>${new URL(req.url ?? "/", "http://x").searchParams.get("n")}</n>`),
  );
  agg = await createAggregator({
    pages: routesFromTable({
      "/deep": {
        GET: (page) => {
          page.doc.a = page.fetch("x", "/n", { query: { n: page.query.get("n") ?? "1" } });
          return page.render(xsltTemplate(sheet));
        },
      },
    }),
    backends: [{ name: "x", servers: [backend.url], required: true, maxTries: 1 }],
    settings: aggregatorSettings({ renderThreads: 1 }), // every page on the one thread
    logger: createLogger({}, { write: () => {} }),
  });
  base = await agg.listen(0);
});

afterAll(async () => {
  await pool?.close();
  await agg?.close(2000);
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a render thread whose WebAssembly runtime a page broke", () => {
  it("answers that page's error, and the pages after it render on a fresh thread", async () => {
    expect(text(await pool.renderXslt(template, doc(10)))).toContain("<p>bottom</p>");
    for (let i = 0; i < 2; i++)
      await expect(pool.renderXslt(template, doc(TOO_DEEP))).rejects.toThrow(/Maximum call stack size exceeded/);
    for (let i = 0; i < 5; i++) expect(text(await pool.renderXslt(template, doc(10 + i)))).toContain("<p>bottom</p>");
  });

  it("sends the jobs the ending thread took with it once more: none of them fails", async () => {
    const small = Array.from({ length: 6 }, (_, i) => pool.renderXslt(template, doc(i + 1)));
    const deep = pool.renderXslt(template, doc(TOO_DEEP));
    const after = Array.from({ length: 6 }, (_, i) => pool.renderXslt(template, doc(i + 1)));
    await expect(deep).rejects.toThrow(/Maximum call stack size exceeded/);
    for (const page of [...small, ...after]) expect(text(await page)).toContain("<p>bottom</p>");
  });

  it("through the aggregator: a back-end's number that overflows the stack fails those pages only", async () => {
    expect((await fetch(`${base}/deep?n=5`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const broken = await fetch(`${base}/deep?n=${TOO_DEEP}`);
      expect(broken.status).toBeGreaterThanOrEqual(500);
      await broken.text();
    }
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}/deep?n=${i}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("<p>bottom</p>");
    }
  });
});
