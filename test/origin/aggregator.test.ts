import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackendDefinition } from "../../origin/aggregator/backends.ts";
import { createTranslations } from "../../origin/aggregator/postprocess/translations.ts";
import { tsxTemplate, tsxWorkerTemplate, xsltTemplate } from "../../origin/aggregator/render/template.ts";
import { type HandlerModule, routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, sleep, startBackend, type TestBackend } from "../support/backends.ts";

const UNICODE_TITLE = "Zürich — 東京 — Ελλάδα 🧭 «guillemets»";

const TOKEN = "debug-token-for-tests";
/** The edge's proof of origin: the deadline and request id tests below come "from the edge". */
const EDGE_SECRET = "edge-secret-for-tests";
const items = (name: string) =>
  `<?xml version="1.0"?><list>${[1, 2, 3].map((i) => `<item id="${i}"><title>${name} ${i} &amp; co</title></item>`).join("")}</list>`;

let a: TestBackend;
let b: TestBackend;
let c: TestBackend;
let flaky: TestBackend;
let healthy: TestBackend;
let cacheable: TestBackend;
let files: TestBackend;
let trl: TestBackend;
let coal: TestBackend;
let replicaA: TestBackend;
let replicaB: TestBackend;
const sockets = new Set<number>();
let agg: Aggregator;
let base = "";
const sent = { bytes: 0, done: false };

const fan = { arrivals: 0, peak: 0 };
/**
 * A fan-out back-end answers only once all three calls of its round have arrived (bounded wait), and
 * records how many of the three were in flight at once: 3 only if the aggregator really overlaps them.
 */
async function untilRoundComplete(): Promise<void> {
  const target = Math.ceil(++fan.arrivals / 3) * 3;
  fan.peak = Math.max(fan.peak, a.inFlight + b.inFlight + c.inFlight);
  for (let i = 0; i < 200 && fan.arrivals < target; i++) await sleep(5);
}

/** A route that puts one call into the document under `key`. */
function single(key: string, backend: string, path: string): HandlerModule {
  return {
    GET: (page) => {
      page.doc[key] = page.fetch(backend, path);
      return page.render(listView);
    },
  };
}

const listView = tsxTemplate<Record<string, unknown>>("list", (data) => `<p>${JSON.stringify(data)}</p>`);

/** The bench's list page rendered in the pool, its parts (`a`, `b`, `c`) fetched as `[backend, path]`. */
function pooledList(parts: Record<string, readonly [backend: string, path: string]>): HandlerModule {
  return {
    GET: (page) => {
      for (const [key, [backend, path]] of Object.entries(parts)) page.doc[key] = page.fetch(backend, path);
      return page.render(
        tsxWorkerTemplate(new URL("../../bench/aggregator/list.tsx", import.meta.url), "listTemplate"),
      );
    },
  };
}

beforeAll(async () => {
  const fanOut =
    (name: string) => async (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
      if (req.url?.startsWith("/slow")) await sleep(Number(new URL(req.url, "http://x").searchParams.get("ms")));
      if (req.url?.startsWith("/fanout")) await untilRoundComplete();
      if (req.url?.startsWith("/fail")) return void res.writeHead(500).end("boom");
      if (req.url?.startsWith("/json"))
        return void res.writeHead(200, { "content-type": "application/json" }).end('{"n":1}');
      if (req.url?.startsWith("/broken"))
        return void res.writeHead(200, { "content-type": "application/xml" }).end("<a><b></a>");
      if (req.url?.startsWith("/unicode"))
        return void sendXml(
          res,
          `<list><item id="u1"><title>${UNICODE_TITLE}</title><price>1</price></item><item id="u2"><title>ascii</title><price>2</price></item></list>`,
        );
      // The shape a call checks at once is right; the names are not: only a parser finds it.
      if (req.url?.startsWith("/mismatched"))
        return void res.writeHead(200, { "content-type": "application/xml" }).end("<l><t>x</u></l>");
      sendXml(res, items(name));
    };
  a = await startBackend(fanOut("a"));
  b = await startBackend(fanOut("b"));
  c = await startBackend(fanOut("c"));
  flaky = await startBackend((_req, res) => void res.writeHead(503).end("busy"));
  healthy = await startBackend((_req, res) => sendXml(res, "<ok/>"));
  cacheable = await startBackend((_req, res) =>
    sendXml(res, items("cached"), { "cache-control": "public, max-age=60" }),
  );
  trl = await startBackend((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.searchParams.get("keys")?.includes("broken")) return void res.writeHead(500).end();
    const out: Record<string, string> = {};
    for (const k of (u.searchParams.get("keys") ?? "").split(",")) out[k] = `${u.searchParams.get("lang")}:${k}<x>`;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
  });
  files = await startBackend(async (req, res) => {
    if (req.url === "/upload") {
      let n = 0;
      for await (const chunk of req) n += (chunk as Buffer).length;
      return void res
        .writeHead(201, { "content-type": "text/plain" })
        .end(`${req.method} ${n} ${req.headers["content-type"]}`);
    }
    if (req.url === "/moved")
      return void res.writeHead(302, { location: "/elsewhere", "set-cookie": ["a=1; Path=/", "b=2; Path=/"] }).end();
    if (req.url === "/missing")
      return void res.writeHead(404, { "content-type": "text/plain", "x-from": "files" }).end("no such file");
    // 64 MiB, written only as fast as the reader takes it (backpressure), counting what left the server.
    res.writeHead(200, { "content-type": "application/pdf", "set-cookie": "dl=1; Path=/", "x-file": "big" });
    const chunk = Buffer.alloc(64 * 1024, 7);
    for (let i = 0; i < 1024 && !res.destroyed; i++) {
      sent.bytes += chunk.length;
      if (!res.write(chunk))
        await new Promise<void>((r) => {
          // Whichever comes first; the other listener goes, or every stall would leave one behind.
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            r();
          };
          res.once("drain", done);
          res.once("close", done);
        });
    }
    sent.done = true;
    res.end();
  });
  coal = await startBackend(async (req, res) => {
    sockets.add(req.socket.remotePort ?? 0);
    await sleep(30);
    sendXml(res, "<same/>");
  });
  // Two servers of one back-end, answering alike: what load balancing assumes of them.
  const replica = async (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    if (req.url === "/nostore") return sendXml(res, "<fresh/>", { "cache-control": "no-store" });
    if (req.url === "/validated") {
      if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      return sendXml(res, "<validated/>", { etag: '"v1"', "cache-control": "public, no-cache" });
    }
    if (req.url === "/slow") {
      await sleep(50);
      return sendXml(res, "<slow/>");
    }
    const lang = String(req.headers["accept-language"]);
    sendXml(res, `<list><item id="1"><title>${lang}</title></item></list>`, {
      "cache-control": "public, max-age=60",
      vary: "accept-language",
    });
  };
  replicaA = await startBackend(replica);
  replicaB = await startBackend(replica);
  const defs: BackendDefinition[] = [
    { name: "replicas", servers: [replicaA.url, replicaB.url] },
    { name: "coal", servers: [coal.url] },
    { name: "a", servers: [a.url] },
    { name: "b", servers: [b.url], timeoutMs: 300 },
    { name: "c", servers: [c.url], required: false, timeoutMs: 300 },
    { name: "flaky", servers: [flaky.url], maxTries: 10 },
    { name: "pair", servers: [flaky.url, healthy.url], maxTries: 2 },
    { name: "cacheable", servers: [cacheable.url] },
    { name: "files", servers: [files.url] },
    { name: "trl", servers: [trl.url] },
  ];
  const routes = routesFromTable({
    "/fanout": {
      GET: (page) => {
        page.doc.a = page.fetch("a", "/fanout");
        page.doc.b = page.fetch("b", "/fanout");
        page.doc.c = page.fetch("c", "/fanout");
        return page.render(listView);
      },
    },
    "/optional-fails": {
      GET: (page) => {
        page.doc.a = page.fetch("a", "/list");
        page.doc.c = page.fetch("c", "/fail");
        return page.render(listView);
      },
    },
    "/required-fails": single("b", "b", "/fail"),
    "/required-slow": single("b", "b", "/slow?ms=2000"),
    "/parse-error": single("c", "c", "/broken"),
    "/chain": {
      GET: async (page) => {
        const first = await page.fetch("a", "/slow?ms=60");
        page.doc.first = first.ok;
        page.doc.b = page.fetch("b", "/list");
        return page.render(listView);
      },
    },
    "/retry": single("f", "flaky", "/x"),
    "/pair": single("p", "pair", "/x"),
    "/cached": single("x", "cacheable", "/list"),
    "/xslt": {
      GET: (page) => {
        page.doc.a = page.fetch("a", "/list");
        page.doc.c = page.fetch("c", "/fail");
        return page.render(xsltTemplate(fileURLToPath(new URL("./fixtures/list.xsl", import.meta.url))));
      },
    },
    "/broken-trl": { GET: (page) => page.render(tsxTemplate("b", () => "<p>{{t:broken}}</p>")) },
    "/tsx-pool": pooledList({ a: ["a", "/list"], c: ["c", "/fail"] }),
    "/tsx-pool-unicode": pooledList({ a: ["a", "/unicode"] }),
    "/tsx-pool-mismatched": pooledList({ a: ["a", "/list"], c: ["c", "/mismatched"] }),
    "/tsx-pool-mismatched-required": pooledList({ a: ["a", "/list"], c: ["b", "/mismatched"] }),
    "/group": {
      GET: async (page) => {
        const r = await page.group({ a: page.fetch("a", "/list"), c: page.fetch("c", "/fail") });
        return page.text(`${r.a.ok}/${r.a.status} ${r.c.ok}/${r.c.status}`);
      },
    },
    "/twice": {
      GET: (page) => {
        page.doc.x = page.fetch("coal", "/same");
        page.doc.y = page.fetch("coal", "/same");
        return page.render(listView);
      },
    },
    "/replicated/[lang]": {
      GET: (page) => {
        page.doc.x = page.fetch("replicas", "/list", { headers: { "accept-language": page.params.lang ?? "" } });
        return page.render(listView);
      },
    },
    "/replicated-nostore": single("x", "replicas", "/nostore"),
    "/replicated-validated": single("x", "replicas", "/validated"),
    "/replicated-twice": {
      GET: (page) => {
        page.doc.x = page.fetch("replicas", "/slow");
        page.doc.y = page.fetch("replicas", "/slow");
        return page.render(listView);
      },
    },
    "/file/[name]": {
      GET: (page) => page.proxy("files", `/${page.params.name}`),
      POST: (page) => page.proxy("files", `/${page.params.name}`),
    },
    "/hello/[who]": {
      GET: (page) => page.render(tsxTemplate("t", () => `<p>{{t:hello}} ${page.params.who} {{t:bye}} {{t:hello}}</p>`)),
      POST: async (page) => page.text(`posted ${await page.readBody()}`),
    },
  });
  agg = await createAggregator({
    pages: routes,
    backends: defs,
    postprocessors: [createTranslations({ backend: "trl" })],
    languages: ["en", "ru"],
    settings: aggregatorSettings({ debugToken: TOKEN, edgeSecret: EDGE_SECRET, retryBudget: 2, renderThreads: 1 }),
    logger: createLogger({}, { write: () => {} }),
  });
  base = await agg.listen(0);
});

afterAll(async () => {
  await agg?.close(2000);
  for (const s of [a, b, c, flaky, healthy, cacheable, files, trl, coal, replicaA, replicaB]) await s?.close();
});

const raw = (path: string) => fetch(`${base}${path}${path.includes("?") ? "&" : "?"}_raw=1&_debug=${TOKEN}`);

describe("the aggregator core", () => {
  it("runs the calls of a page in parallel: all three back-ends are in flight at once", async () => {
    const res = await fetch(`${base}/fanout`);
    expect(res.status).toBe(200);
    expect(fan.peak).toBe(3);
    const html = await res.text();
    expect(html).toContain("a 1 & co");
    expect(html).toContain("c 3 & co");
  });

  it("puts each placeholder's parsed result in its place in the document", async () => {
    const res = await raw("/fanout");
    const doc = (await res.json()) as Record<string, { list: { item: { "@id": string; title: string }[] } }>;
    expect(doc.a?.list.item.map((i) => i["@id"])).toEqual(["1", "2", "3"]);
    expect(doc.b?.list.item[0]?.title).toBe("b 1 & co"); // predefined entities decoded, nothing else
  });

  it("an optional back-end's failure degrades the page and marks it in the document", async () => {
    const res = await raw("/optional-fails");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bonafide-degraded")).toBe("c");
    const doc = (await res.json()) as {
      c: { "@error": { failure: string; status: number } };
      meta: { degraded: string[] };
    };
    expect(doc.c["@error"]).toMatchObject({ failure: "status", status: 500 });
    expect(doc.meta.degraded).toEqual(["c"]);
    const page = await fetch(`${base}/optional-fails`);
    expect(page.headers.get("cache-control")).toBe("no-store");
  });

  it("a required back-end's 5xx gives 502 and its timeout 504", async () => {
    const failed = await fetch(`${base}/required-fails`);
    expect(failed.status).toBe(502);
    expect(failed.headers.get("x-bonafide-error")).toBe("BACKEND_FAILED");
    const slow = await fetch(`${base}/required-slow`);
    expect(slow.status).toBe(504);
  });

  it("a body that does not parse becomes an error node", async () => {
    const doc = (await (await raw("/parse-error")).json()) as { c: { "@error": { failure: string } } };
    expect(doc.c["@error"].failure).toBe("parse");
  });

  it("propagates the deadline and shrinks it by the time already spent", async () => {
    a.seen.length = 0;
    b.seen.length = 0;
    const res = await fetch(`${base}/chain`, {
      headers: { "x-deadline-timeout-ms": "1000", "x-request-id": "req-chain-1", "x-bonafide-edge": EDGE_SECRET },
    });
    expect(res.status).toBe(200);
    const first = Number(a.seen[0]?.headers["x-deadline-timeout-ms"]);
    const second = Number(b.seen[0]?.headers["x-deadline-timeout-ms"]);
    expect(first).toBeLessThanOrEqual(1000);
    expect(second).toBeLessThanOrEqual(first - 60);
    expect(b.seen[0]?.headers["x-request-id"]).toBe("req-chain-1");
    expect(res.headers.get("x-request-id")).toBe("req-chain-1");
  });

  it("retries idempotent calls only within the page's retry budget", async () => {
    flaky.seen.length = 0;
    const res = await fetch(`${base}/retry`);
    expect(res.status).toBe(502);
    expect(flaky.seen).toHaveLength(3); // 1 try + a budget of 2 retries, although maxTries is 10
  });

  it("retries on another server of the same back-end", async () => {
    healthy.seen.length = 0;
    for (let i = 0; i < 4; i++) expect((await fetch(`${base}/pair`)).status).toBe(200);
    expect(healthy.seen.length).toBe(4);
  });

  it("serves a cacheable back-end response from the cache without a second call", async () => {
    cacheable.seen.length = 0;
    expect((await fetch(`${base}/cached`)).status).toBe(200);
    const second = await fetch(`${base}/cached?_debug=${TOKEN}`);
    expect(cacheable.seen).toHaveLength(1);
    expect(await second.text()).toMatch(/<td>hit<\/td>/);
  });

  it("shares a cached response among the servers of a back-end, one entry per Vary", async () => {
    const seen = () => replicaA.seen.length + replicaB.seen.length;
    replicaA.seen.length = 0;
    replicaB.seen.length = 0;
    // Both servers take calls (no-store is never cached) …
    for (let i = 0; i < 4; i++) expect(await (await fetch(`${base}/replicated-nostore`)).text()).toContain("fresh");
    expect(Math.min(replicaA.seen.length, replicaB.seen.length)).toBeGreaterThan(0);
    // … yet a cacheable resource is fetched once, whichever server the next call would go to …
    for (let i = 0; i < 4; i++) expect(await (await fetch(`${base}/replicated/en`)).text()).toContain("en");
    expect(seen()).toBe(5);
    // … and a request that Vary says differs is fetched once more, and then cached too.
    for (let i = 0; i < 3; i++) expect(await (await fetch(`${base}/replicated/ru`)).text()).toContain("ru");
    expect(seen()).toBe(6);
    expect(await (await fetch(`${base}/replicated/en`)).text()).toContain("en");
    expect(seen()).toBe(6);
  });

  it("revalidates a response cached from one server of a back-end at whichever server the call picked", async () => {
    replicaA.seen.length = 0;
    replicaB.seen.length = 0;
    // no-cache: stored, but asked about (If-None-Match) before every reuse.
    for (let i = 0; i < 4; i++)
      expect(await (await fetch(`${base}/replicated-validated`)).text()).toContain("validated");
    const asked = [...replicaA.seen, ...replicaB.seen].map((r) => r.headers["if-none-match"] ?? "unconditional");
    expect(asked.sort()).toEqual(['"v1"', '"v1"', '"v1"', "unconditional"]);
    expect(replicaA.seen.some((r) => r.headers["if-none-match"])).toBe(true);
    expect(replicaB.seen.some((r) => r.headers["if-none-match"])).toBe(true);
  });

  it("coalesces identical calls in flight even when balancing would send them to different servers", async () => {
    replicaA.seen.length = 0;
    replicaB.seen.length = 0;
    const doc = (await (await raw("/replicated-twice")).json()) as { x: unknown; y: unknown };
    expect(doc.x).toEqual({ slow: "" });
    expect(doc.y).toEqual(doc.x);
    expect(replicaA.seen.length + replicaB.seen.length).toBe(1);
  });

  it("renders XSLT in the worker pool with error nodes as elements", async () => {
    const html = await (await fetch(`${base}/xslt`)).text();
    expect(html).toContain("<li>a 2 &amp; co</li>");
    expect(html).toContain('<p class="error">c</p>');
  });

  it("renders a pool TSX template in a worker, XML parsed there, error nodes included", async () => {
    const html = await (await fetch(`${base}/tsx-pool`)).text();
    expect(html).toContain('<a href="/item/2">a 2 &amp; co</a>');
    expect(html).toMatch(/<h2>c<\/h2><ul><\/ul>/); // the failed optional call: an error node, no items
  });

  it("a pool TSX page comes back as UTF-8 bytes: text outside ASCII intact, the length the bytes have, one doctype", async () => {
    const res = await fetch(`${base}/tsx-pool-unicode`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const body = Buffer.from(await res.arrayBuffer());
    const html = body.toString("utf8");
    expect(html).toContain(`<a href="/item/u1">${UNICODE_TITLE}</a>`);
    expect(html.startsWith("<!doctype html><html")).toBe(true);
    expect(html.match(/<!doctype/gi)?.length).toBe(1);
    const length = res.headers.get("content-length");
    if (length !== null) expect(Number(length)).toBe(body.byteLength);
  });

  it("a pool TSX page whose optional back-end sent XML only a parser refuses: degraded, that part an error", async () => {
    const res = await fetch(`${base}/tsx-pool-mismatched`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bonafide-degraded")).toBe("c");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('<a href="/item/2">a 2 &amp; co</a>');
    expect(html).toMatch(/<h2>c<\/h2><ul><\/ul>/);
    // A required one fails the page, as a malformed body does at call time.
    expect((await fetch(`${base}/tsx-pool-mismatched-required`)).status).toBe(502);
  });

  it("debug mode needs the token and then lists every call with a curl line", async () => {
    expect((await fetch(`${base}/fanout?_debug=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/fanout?_raw=1`)).status).toBe(401);
    a.seen.length = 0;
    const res = await fetch(`${base}/optional-fails?_debug`, { headers: { cookie: `bonafide_debug=${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const json = JSON.parse(
      /<script type="application\/json" id="debug-report">(.*)<\/script>/s.exec(html)?.[1] ?? "{}",
    ) as { calls: { backend: string; curl: string; status: number; failure: string | null }[] };
    expect(json.calls.map((c) => c.backend).sort()).toEqual(["a", "c"]);
    expect(json.calls.find((c) => c.backend === "c")).toMatchObject({ status: 500, failure: "status" });
    expect(a.seen[0]?.headers["x-bonafide-debug"]).toBe("1"); // back-ends learn that the page is debugged
    expect(json.calls[0]?.curl).toMatch(/^curl -sS 'http:\/\/127\.0\.0\.1:\d+\//);
  });

  it("a failed page's debug report names the call that failed it", async () => {
    const res = await fetch(`${base}/required-fails?_debug=${TOKEN}`);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/BACKEND_FAILED.*"backend":"b".*"status":500/s);
  });

  it("translates keys with one batched call and then from its cache", async () => {
    trl.seen.length = 0;
    const html = await (await fetch(`${base}/hello/ann?lang=ru`)).text();
    expect(html).toContain("ru:hello&lt;x&gt; ann ru:bye&lt;x&gt; ru:hello&lt;x&gt;");
    expect(trl.seen).toHaveLength(1);
    expect(trl.seen[0]?.path).toContain("keys=bye%2Chello");
    await fetch(`${base}/hello/bob?lang=ru`);
    expect(trl.seen).toHaveLength(1);
  });

  it("a failed translation call shows the keys and marks the page degraded and uncacheable", async () => {
    const res = await fetch(`${base}/broken-trl`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<p>broken</p>");
    expect(res.headers.get("x-bonafide-degraded")).toBe("trl");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 404 for unknown paths and 405 with Allow for unknown methods", async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    const res = await fetch(`${base}/hello/x`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST, HEAD");
    expect(await (await fetch(`${base}/hello/x`, { method: "POST", body: "x=1" })).text()).toBe("posted x=1");
    const big = await fetch(`${base}/hello/x`, { method: "POST", body: "y".repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
  });
});

describe("calls", () => {
  it("awaits a named group of calls", async () => {
    expect(await (await fetch(`${base}/group`)).text()).toBe("true/200 false/500");
  });

  it("coalesces identical calls in flight into one back-end request", async () => {
    coal.seen.length = 0;
    const doc = (await (await raw("/twice")).json()) as { x: unknown; y: unknown };
    expect(doc.x).toEqual({ same: "" });
    expect(doc.y).toEqual(doc.x);
    expect(coal.seen).toHaveLength(1);
  });

  it("keeps connections to a back-end alive across pages", async () => {
    sockets.clear();
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/twice?i=${i}`)).status).toBe(200);
    expect(sockets.size).toBe(1);
  });
});

describe("proxy mode", () => {
  it("passes status, headers and every cookie through, and does not follow redirects", async () => {
    const res = await fetch(`${base}/file/moved`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/elsewhere");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    const missing = await fetch(`${base}/file/missing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-from")).toBe("files");
    expect(await missing.text()).toBe("no such file");
  });

  it("streams a request body through to the back-end", async () => {
    const res = await fetch(`${base}/file/upload`, {
      method: "POST",
      body: "z".repeat(300_000),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("POST 300000 application/octet-stream");
  });

  it("debug mode shows what a proxied page would answer and reads no more than the first MiB of its body", async () => {
    sent.bytes = 0;
    const res = await fetch(`${base}/file/big.pdf?_debug=${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    const read = Number(html.match(/proxied from files: 200, the first (\d+) bytes \(not fetched further\)/)?.[1]);
    expect(read).toBeGreaterThanOrEqual(1024 * 1024);
    expect(html).toContain("content-type: application/pdf");
    expect(html).toContain("set-cookie: dl=1; Path=/");
    const report = JSON.parse(html.match(/id="debug-report">(.*?)<\/script>/s)?.[1] ?? "{}");
    expect(report.calls).toEqual([
      expect.objectContaining({ backend: "files", status: 200, curl: expect.stringContaining("/big.pdf") }),
    ]);
    let last = -1;
    for (let i = 0; i < 100 && sent.bytes !== last; i++) {
      last = sent.bytes;
      await sleep(20);
    }
    expect(sent.bytes).toBeLessThan(16 * 1024 * 1024); // the 64 MiB download was cut off, not drained

    const moved = await (await fetch(`${base}/file/moved?_debug=${TOKEN}`)).text();
    expect(moved).toContain("proxied from files: 302, 0 bytes");
    expect(moved).toContain("location: /elsewhere");
    expect((await fetch(`${base}/file/moved?_raw=1&_debug=${TOKEN}`)).status).toBe(400);
  });

  it("streams a large binary body without buffering it", async () => {
    sent.bytes = 0;
    sent.done = false;
    const res = await fetch(`${base}/file/big.pdf`);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.getSetCookie()).toEqual(["dl=1; Path=/"]);
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    let received = 0;
    while (received < 1024 * 1024) received += (await reader.read()).value?.length ?? 0;
    // Stop reading; wait until the back-end stalls on backpressure, then see how far ahead it got.
    let last = -1;
    for (let i = 0; i < 100 && sent.bytes !== last; i++) {
      last = sent.bytes;
      await sleep(50);
    }
    expect(sent.done).toBe(false);
    expect(sent.bytes - received).toBeLessThan(16 * 1024 * 1024); // a buffering proxy would have taken all 64 MiB
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
    }
    expect(received).toBe(64 * 1024 * 1024);
  });
});

describe("operations", () => {
  it("cancels the back-end calls when the client goes away", async () => {
    b.seen.length = 0;
    const ctrl = new AbortController();
    const pending = fetch(`${base}/required-slow`, { signal: ctrl.signal }).catch(() => null);
    for (let i = 0; i < 200 && b.inFlight === 0; i++) await sleep(5);
    expect(b.inFlight).toBe(1);
    ctrl.abort();
    await pending;
    for (let i = 0; i < 200 && b.inFlight > 0; i++) await sleep(5);
    expect(b.inFlight).toBe(0);
  });

  it("exposes metrics per back-end", async () => {
    const text = await (await fetch(`${base}/_aggregator/metrics`)).text();
    expect(text).toMatch(/bonafide_backend_calls_total\{backend="a",outcome="200",cache="miss"\} \d+/);
    expect(text).toMatch(/bonafide_render_ms_count\{engine="xslt"\} \d+/);
    expect(text).toContain("bonafide_active_requests");
  });
});

describe("regional links (pure)", () => {
  const options = { regions: { spb: "spb.jobs.example" }, mainHost: "jobs.example" };
  it("moves absolute links to the region's host and carries the region on site links", async () => {
    const { regionalHref } = await import("../../origin/aggregator/postprocess/regional-links.ts");
    expect(regionalHref("https://jobs.example/vacancy/1", "spb", options)).toBe("https://spb.jobs.example/vacancy/1");
    expect(regionalHref("/search?q=a&amp;lang=ru#top", "spb", options)).toBe(
      "/search?q=a&amp;lang=ru&amp;region=spb#top",
    );
    expect(regionalHref("/x?region=msk", "spb", options)).toBe("/x?region=msk");
    expect(regionalHref("https://other.example/", "spb", options)).toBe("https://other.example/");
    expect(regionalHref("/x", "nowhere", options)).toBe("/x");
  });
});

describe("parsing (pure)", () => {
  it("refuses DOCTYPEs and entity declarations and never expands entities", async () => {
    const { prepareBody, kindOf } = await import("../../origin/aggregator/parse.ts");
    const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>`;
    expect(() => prepareBody("xml", laughs)).toThrow(/DOCTYPE or ENTITY/);
    expect(prepareBody("xml", "<l><t>a &amp; b &lt; &#65;</t></l>")()).toEqual({ l: { t: "a & b < A" } });
    // Undeclared (no DTD is read): not well-formed, refused (fast-xml-parser left it as written).
    expect(() => prepareBody("xml", "<l><t>&foo;</t></l>")()).toThrow(/malformed XML: undeclared entity &foo;/);
    expect(() => prepareBody("xml", "<a><b></a>")).toThrow(/malformed XML/);
    expect(() => prepareBody("json", "{oops")).toThrow();
    expect(kindOf("application/vnd.api+json; charset=utf-8")).toBe("json");
    expect(kindOf("text/xml")).toBe("xml");
    expect(kindOf("text/html")).toBe("text");
  });
});
