/**
 * @module `npx bonafide check-site DOMAIN [--json]`: rates one site now, the way a rater would (same guarded
 * fetcher, trusted CA, sources and limits from the configuration), and prints the letter, every reason
 * with its weight and what to do — without touching the queue or the database. For webmasters checking a
 * change and operators checking a complaint.
 */
import { normalizeDomainInput } from "../../shared/domain.ts";
import { POINTS } from "../../shared/points.ts";
import { readOriginConfig } from "../config.ts";
import { createParsePool } from "../rater/parse-pool.ts";
import { rateSite } from "../rater/rate-site.ts";
import { createSiteFetcher, siteFetcherOptions } from "../rater/site-fetcher.ts";
import { createRatingSources } from "../rater/sources/index.ts";
import { parseArgs } from "./args.ts";

const USAGE = `usage: npx bonafide check-site DOMAIN [--json]

Reads DOMAIN's pages now (robots.txt, home, up to RATER_MAX_PAGES pages) through the rater's guarded fetcher
and prints its rating with every reason; --json prints the rating and the evidence as JSON. Nothing is stored.`;

export interface CheckSiteIo {
  /** The environment to configure from (default: this process's). */
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

/** Runs the command; returns the exit code (0 rated, 1 could not rate, 2 bad usage). */
export async function run(args: string[], io: CheckSiteIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const parsed = parseArgs(args, [], ["json"]);
  const [input] = parsed.positionals;
  if (parsed.flags.has("help") || !input || parsed.positionals.length > 1) {
    out(`${USAGE}\n`);
    return parsed.flags.has("help") ? 0 : 2;
  }
  const target = normalizeDomainInput(input);
  if (!target.ok) {
    out(`bonafide check-site: ${target.message}: give a domain such as example.com\n`);
    return 2;
  }
  const config = readOriginConfig(io.env);
  const fetcher = createSiteFetcher(siteFetcherOptions(config));
  const pool = createParsePool({ size: config.rater.crawl.parseThreads });
  try {
    const { rating, evidence } = await rateSite(fetcher, target.domain, {
      ...config.rater.crawl,
      sources: createRatingSources(fetcher, config.rater),
      parse: pool.parse,
    });
    if (parsed.flags.has("json")) {
      out(`${JSON.stringify({ rating, evidence }, null, 2)}\n`);
      return 0;
    }
    out(
      `${rating.domain}: ${rating.rating} ${rating.ratingInfo || "(verified)"} — score ${rating.score}, confidence ${rating.confidence}\n`,
    );
    for (const reason of rating.reasons) {
      const rule = POINTS[reason.code as keyof typeof POINTS];
      const weight = `${reason.weight > 0 ? "+" : ""}${reason.weight}`.padStart(5);
      out(`  ${weight}  ${reason.code.padEnd(26)} ${reason.detail ?? rule?.means ?? ""}\n`);
      if (rule && "advice" in rule) out(`         → ${rule.advice}\n`);
    }
    out(
      `  pages read: ${evidence.pages.map((p) => `${p.kind} ${p.url} (${p.status ?? p.error})`).join(", ") || "none"}\n`,
    );
    return 0;
  } catch (error) {
    out(`bonafide check-site: ${target.domain} could not be rated now: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await pool.close();
    await fetcher.close();
  }
}
