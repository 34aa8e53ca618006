/**
 * @module The shape of one evaluation site as the corpus builder writes it (test/eval/sites/<domain>/site.json)
 * and the harness reads it back. The expected letter is written from the gates' definitions
 * (research/rating.md §3.2, score.ts decideLetter), never from what the rater happens to output.
 */

export const PLATFORMS = [
  "shopify",
  "woocommerce",
  "magento",
  "bigcommerce",
  "prestashop",
  "shopware",
  "wix",
  "squarespace",
  "handwritten",
  "wordpress",
] as const;
export type Platform = (typeof PLATFORMS)[number];

export type ExpectedLetter = "A" | "Q" | "X" | "U";

export interface Expected {
  rating: ExpectedLetter;
  ratingInfo: "" | "unverified" | "no_location" | "negative_info" | "non_commercial" | "blocked" | "no_website";
  /** One line: which gate decides, and on what evidence. */
  why: string;
}

/** What the harness needs to serve a site and judge its rating. */
export interface SiteManifest {
  domain: string;
  platform: Platform;
  /** ISO 3166-1 alpha-2 of the business's country (UK written GB). */
  country: string;
  /** BCP 47 language of the pages. */
  language: string;
  /** What sort of site it is and what makes it a case, in a few words. */
  kind: string;
  expected: Expected;
  /** Request path → HTML file in the site's folder. */
  pages: Record<string, string>;
  robotsTxt?: string;
  robotsStatus?: number;
  /** The certificate it serves https with (the harness's throw-away CA); absent: a DV one. */
  tls?: { validation: "EV" | "OV" | "DV"; organization?: string; country?: string };
  /** An entry the harness's stand-in register feed holds for this site (origin/rater/sources/registry.ts). */
  register?: { register: string; number: string; name: string; postcode?: string; status?: "active" | "dissolved" };
  /** Why the harness's blacklist feed lists it. */
  blacklisted?: string;
  /** Nothing listens for it (no website). */
  unreachable?: boolean;
}
