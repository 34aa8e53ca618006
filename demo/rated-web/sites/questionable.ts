/**
 * @module Demonstration sites that must not get a good rating, and sites that cannot be rated: a brand
 * lookalike, a blacklisted shop, a shop with a phone but no address, an Italian and a German shop with
 * gaps in their disclosures, a site that no longer answers, one whose robots.txt fails, one that moved away,
 * one trading under a dissolved company.
 */
import type { DemoSite } from "../web.ts";
import { buildSite } from "./builder.ts";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

export const paypalBillingLookalike: DemoSite = buildSite({
  domain: "paypa1-billing.com",
  title: "Billing Centre",
  kind: "a phishing-style page on a name imitating PayPal, new, DV certificate",
  lang: "en",
  tagline: "Your account is limited. Log in to restore access.",
  expected: {
    rating: "X",
    ratingInfo: "negative_info",
    why: 'the name imitates paypal ("1" for "l"), registered days ago',
    reasons: ["gate:negative_info", "lookalike_domain", "tls_dv", "domain_new"],
  },
  extraPages: { "/privacy": "<p>Privacy.</p>" },
  tls: { validation: "DV" },
  registeredAt: daysAgo(5),
});

export const cheapWatchesDirect: DemoSite = buildSite({
  domain: "cheap-watches-direct.com",
  title: "Cheap Watches Direct",
  kind: "a watch shop on the demo blacklist, http only",
  lang: "en",
  tagline: "Luxury watches at 90% off!",
  expected: {
    rating: "X",
    ratingInfo: "negative_info",
    why: "the demo blacklist lists it for non-delivery, whatever the site says about itself",
    reasons: ["gate:negative_info", "blacklisted", "no_https_selling", "address_found"],
  },
  label: ["Cheap Watches Direct Ltd", "88 Kingsway", "London", "WC2B 6AA"],
  products: [
    ["Submariner style", "£59.00"],
    ["Chronograph gold", "£79.00"],
    ["Diver 300", "£49.00"],
  ],
  extraPages: { "/contact": "" },
  blacklisted: "reported for non-delivery",
  registeredAt: daysAgo(400),
});

export const sunriseSupplements: DemoSite = buildSite({
  domain: "sunrise-supplements.com",
  title: "Sunrise Supplements",
  kind: "a supplement shop with a phone number and no address, young domain",
  lang: "en",
  tagline: "Feel better by Friday.",
  expected: {
    rating: "X",
    ratingInfo: "no_location",
    why: "sells online, gives a phone number but no postal address anywhere",
    reasons: ["gate:no_location", "phone_found", "sells_online", "tls_dv", "domain_young", "contact_page"],
  },
  phone: "+44 20 7946 0958",
  products: [
    ["Vitamin D3", "£14.99"],
    ["Omega 3", "£19.99"],
    ["Sleep blend", "£24.99"],
  ],
  extraPages: {
    "/contact": '<p>Call us: <a href="tel:+442079460958">+44 20 7946 0958</a></p>',
    "/terms": "<p>Terms.</p>",
  },
  tls: { validation: "DV" },
  registeredAt: daysAgo(90),
});

export const pasticceriaRossi: DemoSite = buildSite({
  domain: "rossi-pasticceria.it",
  title: "Pasticceria Rossi",
  kind: "Italian pastry shop: Italian link text, a British phone number, no register number",
  lang: "it",
  tagline: "Dolci artigianali da Bologna, spediti in tutta Italia.",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "address and VAT number are stated but nothing corroborates them; the phone is British; EU Art. 5 also wants the register number",
    reasons: [
      "gate:unverified",
      "address_found",
      "vat_id_found",
      "phone_country_differs",
      "disclosure_incomplete",
      "contact_page",
      "about_page",
      "no_https_selling",
      "registry_not_found",
    ],
  },
  label: ["Pasticceria Rossi S.r.l.", "Via Garibaldi 12", "40124 Bologna", "Italia"],
  legal: ["P.IVA IT 01234567897"],
  identityOn: "/contatti",
  phone: "+44 20 7946 0958",
  email: "ordini@rossi-pasticceria.it",
  products: [
    ["Torta della nonna", "24,00 €"],
    ["Cantucci 500 g", "9,50 €"],
  ],
  extraPages: { "/contatti": "", "/chi-siamo": "<p>Dal 1978.</p>" },
  names: { "/contatti": "Contatti", "/chi-siamo": "Chi siamo", "/cart": "Carrello" },
  // VIES does not know the number: its check digit is right, but it was never issued.
  registers: { vat: { vat: "IT01234567897", valid: false } },
});

export const kesslerGartenbedarf: DemoSite = buildSite({
  domain: "kessler-gartenbedarf.de",
  title: "Kessler Gartenbedarf",
  kind: "German garden shop whose VAT ID fails its check digit",
  lang: "de",
  tagline: "Saatgut, Werkzeug und Erde.",
  expected: {
    rating: "Q",
    ratingInfo: "unverified",
    why: "an Impressum with an address, but the USt-IdNr. fails its ISO 7064 check digit and no phone or register court is given",
    reasons: ["gate:unverified", "vat_id_invalid", "disclosure_incomplete", "imprint_page", "no_https_selling"],
  },
  label: ["Kessler Gartenbedarf e.K.", "Lindenweg 3", "72072 Tübingen"],
  legal: ["USt-IdNr.: DE 314 159 260"],
  identityOn: "/impressum",
  email: "post@kessler-gartenbedarf.de",
  products: [
    ["Tomatensamen", "2,90 €"],
    ["Spaten", "34,00 €"],
  ],
  extraPages: { "/impressum": "" },
  names: { "/impressum": "Impressum", "/cart": "Warenkorb" },
});

export const closedForGood: DemoSite = {
  domain: "closed-for-good.com",
  title: "Closed for good",
  kind: "a name whose server no longer answers",
  expected: {
    rating: "U",
    ratingInfo: "no_website",
    why: "nothing listens on either https or http: no website, a lasting answer (not retried for a day)",
    reasons: ["gate:no_website"],
  },
  pages: {},
  unreachable: true,
};

export const stagingPreview: DemoSite = buildSite({
  domain: "staging-preview.net",
  title: "Staging preview",
  kind: "a site whose robots.txt answers 503",
  lang: "en",
  tagline: "Coming soon.",
  expected: {
    rating: "U",
    ratingInfo: "blocked",
    why: "robots.txt answers 503: RFC 9309 §2.3.1.4 says to assume complete disallow",
    reasons: ["gate:blocked"],
  },
  robotsStatus: 503,
});

export const oldBrandName: DemoSite = buildSite({
  domain: "old-brand-name.com",
  title: "Old brand name",
  kind: "a retired name whose home page redirects to another company's domain",
  lang: "en",
  tagline: "We have moved.",
  expected: {
    rating: "U",
    ratingInfo: "non_commercial",
    why: "the home page moves to hartmann-werkzeuge.de, another domain; nothing here to rate (rate that domain instead)",
    reasons: ["gate:non_commercial", "redirects_off_site"],
  },
  redirectTo: "http://hartmann-werkzeuge.de/",
});

export const ashcombeInteriors: DemoSite = buildSite({
  domain: "ashcombe-interiors.co.uk",
  title: "Ashcombe Interiors",
  kind: "UK furnishing shop still selling under a company Companies House lists as dissolved",
  lang: "en-GB",
  tagline: "Curtains, cushions and upholstery fabric from Bath.",
  expected: {
    rating: "X",
    ratingInfo: "negative_info",
    why: "Companies House lists company 09345127, Ashcombe Interiors Ltd, as dissolved: nobody stands behind the orders",
    reasons: ["gate:negative_info", "registry_closed", "address_found", "company_number_found", "sells_online"],
  },
  label: ["Ashcombe Interiors Ltd", "14 Walcot Street", "Bath", "BA1 5BG"],
  legal: ["Registered in England and Wales, company number 09345127"],
  phone: "+44 1225 960 411",
  email: "hello@ashcombe-interiors.co.uk",
  products: [
    ["Linen cushion cover", "£28.00"],
    ["Velvet curtain, per metre", "£34.00"],
  ],
  extraPages: { "/contact": "" },
  tls: { validation: "DV" },
  registeredAt: daysAgo(2400),
  registers: {
    company: {
      number: "09345127",
      name: "ASHCOMBE INTERIORS LTD",
      status: "dissolved",
      street: "14 Walcot Street",
      locality: "Bath",
      postcode: "BA1 5BG",
    },
  },
});
