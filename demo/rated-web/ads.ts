/**
 * @module Pages with ads, to try the browser extension on: ad links in every redirector kind the extension's
 * content script unwraps (Google Ads, DoubleClick, Bing, Taboola- and Outbrain-style widgets, rel=sponsored),
 * and ads in frames as ad networks draw them (a cross-origin iframe, an about:blank iframe a script writes, a
 * 1×1 pixel frame that is not scanned). The demonstration web serves them at /ads.html (`npm start` names it);
 * the browser tests (test/support/ad-pages.ts) open the same pages.
 */
import { escapeHtml } from "./html.ts";

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

/** One ad per domain, cycling through the kinds. */
export function adLinks(domains: readonly string[]): string {
  return domains.map((d, i) => adLink(d, i)).join("\n");
}

/** A plain outbound link (`#plain`): not an ad, so in the default "ads only" mode it gets no icon. */
export function plainLink(domain: string): string {
  return `<p id="plain"><a href="http://${domain}/about">plain link</a></p>`;
}

/** The script that makes the about:blank frame named "blank" in `#slot` and writes `html` into it, as ad scripts do. */
function blankFrameScript(html: string): string {
  return `<script>
  // As an ad script does: an about:blank frame, created and written once the page has loaded.
  addEventListener("load", () => {
    const frame = document.createElement("iframe");
    frame.name = "blank";
    frame.width = "500";
    frame.height = "120";
    document.getElementById("slot").append(frame);
    const doc = frame.contentDocument;
    doc.open();
    doc.write(${JSON.stringify(html).replace(/</g, "\\u003c")});
    doc.close();
  });
</script>`;
}

/** The frames of framesPage and the demo page: cross-origin (ads[0], ads[1]), about:blank (ads[2]), pixel (ads[3]). */
function frames(ads: readonly string[], frameOrigin: string): string {
  const blank = `<!doctype html><html><body>${adLink(ads[2] ?? "", 3)}</body></html>`;
  return `<iframe name="cross" src="${frameOrigin}/ad-frame.html" width="500" height="200"></iframe>
<div id="slot"></div>
<iframe name="pixel" src="${frameOrigin}/pixel.html" width="1" height="1" style="border:0"></iframe>
${blankFrameScript(blank)}`;
}

/**
 * A page (`/frames.html`) whose ads are in frames, as on real pages: `ads[0]` in the page itself; `ads[0]`
 * again and `ads[1]` in a cross-origin iframe named "cross" (`frameOrigin`/ad-frame.html, see adFramePage);
 * `ads[2]` in an about:blank iframe named "blank" that a script creates and writes with document.write, as
 * ad scripts do; `ads[3]` in a 1×1 iframe named "pixel" (`frameOrigin`/pixel.html), a tracking pixel that
 * is not scanned.
 */
export function framesPage(ads: readonly string[], frameOrigin: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ads in frames</title></head>
<body><h1>A page with ads in frames</h1>
${adLink(ads[0] ?? "", 5)}
${frames(ads, frameOrigin)}
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

/**
 * The demonstration web's page with ads, for people: one ad per demonstration site, a plain link, and ads in
 * frames from `frameOrigin` (another origin of the same server, so the cross-origin frame is one); the first
 * four sites are the frames' ads. `edgeUrl` is the endpoint to set in the extension, when known.
 */
export function demoAdsPage(domains: readonly string[], frameOrigin: string, edgeUrl: string | null): string {
  const endpoint = edgeUrl ? ` and set its endpoint to <code>${escapeHtml(edgeUrl)}</code>` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A page with ads — bonafide demonstration</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.ad{margin:.4rem 0}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}iframe{display:block;margin:.5rem 0;border:1px solid #ccc}</style>
</head>
<body><h1>A page with ads</h1>
<p>Try the bonafide extension here: <code>npm run build:extension</code>, load <code>extension/dist/bonafide</code>
(Chrome: <em>chrome://extensions</em> → Developer mode → Load unpacked), opt in${endpoint}, then reload this page.
Each ad gets a letter; W turns into a rating within seconds. The links lead to the demonstration sites' real
names, as an ad's would: click through only if those names exist where you are.</p>
<h2>Ads in the page</h2>
${adLinks(domains)}
${domains[0] ? plainLink(domains[0]) : ""}
<h2>Ads in frames, as ad networks draw them</h2>
<p>A cross-origin frame, an about:blank frame written by a script, and a 1×1 tracking pixel (not scanned).</p>
${frames(domains.slice(0, 4), frameOrigin)}
</body></html>`;
}
