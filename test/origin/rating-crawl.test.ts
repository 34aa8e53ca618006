/**
 * @module The crawl policy against a real site on loopback: robots.txt paths honoured (and 4xx = allowed),
 * at most maxPages pages chosen by multilingual link text, at most `concurrency` requests in flight per site,
 * no cookies, the honest User-Agent, the per-site deadline.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlSite } from "../../origin/rater/crawl.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";

let server: Server;
let fetcher: ClosableSiteFetcher;
let inFlight = 0;
let maxInFlight = 0;
const seen: { host: string; path: string; headers: IncomingHttpHeaders }[] = [];
let robotsStatus = 200;

// Thirty links in six languages, most of them to pages that tell who runs the site.
const WORDS = ["Impressum", "Kontakt", "Über uns", "Mentions légales", "Contatti", "Chi siamo", "Aviso legal"];
const EXTRA = ["Datenschutz", "AGB", "Widerruf", "Versand", "Privacy", "Terms", "Returns", "Shipping", "Contact"];
const LINKS = [...WORDS, ...EXTRA].flatMap((w, i) => [`<a href="/p${i}">${w}</a>`, `<a href="/q${i}">${w} (2)</a>`]);

beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    seen.push({ host: req.headers.host ?? "", path: req.url ?? "", headers: req.headers });
    const path = req.url ?? "/";
    const finish = (status: number, type: string, body: string) =>
      setTimeout(() => {
        inFlight--;
        res.writeHead(status, { "content-type": type, "set-cookie": "track=1; Path=/" }).end(body);
      }, 20);
    if (req.headers.host?.startsWith("slow.")) return; // never answers: only the site deadline ends it
    if (path === "/robots.txt") {
      return finish(robotsStatus, "text/plain", "User-agent: bonafide\nDisallow: /p0\n\nUser-agent: *\nDisallow: /\n");
    }
    if (path === "/") return finish(200, "text/html", `<html><body><h1>Shop</h1>${LINKS.join(" ")}</body></html>`);
    finish(200, "text/html", `<html><body><p>page ${path}</p></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  fetcher = createSiteFetcher({
    connectTo: ["crawl-me.de", "robots-gone.de", "slow.de"].map((h) => `${h}:80:127.0.0.1:${port}`).join(","),
    userAgent: "bonafide-rater/test (+https://example.org/bot)",
  });
});

afterAll(async () => {
  await fetcher?.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const OPTIONS = {
  maxPages: 20,
  pageTimeoutMs: 2_000,
  siteTimeoutMs: 5_000,
  concurrency: 4,
  userAgentToken: "bonafide",
};

describe("crawling a site", () => {
  it("honours robots.txt for our token, reads ≤ maxPages pages, ≤ 4 at a time, sends no cookies", async () => {
    seen.length = 0;
    maxInFlight = 0;
    const crawl = await crawlSite(fetcher, "crawl-me.de", OPTIONS);
    expect(crawl.robots).toBe("allowed");
    expect(crawl.scheme).toBe("http");
    const paths = crawl.pages.map((p) => new URL(p.record.url).pathname);
    expect(paths[0]).toBe("/");
    expect(crawl.pages.length).toBe(20);
    expect(paths).not.toContain("/p0"); // Disallow: /p0 for user-agent bonafide
    expect(new Set(crawl.pages.slice(1).map((p) => p.record.kind))).toEqual(
      new Set(["imprint", "contact", "about", "privacy", "terms", "returns", "shipping"]),
    );
    expect(maxInFlight).toBeLessThanOrEqual(4 + 1); // the pages' 4, and security.txt beside them
    for (const request of seen) {
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers["user-agent"]).toBe("bonafide-rater/test (+https://example.org/bot)");
    }
  });

  it("treats a robots.txt answering 4xx as allowing everything, and 5xx as forbidding everything", async () => {
    robotsStatus = 403;
    const allowed = await crawlSite(fetcher, "robots-gone.de", { ...OPTIONS, maxPages: 3 });
    expect(allowed.robots).toBe("absent");
    expect(allowed.pages.length).toBe(3);
    robotsStatus = 500;
    const blocked = await crawlSite(fetcher, "robots-gone.de", OPTIONS);
    expect(blocked).toMatchObject({ robots: "unreachable", pages: [] });
    robotsStatus = 200;
  });

  it("gives up on a site that never answers at the per-site deadline", async () => {
    const error = await crawlSite(fetcher, "slow.de", { ...OPTIONS, pageTimeoutMs: 60_000, siteTimeoutMs: 300 }).then(
      () => null,
      (e: unknown) => e as { code?: string; permanent?: boolean },
    );
    expect(error?.code).toBe("FETCH_TIMEOUT");
    expect(error?.permanent).toBe(false);
  });
});
