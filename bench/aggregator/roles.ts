/**
 * @module The processes of the aggregator benchmark: the three XML back-ends, bonafide's aggregator, and
 * the baseline (a bare node:http server making the same three calls and concatenating the bodies). Each
 * prints `{"url": …}` on its first line and runs until killed; then each line `cpu` on its stdin is
 * answered with one line of JSON: the CPU its threads have used so far (see `threadCpu`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import type { Page } from "../../origin/aggregator/page.ts";
import { tsxWorkerTemplate, xsltTemplate } from "../../origin/aggregator/render/template.ts";
import { registerTsxLoader } from "../../origin/aggregator/render/tsx-loader.ts";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";

/** Back-end delays, ms: the page can be no faster than the slowest. */
export const BACKEND_DELAYS_MS = [2, 4, 6];
const ITEMS = 50;

function listXml(name: string): string {
  const items = Array.from(
    { length: ITEMS },
    (_, i) =>
      `<item id="${name}${i}"><title>${name} item ${i} &amp; more</title><price>${(i * 37) % 1000}</price></item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><list>${items.join("")}</list>`;
}

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
}

async function backends(): Promise<string[]> {
  return Promise.all(
    ["a", "b", "c"].map((name, i) => {
      const body = listXml(name);
      const server = createServer((_req, res) => {
        setTimeout(() => res.writeHead(200, { "content-type": "application/xml" }).end(body), BACKEND_DELAYS_MS[i]);
      });
      return listen(server);
    }),
  );
}

async function aggregator(urls: string[]): Promise<string> {
  registerTsxLoader();
  const { listTemplate } = await import("./list.tsx");
  const pooled = tsxWorkerTemplate(new URL("./list.tsx", import.meta.url), "listTemplate");
  const xsl = xsltTemplate(fileURLToPath(new URL("./list.xsl", import.meta.url)));
  const fanOut = (page: Page) => {
    // A per-request parameter keeps calls distinct, so in-flight coalescing cannot flatter bonafide.
    const n = page.query.get("n") ?? "";
    for (const name of ["a", "b", "c"]) page.doc[name] = page.fetch(name, { path: "/list", query: { n } });
  };
  const agg = await createAggregator({
    pages: routesFromTable({
      "/xslt": {
        GET: (page) => {
          fanOut(page);
          return page.render(xsl);
        },
      },
      "/tsx": {
        GET: (page) => {
          fanOut(page);
          return page.render(listTemplate);
        },
      },
      "/tsx-pool": {
        GET: (page) => {
          fanOut(page);
          return page.render(pooled);
        },
      },
    }),
    backends: ["a", "b", "c"].map((name, i) => ({ name, servers: [urls[i] ?? ""] })),
    settings: aggregatorSettings({
      maxActive: 10_000,
      cacheBytes: 0,
      ...(process.env.BENCH_RENDER_THREADS ? { renderThreads: Number(process.env.BENCH_RENDER_THREADS) } : {}),
    }),
    logger: createLogger({}, { level: "error" }),
  });
  return agg.listen(0);
}

async function baseline(urls: string[]): Promise<string> {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const server = createServer(async (req, res) => {
    const n = new URL(req.url ?? "/", "http://x").searchParams.get("n") ?? "";
    try {
      const bodies = await Promise.all(
        urls.map(async (u) => (await request(`${u}/list?n=${n}`, { dispatcher })).body.text()),
      );
      res.writeHead(200, { "content-type": "application/xml" }).end(`<page>${bodies.join("")}</page>`);
    } catch {
      res.writeHead(502).end();
    }
  });
  return listen(server);
}

/** Clock ticks per second of /proc's utime/stime (USER_HZ: 100 on every Linux Node supports). */
const TICKS_PER_S = 100;

/**
 * CPU (user + system, ms) used so far by this process's threads, from /proc/self/task/<tid>/stat, grouped by
 * the thread's name: `MainThread` (the event loop), `WorkerThread` (Node worker threads: the render pool),
 * everything else (V8's GC and compiler helpers, libuv's pool). Linux only; elsewhere the process total
 * (process.cpuUsage) as `main`.
 */
function threadCpu(): { main: number; render: number; other: number; renderThreads: number } {
  const out = { main: 0, render: 0, other: 0, renderThreads: 0 };
  let tasks: string[];
  try {
    tasks = readdirSync("/proc/self/task");
  } catch {
    const u = process.cpuUsage();
    return { ...out, main: (u.user + u.system) / 1000 };
  }
  for (const tid of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread ended between the listing and the read
    }
    const close = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" "); // fields[0] is the state (field 3 of stat)
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S; // utime, stime
    if (name === "MainThread") out.main += ms;
    else if (name === "WorkerThread") {
      out.render += ms;
      out.renderThreads++;
    } else out.other += ms;
  }
  return out;
}

const [role, arg = ""] = process.argv.slice(2);
const urls = arg.split(",").filter(Boolean);
const url =
  role === "backends"
    ? (await backends()).join(",")
    : role === "aggregator"
      ? await aggregator(urls)
      : await baseline(urls);
process.stdout.write(`${JSON.stringify({ url })}\n`);
for await (const line of createInterface({ input: process.stdin }))
  if (line.trim() === "cpu") process.stdout.write(`${JSON.stringify(threadCpu())}\n`);
process.exit(0); // stdin closed: the bench is gone (and `node --cpu-prof` writes its profile on this exit)
