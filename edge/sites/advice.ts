/**
 * @module What the site's owner can do, following from the letter and the reasons: what an X site must fix,
 * what a Q site needs for A, what a U site's letter means — never "nothing to do" beside a problem. Plain
 * text sentences; the page escapes them.
 */
import { disclosureWords } from "../../shared/points.ts";
import type { StoredRating } from "../../shared/rating.ts";
import { type Rec, rec, sentence } from "./html.ts";
import { describeCode } from "./reasons.ts";

const ADDRESS =
  "Publish the business's postal address as on a mailing label (name, street, postcode and town, country) on the home, contact or imprint page.";
const FOR_A =
  "To be verified (A): be findable in a business register under the legal name and postcode shown on the site, or serve an OV/EV certificate issued to that legal name (not to your CDN or host).";

/** What the letter itself asks of the owner, from the gate that decided it and the evidence behind it. */
function letterAdvice(rating: StoredRating, evidence: Rec | null): string[] {
  switch (rating.ratingInfo) {
    case "negative_info": {
      const out: string[] = [];
      const blacklist = rec(evidence?.blacklist);
      const listed = rating.reasons.some((r) => r.code === "blacklisted");
      if (listed || blacklist)
        out.push(
          `The domain is on a blacklist${blacklist?.source ? ` (${String(blacklist.source)})` : ""}. Ask that list why, remove the cause (malware, phishing pages, a hijacked account) and ask to be delisted; the site is rated again within a day.`,
        );
      const lookalike = rec(evidence?.lookalike);
      if (lookalike || rating.reasons.some((r) => r.code === "lookalike_domain")) {
        const brand = lookalike?.brand ? `"${String(lookalike.brand)}"` : "of a well-known company";
        out.push(
          lookalike?.how === "brand-in-name"
            ? `The domain name contains the brand ${brand} and the site gives no postal address. If you are a reseller, say who you are: publish your own legal name and postal address.`
            : `The domain name imitates the brand ${brand}. A disguised brand name is rated X whatever the site says: use a domain name of your own.`,
        );
      }
      return out.length ? out : ["There is negative information about this site; it is rated again within a day."];
    }
    case "no_location":
      return [`X: the site sells but says nowhere who runs it. ${ADDRESS}`, FOR_A];
    case "unverified":
      return [FOR_A];
    case "":
      return ["Nothing more is needed for A: keep the address, legal name and register entry current."];
    case "no_website":
      return [
        "U: the site could not be reached at all (no such name, or nothing answered). If it should be online, check that its name resolves and that it answers over https, then ask for a re-rating.",
      ];
    case "blocked":
      return [
        'U: the site may not be read. Let the user agent "bonafide" read the home and contact pages in robots.txt (and without a password), then ask for a re-rating.',
      ];
    case "non_commercial":
      return [
        `U: the site sells nothing and shows no postal address, so there is no business to rate, and that is not held against it. If it is a business: ${ADDRESS}`,
      ];
    default:
      return [
        "U: the site could not be rated this time (see the reason below). It is tried again within the hour, or ask for a re-rating.",
      ];
  }
}

/** Every step, letter first, then what each reason against or without points asks; no duplicates. */
export function adviceFor(rating: StoredRating, evidence: Rec | null): string[] {
  const out = letterAdvice(rating, evidence);
  const disclosure = rec(evidence?.disclosure);
  const missing = Array.isArray(disclosure?.missing) ? disclosure.missing.map(String) : [];
  for (const r of rating.reasons) {
    if (r.code === "disclosure_incomplete" && missing.length) continue; // said precisely below
    const advice = describeCode(r.code).advice;
    if (advice) out.push(sentence(advice));
  }
  if (missing.length)
    out.push(`Add ${disclosureWords(missing)} to the imprint or legal page: ${String(disclosure?.law)} asks for it.`);
  return [...new Set(out)];
}
