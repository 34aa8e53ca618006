/**
 * @module Domains made to look like a well-known brand's (typosquats, digit-for-letter swaps, brand plus a
 * scary word, IDN homographs, a counterfeited brand plus shopping words): negative only (research/rating.md
 * S15).
 *
 * The shopping-words rule, so it can be explained: a name is a counterfeit shop's when it is made of
 * nothing but a brand and shopping words ("nike-outlet-sale", "cheaprolexreplica", "louisvuitton-bags-
 * outlet"). A brand inside an ordinary word ("dove" in "dovetail", "apple" in "appletreefarm") leaves a
 * rest that is not shopping words, so it is no match; a brand beside a name or place ("rolex-huber-wien")
 * is a reseller naming the brand openly (brand-in-name), which a real address may redeem.
 */
import { domainToUnicode } from "node:url";
import { parse } from "tldts";

/** Brands phishers imitate most; their own registrable domains are never lookalikes. */
export const BRANDS: Record<string, string[]> = {
  paypal: ["paypal.com"],
  amazon: ["amazon.com", "amazon.de", "amazon.co.uk"],
  apple: ["apple.com"],
  microsoft: ["microsoft.com"],
  google: ["google.com"],
  netflix: ["netflix.com"],
  ebay: ["ebay.com", "ebay.de", "ebay.co.uk"],
  facebook: ["facebook.com"],
  instagram: ["instagram.com"],
  dhl: ["dhl.com", "dhl.de"],
  sparkasse: ["sparkasse.de"],
  barclays: ["barclays.co.uk"],
  hsbc: ["hsbc.com", "hsbc.co.uk"],
  chase: ["chase.com"],
  wellsfargo: ["wellsfargo.com"],
};

/**
 * Brands most counterfeited in shops (luxury, sportswear, electronics). Matched only by the shopping-words
 * rule and as whole name parts, never by edit distance: "prada" is one letter from "prado", "chanel" from
 * "channel".
 */
export const COUNTERFEIT_BRANDS: Record<string, string[]> = {
  nike: ["nike.com"],
  adidas: ["adidas.com", "adidas.de"],
  rolex: ["rolex.com"],
  louisvuitton: ["louisvuitton.com"],
  gucci: ["gucci.com"],
  chanel: ["chanel.com"],
  prada: ["prada.com"],
  hermes: ["hermes.com"],
  burberry: ["burberry.com"],
  moncler: ["moncler.com"],
  canadagoose: ["canadagoose.com"],
  northface: ["thenorthface.com"],
  rayban: ["ray-ban.com"],
  oakley: ["oakley.com"],
  pandora: ["pandora.net"],
  michaelkors: ["michaelkors.com"],
  ugg: ["ugg.com"],
  lululemon: ["lululemon.com"],
  newbalance: ["newbalance.com"],
  timberland: ["timberland.com"],
  cartier: ["cartier.com"],
  balenciaga: ["balenciaga.com"],
  yeezy: ["yeezy.com"],
  versace: ["versace.com"],
  dior: ["dior.com"],
  fendi: ["fendi.com"],
  longchamp: ["longchamp.com"],
  swarovski: ["swarovski.com"],
  samsung: ["samsung.com"],
  lego: ["lego.com"],
  dyson: ["dyson.com"],
};

/** Words counterfeit shops put beside a brand: selling, discounts, product kinds, markets, in several languages. */
const SHOP_WORDS = new Set(
  `outlet outlets sale sales shop shops store stores online official cheap cheapest discount discounts deal deals
  replica replicas fake fakes copy factory clearance buy bargain bargains offer offers promo mall market
  bag bags handbag handbags shoe shoes sneaker sneakers boot boots watch watches wallet wallets jewelry jewellery
  clothing clothes jacket jackets sunglasses glasses belt belts hat hats apparel wear
  jacke jacken schuhe taschen uhren sac sacs montres chaussures borse scarpe orologi zapatillas bolsos relojes
  tassen schoenen horloges torebki buty zegarki
  black friday blackfriday cyber monday free shipping hot new best top low price prices wholesale vip boutique
  direct world global center centre hub zone sport sports original authentic luxury brand brands
  uk us usa de fr it es eu au ca nl jp ie at ch be pl se dk no fi nz
  kaufen guenstig gunstig billig angebot angebote soldes pascher pas cher acheter rebajas ofertas oferta barato
  tienda saldi sconti sconto negozio kopen korting winkel sklep tanio promocja obchod levne butik rea
  comprar loja desconto`.split(/\s+/),
);

/** Whether `s` splits entirely into shopping words and runs of digits (a year, a number). Bounded: ≤ 63 chars. */
function shopWords(s: string): boolean {
  if (s.length > 63) return false;
  const ok: boolean[] = [true];
  for (let end = 1; end <= s.length; end++) {
    ok[end] = false;
    for (let start = Math.max(0, end - 14); start < end && !ok[end]; start++) {
      const piece = s.slice(start, end);
      ok[end] = !!ok[start] && (SHOP_WORDS.has(piece) || /^\d+$/.test(piece));
    }
  }
  return ok[s.length] === true;
}

/** The brand a name is made of together with shopping words only, if any (see the module comment). */
function brandWithShopWords(parts: readonly string[], brand: string): boolean {
  for (const [i, part] of parts.entries()) {
    const at = brand.length >= 4 || part === brand ? part.indexOf(brand) : -1;
    if (at < 0) continue;
    const rest = [part.slice(0, at), part.slice(at + brand.length), ...parts.filter((_, j) => j !== i)].filter(Boolean);
    if (rest.length > 0 && rest.every(shopWords)) return true;
  }
  return false;
}

// Look-alike characters folded to what they imitate (UTS #39 confusables, the ASCII-reachable subset).
const FOLD: Record<string, string> = { "0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g" };
const CYRILLIC: Record<string, string> = { а: "a", е: "e", о: "o", р: "p", с: "c", у: "y", х: "x", і: "i", ј: "j" };

function fold(label: string): string {
  return [...label.normalize("NFKC").toLowerCase()]
    .map((ch) => FOLD[ch] ?? CYRILLIC[ch] ?? ch)
    .join("")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w");
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length] ?? 0;
}

export interface Lookalike {
  brand: string;
  /** brand-with-shop-words: a name of nothing but a brand and shopping words — a counterfeit shop's. */
  how: "homograph" | "typo" | "brand-in-name" | "brand-with-shop-words";
}

/** The brand `domain` imitates, if any. `domain` is a registrable domain in Unicode or punycode. */
export function findLookalike(
  domain: string,
  brands: Record<string, string[]> = BRANDS,
  counterfeited: Record<string, string[]> = COUNTERFEIT_BRANDS,
): Lookalike | undefined {
  const info = parse(domain);
  const label = (info.domainWithoutSuffix ?? "").toLowerCase();
  if (!label) return undefined;
  const unicode = label.startsWith("xn--") ? domainToUnicode(label) || label : label;
  const folded = fold(unicode);
  const parts = folded.split(/[-.]/);
  const plain = unicode.toLowerCase().split(/[-.]/);
  // "1" stands for "l" (paypa1) as often as for "i" (n1ke).
  const asI = fold(unicode.replace(/1/g, "i")).split(/[-.]/);
  for (const [brand, owned] of [...Object.entries(brands), ...Object.entries(counterfeited)]) {
    if (owned.includes(domain)) continue;
    // The name as written ("nikeoutlet2024") and with look-alike characters folded ("n1ke-0utlet").
    if ([plain, parts, asI].some((variant) => brandWithShopWords(variant, brand))) {
      return { brand, how: "brand-with-shop-words" };
    }
  }
  for (const [brand, owned] of Object.entries(counterfeited)) {
    if (!owned.includes(domain) && parts.length > 1 && parts.includes(brand)) return { brand, how: "brand-in-name" };
  }
  for (const [brand, owned] of Object.entries(brands)) {
    if (owned.includes(domain)) continue;
    if (folded === brand && unicode !== brand) return { brand, how: label.startsWith("xn--") ? "homograph" : "typo" };
    if (brand.length >= 5 && editDistance(folded, brand) === 1) return { brand, how: "typo" };
    if (parts.includes(brand) && parts.length > 1) {
      // "paypa1-billing" hides the brand behind a swapped character; "paypal-billing" shows it openly.
      const openly = unicode.toLowerCase().split(/[-.]/).includes(brand);
      return { brand, how: openly ? "brand-in-name" : "typo" };
    }
  }
  return undefined;
}
