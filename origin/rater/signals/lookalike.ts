/**
 * @module Domains made to look like a well-known brand's (typosquats, digit-for-letter swaps, brand plus a
 * scary word, IDN homographs): negative only (research/rating.md S15).
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
  how: "homograph" | "typo" | "brand-in-name";
}

/** The brand `domain` imitates, if any. `domain` is a registrable domain in Unicode or punycode. */
export function findLookalike(domain: string, brands: Record<string, string[]> = BRANDS): Lookalike | undefined {
  const info = parse(domain);
  const label = (info.domainWithoutSuffix ?? "").toLowerCase();
  if (!label) return undefined;
  const unicode = label.startsWith("xn--") ? domainToUnicode(label) || label : label;
  const folded = fold(unicode);
  for (const [brand, owned] of Object.entries(brands)) {
    if (owned.includes(domain)) continue;
    if (folded === brand && unicode !== brand) return { brand, how: label.startsWith("xn--") ? "homograph" : "typo" };
    if (brand.length >= 5 && editDistance(folded, brand) === 1) return { brand, how: "typo" };
    const parts = folded.split(/[-.]/);
    if (parts.includes(brand) && parts.length > 1) {
      // "paypa1-billing" hides the brand behind a swapped character; "paypal-billing" shows it openly.
      const openly = unicode.toLowerCase().split(/[-.]/).includes(brand);
      return { brand, how: openly ? "brand-in-name" : "typo" };
    }
  }
  return undefined;
}
