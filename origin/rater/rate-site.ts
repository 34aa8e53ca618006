/**
 * @module One rating, start to finish: crawl, analyse, score. Decides which failures are the site's
 * answer (a U rating) and which are ours to retry.
 */
import type { StoredRating } from "../../shared/rating.ts";
import { clipText } from "../../shared/text.ts";
import { OriginError } from "../errors/model.ts";
import { analyzeCrawl } from "./analyze.ts";
import { type CrawlOptions, crawlSite, type SiteFetcher, SiteHttpError } from "./crawl.ts";
import type { SiteEvidence } from "./evidence.ts";
import { scoreEvidence } from "./score.ts";
import type { BlacklistSource } from "./sources/blacklist.ts";
import type { RdapSource } from "./sources/rdap.ts";
import { consultRegisters, siteIdentity } from "./sources/registers/index.ts";
import type { RegisterConnector } from "./sources/registers/types.ts";

/** The remote sources a rating consults; each optional (not configured = not consulted = neutral). */
export interface RatingSources {
  blacklist?: BlacklistSource;
  /** Business registers (sources/registers/): the feed, GLEIF, VIES, Companies House … */
  registers?: readonly RegisterConnector[];
  rdap?: RdapSource;
}

export type RateOptions = CrawlOptions & { sources?: RatingSources };

/** A failure worth another attempt later (timeouts, resets, 5xx, DNS trouble). */
export class TransientRatingError extends OriginError {}

export interface RatingResult {
  rating: StoredRating;
  evidence: SiteEvidence;
}

function emptyEvidence(domain: string, now: Date, failure: NonNullable<SiteEvidence["failure"]>): SiteEvidence {
  return {
    domain,
    fetchedAt: now.toISOString(),
    failure,
    robots: "absent",
    scheme: null,
    hsts: false,
    pages: [],
    addresses: [],
    legalNames: [],
    registrations: [],
    phones: [],
    emails: [],
    organizations: [],
    pageKinds: [],
    commerce: { selling: false, prices: 0, cartIndicators: [], productData: false },
  };
}

/**
 * Rates `domain`. Permanent failures (no such name, refused on both schemes, blocked address) become a
 * U rating; transient ones throw TransientRatingError for the queue's retry with backoff.
 */
export async function rateSite(
  fetcher: SiteFetcher,
  domain: string,
  options: RateOptions,
  now = () => new Date(),
): Promise<RatingResult> {
  let evidence: SiteEvidence;
  try {
    const crawl = await crawlSite(fetcher, domain, options);
    evidence = analyzeCrawl(domain, crawl, now());
  } catch (error) {
    if (error instanceof SiteHttpError) {
      throw new TransientRatingError(error.code, error.message, { cause: error });
    }
    const code = (error as { code?: string }).code ?? "FETCH_ERROR";
    const permanent = (error as { permanent?: boolean }).permanent === true;
    if (!permanent) throw new TransientRatingError(code, (error as Error).message ?? String(error), { cause: error });
    evidence = emptyEvidence(domain, now(), { code, permanent, message: (error as Error).message ?? String(error) });
  }
  await consultSources(evidence, options.sources ?? {});
  return { rating: scoreEvidence(evidence, now()), evidence };
}

/**
 * Asks the remote sources, in parallel. A source that fails leaves its field out: unknown is neutral, and a
 * broken feed must never turn into a bad rating.
 */
async function consultSources(evidence: SiteEvidence, sources: RatingSources): Promise<void> {
  const reachable = !evidence.failure;
  const registers = reachable && sources.registers?.length ? sources.registers : [];
  await Promise.all([
    sources.blacklist
      ?.check(evidence.domain)
      .then((hit) => {
        if (hit) evidence.blacklist = hit;
      })
      .catch(() => undefined),
    reachable && sources.rdap
      ? sources.rdap.domainAge(evidence.domain).then((age) => {
          evidence.domainAge = age;
        })
      : undefined,
    registers.length > 0
      ? consultRegisters(registers, siteIdentity(evidence)).then((findings) => {
          if (findings.length > 0) evidence.registers = findings;
        })
      : undefined,
  ]);
}

/** The rating given when every attempt failed: U / error, short-lived so the site is tried again soon. */
export function failedRating(domain: string, lastError: string, now: Date): StoredRating {
  return {
    domain,
    rating: "U",
    ratingInfo: "error",
    score: 0,
    confidence: "low",
    reasons: [{ code: "gate:error", weight: 0, detail: clipText(`could not be rated: ${lastError}`, 300) }],
    ratedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 3600_000).toISOString(),
  };
}
