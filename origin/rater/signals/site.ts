/**
 * @module Which pages of a site are worth reading: by link text and URL path, in the languages of the
 * countries the rater reads (a legal page under its local name — Impressum, mentions légales, aviso legal,
 * note legali, colofon, regulamin, 特定商取引法に基づく表記 — is where the address and numbers are).
 * Whether the site sells is commerce.ts.
 */
import type { PageLink } from "../html.ts";

export { type CommerceSignals, findCommerce, isSelling } from "./commerce.ts";

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
    new RegExp(
      [
        "impressum|imprint|legal[ -]?notice|legal[ -]?information|site[ -]notice|company[ -]?info",
        "anbieterkennzeichnung|mentions?[ -]l[ée]gales?|informations?[ -]l[ée]gales?|aviso[ -]legal",
        "informaci[oó]n[ -]legal|datos[ -]legales|note[ -]legali|informazioni[ -]legali|colofon",
        String.raw`bedrijfsgegevens|juridische[ -]informatie|dane[ -]firmy|informacje[ -]o[ -]firmie|\binformacje\b`,
        "nota[ -]legal|informa[çc][õo]es[ -]legais|företagsinformation|juridisk[ -]information",
        "pr[áa]vn[íi][ -]informace|o[ -]firm[eě]|特定商取引|特商法|tokushoho|tokutei|会社概要|運営会社",
      ].join("|"),
      "iu",
    ),
  ],
  [
    "contact",
    /contact|kontakt|contacto|contatti|contato|get[ -]in[ -]touch|reach[ -]us|nous[ -]contacter|お問い合わせ|問い合わせ|yhteystiedot/iu,
  ],
  [
    "about",
    /about|[üu]e?ber[ -]uns|who[ -]we[ -]are|our[ -]story|unternehmen|chi[ -]siamo|qui[ -]sommes|quienes[ -]somos|qui[ée]nes[ -]somos|sobre[ -]n[oó]s|quem[ -]somos|over[ -]ons|o[ -]nas|om[ -]oss|om[ -]os\b|o[ -]n[áa]s|company|私たちについて/iu,
  ],
  ["legal", /\blegal\b|rechtliches|disclosures?|\blaw\b/i],
  [
    "terms",
    /terms|\bagb\b|conditions|\bcgv\b|nutzungsbedingungen|t-?and-?c|regulamin|algemene[ -]voorwaarden|condiciones|termini|condizioni|villkor|handelsbetingelser|salgsbetingelser|k[øo]bsbetingelser|kj[øo]psbetingelser|handelsvilk[åa]r|kj[øo]psvilk[åa]r|toimitusehdot|myyntiehdot|obchodn[íi][ -]podm[íi]nky|termos|利用規約/iu,
  ],
  ["returns", /returns?|refund|r[üu]e?ckgabe|widerruf|retours|devoluci|\bresi\b|\breso\b|zwroty|返品/iu],
  ["privacy", /privacy|datenschutz|confidentialit|privacidad|prywatno|ochrana[ -]osobn|integritet|個人情報/iu],
  ["shipping", /shipping|delivery|versand|lieferung|livraison|env[íi]o|spedizion|verzending|dostawa|配送/iu],
  ["checkout", /checkout|kasse|\bcart\b|basket|warenkorb|panier|carrito|carrello|winkelwagen|koszyk|カート/iu],
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
