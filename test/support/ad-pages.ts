/**
 * @module The loopback pages the browser tests open: ad links to the demo sites, in every redirector kind
 * the extension's content script unwraps.
 */
import { DEMO_SITES } from "../../origin/demo/web.ts";

/** One ad link for `domain`, the kind chosen by `i` (cycling through the redirectors the content script unwraps). */
export function adLink(domain: string, i: number): string {
  const target = `http://www.${domain}/?utm_source=ads`;
  const kinds = [
    `<a href="https://www.googleadservices.com/pagead/aclk?sa=L&ai=DChcSE&adurl=${encodeURIComponent(target)}">Google ad: ${domain}</a>`,
    `<a href="https://ad.doubleclick.net/ddm/trackclk/N1234.5678/B9;dc_trk_aid=1;dc_trk_cid=2;?${target}">DoubleClick ad: ${domain}</a>`,
    `<a href="https://www.bing.com/aclk?ld=e8x&u=a1${Buffer.from(target).toString("base64url")}">Bing ad: ${domain}</a>`,
    `<div class="trc_related_container"><a href="${target}">Taboola-style widget: ${domain}</a></div>`,
    `<div class="OUTBRAIN"><a href="https://paid.outbrain.com/network/redir?p=1&url=${encodeURIComponent(target)}">Outbrain-style widget: ${domain}</a></div>`,
    `<a rel="sponsored" href="${target}">Sponsored link: ${domain}</a>`,
  ];
  return `<p class="ad" data-domain="${domain}">${kinds[i % kinds.length]}</p>`;
}

/** A page with one ad per demo site, and one plain outbound link (`#plain`), which is not an ad. */
export function adsPage(): string {
  const ads = DEMO_SITES.map((s, i) => adLink(s.domain, i)).join("\n");
  // A plain outbound link is not an ad: in the default "ads only" mode it gets no icon.
  const plain = DEMO_SITES[0] ? `<p id="plain"><a href="http://${DEMO_SITES[0].domain}/about">plain link</a></p>` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ads</title></head>
<body><h1>A page with ads</h1>\n${ads}\n${plain}</body></html>`;
}
