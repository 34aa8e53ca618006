/**
 * @module The blacklist source: a feed of bad domains (PhishTank/URLhaus/OpenPhish style), one entry per
 * line, `#` comments, an optional reason after whitespace. A URL entry condemns only its registrable domain,
 * and only when the listing is not a path on a big shared platform (Nagle's Google-Maps open-redirect case,
 * research/rating.md S17). Kept ≤ 30 minutes, as Google's Safe Browsing terms require of list data.
 */
import { parse } from "tldts";
import { createCachedValue, type FeedReader } from "./feed.ts";

export interface BlacklistHit {
  source: string;
  entry: string;
  reason?: string;
}

export interface BlacklistSource {
  readonly name: string;
  /** The listing of `domain`, undefined when it is not listed; throws SourceError when the feed is unreadable. */
  check(domain: string): Promise<BlacklistHit | undefined>;
}

export const BLACKLIST_TTL_MS = 30 * 60_000;

/** Parses a feed into registrable domain → listing. */
export function parseBlacklist(text: string): Map<string, { entry: string; reason?: string }> {
  const out = new Map<string, { entry: string; reason?: string }>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [entry = "", ...rest] = line.split(/\s+/);
    const host = /^[a-z]+:\/\//i.test(entry) ? safeHost(entry) : entry.toLowerCase();
    const domain = host ? parse(host).domain : null;
    if (!domain) continue;
    const reason = rest.join(" ").replace(/^#\s*/, "");
    out.set(domain, reason ? { entry, reason } : { entry });
  }
  return out;
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** A blacklist read from `location` (file or URL) through `read`, cached for `ttlMs`. */
export function createFeedBlacklist(read: FeedReader, location: string, ttlMs = BLACKLIST_TTL_MS): BlacklistSource {
  const list = createCachedValue(async () => parseBlacklist(await read(location, ["text/plain"])), ttlMs);
  return {
    name: `feed:${location}`,
    async check(domain) {
      const hit = (await list()).get(domain);
      if (!hit) return undefined;
      return { source: location, entry: hit.entry, ...(hit.reason ? { reason: hit.reason } : {}) };
    },
  };
}
