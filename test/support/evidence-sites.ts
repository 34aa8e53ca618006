/**
 * @module Four rated sites as the rater stores them — one per letter A, Q, X, U, each with negative or neutral
 * reasons where such sites have them — and a hostile one whose every text tries to inject markup: seeded
 * into a test database for the evidence page's tests (workerd and browser). Scores are the rater's
 * (scoreFromPoints of the reasons' sum); the older form of a detail (an ISO date) is kept on purpose.
 */
import type { Client } from "@planetscale/database";

export interface SeededSite {
  domain: string;
  rating: "A" | "Q" | "X" | "U";
  ratingInfo: string;
  score: number;
  confidence: "low" | "medium" | "high";
  reasons: { code: string; weight: number; detail?: string; source?: string }[];
  business?: Record<string, string>;
  evidence: Record<string, unknown>;
  /** Days until the rating expires (negative: already expired). */
  lifetimeDays: number;
}

const page = (domain: string, kind: string, path = "") => ({
  url: `https://${domain}/${path}`,
  kind,
  status: 200,
  bytes: 4100,
  truncated: false,
});

export const SITE_A: SeededSite = {
  domain: "marlow-bindery.co.uk",
  rating: "A",
  ratingInfo: "",
  score: 98, // sum 9.5
  confidence: "high",
  reasons: [
    { code: "gate:verified", weight: 0, detail: "Companies House lists 08123456 as Marlow Bindery Ltd" },
    { code: "registry_match", weight: 3, detail: "Marlow Bindery Ltd, 08123456", source: "feed:register.json" },
    {
      code: "address_found",
      weight: 2,
      detail: "2 Mill Lane, OX1 2AB Oxford, GB",
      source: "https://marlow-bindery.co.uk/contact",
    },
    {
      code: "legal_name_found",
      weight: 1,
      detail: "Marlow Bindery Ltd",
      source: "https://marlow-bindery.co.uk/contact",
    },
    { code: "company_number_found", weight: 1, detail: "08123456", source: "https://marlow-bindery.co.uk/contact" },
    { code: "phone_country_agrees", weight: 1, detail: "+44 1865 000000" },
    { code: "contact_page", weight: 0.5 },
    { code: "about_page", weight: 0.5 },
    { code: "privacy_page", weight: 0.5 },
    { code: "tls_dv", weight: 0, detail: "bonafide demonstration CA" },
    {
      code: "domain_established",
      weight: 1,
      detail: "2015-03-04",
      source: "https://rdap.example/domain/marlow-bindery.co.uk",
    },
    {
      code: "disclosure_incomplete",
      weight: -1,
      detail: "UK SI 2013/3134 reg. 13: missing where the company is registered",
    },
  ],
  business: { legalName: "Marlow Bindery Ltd", locality: "Oxford", countryCode: "GB" },
  evidence: {
    domain: "marlow-bindery.co.uk",
    pages: [page("marlow-bindery.co.uk", "home"), page("marlow-bindery.co.uk", "contact", "contact")],
    addresses: [{ lines: ["2 Mill Lane", "Oxford", "OX1 2AB"], page: "https://marlow-bindery.co.uk/contact" }],
    legalNames: [{ name: "Marlow Bindery Ltd", page: "https://marlow-bindery.co.uk/contact" }],
    registrations: [{ kind: "uk-company", value: "08123456", page: "https://marlow-bindery.co.uk/contact" }],
    tls: { validation: "DV", issuer: "bonafide demonstration CA", intermediary: false },
    domainAge: { registeredAt: "2015-03-04T09:12:00Z", source: "https://rdap.example/domain/marlow-bindery.co.uk" },
    disclosure: { law: "UK SI 2013/3134 reg. 13", missing: ["registered_in"] },
    registry: { kind: "match", source: "feed:register.json" },
  },
  lifetimeDays: 30,
};

export const SITE_Q: SeededSite = {
  domain: "fernhill-ceramics.co.uk",
  rating: "Q",
  ratingInfo: "unverified",
  score: 90, // sum 6.5, with a −2
  confidence: "high",
  reasons: [
    {
      code: "gate:unverified",
      weight: 0,
      detail: "no business register lists it and no OV/EV certificate names the company",
    },
    {
      code: "address_found",
      weight: 2,
      detail: "5 Kiln Row, ST1 4AB Stoke-on-Trent, GB",
      source: "http://fernhill-ceramics.co.uk/contact",
    },
    {
      code: "legal_name_found",
      weight: 1,
      detail: "Fernhill Ceramics Ltd",
      source: "http://fernhill-ceramics.co.uk/contact",
    },
    { code: "vat_id_found", weight: 1, detail: "GB123456789" },
    { code: "phone_country_agrees", weight: 1, detail: "+44 1782 000000" },
    { code: "contact_page", weight: 0.5 },
    { code: "imprint_page", weight: 0.5 },
    { code: "privacy_page", weight: 0.5 },
    { code: "terms_page", weight: 0.5 },
    { code: "returns_page", weight: 0.5 },
    { code: "sells_online", weight: 0, detail: "24 prices, 2 cart/checkout links" },
    { code: "no_https_selling", weight: -2, detail: "connection refused on port 443" },
    { code: "domain_established", weight: 1, detail: "registered 2 June 2011" },
  ],
  business: { legalName: "Fernhill Ceramics Ltd", locality: "Stoke-on-Trent", countryCode: "GB" },
  evidence: {
    domain: "fernhill-ceramics.co.uk",
    scheme: "http",
    pages: [page("fernhill-ceramics.co.uk", "home"), page("fernhill-ceramics.co.uk", "contact", "contact")],
    addresses: [{ lines: ["5 Kiln Row", "Stoke-on-Trent", "ST1 4AB"], page: "http://fernhill-ceramics.co.uk/contact" }],
    legalNames: [{ name: "Fernhill Ceramics Ltd", page: "http://fernhill-ceramics.co.uk/contact" }],
  },
  lifetimeDays: 13,
};

export const SITE_X: SeededSite = {
  domain: "paypa1-billing.com",
  rating: "X",
  ratingInfo: "negative_info",
  score: 3, // sum −5
  confidence: "low",
  reasons: [
    { code: "gate:negative_info", weight: 0, detail: "the name imitates paypal (typo)" },
    { code: "lookalike_domain", weight: -2, detail: "typo of paypal" },
    { code: "sells_online", weight: 0, detail: "3 prices, 1 cart/checkout links" },
    { code: "tls_dv", weight: 0, detail: "Let's Encrypt" },
    {
      code: "domain_new",
      weight: -3,
      detail: "registered 28 November 2026",
      source: "https://rdap.example/domain/paypa1-billing.com",
    },
  ],
  evidence: {
    domain: "paypa1-billing.com",
    pages: [page("paypa1-billing.com", "home")],
    lookalike: { brand: "paypal", how: "typo" },
    tls: { validation: "DV", issuer: "Let's Encrypt", intermediary: false },
  },
  lifetimeDays: 1,
};

export const SITE_U: SeededSite = {
  domain: "quiet-garden-notes.net",
  rating: "U",
  ratingInfo: "non_commercial",
  score: 0,
  confidence: "low",
  reasons: [
    { code: "gate:non_commercial", weight: 0, detail: "no postal address, nothing for sale" },
    { code: "about_page", weight: 0.5 },
    { code: "tls_dv", weight: 0, detail: "Let's Encrypt" },
  ],
  evidence: { domain: "quiet-garden-notes.net", pages: [page("quiet-garden-notes.net", "home")] },
  lifetimeDays: 30,
};

const HOSTILE_TEXT = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;

/** Every text a site controls, trying to break out of the HTML it is shown in. */
export const SITE_HOSTILE: SeededSite = {
  domain: "hostile-shop.com",
  rating: "Q",
  ratingInfo: "unverified",
  score: 50,
  confidence: "low",
  reasons: [
    { code: "gate:unverified", weight: 0, detail: HOSTILE_TEXT },
    { code: "legal_name_found", weight: 1, detail: `${HOSTILE_TEXT} Ltd`, source: "javascript:alert(3)" },
    { code: `<b>new_code</b>`, weight: 1, detail: HOSTILE_TEXT },
  ],
  business: { legalName: HOSTILE_TEXT },
  evidence: {
    domain: "hostile-shop.com",
    pages: [{ url: `https://hostile-shop.com/${HOSTILE_TEXT}`, kind: HOSTILE_TEXT, status: 200, bytes: 1 }],
    legalNames: [{ name: HOSTILE_TEXT, page: "https://hostile-shop.com/" }],
    disclosure: { law: HOSTILE_TEXT, missing: [HOSTILE_TEXT] },
  },
  lifetimeDays: 14,
};

export const SEEDED_SITES = [SITE_A, SITE_Q, SITE_X, SITE_U, SITE_HOSTILE] as const;

/** Writes `sites` into the rating table through a client holding the setup credentials. */
export async function seedSites(sql: Client, sites: readonly SeededSite[]): Promise<void> {
  for (const s of sites) {
    await sql.execute(
      `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, evidence, rated_at, expires_at, next_rate_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW(3) - INTERVAL 2 HOUR, NOW(3) + INTERVAL ? HOUR, NOW(3) + INTERVAL ? HOUR)`,
      [
        s.domain,
        s.rating,
        s.ratingInfo,
        s.score,
        s.confidence,
        JSON.stringify(s.reasons),
        s.business ? JSON.stringify(s.business) : null,
        JSON.stringify(s.evidence),
        s.lifetimeDays * 24 - 2,
        s.lifetimeDays * 24 - 2,
      ],
    );
  }
}
