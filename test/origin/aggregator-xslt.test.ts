/**
 * XSLT pages in the aggregator: libxslt (WebAssembly) in the render pool, stylesheets split over files as
 * XScript sites had them, and the sandbox that keeps a stylesheet from reading anything but its templates.
 */
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { xsltTemplate } from "../../origin/aggregator/render/template.ts";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";

const fixtures = new URL("./fixtures/xslt/", import.meta.url);
const sheet = (name: string, root?: URL) =>
  xsltTemplate(new URL(`pages/${name}`, fixtures), root ? { root } : undefined);

let list: TestBackend;
let canary: Server;
let canaryConnections = 0;
let canaryUrl = "";
let agg: Aggregator;
let base = "";
const logs: string[] = [];

beforeAll(async () => {
  list = await startBackend((_req, res) =>
    sendXml(res, "<list><item><title>Welder</title></item><item><title>Baker &amp; co</title></item></list>"),
  );
  // Counts every TCP connection: a stylesheet that reached it would show here whatever it then sent.
  canary = createServer((socket) => {
    canaryConnections++;
    socket.destroy();
  });
  await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
  const address = canary.address();
  canaryUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/labels.xml`;

  agg = await createAggregator({
    pages: routesFromTable({
      "/layered": {
        GET: (page) => {
          page.doc.list = page.fetch("list", "/");
          return page.render(sheet("vacancies.xsl", fixtures));
        },
      },
      "/layered-narrow": {
        GET: (page) => {
          page.doc.list = page.fetch("list", "/");
          return page.render(sheet("vacancies.xsl")); // root = pages/: ../common is out of bounds
        },
      },
      "/reach-out": {
        GET: (page) => {
          page.doc.targets = [
            "/etc/passwd",
            "file:///etc/passwd",
            "../../../../../../../../etc/passwd",
            canaryUrl,
            "http://templates.bonafide.invalid/etc/passwd",
            "parts.xsl", // inside the root: allowed
          ];
          return page.render(sheet("reach-out.xsl"));
        },
      },
      "/broken": { GET: (page) => page.render(sheet("broken.xsl")) },
    }),
    backends: [{ name: "list", servers: [list.url] }],
    settings: aggregatorSettings({ renderThreads: 1 }),
    logger: createLogger({}, { write: (line) => logs.push(line) }),
  });
  base = await agg.listen(0);
});

afterAll(async () => {
  await agg?.close(2000);
  await list?.close();
  await new Promise((r) => canary?.close(r));
});

describe("XSLT pages", () => {
  it("follow xsl:import (with its lower precedence), xsl:include and document() below the template root", async () => {
    const res = await fetch(`${base}/layered`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<title>Vacancies from the shared layout</title>"); // document() in the import
    expect(html).toContain('<li class="page">Baker &amp; co</li>'); // the importing sheet's rule wins
    expect(html).not.toContain('class="layout"');
    expect(html).toContain("<footer>included footer</footer>");
  });

  it("cannot import from outside their root: the page fails with the reason, and the next request tries again", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/layered-narrow`);
      expect(res.status).toBe(500);
      await res.text();
    }
    const failures = logs.filter((l) => l.includes("vacancies.xsl") && l.includes("unable to load"));
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it("read nothing on disk outside their root and reach no network address, whatever the data names", async () => {
    const res = await fetch(`${base}/reach-out`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toContain("root:");
    for (const target of ["/etc/passwd", "file:///etc/passwd", canaryUrl]) {
      expect(html).toContain(`<p data-target="${target}">0:</p>`);
    }
    expect(html).toMatch(/<p data-target="parts.xsl">1:/); // the one file inside the root
    expect(canaryConnections).toBe(0);
  });

  it("a stylesheet that does not compile answers 500 and the log names the XPath problem", async () => {
    const res = await fetch(`${base}/broken`);
    expect(res.status).toBe(500);
    await res.text();
    expect(logs.some((l) => l.includes("broken.xsl") && /could not compile|Invalid expression/.test(l))).toBe(true);
  });

  it("keeps working after failures: the same worker renders the good page again", async () => {
    const html = await (await fetch(`${base}/layered`)).text();
    expect(html).toContain('<li class="page">Welder</li>');
  });
});
