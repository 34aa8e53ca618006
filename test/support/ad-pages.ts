/**
 * @module The loopback pages the browser tests open: ad links to the demo sites, in every redirector kind
 * the extension's content script unwraps, and ads in frames — the demonstration web's own (demo/rated-web/ads.ts).
 */
import { adLinks, plainLink } from "../../demo/rated-web/ads.ts";
import { DEMO_SITES } from "../../demo/rated-web/web.ts";

export { adFramePage, adLink, framesPage, pixelPage } from "../../demo/rated-web/ads.ts";

/** A page with one ad per demo site, and one plain outbound link (`#plain`), which is not an ad. */
export function adsPage(): string {
  const ads = adLinks(DEMO_SITES.map((s) => s.domain));
  const plain = DEMO_SITES[0] ? plainLink(DEMO_SITES[0].domain) : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ads</title></head>
<body><h1>A page with ads</h1>\n${ads}\n${plain}</body></html>`;
}
