/**
 * @module Which links on a page get a rating, and for which domain: ad links always (unwrapped to the
 * advertiser), every other outbound link only when the user chose so. Only the registrable domain ever
 * leaves the page (research/rating.md §1.5: "we can tell what advertisers have reached you, but cannot
 * tell what web pages you have been viewing").
 */
import { normalizeDomainInput } from "../../../shared/domain.ts";
import { resolveLinkTarget } from "./ad-links.ts";

export type LinkMode = "ads" | "all";

/** What the page says about a link, read by the content script from the DOM. */
export interface LinkFacts {
  href: string;
  /** `rel` contains `sponsored` (the HTML way to mark a paid link). */
  sponsored: boolean;
  /** Inside a known ad widget (Taboola, Outbrain, Google's ad blocks). */
  inAdWidget: boolean;
  /** Google's result ads carry the real target in `data-pcu` / the redirector in `data-rw`. */
  dataTarget?: string | null;
}

export interface RatedLink {
  domain: string;
  ad: boolean;
}

/** The registrable domain of a URL or host, or null for what bonafide cannot rate (IPs, localhost …). */
export function domainOf(urlOrHost: string): string | null {
  const r = normalizeDomainInput(urlOrHost);
  return r.ok ? r.domain : null;
}

/** Whether and for which domain a link is rated on the page at `pageUrl`. */
export function classifyLink(facts: LinkFacts, pageUrl: string, mode: LinkMode): RatedLink | null {
  const target = resolveLinkTarget(facts.dataTarget || facts.href, pageUrl);
  if (!target) return null;
  const ad = target.ad || facts.sponsored || facts.inAdWidget || Boolean(facts.dataTarget);
  if (!ad && mode !== "all") return null;
  const domain = domainOf(target.url);
  if (!domain) return null;
  // A site's links to itself say nothing about who it is dealing with.
  if (domain === domainOf(pageUrl)) return null;
  return { domain, ad };
}

/** CSS selectors of ad widget containers whose links are ads even when they point straight at the advertiser. */
export const AD_WIDGET_SELECTOR = [
  "[id^='taboola-']",
  ".trc_related_container",
  ".trc_rbox_div",
  ".OUTBRAIN",
  ".ob-widget",
  "[data-widget-id][data-ob-template]",
  "[data-text-ad]",
  ".ads-ad",
  "#tads",
  "#bottomads",
  ".b_ad",
].join(", ");
