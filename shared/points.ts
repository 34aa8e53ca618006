/**
 * @module The points table: every reason code a rating can carry, its weight (log-odds points summed into
 * the 0–100 score, research/rating.md §3.2) and what it tells a webmaster. Weights are starting values to be
 * calibrated on labelled data; the gates in score.ts, not these points, decide the letter.
 */

export interface PointRule {
  weight: number;
  /** What the reason means, in a sentence a webmaster can read. */
  means: string;
  /** How to do better, when there is something to do. */
  advice?: string;
}

export const POINTS = {
  address_found: { weight: 2, means: "a postal address in mailing-label form, postcode valid for its country" },
  schema_org_address_agrees: {
    weight: 1,
    means: "schema.org Organization data whose postcode agrees with the address",
  },
  schema_org_organization: {
    weight: 0.5,
    means: "schema.org Organization data",
    advice: "give the same postal address in the JSON-LD as on the page",
  },
  legal_name_found: { weight: 1, means: "a company name with its legal form (GmbH, Ltd, Inc …)" },
  company_number_found: { weight: 1, means: "a company register number near legal wording" },
  vat_id_found: { weight: 1, means: "a VAT ID of valid format (and check digits where known)" },
  vat_id_invalid: { weight: -1, means: "a VAT ID whose check digits are wrong", advice: "correct the VAT ID" },
  lei_found: { weight: 1, means: "a Legal Entity Identifier (LEI) with valid check digits" },
  registry_match: {
    weight: 3,
    means: "a business register lists this number under this name at this town or postcode",
  },
  registry_mismatch: {
    weight: -2,
    means: "the register number does not belong to the company named here, or it is registered elsewhere",
    advice: "publish the company's own register number and registered office",
  },
  registry_closed: {
    weight: -5,
    means: "the register lists the company as dissolved, struck off, in liquidation or inactive",
  },
  registry_not_found: {
    weight: -1,
    means: "the register does not know the number given on the site (VIES: not a valid VAT number)",
    advice: "check the register number and VAT ID published on the site",
  },
  registry_unverifiable: {
    weight: 0,
    means: "the register knows the number but gives no name or address to compare it with",
  },
  registry_unavailable: {
    weight: 0,
    means: "a business register could not be asked this time — neutral; the site is rated again soon",
  },
  phone_country_agrees: { weight: 1, means: "a valid phone number in the same country as the address" },
  phone_found: { weight: 0.5, means: "a valid phone number" },
  phone_country_differs: { weight: -1, means: "the phone number is in another country than the address" },
  contact_page: { weight: 0.5, means: "a contact page" },
  imprint_page: { weight: 0.5, means: "an imprint / legal notice page" },
  about_page: { weight: 0.5, means: "an about page" },
  terms_page: { weight: 0.5, means: "terms and conditions" },
  privacy_page: { weight: 0.5, means: "a privacy policy" },
  returns_page: { weight: 0.5, means: "a returns / refund page on a selling site" },
  disclosure_complete: { weight: 1, means: "every disclosure the jurisdiction's law asks for is there" },
  disclosure_incomplete: {
    weight: -1,
    means: "some disclosures the law asks a selling site to make are missing",
    advice: "add the missing items to the imprint or legal page",
  },
  sells_online: { weight: 0, means: "the site sells (prices, cart, checkout or Product/Offer data)" },
  tls_ev_org_match: { weight: 3, means: "an EV certificate issued to the company named on the site" },
  tls_ov_org_match: { weight: 2, means: "an OV certificate issued to the company named on the site" },
  tls_org_mismatch: {
    weight: 0,
    means: "an OV/EV certificate naming another organisation than the site",
    advice: "have the certificate issued to the legal entity named on the site",
  },
  tls_intermediary: {
    weight: 0,
    means: "the certificate names a CDN or host, or is shared by many sites: it says nothing about the owner",
  },
  tls_dv: { weight: 0, means: "a domain-validated certificate, which anyone can get" },
  no_https: { weight: -1, means: "the site is not served over https", advice: "serve the site over https" },
  no_https_selling: {
    weight: -2,
    means: "a selling site not served over https",
    advice: "serve the site, and above all checkout, over https",
  },
  hsts: { weight: 0.5, means: "Strict-Transport-Security for a year or more" },
  security_txt: { weight: 0.5, means: "a valid, unexpired security.txt (RFC 9116)" },
  security_txt_expired: { weight: 0, means: "a security.txt past its Expires date", advice: "renew security.txt" },
  domain_new: { weight: -3, means: "the domain was registered less than 30 days ago" },
  domain_young: { weight: -1, means: "the domain was registered less than a year ago" },
  domain_established: { weight: 1, means: "the domain was registered more than five years ago" },
  domain_age_unknown: { weight: 0, means: "the domain's age could not be learned (no RDAP) — neutral" },
  lookalike_domain: { weight: -2, means: "the domain imitates a well-known brand's" },
  blacklisted: { weight: -5, means: "the domain is on a blacklist" },
  redirects_off_site: { weight: -0.5, means: "the home page sends visitors to another domain" },
} as const satisfies Record<string, PointRule>;

export type ReasonCode = keyof typeof POINTS;

/** The gates, as reason codes too (weight 0): the first one that applies decides the letter. */
export const GATES = {
  "gate:no_website": "U — the site could not be read at all (no such name, nothing listening)",
  "gate:blocked": "U — robots.txt or a password keeps us out",
  "gate:negative_info": "X — on a blacklist, imitating a brand, or closed according to a business register",
  "gate:no_location": "X — sells online but gives no postal address",
  "gate:non_commercial": "U — no postal address and nothing for sale",
  "gate:verified": "A — identity stated and corroborated by a register or an OV/EV certificate",
  "gate:unverified": "Q — identity stated on the site, not corroborated by a third party",
  "gate:error": "U — could not be rated this time; tried again within the hour",
} as const;
