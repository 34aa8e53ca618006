/**
 * @module The points table: every reason code a rating can carry, its weight (log-odds points summed into
 * the 0–100 score, research/rating.md §3.2), its title and what it tells a webmaster — the one home of the
 * words people read for a code (the evidence page, the CLI). Weights are starting values to be calibrated on
 * labelled data; the gates in score.ts, not these points, decide the letter.
 */

export interface PointRule {
  /** A short plain-language title shown instead of the code. */
  title: string;
  weight: number;
  /** What the reason means, in a sentence a webmaster can read. */
  means: string;
  /** How to do better, when there is something to do. */
  advice?: string;
}

export const POINTS = {
  address_found: {
    title: "Postal address found",
    weight: 2,
    means: "a postal address in mailing-label form, postcode valid for its country",
  },
  schema_org_address_agrees: {
    title: "Structured data agrees with the address",
    weight: 1,
    means: "schema.org Organization data whose postcode agrees with the address",
  },
  schema_org_organization: {
    title: "Structured data names the organisation",
    weight: 0.5,
    means: "schema.org Organization data",
    advice: "give the same postal address in the JSON-LD as on the page",
  },
  po_box_only: {
    title: "Only a P.O. box",
    weight: -1,
    means: "the only address given is a P.O. box: a mail drop, not a place of business",
    advice: "give the street address where the business can be found",
  },
  legal_name_found: {
    title: "Legal name found",
    weight: 1,
    means: "a company name with its legal form (GmbH, Ltd, Inc …)",
  },
  company_number_found: {
    title: "Company number found",
    weight: 1,
    means: "a company register number near legal wording",
  },
  company_number_invalid: {
    title: "Company number is not valid",
    weight: -1,
    means: "a company or tax number whose check digits are wrong",
    advice: "correct the number",
  },
  vat_id_found: {
    title: "VAT number found",
    weight: 1,
    means: "a VAT ID of valid format (and check digits where known)",
  },
  vat_id_invalid: {
    title: "VAT number is not valid",
    weight: -1,
    means: "a VAT ID whose check digits are wrong",
    advice: "correct the VAT ID",
  },
  lei_found: {
    title: "Legal Entity Identifier (LEI) found",
    weight: 1,
    means: "a Legal Entity Identifier (LEI) with valid check digits",
  },
  registry_match: {
    title: "Confirmed by a business register",
    weight: 3,
    means: "a business register lists this number under this name at this postcode",
  },
  registry_mismatch: {
    title: "Business register disagrees",
    weight: -2,
    means: "the register number does not belong to the company named here, or it is registered elsewhere",
    advice: "publish the company's own register number and registered office",
  },
  registry_closed: {
    title: "Register lists the company as closed",
    weight: -5,
    means: "the register lists the company as dissolved, struck off, in liquidation or inactive",
  },
  registry_not_found: {
    title: "Register does not know the number",
    weight: -1,
    means: "the register does not know the number given on the site (VIES: not a valid VAT number)",
    advice: "check the register number and VAT ID published on the site",
  },
  registry_unverifiable: {
    title: "Register gives nothing to compare",
    weight: 0,
    means: "the register knows the number but gives no name or address to compare",
  },
  registry_unavailable: {
    title: "Register could not be asked",
    weight: 0,
    means: "a business register could not be asked this time — neutral; the site is rated again soon",
  },
  phone_country_agrees: {
    title: "Phone number in the same country",
    weight: 1,
    means: "a valid phone number in the same country as the address",
  },
  phone_found: { title: "Phone number found", weight: 0.5, means: "a valid phone number" },
  phone_country_differs: {
    title: "Phone number in another country",
    weight: -1,
    means: "the phone number is in another country than the address",
  },
  contact_page: { title: "Contact page", weight: 0.5, means: "a contact page" },
  imprint_page: { title: "Imprint / legal notice", weight: 0.5, means: "an imprint / legal notice page" },
  about_page: { title: "About page", weight: 0.5, means: "an about page" },
  terms_page: { title: "Terms and conditions", weight: 0.5, means: "terms and conditions" },
  privacy_page: { title: "Privacy policy", weight: 0.5, means: "a privacy policy" },
  returns_page: { title: "Returns policy", weight: 0.5, means: "a returns / refund page on a selling site" },
  disclosure_complete: {
    title: "Legal disclosures complete",
    weight: 1,
    means: "every disclosure the jurisdiction's law asks for is there",
  },
  disclosure_incomplete: {
    title: "Legal disclosures missing",
    weight: -1,
    means: "some disclosures the law asks a selling site to make are missing",
    advice: "add the missing items to the imprint or legal page",
  },
  sells_online: {
    title: "Sells online",
    weight: 0,
    means: "the site sells (prices, cart, checkout or Product/Offer data)",
  },
  tls_ev_org_match: {
    title: "EV certificate in the company's name",
    weight: 3,
    means: "an EV certificate issued to the company named on the site",
  },
  tls_ov_org_match: {
    title: "OV certificate in the company's name",
    weight: 2,
    means: "an OV certificate issued to the company named on the site",
  },
  tls_org_mismatch: {
    title: "Certificate names another organisation",
    weight: 0,
    means: "an OV/EV certificate naming another organisation than the site",
    advice: "have the certificate issued to the legal entity named on the site",
  },
  tls_intermediary: {
    title: "Certificate belongs to a CDN or host",
    weight: 0,
    means: "the certificate names a CDN or host, or is shared by many sites: it says nothing about the owner",
  },
  tls_dv: {
    title: "Basic (domain-validated) certificate",
    weight: 0,
    means: "a domain-validated certificate, which anyone can get",
  },
  no_https: {
    title: "No https",
    weight: -1,
    means: "the site is not served over https",
    advice: "serve the site over https",
  },
  no_https_selling: {
    title: "Sells without https",
    weight: -2,
    means: "a selling site not served over https",
    advice: "serve the site, and above all checkout, over https",
  },
  hsts: { title: "Strict transport security", weight: 0.5, means: "Strict-Transport-Security for a year or more" },
  security_txt: {
    title: "Security contact published (security.txt)",
    weight: 0.5,
    means: "a valid, unexpired security.txt (RFC 9116)",
  },
  security_txt_expired: {
    title: "Security contact file expired (security.txt)",
    weight: 0,
    means: "a security.txt past its Expires date",
    advice: "renew security.txt",
  },
  domain_new: {
    title: "Domain registered very recently",
    weight: -3,
    means: "the domain was registered less than 30 days ago",
  },
  domain_young: {
    title: "Domain less than a year old",
    weight: -1,
    means: "the domain was registered less than a year ago",
  },
  domain_established: {
    title: "Domain more than five years old",
    weight: 1,
    means: "the domain was registered more than five years ago",
  },
  domain_age_unknown: {
    title: "Domain age unknown",
    weight: 0,
    means: "the domain's age could not be learned (no RDAP) — neutral",
  },
  lookalike_domain: {
    title: "Domain name imitates a brand",
    weight: -2,
    means: "the domain name imitates the name of a well-known brand",
  },
  counterfeit_shop_name: {
    title: "Domain name sells a brand it does not own",
    weight: -3,
    means: "the domain is a well-known brand's name with shopping words (outlet, sale, cheap, replica …)",
  },
  blacklisted: { title: "On a blacklist", weight: -5, means: "the domain is on a blacklist" },
  redirects_off_site: {
    title: "Sends visitors to another domain",
    weight: -0.5,
    means: "the home page sends visitors to another domain",
  },
} as const satisfies Record<string, PointRule>;

export type ReasonCode = keyof typeof POINTS;

export interface GateRule {
  /** Why the letter is what it is, as a title. */
  title: string;
  /** The letter and what the gate means, in a sentence. */
  means: string;
}

/** The gates, as reason codes too (weight 0): the first one that applies decides the letter. */
export const GATES = {
  "gate:no_website": {
    title: "The site could not be reached",
    means: "U — the site could not be read at all (no such name, nothing listening)",
  },
  "gate:blocked": { title: "Reading the site is not allowed", means: "U — robots.txt or a password keeps us out" },
  "gate:negative_info": {
    title: "Negative information",
    means: "X — on a blacklist, or imitating a brand",
  },
  "gate:no_location": {
    title: "Sells online without a postal address",
    means: "X — sells online but gives no postal address (a P.O. box alone is none)",
  },
  "gate:non_commercial": {
    title: "Not a business site",
    means: "U — no postal address and nothing for sale",
  },
  "gate:verified": {
    title: "Identity confirmed by a third party",
    means: "A — identity stated and corroborated by a register or an OV/EV certificate",
  },
  "gate:unverified": {
    title: "Identity stated, not confirmed",
    means: "Q — identity stated on the site, not corroborated by a third party",
  },
  "gate:error": {
    title: "Could not be rated this time",
    means: "U — could not be rated this time; tried again within the hour",
  },
} as const satisfies Record<string, GateRule>;

/** The most a score can be: a rating rests on what a crawler read, so it never claims certainty. */
export const MAX_SCORE = 99;
/** The points sum at which the score is 50, and how many points move it by one unit of log-odds. */
export const SCORE_MIDPOINT = 2;
export const SCORE_POINTS_PER_LOGIT = 2;

/**
 * The API's `score` (0–99) for a rating's points sum: `round(100 / (1 + e^-((sum - 2) / 2)))`, at most 99
 * — 2 points make 50, 4 make 73, 6 make 88, 8 make 95, 10 make 98. The slope of 1/2 (research/rating.md had 1)
 * keeps the score telling apart sites past 7 points, where it used to stand at 100, so that a negative reason
 * always shows in it. U ratings score 0 (score.ts): there is nothing to score.
 */
export function scoreFromPoints(sum: number): number {
  const score = Math.round(100 / (1 + Math.exp(-(sum - SCORE_MIDPOINT) / SCORE_POINTS_PER_LOGIT)));
  return Math.min(MAX_SCORE, Math.max(0, score));
}

/** The legal disclosures a jurisdiction asks for (origin/rater/signals/disclosure.ts), in words. */
export const DISCLOSURE_ITEM_WORDS: Readonly<Record<string, string>> = {
  legal_name: "the legal name",
  postal_address: "a postal address",
  email: "an e-mail address",
  phone: "a phone number",
  company_number: "the company number",
  registered_in: "where the company is registered",
  vat_id: "the VAT number",
  register_court: "the register court",
};

/** "the company number and where the company is registered": disclosure items as a phrase. */
export function disclosureWords(items: readonly string[]): string {
  const words = items.map((i) => DISCLOSURE_ITEM_WORDS[i] ?? i.replace(/_/g, " "));
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}` : (words[0] ?? "");
}
