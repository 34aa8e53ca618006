/**
 * @module Reading one site politely: robots.txt first (4xx = allowed, 5xx = blocked, RFC 9309 §2.3.1),
 * https then http, the home page, then the pages that tell who runs it — in parallel, bounded per site,
 * within a per-site deadline. Every connection goes through the public-address guard of the fetcher.
 */
import robotsParserModule from "robots-parser";
import { parse as parseDomain } from "tldts";
import { OriginError } from "../errors/model.ts";
import type { PageRecord } from "./evidence.ts";
import type { FetchedPage as FetcherPage } from "./fetch/fetch-page.ts";
import { type ParsedPage, parseHtml } from "./html.ts";
import type { PageKind } from "./signals/site.ts";
import { choosePages } from "./signals/site.ts";

/** What the crawl needs of one fetched page (the fetcher also reports the redirects it followed). */
export type FetchedPage = Omit<FetcherPage, "redirects">;

export interface PageRequest {
  accept: string[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra request headers (a register's Authorization); dropped when a redirect leaves the origin. */
  headers?: Record<string, string>;
}

/** The fetching the crawler needs; the real one is the SSRF-guarded fetcher. */
export interface SiteFetcher {
  fetchPage(url: string, request: PageRequest): Promise<FetchedPage>;
  fetchWithSchemeFallback(
    host: string,
    path: string,
    request: PageRequest,
  ): Promise<{ page: FetchedPage; scheme: "https" | "http"; httpsFailure?: string }>;
  /** The DER certificate `host` presented on the fetcher's last TLS connection to it, if any. */
  certificateOf?(host: string): Uint8Array | undefined;
  /** Keeps the DNS answers for `domain` and its subdomains until released: one look-up per name per rating. */
  holdNames?(domain: string): () => void;
}

export interface CrawlOptions {
  maxPages: number;
  pageTimeoutMs: number;
  siteTimeoutMs: number;
  concurrency: number;
  userAgentToken: string;
  /** How pages are parsed; default inline. The rater passes its ParsePool (heavy pages off the event loop). */
  parse?: (html: string, url: string) => Promise<ParsedPage>;
}

export interface CrawledPage {
  record: PageRecord;
  parsed: ParsedPage | null;
  headers: Record<string, string>;
}

export interface Crawl {
  robots: "allowed" | "disallowed" | "absent" | "unreachable";
  scheme: "https" | "http";
  httpsFailure?: string;
  host: string;
  pages: CrawledPage[];
  redirectedTo?: string;
  /** The certificate the site presented (https only), DER. */
  certificate?: Uint8Array;
  /** The body of /.well-known/security.txt when it answered 200 as text/plain (RFC 9116). */
  securityTxt?: string;
}

const HTML = ["text/html", "application/xhtml+xml"];

type RobotsParser = (url: string, body: string) => { isAllowed(url: string, ua?: string): boolean | undefined };
// robots-parser is CommonJS typed as an ES default export; at run time the import is the function itself.
const robotsParser: RobotsParser =
  (robotsParserModule as unknown as { default?: RobotsParser }).default ??
  (robotsParserModule as unknown as RobotsParser);

/** Thrown for a page-level HTTP failure the crawler treats as the site's answer (e.g. 503 on the home page). */
export class SiteHttpError extends OriginError<"SITE_HTTP"> {
  readonly status: number;
  constructor(status: number, url: string) {
    super("SITE_HTTP", `${url} answered HTTP ${status}`);
    this.status = status;
  }
}

function registrable(host: string): string | null {
  return parseDomain(host, { allowPrivateDomains: true }).domain;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

function record(page: FetchedPage, kind: PageRecord["kind"]): PageRecord {
  return {
    url: page.finalUrl,
    kind,
    status: page.status,
    bytes: page.bytes,
    truncated: page.truncated,
    elapsedMs: page.elapsedMs,
  };
}

/** Reads robots.txt, the home page and up to `maxPages - 1` identity pages of `domain`. */
export async function crawlSite(fetcher: SiteFetcher, domain: string, options: CrawlOptions): Promise<Crawl> {
  const release = fetcher.holdNames?.(domain);
  try {
    return await readSite(fetcher, domain, options);
  } finally {
    release?.();
  }
}

async function readSite(fetcher: SiteFetcher, domain: string, options: CrawlOptions): Promise<Crawl> {
  const signal = AbortSignal.timeout(options.siteTimeoutMs);
  const request = (accept: string[]) => ({ accept, timeoutMs: options.pageTimeoutMs, signal });

  // The bare domain first; a site served only on www. is still the domain's site.
  let first: Awaited<ReturnType<SiteFetcher["fetchWithSchemeFallback"]>>;
  let host = domain;
  try {
    first = await fetcher.fetchWithSchemeFallback(host, "/robots.txt", request(["text/plain"]));
  } catch (error) {
    // A resolver in trouble now would be asked again for www.: retry the whole rating later instead.
    if ((error as { code?: unknown }).code === "FETCH_DNS_TEMPORARY") throw error;
    host = `www.${domain}`;
    first = await fetcher.fetchWithSchemeFallback(host, "/robots.txt", request(["text/plain"])).catch(() => {
      throw error;
    });
  }
  const { scheme, httpsFailure } = first;
  const origin = `${scheme}://${host}`;
  const robotsStatus = first.page.status;
  const robots =
    robotsStatus >= 500
      ? null
      : robotsStatus >= 200 && robotsStatus < 300
        ? robotsParser(`${origin}/robots.txt`, first.page.body)
        : null;
  const robotsState: Crawl["robots"] = robotsStatus >= 500 ? "unreachable" : robots ? "allowed" : "absent";
  const allowed = (url: string) => robots?.isAllowed(url, options.userAgentToken) !== false;
  const base: Omit<Crawl, "pages"> = { robots: robotsState, scheme, host, ...(httpsFailure ? { httpsFailure } : {}) };
  if (robotsState === "unreachable" || !allowed(`${origin}/`)) {
    return { ...base, robots: robotsState === "unreachable" ? "unreachable" : "disallowed", pages: [] };
  }

  const home = await fetcher.fetchPage(`${origin}/`, request(HTML));
  if (home.status >= 500 || home.status === 429) throw new SiteHttpError(home.status, home.finalUrl);
  const homeHost = new URL(home.finalUrl).hostname;
  if (registrable(homeHost) !== domain) {
    return {
      ...base,
      redirectedTo: home.finalUrl,
      pages: [{ record: record(home, "home"), parsed: null, headers: home.headers }],
    };
  }
  const parse = options.parse ?? (async (html: string, url: string) => parseHtml(html, url));
  const homeParsed = home.status < 400 ? await parse(home.body, home.finalUrl) : null;
  const pages: CrawledPage[] = [{ record: record(home, "home"), parsed: homeParsed, headers: home.headers }];
  if (!homeParsed) return { ...base, pages };

  // Pages robots.txt forbids are left out before choosing, so their slots go to pages we may read.
  const targets = choosePages(
    homeParsed.links,
    (url) => registrable(url.hostname) === domain && url.href !== home.finalUrl && allowed(url.href),
    options.maxPages - 1,
  );
  const securityTxt = fetcher
    .fetchPage(`${origin}/.well-known/security.txt`, request(["text/plain"]))
    .then((p) => (p.status === 200 && p.contentType === "text/plain" ? p.body : undefined))
    .catch(() => undefined);
  const more = await mapLimit(targets, options.concurrency, async (target: { url: string; kind: PageKind }) => {
    try {
      const page = await fetcher.fetchPage(target.url, request(HTML));
      const sameSite = registrable(new URL(page.finalUrl).hostname) === domain;
      const parsed = page.status < 400 && sameSite ? await parse(page.body, page.finalUrl) : null;
      return { record: record(page, target.kind), parsed, headers: page.headers };
    } catch (error) {
      // One unreadable page is evidence of nothing; the rating goes on with the rest.
      const code = (error as { code?: string }).code ?? "FETCH_ERROR";
      return {
        record: {
          url: target.url,
          kind: target.kind,
          status: null,
          bytes: 0,
          truncated: false,
          elapsedMs: 0,
          error: code,
        },
        parsed: null,
        headers: {},
      };
    }
  });
  const crawl: Crawl = { ...base, pages: [...pages, ...more] };
  const security = await securityTxt;
  if (security !== undefined) crawl.securityTxt = security;
  const certificate = scheme === "https" ? fetcher.certificateOf?.(new URL(home.finalUrl).hostname) : undefined;
  if (certificate) crawl.certificate = certificate;
  return crawl;
}
