/**
 * @module The icon beside a rated link: a `span` host with a Shadow DOM (page CSS cannot reach in; a span,
 * not a div, because some pages' anti-ad-blocker scripts watch divs — Ad Limiter's lesson), and a card with
 * the reasons on hover or focus, linking to the evidence page.
 */
import { LETTER_TEXT, type RatingView } from "../lib/ratings.ts";

export const HOST_ATTRIBUTE = "data-bonafide-domain";

const COLOURS: Record<string, [string, string]> = {
  A: ["#1e7b34", "#fff"],
  Q: ["#d9a400", "#222"],
  X: ["#b3261e", "#fff"],
  U: ["#9aa0a6", "#fff"],
  W: ["#e8eaed", "#555"],
};

const STYLE = `
:host { all: initial; display: inline-block; position: relative; vertical-align: middle; margin: 0 .25em; }
.icon { display: inline-flex; align-items: center; justify-content: center; width: 1.25em; height: 1.25em;
  border-radius: 50%; font: 700 11px/1 system-ui, sans-serif; text-decoration: none; cursor: pointer;
  box-shadow: 0 0 0 1px rgba(0,0,0,.15); }
.icon.W { animation: pulse 1.2s ease-in-out infinite; }
@keyframes pulse { 50% { opacity: .45; } }
.card { display: none; position: absolute; z-index: 2147483647; left: 0; top: 1.6em; width: 20em;
  padding: .6em .75em; background: #fff; color: #222; border: 1px solid #ccc; border-radius: 6px;
  box-shadow: 0 4px 16px rgba(0,0,0,.2); font: 12px/1.4 system-ui, sans-serif; text-align: left; }
:host(:hover) .card, :host(:focus-within) .card { display: block; }
.card b { font-size: 13px; } .card ul { margin: .4em 0; padding-left: 1.2em; } .card a { color: #1a57b5; }
.muted { color: #666; }
`;

function humanize(code: string): string {
  const words = code.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** A new icon host for `domain`, inserted right after `anchor`. */
export function createIconHost(anchor: Element, domain: string): HTMLElement {
  const host = document.createElement("span");
  host.setAttribute(HOST_ATTRIBUTE, domain);
  const root = host.attachShadow({ mode: "open" });
  const style = element("style");
  style.textContent = STYLE;
  root.append(style);
  anchor.after(host);
  return host;
}

/** Paints `view` into `host` (replacing what was there); `evidenceHref` is where a click leads. */
export function paintIcon(host: HTMLElement, view: RatingView, evidenceHref: string): void {
  const root = host.shadowRoot;
  if (!root) return;
  for (const child of [...root.children]) if (child.tagName !== "STYLE") child.remove();
  host.dataset.rating = view.rating;
  const [bg, fg] = COLOURS[view.rating] ?? ["#999", "#fff"];
  const icon = element("a", view.rating, `icon ${view.rating}`);
  icon.href = evidenceHref;
  icon.target = "_blank";
  icon.rel = "noopener noreferrer";
  icon.style.background = bg;
  icon.style.color = fg;
  icon.setAttribute("aria-label", `bonafide: ${view.rating} — ${LETTER_TEXT[view.rating]} ${view.domain}`);

  const card = element("span", undefined, "card");
  card.setAttribute("role", "tooltip");
  card.append(element("b", `${view.rating} · ${view.domain}`), element("div", LETTER_TEXT[view.rating]));
  const b = view.business;
  if (b?.legalName) {
    const where = [b.locality?.toUpperCase(), b.region, b.countryCode].filter(Boolean).join(", ");
    card.append(element("div", where ? `${b.legalName} — ${where}` : b.legalName));
  }
  if (view.ratingInfo) card.append(element("div", humanize(view.ratingInfo), "muted"));
  if (view.reasons.length) {
    const list = element("ul");
    for (const r of view.reasons.slice(0, 8)) {
      list.append(element("li", r.detail ? `${humanize(r.code)}: ${r.detail}` : humanize(r.code)));
    }
    card.append(list);
  }
  if (view.rating !== "W") {
    const link = element("a", "Evidence behind this rating →");
    link.href = evidenceHref;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    card.append(link);
  }
  root.append(icon, card);
}
