/**
 * @module Demonstration sites whose identity is corroborated from outside their own words (A), and their
 * near misses (Q): an EV and an OV certificate issued to the company, a register match under a DV
 * certificate, a CDN's OV certificate, a certificate for another company, a register number that is not theirs.
 */
import type { DemoSite } from "../web.ts";
import { buildSite } from "./builder.ts";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const LEGAL_PAGES = {
  "/about": "<p>A family business, trading since the 1990s.</p>",
  "/terms": "<p>These terms apply to every order.</p>",
  "/privacy": "<p>We keep only what an order needs.</p>",
};
const RETURNS = { "/returns": "<p>Return anything within 30 days for a full refund.</p>" };
const SECURITY_TXT = "Contact: mailto:security@northgate-instruments.co.uk\nExpires: 2030-01-01T00:00:00Z\n";

export const northgateInstruments: DemoSite = buildSite({
  domain: "northgate-instruments.co.uk",
  title: "Northgate Instruments",
  kind: "UK laboratory-instrument shop with an EV certificate",
  lang: "en-GB",
  tagline: "Calibrated laboratory instruments, shipped from Leeds.",
  expected: {
    rating: "A",
    ratingInfo: "",
    why: "Companies House lists 04417233 as Northgate Instruments Ltd in Leeds, and its EV certificate is issued to that company",
    reasons: [
      "gate:verified",
      "registry_match",
      "tls_ev_org_match",
      "address_found",
      "company_number_found",
      "disclosure_complete",
      "hsts",
      "security_txt",
      "domain_established",
      "phone_country_agrees",
      "returns_page",
    ],
  },
  label: ["Northgate Instruments Ltd", "Unit 7, Riverside Park", "Leeds", "LS11 5DR", "United Kingdom"],
  legal: ["Registered in England and Wales, company number 04417233", "VAT GB 842 1937 26"],
  phone: "+44 113 496 0123",
  email: "sales@northgate-instruments.co.uk",
  products: [
    ["Digital calliper 150 mm", "£49.00"],
    ["Bench multimeter", "£289.00"],
    ["pH meter kit", "£119.50"],
  ],
  extraPages: { "/contact": "", ...LEGAL_PAGES, ...RETURNS },
  tls: { validation: "EV", organization: "Northgate Instruments Ltd", country: "GB" },
  hsts: true,
  securityTxt: SECURITY_TXT,
  registeredAt: daysAgo(8000),
  registers: {
    company: {
      number: "04417233",
      name: "NORTHGATE INSTRUMENTS LIMITED",
      status: "active",
      street: "Unit 7, Riverside Park",
      locality: "Leeds",
      postcode: "LS11 5DR",
    },
  },
});

export const tallisRowe: DemoSite = buildSite({
  domain: "tallis-rowe.co.uk",
  title: "Tallis & Rowe",
  kind: "UK bookbinding supplier found in the business register, DV certificate",
  lang: "en-GB",
  tagline: "Bookbinding cloth, boards and thread for binderies and schools.",
  expected: {
    rating: "A",
    ratingInfo: "",
    why: "the register lists company 08123456 as Tallis & Rowe Limited at OX1 2AB — the name and postcode on the site",
    reasons: [
      "gate:verified",
      "registry_match",
      "tls_dv",
      "schema_org_address_agrees",
      "domain_young",
      "disclosure_complete",
    ],
  },
  label: ["Tallis & Rowe Ltd", "2 Mill Lane", "Oxford", "OX1 2AB"],
  legal: ["Company number 08123456, registered in England and Wales"],
  phone: "+44 1865 960 318",
  email: "orders@tallis-rowe.co.uk",
  products: [
    ["Book cloth, 1 m", "£12.40"],
    ["Linen thread", "£6.90"],
  ],
  extraPages: { "/contact": "", ...LEGAL_PAGES },
  jsonLd: {
    "@context": "https://schema.org",
    "@type": "Organization",
    name: "Tallis & Rowe",
    legalName: "Tallis & Rowe Ltd",
    address: { "@type": "PostalAddress", streetAddress: "2 Mill Lane", postalCode: "OX1 2AB", addressCountry: "GB" },
  },
  tls: { validation: "DV" },
  registeredAt: daysAgo(200),
  register: { number: "08123456", name: "TALLIS & ROWE LIMITED", postcode: "OX1 2AB" },
});

export const lindqvistMoebel: DemoSite = buildSite({
  domain: "lindqvist-moebel.de",
  title: "Lindqvist Möbel",
  kind: "German furniture maker with an OV certificate and a full Impressum",
  lang: "de",
  tagline: "Massivholzmöbel aus Kiel, nach Maß gefertigt.",
  expected: {
    rating: "A",
    ratingInfo: "",
    why: "its OV certificate is issued to Lindqvist Möbel GmbH, the company in the Impressum; .de has no RDAP here, which is neutral",
    reasons: [
      "gate:verified",
      "tls_ov_org_match",
      "vat_id_found",
      "company_number_found",
      "disclosure_complete",
      "domain_age_unknown",
      "imprint_page",
      "lei_found",
      "registry_match",
      "registry_unavailable",
    ],
  },
  label: ["Lindqvist Möbel GmbH", "Hafenstraße 21", "24103 Kiel", "Deutschland"],
  legal: [
    "Geschäftsführerin: Anna Lindqvist",
    "Registergericht: Amtsgericht Kiel, HRB 18342",
    "USt-IdNr.: DE 812 345 673",
    "LEI: 529900LQVMOEBEL0KI56",
  ],
  identityOn: "/impressum",
  phone: "+49 431 5502 210",
  email: "info@lindqvist-moebel.de",
  products: [
    ["Esstisch Eiche", "1.490,00 €"],
    ["Sideboard Nussbaum", "2.150,00 €"],
  ],
  extraPages: {
    "/impressum": "",
    "/kontakt": "<p>Schreiben Sie uns.</p>",
    "/agb": "<p>Allgemeine Geschäftsbedingungen.</p>",
    "/datenschutz": "<p>Datenschutz.</p>",
  },
  names: {
    "/impressum": "Impressum",
    "/kontakt": "Kontakt",
    "/agb": "AGB",
    "/datenschutz": "Datenschutz",
    "/cart": "Warenkorb",
  },
  tls: { validation: "OV", organization: "Lindqvist Möbel GmbH", country: "DE" },
  hsts: true,
  // GLEIF knows its LEI at its address; VIES cannot answer for Germany today (neutral, said as a reason).
  registers: {
    lei: {
      lei: "529900LQVMOEBEL0KI56",
      name: "Lindqvist Möbel GmbH",
      street: "Hafenstraße 21",
      city: "Kiel",
      postalCode: "24103",
      country: "DE",
    },
    vat: { vat: "DE812345673", valid: false, userError: "MS_UNAVAILABLE" },
  },
});

export const cloudsideGadgets: DemoSite = buildSite({
  domain: "cloudside-gadgets.com",
  title: "Cloudside Gadgets",
  kind: "US gadget shop behind a CDN whose OV certificate names the CDN",
  lang: "en-US",
  tagline: "Chargers, cables and cases.",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "the OV certificate names Cloudflare, Inc., the CDN, not the shop: it corroborates nothing (Nagle 2014)",
    reasons: ["gate:unverified", "tls_intermediary", "schema_org_organization", "address_found", "domain_established"],
  },
  label: ["Cloudside Gadgets LLC", "1200 Harbor Blvd", "Oakland, CA 94607"],
  phone: "+1 510 286 0142",
  email: "help@cloudside-gadgets.com",
  products: [
    ["USB-C charger 65 W", "$39.00"],
    ["Braided cable", "$12.00"],
  ],
  extraPages: { "/contact": "", ...RETURNS },
  jsonLd: {
    "@context": "https://schema.org",
    "@type": "OnlineStore",
    name: "Cloudside Gadgets",
    legalName: "Cloudside Gadgets LLC",
  },
  tls: { validation: "OV", organization: "Cloudflare, Inc.", country: "US" },
  registeredAt: daysAgo(3200),
});

export const fernhillCeramics: DemoSite = buildSite({
  domain: "fernhill-ceramics.co.uk",
  title: "Fernhill Ceramics",
  kind: "UK pottery shop whose OV certificate names another company",
  lang: "en-GB",
  tagline: "Hand-thrown stoneware from Devon.",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "the OV certificate is issued to Fernhill Holdings Ltd, not Fernhill Ceramics Ltd; and the UK disclosures lack where it is registered",
    reasons: ["gate:unverified", "tls_org_mismatch", "security_txt_expired", "disclosure_incomplete", "address_found"],
  },
  label: ["Fernhill Ceramics Ltd", "Old Mill, Station Road", "Totnes", "TQ9 5JR"],
  legal: ["Company number 09876543"],
  email: "studio@fernhill-ceramics.co.uk",
  products: [
    ["Stoneware mug", "£18.00"],
    ["Serving bowl", "£46.00"],
  ],
  extraPages: { "/contact": "", "/about": "<p>Two potters and a kiln.</p>" },
  tls: { validation: "OV", organization: "Fernhill Holdings Ltd", country: "GB" },
  securityTxt: "Contact: mailto:studio@fernhill-ceramics.co.uk\nExpires: 2021-01-01T00:00:00Z\n",
  registeredAt: daysAgo(1100),
});

export const harbourLaneBooks: DemoSite = buildSite({
  domain: "harbour-lane-books.co.uk",
  title: "Harbour Lane Books",
  kind: "UK bookshop quoting a company number the register gives to someone else",
  lang: "en-GB",
  tagline: "New and second-hand books by the harbour.",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "company number 07654321 belongs to Quayside Print Ltd in the register, so the number corroborates nothing",
    reasons: ["gate:unverified", "registry_mismatch", "tls_dv", "hsts", "company_number_found"],
  },
  label: ["Harbour Lane Books Ltd", "3 Harbour Lane", "Whitby", "YO21 3PU"],
  legal: ["Registered in England and Wales, company number 07654321"],
  phone: "+44 117 496 0777",
  email: "shop@harbour-lane-books.co.uk",
  products: [
    ["Gift voucher", "£20.00"],
    ["Signed first edition", "£85.00"],
  ],
  extraPages: { "/contact": "", ...LEGAL_PAGES },
  tls: { validation: "DV" },
  hsts: true,
  registeredAt: daysAgo(900),
  register: { number: "07654321", name: "QUAYSIDE PRINT LTD", postcode: "YO21 1AA" },
});
