import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobBackends, startJobBackends } from "../../demo/job-board/backends.ts";
import { cacheControlOverride, configureJobBoard } from "../../demo/job-board/settings.ts";
import {
  JOB_BOARD_LANGUAGES,
  JOB_BOARD_PAGES,
  jobBoardBackends,
  jobBoardPostprocessors,
} from "../../demo/job-board/site.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";

// The demonstration job board: its real pages folder, its real back-ends on loopback.

const TOKEN = "demo-debug-token";
let backends: JobBackends;
let agg: Aggregator;
let base = "";

interface Report {
  calls: { backend: string; url: string; status: number | null }[];
}
async function debugReport(path: string): Promise<Report> {
  const html = await (await fetch(`${base}${path}${path.includes("?") ? "&" : "?"}_debug=${TOKEN}`)).text();
  return JSON.parse(/id="debug-report">(.*)<\/script>/s.exec(html)?.[1] ?? "{}") as Report;
}

beforeAll(async () => {
  backends = await startJobBackends();
  agg = await createAggregator({
    pages: JOB_BOARD_PAGES,
    backends: jobBoardBackends(backends.servers),
    postprocessors: jobBoardPostprocessors(),
    languages: JOB_BOARD_LANGUAGES,
    settings: aggregatorSettings({ debugToken: TOKEN, renderThreads: 1 }),
    logger: createLogger({}, { write: () => {} }),
  });
  base = await agg.listen(0);
});

afterAll(async () => {
  await agg?.close(2000);
  await backends?.close();
});

describe("the demonstration job board", () => {
  it("serves its home at / with the latest vacancies, cacheable at the edge", async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, s-maxage=60, max-age=0");
    const html = await res.text();
    expect(html).toContain("Jobs on bonafide");
    expect(html).toMatch(/href="\/vacancy\/1000"/);
    expect(html).not.toContain("{{t:");
  });

  it("corrects a misspelt search: search and speller at once, then search again with the correction", async () => {
    const html = await (await fetch(`${base}/search?q=jvaa`)).text();
    expect(html).toContain("Showing results for <strong>java</strong>");
    expect(html).toContain("Java developer");
    const report = await debugReport("/search?q=pyhton");
    expect(report.calls.map((c) => c.backend).sort()).toEqual(["search", "search", "speller"]);
    expect(report.calls.filter((c) => c.backend === "search").map((c) => new URL(c.url).searchParams.get("q"))).toEqual(
      ["pyhton", "python"],
    );
  });

  it("does not correct with exact=1", async () => {
    const html = await (await fetch(`${base}/search?q=jvaa&exact=1`)).text();
    expect(html).not.toContain("Showing results for");
    expect(html).toContain("Nothing found");
  });

  it("builds a vacancy page from three back-ends", async () => {
    const html = await (await fetch(`${base}/vacancy/1002`)).text();
    expect(html).toContain("Python developer");
    expect(html).toContain("Baikal Travel — Tours around the lake"); // the employer, from JSON
    expect(html).toMatch(/Salaries for this job in the city:<\/strong> <span>[\d\u202f]+ · <b>/);
    const report = await debugReport("/vacancy/1002");
    // The translations may already be cached; the three page back-ends are always called.
    const pageCalls = report.calls.map((c) => c.backend).filter((b) => b !== "translations");
    expect(pageCalls.sort()).toEqual(["employers", "stats", "vacancies"]);
    expect((await fetch(`${base}/vacancy/424242`)).status).toBe(404);
    expect((await fetch(`${base}/vacancy/abc`)).status).toBe(404);
  });

  it("speaks Russian through the translation back-end", async () => {
    const html = await (await fetch(`${base}/vacancy/1002?lang=ru`)).text();
    expect(html).toContain("<strong>Зарплата:</strong>");
    expect(html).toContain('lang="ru"');
    expect(html).toContain('href="/vacancy/1002/pdf?lang=ru"');
  });

  it("keeps the visitor's region in the links", async () => {
    const html = await (await fetch(`${base}/search?q=java&region=spb`)).text();
    expect(html).toMatch(/href="\/vacancy\/\d+\?region=spb"/);
    const plain = await (await fetch(`${base}/search?q=java`)).text();
    expect(plain).not.toMatch(/href="\/vacancy\/\d+\?region=spb"/);
  });

  it("proxies the vacancy PDF with its headers and cookie", async () => {
    const res = await fetch(`${base}/vacancy/1001/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="vacancy-1001.pdf"');
    expect(res.headers.getSetCookie()).toEqual(["downloaded=1001; Path=/; SameSite=Lax"]);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("%PDF-1.4");
    expect(bytes.subarray(-6).toString("latin1")).toBe("%%EOF\n");
  });

  it("renders the employers page with XSLT, translated", async () => {
    const html = await (await fetch(`${base}/employers?lang=ru`)).text();
    expect(html).toContain("<h1>Работодатели</h1>");
    expect(html).toContain("<strong>Northwind Logistics</strong>");
  });

  it("spreads search calls over both search servers", async () => {
    const origins = new Set<string>();
    for (let i = 0; i < 4; i++)
      for (const c of (await debugReport(`/search?q=welder${i}&exact=1`)).calls) origins.add(new URL(c.url).origin);
    expect([...origins].sort()).toEqual([...(backends.servers.search ?? [])].sort());
    expect(origins.size).toBe(2);
  });

  it("answers a too-long query with 400, not a crash", async () => {
    expect((await fetch(`${base}/search?q=${"x".repeat(300)}`)).status).toBe(400);
  });

  it("tags its pages for purges at the edge (Cache-Tag): the vacancy, its employer, the lists", async () => {
    const tags = async (path: string) => (await fetch(`${base}${path}`)).headers.get("cache-tag");
    expect(await tags("/vacancy/1003")).toBe("vacancies,vacancy-1003,employer-e2");
    expect(await tags("/")).toBe("home,vacancies");
    expect(await tags("/search?q=java")).toBe("search,vacancies");
    expect(await tags("/employers")).toBe("employers");
  });

  it("takes every page's Cache-Control from JOB_BOARD_CACHE_CONTROL, and refuses one that is not one header line", async () => {
    const own = (await fetch(`${base}/vacancy/1003`)).headers.get("cache-control");
    expect(own).toBe("public, s-maxage=60, max-age=0");
    // What the site resolves from JOB_BOARD_CACHE_CONTROL at start (settings.ts), set here for this process.
    configureJobBoard({
      cacheControl: cacheControlOverride({ JOB_BOARD_CACHE_CONTROL: "public, s-maxage=2, stale-while-revalidate=600" }),
    });
    try {
      for (const path of ["/vacancy/1003", "/", "/search?q=java", "/employers"])
        expect((await fetch(`${base}${path}`)).headers.get("cache-control")).toBe(
          "public, s-maxage=2, stale-while-revalidate=600",
        );
    } finally {
      configureJobBoard({ cacheControl: null });
    }
    expect(() => cacheControlOverride({ JOB_BOARD_CACHE_CONTROL: "public\r\nset-cookie: x=1" })).toThrow(
      /JOB_BOARD_CACHE_CONTROL must be one Cache-Control header value/,
    );
    expect(cacheControlOverride({ JOB_BOARD_CACHE_CONTROL: "  " })).toBeNull();
  });
});
