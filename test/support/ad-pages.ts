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

/**
 * A page (`/frames.html`) whose ads are in frames, as on real pages: `ads[0]` in the page itself; `ads[0]`
 * again and `ads[1]` in a cross-origin iframe named "cross" (`frameOrigin`/ad-frame.html, see adFramePage);
 * `ads[2]` in an about:blank iframe named "blank" that a script creates and writes with document.write, as
 * ad scripts do; `ads[3]` in a 1×1 iframe named "pixel" (`frameOrigin`/pixel.html), a tracking pixel that
 * is not scanned.
 */
export function framesPage(ads: readonly string[], frameOrigin: string): string {
  const blank = `<!doctype html><html><body>${adLink(ads[2] ?? "", 3)}</body></html>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ads in frames</title></head>
<body><h1>A page with ads in frames</h1>
${adLink(ads[0] ?? "", 5)}
<iframe name="cross" src="${frameOrigin}/ad-frame.html" width="500" height="200"></iframe>
<div id="slot"></div>
<iframe name="pixel" src="${frameOrigin}/pixel.html" width="1" height="1" style="border:0"></iframe>
<script>
  // As an ad script does: an about:blank frame, created and written once the page has loaded.
  addEventListener("load", () => {
    const frame = document.createElement("iframe");
    frame.name = "blank";
    frame.width = "500";
    frame.height = "120";
    document.getElementById("slot").append(frame);
    const doc = frame.contentDocument;
    doc.open();
    doc.write(${JSON.stringify(blank).replace(/</g, "\\u003c")});
    doc.close();
  });
</script>
</body></html>`;
}

/** The cross-origin ad frame of framesPage: `ads[0]` (DoubleClick) and `ads[1]` (Google Ads). */
export function adFramePage(ads: readonly string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ad frame</title></head>
<body>${adLink(ads[0] ?? "", 1)}${adLink(ads[1] ?? "", 0)}</body></html>`;
}

/** The 1×1 "tracking pixel" frame of framesPage, with an ad link in it all the same: `ads[3]`. */
export function pixelPage(ads: readonly string[]): string {
  return `<!doctype html><html><body style="margin:0">${adLink(ads[3] ?? "", 5)}</body></html>`;
}
