/**
 * @module Where a link really goes: ad-click redirectors (Google Ads `adurl`, DoubleClick, Bing/MSN click
 * URLs, Yahoo's `RU=`, Taboola/Outbrain redirects) unwrapped to the advertiser's URL. Pure: strings in,
 * strings out, so it runs in the content script and in unit tests alike.
 *
 * Ad Limiter kept the same kind of table (research/rating.md §1.5); an unknown redirector is simply not
 * unwrapped, and its own domain is what gets rated.
 */

/** Hosts (registrable domain or exact host) whose links are ad clicks, and the query keys holding the target. */
const REDIRECTORS: readonly { host: RegExp; keys: readonly string[] }[] = [
  { host: /(^|\.)googleadservices\.com$/, keys: ["adurl", "url"] },
  { host: /(^|\.)doubleclick\.net$/, keys: ["adurl", "url", "ds_dest_url"] },
  { host: /(^|\.)google\.[a-z.]+$/, keys: ["adurl", "q", "url"] }, // /aclk?…adurl=, /url?q=
  { host: /(^|\.)bing\.com$/, keys: ["u", "url", "ld_url"] }, // /aclk, /ck/a
  { host: /(^|\.)msn\.com$/, keys: ["u", "url", "ru"] },
  { host: /(^|\.)taboola\.com$/, keys: ["redir", "url", "u"] },
  { host: /(^|\.)outbrain\.com$/, keys: ["url", "u", "redirect"] },
  { host: /(^|\.)search\.yahoo\.com$/, keys: ["RU", "u"] },
  { host: /(^|\.)duckduckgo\.com$/, keys: ["u3", "uddg", "u"] }, // /y.js ad clicks
];

/** Paths that are always ad clicks on those hosts, even when the target cannot be read from them. */
const AD_PATHS = /^\/(pagead\/aclk|aclk|aclick|ck\/a|ddm\/(trackclk|clk)|pcs\/click|network\/redir|y\.js)\b/i;

export interface LinkTarget {
  /** The URL the link leads to in the end (the advertiser's, for an unwrapped ad). */
  url: string;
  /** Whether the link is an ad click (a known redirector, or marked as sponsored by the page). */
  ad: boolean;
}

function parseUrl(value: string, base?: string): URL | null {
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** Bing's `u=a1aHR0c…`: "a1" then the target URL in base64url. */
function decodeBingTarget(value: string): string | null {
  const body = value.startsWith("a1") ? value.slice(2) : value;
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(body)) return null;
  try {
    const text = atob(body.replace(/-/g, "+").replace(/_/g, "/"));
    return /^https?:\/\//i.test(text) ? text : null;
  } catch {
    return null;
  }
}

function targetFromValue(value: string): string | null {
  if (/^https?:\/\//i.test(value)) return value;
  if (/^https?%3a/i.test(value)) {
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return decodeBingTarget(value);
}

/** Yahoo puts the target in the path: `/…/RU=https%3a%2f%2fshop.com%2f/RK=…`. */
function targetFromPath(url: URL): string | null {
  const m = /\/RU=([^/]+)\//.exec(url.pathname);
  return m?.[1] ? targetFromValue(m[1]) : null;
}

/** DoubleClick appends the landing page after the first `?`: `/ddm/trackclk/…;dc_trk…;?https://shop.com/`. */
function targetAfterQuestionMark(url: URL): string | null {
  const raw = url.search.slice(1);
  return /^https?:\/\//i.test(raw) ? raw : targetFromValue(raw);
}

const MAX_UNWRAP_DEPTH = 4;

/**
 * The final target of `href` (resolved against `base`), unwrapping nested redirectors; null for links
 * that lead nowhere rateable (mailto:, javascript:, malformed).
 */
export function resolveLinkTarget(href: string, base?: string): LinkTarget | null {
  const start = parseUrl(href, base);
  if (!start) return null;
  let url: URL = start;
  let ad = false;
  for (let depth = 0; depth < MAX_UNWRAP_DEPTH; depth++) {
    const host = url.hostname.toLowerCase();
    const rule = REDIRECTORS.find((r) => r.host.test(host));
    if (!rule) break;
    const isAdPath = AD_PATHS.test(url.pathname);
    let next: string | null = null;
    for (const key of rule.keys) {
      const value = url.searchParams.get(key);
      if (value) next = targetFromValue(value);
      if (next) break;
    }
    next ??= targetFromPath(url) ?? (isAdPath ? targetAfterQuestionMark(url) : null);
    // A google.com/url?q= search redirect is not an ad; a redirector path or an adurl is.
    if (isAdPath || url.searchParams.has("adurl") || /doubleclick|googleadservices|taboola|outbrain/.test(host)) {
      ad = true;
    }
    const nextUrl: URL | null = next ? parseUrl(next) : null;
    if (!nextUrl) break;
    url = nextUrl;
  }
  return { url: url.href, ad };
}
