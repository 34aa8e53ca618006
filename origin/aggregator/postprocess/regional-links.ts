/**
 * @module Regional links: a visitor of a region (`?region=spb`) keeps it across the site — absolute links
 * to the main host go to the region's host, and site-relative links carry the region in their query.
 * The region is read from the URL only (not a cookie), so pages stay cacheable at the edge per region.
 */
import type { PostProcessor } from "./types.ts";

export interface RegionalLinkOptions {
  /** Region code → its host, e.g. `{ spb: "spb.jobs.example" }`. */
  readonly regions: Readonly<Record<string, string>>;
  /** The main host whose absolute links are rewritten, e.g. `jobs.example`. */
  readonly mainHost: string;
}

/** The region the request asks for, if it is a known one. */
export function requestRegion(query: URLSearchParams, regions: Readonly<Record<string, string>>): string | null {
  const r = query.get("region");
  return r !== null && Object.hasOwn(regions, r) ? r : null;
}

/** Rewrites one href for `region`. */
export function regionalHref(href: string, region: string, options: RegionalLinkOptions): string {
  const host = options.regions[region];
  if (!host) return href;
  const main = `//${options.mainHost}/`;
  const at = href.indexOf(main);
  if (at >= 0 && at <= "https:".length) return `${href.slice(0, at)}//${host}/${href.slice(at + main.length)}`;
  if (!href.startsWith("/") || href.startsWith("//")) return href;
  const hash = href.indexOf("#");
  const [base, frag] = hash >= 0 ? [href.slice(0, hash), href.slice(hash)] : [href, ""];
  if (/[?&]region=/.test(base)) return href;
  return `${base}${base.includes("?") ? "&amp;" : "?"}region=${encodeURIComponent(region)}${frag}`;
}

/** The post-processor. */
export function createRegionalLinks(options: RegionalLinkOptions): PostProcessor {
  return {
    name: "regional-links",
    run(html, ctx) {
      const region = requestRegion(ctx.query, options.regions);
      if (!region) return html;
      return html.replace(/\bhref="([^"]*)"/g, (_, href: string) => `href="${regionalHref(href, region, options)}"`);
    },
  };
}
