/**
 * @module What kind of site it is: the pages worth reading (by link text and path, in several
 * languages) and whether it sells (prices, carts, checkout, Product/Offer data).
 */
import type { PageLink, ParsedPage } from "../html.ts";

export type PageKind =
  | "imprint"
  | "contact"
  | "about"
  | "legal"
  | "terms"
  | "returns"
  | "privacy"
  | "shipping"
  | "checkout";

/** Words in link text or URL path that name each kind of page; order = how much it is worth reading. */
const PAGE_WORDS: [PageKind, RegExp][] = [
  [
    "imprint",
    /impressum|imprint|legal[ -]?notice|mentions[ -]l[ée]gales|aviso[ -]legal|note[ -]legali|colofon|site[ -]notice/i,
  ],
  ["contact", /contact|kontakt|contacto|contatti|get[ -]in[ -]touch|reach[ -]us|nous[ -]contacter/i],
  [
    "about",
    /about|[üu]e?ber[ -]uns|who[ -]we[ -]are|our[ -]story|unternehmen|chi[ -]siamo|qui[ -]sommes|quienes[ -]somos|company/i,
  ],
  ["legal", /\blegal\b|rechtliches|disclosures?/i],
  ["terms", /terms|\bagb\b|conditions|\bcgv\b|nutzungsbedingungen|t-?and-?c/i],
  ["returns", /returns?|refund|r[üu]e?ckgabe|widerruf|retours|devoluci/i],
  ["privacy", /privacy|datenschutz|confidentialit|privacidad/i],
  ["shipping", /shipping|delivery|versand|lieferung|livraison|env[íi]o/i],
  ["checkout", /checkout|kasse|\bcart\b|basket|warenkorb|panier/i],
];

export function classifyLink(link: PageLink): PageKind | undefined {
  let path = "";
  try {
    path = decodeURIComponent(new URL(link.href).pathname);
  } catch {
    return undefined;
  }
  const haystack = `${link.text} ${path.replace(/[/_-]+/g, " ")}`;
  return PAGE_WORDS.find(([, re]) => re.test(haystack))?.[0];
}

const SKIP_EXTENSIONS = /\.(?:pdf|jpe?g|png|gif|webp|svg|ico|css|js|zip|mp4|mp3|woff2?|xml|json)$/i;

/**
 * The pages to read after the home page: the best link of each kind first (imprint before contact
 * before about …), on the same site, at most `max`.
 */
export function choosePages(
  links: readonly PageLink[],
  isSameSite: (url: URL) => boolean,
  max: number,
): { url: string; kind: PageKind }[] {
  const byKind = new Map<PageKind, string[]>();
  const seen = new Set<string>();
  for (const link of links) {
    let url: URL;
    try {
      url = new URL(link.href);
    } catch {
      continue;
    }
    if (!/^https?:$/.test(url.protocol) || !isSameSite(url) || SKIP_EXTENSIONS.test(url.pathname)) continue;
    const kind = classifyLink(link);
    if (!kind || seen.has(url.href)) continue;
    seen.add(url.href);
    byKind.set(kind, [...(byKind.get(kind) ?? []), url.href]);
  }
  const chosen: { url: string; kind: PageKind }[] = [];
  // Round-robin over kinds in order of worth, so one kind with many links cannot crowd out the others.
  for (let round = 0; chosen.length < max; round++) {
    let added = false;
    for (const [kind] of PAGE_WORDS) {
      const url = byKind.get(kind)?.[round];
      if (url && chosen.length < max) {
        chosen.push({ url, kind });
        added = true;
      }
    }
    if (!added) break;
  }
  return chosen;
}

const PRICE =
  /(?:[€£$]\s?\d{1,6}(?:[.,]\d{3})*(?:[.,]\d{2})?|\d{1,6}(?:[.,]\d{3})*[.,]\d{2}\s?(?:€|EUR|£|GBP|USD|\$|CHF))/g;
const CART_WORDS =
  /add[ -]to[ -](?:cart|basket|bag)|in den warenkorb|warenkorb|\bbasket\b|\bcart\b|checkout|zur kasse|\bkasse\b|buy now|jetzt kaufen|order (?:online|now)|bestellen|ajouter au panier|añadir al carrito|shop now/i;

export interface CommerceSignals {
  prices: number;
  cartIndicators: string[];
  productData: boolean;
}

/** Counts selling signals on a page. */
export function findCommerce(page: ParsedPage): CommerceSignals {
  const prices = page.lines.reduce((n, line) => n + (line.match(PRICE)?.length ?? 0), 0);
  const cartIndicators = [
    ...page.buttons.filter((b) => CART_WORDS.test(b)),
    ...page.links.filter((l) => CART_WORDS.test(`${l.text} ${l.href}`)).map((l) => l.text || l.href),
  ].slice(0, 10);
  const productData = JSON.stringify(page.jsonLd).match(/"@type"\s*:\s*"(?:Product|Offer|AggregateOffer)"/) !== null;
  return { prices, cartIndicators, productData };
}

/** Whether the commerce signals of all pages add up to a site that sells. */
export function isSelling(signals: readonly CommerceSignals[]): boolean {
  const prices = signals.reduce((n, s) => n + s.prices, 0);
  const carts = signals.reduce((n, s) => n + s.cartIndicators.length, 0);
  return signals.some((s) => s.productData) || (prices >= 2 && carts >= 1) || carts >= 3;
}
