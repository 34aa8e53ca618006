/**
 * @module A compact way to describe a demonstration site: its identity, what it sells, which pages it has
 * and how it is served (TLS level, HSTS, security.txt, register and RDAP entries, blacklisting); `buildSite`
 * turns that into the pages of a small but realistic shop or practice.
 */
import { escapeHtml, htmlDocument, jsonLdScript, navLink } from "../html.ts";
import type { DemoSite } from "../web.ts";

export interface SiteSpec extends Omit<DemoSite, "pages" | "title"> {
  title: string;
  lang: string;
  tagline: string;
  /** The mailing label, one line each (name first); shown on the page named by `identityOn`. */
  label?: string[];
  /** Legal lines under the label: register number, VAT ID, register court, "Registered in England …". */
  legal?: string[];
  identityOn?: string;
  phone?: string;
  email?: string;
  /** Products with prices; with them come "Add to cart" buttons and a cart link. */
  products?: [string, string][];
  /** Extra pages by path: their link text is the page's name. */
  extraPages?: Record<string, string>;
  jsonLd?: unknown;
  /** Link text per path where the site is not in English ("/kontakt": "Kontakt"). */
  names?: Record<string, string>;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:0;color:#222;line-height:1.5}
header,footer{background:#22313f;color:#eef;padding:1rem 1.5rem}header a,footer a{color:#ffd479;margin-right:1rem}
main{max-width:60rem;margin:0 auto;padding:1.5rem}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem}
.card{border:1px solid #ccd;border-radius:6px;padding:1rem}.price{font-weight:700;font-size:1.2rem}
button{background:#ffb400;border:0;border-radius:4px;padding:.5rem .8rem;font-weight:700}address{font-style:normal}`;

const PAGE_NAMES: Record<string, string> = {
  "/contact": "Contact",
  "/about": "About us",
  "/impressum": "Impressum",
  "/legal": "Legal notice",
  "/terms": "Terms and conditions",
  "/privacy": "Privacy policy",
  "/returns": "Returns and refunds",
  "/cart": "Cart",
};

function identityBlock(spec: SiteSpec): string {
  if (!spec.label) return "";
  const contact = [
    spec.phone ? `Telephone: <a href="tel:${spec.phone.replace(/[^\d+]/g, "")}">${escapeHtml(spec.phone)}</a>` : "",
    spec.email ? `E-mail: <a href="mailto:${spec.email}">${escapeHtml(spec.email)}</a>` : "",
  ].filter(Boolean);
  return `<address><p>${spec.label.map(escapeHtml).join("<br>")}</p></address>
${contact.length ? `<p>${contact.join("<br>")}</p>` : ""}
${spec.legal?.length ? `<p>${spec.legal.map(escapeHtml).join("<br>")}</p>` : ""}`;
}

function productGrid(spec: SiteSpec): string {
  if (!spec.products?.length) return "";
  const cards = spec.products
    .map(
      ([name, price]) =>
        `<div class="card"><h3>${escapeHtml(name)}</h3><p class="price">${escapeHtml(price)}</p><form method="post" action="/cart"><button type="submit">Add to cart</button></form></div>`,
    )
    .join("\n");
  return `<h2>Our range</h2><div class="grid">${cards}</div>`;
}

/** The pages of the site described by `spec`. */
export function buildSite(spec: SiteSpec): DemoSite {
  const paths = ["/", ...Object.keys(spec.extraPages ?? {})];
  if (spec.products?.length && !paths.includes("/cart")) paths.push("/cart");
  const identityOn = spec.identityOn ?? "/contact";
  if (spec.label && !paths.includes(identityOn)) paths.push(identityOn);
  const nameOf = (path: string) => spec.names?.[path] ?? PAGE_NAMES[path] ?? path;
  const layout = (path: string, main: string) =>
    htmlDocument({
      lang: spec.lang,
      title: path === "/" ? spec.title : `${nameOf(path)} – ${spec.title}`,
      css: CSS,
      head: path === "/" && spec.jsonLd ? jsonLdScript(spec.jsonLd) : "",
      body: `<header><strong>${escapeHtml(spec.title)}</strong><nav>${paths
        .map((p) => navLink(p, p === "/" ? "Home" : (PAGE_NAMES[p] ?? p), path))
        .join(" ")}</nav></header>
<main>${main}</main>
<footer><p>© 2026 ${escapeHtml(spec.title)}</p><nav>${paths
        .filter((p) => p !== "/")
        .map((p) => navLink(p, nameOf(p), path))
        .join(" ")}</nav></footer>`,
    });
  const pages: Record<string, string> = {};
  for (const path of paths) {
    let main =
      path === "/" ? `<h1>${escapeHtml(spec.title)}</h1><p>${escapeHtml(spec.tagline)}</p>${productGrid(spec)}` : "";
    if (path !== "/") main = `<h1>${escapeHtml(nameOf(path))}</h1>${spec.extraPages?.[path] ?? ""}`;
    if (path === "/cart") main += '<p>Your cart is empty.</p><p><a href="/">Continue shopping</a></p>';
    if (path === identityOn) main += identityBlock(spec);
    pages[path] = layout(path, main);
  }
  const {
    label: _l,
    legal: _g,
    identityOn: _i,
    phone: _p,
    email: _e,
    products: _r,
    extraPages: _x,
    jsonLd: _j,
    names: _n,
    lang: _a,
    tagline: _t,
    ...site
  } = spec;
  return { ...site, pages };
}
