/**
 * @module `npm run bench -- rater [latencyMs] [rounds]`: rates the whole demonstration web with an injected
 * latency on every answer (default 200 ms, standing in for the internet), the way the rater does (16 ratings
 * at a time, each site's pages in parallel, 4 at a time) and as a plain job runner would (the same 64 fetches
 * in flight, as 64 ratings at a time whose pages are read one after another: the usual crawler shape, and the
 * strongest practical alternative); a naive run (one rating at a time, pages in sequence) is printed for
 * scale only. Only ratings that finished count as throughput; failures are counted apart. Prints ratings per
 * minute per process, the wall time of one rating (what a client waits behind "W") against the latency of its
 * slowest chain of dependent fetches, and the process's peak RSS.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { startDemoWeb } from "../demo/rated-web/web.ts";
import type { SiteFetcher } from "../origin/rater/crawl.ts";
import { type RateOptions, rateSite } from "../origin/rater/rate-site.ts";
import { createSiteFetcher } from "../origin/rater/site-fetcher.ts";
import { createRatingSources } from "../origin/rater/sources/index.ts";

const LATENCY_MS = Number(process.argv[2] ?? 200);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONCURRENCY = 16;
const say = (line: string) => console.log(line);

type Span = { start: number; end: number };
const spans = new AsyncLocalStorage<Span[]>();

/** Records every fetch of the rating it belongs to (robots, pages, security.txt, RDAP, feeds). */
function recording(fetcher: SiteFetcher): SiteFetcher {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      spans.getStore()?.push({ start, end: performance.now() });
    }
  };
  return {
    fetchPage: (url, request) => timed(() => fetcher.fetchPage(url, request)),
    fetchWithSchemeFallback: (host, path, request) => timed(() => fetcher.fetchWithSchemeFallback(host, path, request)),
    certificateOf: (host) => fetcher.certificateOf?.(host),
  };
}

/**
 * The slowest chain of fetches that had to wait for each other: from the fetch that ended last, step back to
 * the fetch that ended last before it started, and so on; the chain's latency is the sum of their durations.
 */
function criticalPathMs(list: Span[]): number {
  let current = [...list].sort((a, b) => b.end - a.end)[0];
  let total = 0;
  for (let i = 0; current && i < list.length; i++) {
    total += current.end - current.start;
    const start = current.start;
    current = list.filter((s) => s.end <= start + 1).sort((a, b) => b.end - a.end)[0];
  }
  return total;
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;

async function ratePass(
  domains: string[],
  fetcher: SiteFetcher,
  options: RateOptions,
  concurrency: number,
): Promise<{ wallMs: number; perRating: { wall: number; chain: number }[]; failed: number }> {
  const perRating: { wall: number; chain: number }[] = [];
  let failed = 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < domains.length) {
        const domain = domains[next++] as string;
        const list: Span[] = [];
        const t0 = performance.now();
        const ok = await spans.run(list, () =>
          rateSite(fetcher, domain, options).then(
            () => true,
            () => false,
          ),
        );
        if (ok) perRating.push({ wall: performance.now() - t0, chain: criticalPathMs(list) });
        else failed++;
      }
    }),
  );
  return { wallMs: performance.now() - started, perRating, failed };
}

async function main(): Promise<void> {
  const web = await startDemoWeb({ latencyMs: LATENCY_MS });
  const real = createSiteFetcher({ connectTo: web.connectTo, userAgent: "bonafide-bench", extraCa: [web.caPem] });
  const fetcher = recording(real);
  const sources = createRatingSources(fetcher, web.sources);
  const crawl = { maxPages: 20, pageTimeoutMs: 10_000, siteTimeoutMs: 60_000, userAgentToken: "bonafide", sources };
  const domains = web.sites.map((s) => s.domain);
  try {
    say(`rater benchmark: ${domains.length} demonstration sites, ${LATENCY_MS} ms injected before every answer`);
    await ratePass(domains, fetcher, { ...crawl, concurrency: 4 }, CONCURRENCY); // warm-up: feeds, TLS, JIT
    // Alternating rounds, so a disturbance on this shared machine falls on both.
    const ours = { wallMs: 0, perRating: [] as { wall: number; chain: number }[], failed: 0 };
    const plain = { wallMs: 0, perRating: [] as { wall: number; chain: number }[], failed: 0 };
    // Each pass rates every site ROUNDS times over, so both shapes have more work than slots (with 23 sites and
    // 64 slots the plain runner would otherwise rate everything at once and measure only the slowest site).
    const work: string[] = [];
    for (let r = 0; r < ROUNDS; r++) work.push(...domains);
    for (let r = 0; r < 2; r++) {
      for (const [into, pageConcurrency, ratings] of [
        [ours, 4, CONCURRENCY],
        [plain, 1, CONCURRENCY * 4],
      ] as const) {
        const pass = await ratePass(work, fetcher, { ...crawl, concurrency: pageConcurrency }, ratings);
        into.wallMs += pass.wallMs;
        into.perRating.push(...pass.perRating);
        into.failed += pass.failed;
      }
    }
    const naive = await ratePass(domains, fetcher, { ...crawl, concurrency: 1 }, 1);
    const perMinute = (n: number, ms: number) => (n * 60_000) / ms;
    const oursRate = perMinute(ours.perRating.length, ours.wallMs);
    const plainRate = perMinute(plain.perRating.length, plain.wallMs);
    const naiveRate = perMinute(naive.perRating.length, naive.wallMs);
    const wall = ours.perRating.map((r) => r.wall);
    const chain = ours.perRating.map((r) => r.chain);
    const overhead = ours.perRating.map((r) => r.wall / Math.max(1, r.chain));
    const failures = (n: number) => (n > 0 ? `, ${n} failed (not counted)` : "");
    say(
      `ours:  ${ours.perRating.length} ratings in ${(ours.wallMs / 1000).toFixed(1)} s, ${CONCURRENCY} at a time, ` +
        `pages 4 at a time${failures(ours.failed)}`,
    );
    say(
      `plain: ${plain.perRating.length} ratings in ${(plain.wallMs / 1000).toFixed(1)} s, ${CONCURRENCY * 4} at a time, ` +
        `pages in sequence${failures(plain.failed)}`,
    );
    say(
      `naive: ${naive.perRating.length} ratings in ${(naive.wallMs / 1000).toFixed(1)} s, one at a time, pages in ` +
        `sequence${failures(naive.failed)}`,
    );
    say(
      `ratings per minute per process: ${oursRate.toFixed(0)} vs ${plainRate.toFixed(0)} plain, ${naiveRate.toFixed(0)} naive`,
    );
    const plainWall = quantile(
      plain.perRating.map((r) => r.wall),
      0.5,
    );
    say(`one rating, plain job runner's wall time: p50 ${plainWall.toFixed(0)} ms`);
    say(
      `one rating, wall time: p50 ${quantile(wall, 0.5).toFixed(0)} ms, p95 ${quantile(wall, 0.95).toFixed(0)} ms; ` +
        `slowest chain of fetches: p50 ${quantile(chain, 0.5).toFixed(0)} ms, p95 ${quantile(chain, 0.95).toFixed(0)} ms`,
    );
    say(
      `wall time / slowest chain: p50 ${quantile(overhead, 0.5).toFixed(2)}, p95 ${quantile(overhead, 0.95).toFixed(2)} ` +
        `(1.00 = a rating takes exactly as long as its unavoidable waiting)`,
    );
    const naiveWall = quantile(
      naive.perRating.map((r) => r.wall),
      0.5,
    );
    say(`one rating, naive wall time: p50 ${naiveWall.toFixed(0)} ms`);
    say(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
    // The headline is what a client waits behind "W": one rating's wall time, at the same fetches in flight.
    const oursWall = quantile(wall, 0.5);
    say(
      `rater: ${oursWall.toFixed(0)} ms per rating (p50) vs ${plainWall.toFixed(0)} ms (plain job runner, same ` +
        `fetches in flight) = ${(plainWall / oursWall).toFixed(2)}`,
    );
  } finally {
    await real.close();
    await web.close();
  }
}

await main();
