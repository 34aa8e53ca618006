/**
 * @module The whole demonstration web rated by the real rater — guarded fetcher, test CA, RDAP, blacklist and
 * register feeds over HTTP on loopback: every site gets the letter and the reason codes it was built for,
 * and the demonstration web as a whole exercises every gate and every line of the points table.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SITES, type DemoWeb, startDemoWeb } from "../../demo/rated-web/web.ts";
import { type RatingResult, rateSite } from "../../origin/rater/rate-site.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { createFeedBlacklist } from "../../origin/rater/sources/blacklist.ts";
import { createFeedReader } from "../../origin/rater/sources/feed.ts";
import { createRatingSources } from "../../origin/rater/sources/index.ts";
import { GATES, POINTS } from "../../shared/points.ts";

let web: DemoWeb;
let fetcher: ClosableSiteFetcher;
let untrusting: ClosableSiteFetcher;
const results = new Map<string, RatingResult>();

const CRAWL = { maxPages: 20, pageTimeoutMs: 5_000, siteTimeoutMs: 20_000, concurrency: 4, userAgentToken: "bonafide" };

beforeAll(async () => {
  web = await startDemoWeb();
  fetcher = createSiteFetcher({ connectTo: web.connectTo, userAgent: "bonafide-test", extraCa: [web.caPem] });
  untrusting = createSiteFetcher({ connectTo: web.connectTo, userAgent: "bonafide-test" });
  const sources = createRatingSources(fetcher, web.sources);
  await Promise.all(
    DEMO_SITES.map(async (site) => {
      results.set(site.domain, await rateSite(fetcher, site.domain, { ...CRAWL, sources }));
    }),
  );
});

afterAll(async () => {
  await Promise.all([fetcher?.close(), untrusting?.close()]);
  await web?.close();
});

describe("the demonstration web, rated", () => {
  it("has at least twenty sites covering every letter", () => {
    expect(DEMO_SITES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(DEMO_SITES.map((s) => s.expected.rating))).toEqual(new Set(["A", "Q", "X", "U"]));
  });

  it.each(DEMO_SITES.map((s) => [s.domain, s.expected.rating, s.expected.why] as const))(
    "%s gets %s because %s",
    (domain) => {
      const site = DEMO_SITES.find((s) => s.domain === domain);
      const result = results.get(domain);
      const codes = result?.rating.reasons.map((r) => r.code) ?? [];
      expect({ rating: result?.rating.rating, ratingInfo: result?.rating.ratingInfo, codes }).toEqual({
        rating: site?.expected.rating,
        ratingInfo: site?.expected.ratingInfo,
        codes: expect.arrayContaining(site?.expected.reasons ?? []),
      });
    },
  );

  it("exercises every gate (but the retry-exhausted error) and every reason code of the points table", () => {
    const seen = new Set([...results.values()].flatMap((r) => r.rating.reasons.map((reason) => reason.code)));
    const wanted = [...Object.keys(GATES).filter((g) => g !== "gate:error"), ...Object.keys(POINTS)];
    expect(wanted.filter((code) => !seen.has(code))).toEqual([]);
  });

  it("records where each piece of evidence came from: pages read, certificate, sources", () => {
    const northgate = results.get("northgate-instruments.co.uk")?.evidence;
    expect(northgate?.scheme).toBe("https");
    expect(northgate?.tls).toMatchObject({ validation: "EV", organization: "Northgate Instruments Ltd" });
    expect(northgate?.addresses[0]?.page).toBe("https://northgate-instruments.co.uk/contact");
    expect(northgate?.pages.map((p) => p.kind)).toEqual(expect.arrayContaining(["home", "contact", "returns"]));
    expect(northgate?.domainAge?.source).toMatch(/^http:\/\/registry\.bonafide-demo\.net\/rdap\/domain\//);
    expect(results.get("tallis-rowe.co.uk")?.evidence.registers).toContainEqual(
      expect.objectContaining({ register: "feed", kind: "match" }),
    );
  });

  it("reads a blacklist from a local file; an unreadable feed counts for nothing, never against a site", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bonafide-feed-"));
    const file = join(dir, "blacklist.txt");
    await writeFile(file, "# local feed\nhttps://www.hartmann-werkzeuge.de/login phishing kit\n");
    const local = createFeedBlacklist(createFeedReader(fetcher), file);
    const listed = await rateSite(fetcher, "hartmann-werkzeuge.de", { ...CRAWL, sources: { blacklist: local } });
    expect(listed.rating).toMatchObject({ rating: "X", ratingInfo: "negative_info" });
    expect(listed.evidence.blacklist).toEqual({
      source: file,
      entry: "https://www.hartmann-werkzeuge.de/login",
      reason: "phishing kit",
    });
    const broken = createRatingSources(fetcher, {
      blacklistFeed: "http://registry.bonafide-demo.net/feeds/missing.txt",
      registryFeed: join(dir, "no-such-file.json"),
      rdapBootstrapUrl: "http://registry.bonafide-demo.net/rdap/missing.json",
    });
    const neutral = await rateSite(fetcher, "cheap-watches-direct.com", { ...CRAWL, sources: broken });
    expect(neutral.rating.rating).toBe("Q"); // an address, no blacklist answer: identified, not verified
    expect(neutral.rating.reasons.map((r) => r.code)).toContain("domain_age_unknown");
    await rm(dir, { recursive: true });
  });

  it("trusts the test CA only when configured: without it the EV site is read over http and is not verified", async () => {
    const result = await rateSite(untrusting, "northgate-instruments.co.uk", CRAWL);
    expect(result.evidence.scheme).toBe("http");
    expect(result.evidence.httpsFailure).toBe("FETCH_TLS");
    expect(result.rating.rating).toBe("Q");
  });
});
