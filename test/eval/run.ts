/**
 * @module `npm run eval`: rates every site of the evaluation corpus with the real rater path — rateSite, the
 * guarded fetcher with `--connect-to` mappings, the feed register and blacklist read over HTTP — and prints
 * the confusion matrix, precision and recall per gate, letters right, false A and every wrong site with the
 * reasons its rating gave, then letters right by platform and by country (`-- --json`: all of it as JSON).
 * A measurement: it exits 0 whatever the figures, 1 only if the harness failed.
 */
import { fileURLToPath } from "node:url";
import { type RatingResult, rateSite, TransientRatingError } from "../../origin/rater/rate-site.ts";
import { createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { createRatingSources } from "../../origin/rater/sources/index.ts";
import { type CorpusSite, loadCorpus, startCorpusServer } from "./corpus-server.ts";
import { breakdown, computeFigures, type Figures, formatReport, type Letter, type Outcome } from "./metrics.ts";

/** The crawl settings the rater runs with (config.ts defaults), so the eval measures what production does. */
const CRAWL = { maxPages: 20, pageTimeoutMs: 5_000, siteTimeoutMs: 20_000, concurrency: 4, userAgentToken: "bonafide" };
/** Sites rated at once: enough to finish well within a minute on a shared 2-core box. */
const PARALLEL_SITES = 8;

export interface EvalRun {
  outcomes: Outcome[];
  results: Map<string, RatingResult>;
  figures: Figures;
  seconds: number;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Which of the site's pages the rater read (path and the kind it took it for) and which it left unread. */
function pageNotes(pages: Record<string, string>, result: RatingResult): string[] {
  const read = result.evidence.pages.map((p) => {
    let path = p.url;
    try {
      path = decodeURIComponent(new URL(p.url).pathname);
    } catch {
      // keep the URL as recorded
    }
    return { path, label: `${path} (${p.kind}${p.status === 200 ? "" : `, ${p.status ?? p.error}`})` };
  });
  const seen = new Set(read.flatMap((r) => [r.path, r.path.replace(/\/$/, ""), `${r.path}/`]));
  const unread = Object.keys(pages).filter((path) => !seen.has(path));
  return [
    `pages read: ${read.map((r) => r.label).join(", ") || "none"}`,
    ...(unread.length > 0 ? [`pages not read: ${unread.join(", ")}`] : []),
  ];
}

/** Serves `corpus`, rates every site, and computes the figures. */
export async function runEval(corpus: readonly CorpusSite[] = loadCorpus()): Promise<EvalRun> {
  const started = performance.now();
  const server = await startCorpusServer(corpus);
  const fetcher = createSiteFetcher({
    connectTo: server.connectTo,
    userAgent: "bonafide-eval (+https://bonafide.invalid/eval)",
    extraCa: [server.caPem],
  });
  try {
    const sources = createRatingSources(fetcher, { ...server.sources, rdapBootstrapUrl: null });
    const results = new Map<string, RatingResult>();
    const outcomes = await mapLimited(corpus, PARALLEL_SITES, async ({ manifest }): Promise<Outcome> => {
      const expected = { ...manifest.expected, rating: manifest.expected.rating as Letter };
      const tags = { platform: manifest.platform, country: manifest.country };
      try {
        const result = await rateSite(fetcher, manifest.domain, { ...CRAWL, sources });
        results.set(manifest.domain, result);
        const { rating, ratingInfo, reasons } = result.rating;
        const notes = pageNotes(manifest.pages, result);
        return { domain: manifest.domain, tags, notes, expected, got: { rating, ratingInfo, reasons } };
      } catch (error) {
        // A transient failure is the rater's "try later" (U/error after retries): counted, never fatal here.
        const code = error instanceof TransientRatingError ? error.code : "HARNESS";
        const detail = `${code}: ${(error as Error).message}`.slice(0, 300);
        return {
          domain: manifest.domain,
          tags,
          expected,
          got: { rating: "U", ratingInfo: "error", reasons: [{ code: "gate:error", weight: 0, detail }] },
        };
      }
    });
    return { outcomes, results, figures: computeFigures(outcomes), seconds: (performance.now() - started) / 1000 };
  } finally {
    await fetcher.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const corpus = loadCorpus();
    const run = await runEval(corpus);
    if (process.argv.includes("--json")) {
      const { wrong: _wrong, ...figures } = run.figures;
      console.log(JSON.stringify({ figures, outcomes: run.outcomes, seconds: run.seconds }, null, 2));
    } else {
      const countries = new Set(corpus.map((s) => s.manifest.country)).size;
      const platforms = new Set(corpus.map((s) => s.manifest.platform)).size;
      console.log(`bonafide evaluation: ${corpus.length} sites, ${countries} countries, ${platforms} platforms\n`);
      console.log(formatReport(run.figures));
      for (const tag of ["platform", "country"]) {
        const parts = breakdown(run.outcomes, tag).map((b) => `${b.key} ${b.right}/${b.total}`);
        console.log(`\nLetters right by ${tag}: ${parts.join(", ")}`);
      }
      console.log(`\n(${run.seconds.toFixed(1)} s)`);
    }
  } catch (error) {
    console.error("the evaluation harness failed:", error);
    process.exitCode = 1;
  }
}
