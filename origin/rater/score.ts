/**
 * @module Scoring a site from its evidence: explicit gates decide the letter, a points table gives the
 * 0–100 score, and every rating lists the reasons that made it (research/rating.md §3.2).
 *
 * A needs corroboration from outside the site's own words; nothing in this first version provides it, so
 * an identified site is Q until registry and certificate sources are added.
 */
import type { Business, Confidence, Letter, RatingInfo, Reason, StoredRating } from "../../shared/rating.ts";
import type { SiteEvidence } from "./evidence.ts";

const DAY_MS = 24 * 3600_000;

/** How long each kind of rating lives before it is re-rated (research/rating.md §5.1). */
export function ratingLifetimeMs(rating: Exclude<Letter, "W">, info: RatingInfo): number {
  if (info === "error" || info === "timeout") return 3600_000;
  if (info === "no_website") return DAY_MS;
  if (info === "blocked") return 7 * DAY_MS;
  return { A: 30 * DAY_MS, Q: 14 * DAY_MS, X: 7 * DAY_MS, U: 30 * DAY_MS }[rating];
}

function reasonsFor(e: SiteEvidence): Reason[] {
  const reasons: Reason[] = [];
  const add = (code: string, weight: number, detail?: string, source?: string) =>
    reasons.push({ code, weight, ...(detail ? { detail } : {}), ...(source ? { source } : {}) });
  const address = e.addresses[0];
  if (address)
    add(
      "address_found",
      2,
      [address.street, `${address.postcode} ${address.locality}`, address.countryCode].join(", "),
      address.page,
    );
  const org = e.organizations.find((o) => o.address?.postcode || o.legalName);
  if (org) {
    const agrees = address && org.address?.postcode?.replace(/\s/g, "") === address.postcode.replace(/\s/g, "");
    add(
      agrees ? "schema_org_address_agrees" : "schema_org_organization",
      agrees ? 1 : 0.5,
      org.legalName ?? org.name,
      org.page,
    );
  }
  const name = e.legalNames[0];
  if (name) add("legal_name_found", 1, name.name, name.page);
  for (const r of e.registrations) {
    if (r.kind === "vat")
      add(
        r.checksum === "invalid" ? "vat_id_invalid" : "vat_id_found",
        r.checksum === "invalid" ? -1 : 1,
        r.value,
        r.page,
      );
    else add("company_number_found", 1, r.value, r.page);
  }
  if (e.phones.length) add("phone_found", 0.5, e.phones[0]);
  for (const kind of ["contact", "imprint", "about", "terms", "privacy"] as const) {
    if (e.pageKinds.includes(kind)) add(`${kind}_page`, 0.5);
  }
  if (e.commerce.selling && e.pageKinds.includes("returns")) add("returns_page", 0.5);
  if (e.commerce.selling)
    add("sells_online", 0, `${e.commerce.prices} prices, ${e.commerce.cartIndicators.length} cart/checkout links`);
  if (e.scheme === "http") add("no_https", e.commerce.selling ? -2 : -1, e.httpsFailure);
  if (e.hsts) add("hsts", 0.5);
  if (e.redirectedTo) add("redirects_off_site", -0.5, e.redirectedTo);
  return reasons;
}

function business(e: SiteEvidence): Business | undefined {
  const address = e.addresses[0];
  const org = e.organizations[0];
  const legalName = org?.legalName ?? e.legalNames[0]?.name ?? org?.name;
  const registration = e.registrations.find((r) => r.kind !== "vat");
  if (!address && !legalName) return undefined;
  const out: Business = {};
  if (legalName) out.legalName = legalName;
  if (address?.locality) out.locality = address.locality;
  if (address?.region) out.region = address.region;
  if (address?.countryCode) out.countryCode = address.countryCode;
  if (registration) out.registrationNumber = registration.value;
  return out;
}

function gate(e: SiteEvidence): { rating: Exclude<Letter, "W">; info: RatingInfo; gate: string } {
  if (e.failure) return { rating: "U", info: "no_website", gate: `site unreachable: ${e.failure.code}` };
  if (e.robots === "disallowed" || e.robots === "unreachable") {
    return {
      rating: "U",
      info: "blocked",
      gate: `robots.txt ${e.robots === "disallowed" ? "forbids reading" : "answered 5xx"}`,
    };
  }
  if (e.accessDenied) return { rating: "U", info: "blocked", gate: `the home page answered HTTP ${e.accessDenied}` };
  const identified = e.addresses.length > 0;
  if (!identified) {
    return e.commerce.selling
      ? { rating: "X", info: "no_location", gate: "sells online but gives no postal address" }
      : { rating: "U", info: "non_commercial", gate: "no postal address and nothing for sale" };
  }
  return { rating: "Q", info: "unverified", gate: "identity stated on the site, not corroborated by a third party" };
}

function confidenceOf(reasons: Reason[]): Confidence {
  const independent = new Set(reasons.filter((r) => r.weight > 0).map((r) => r.code.split("_")[0])).size;
  return independent >= 5 ? "high" : independent >= 3 ? "medium" : "low";
}

/** Rates the evidence. `jitter` in [0,1) spreads expiries (±10 %) so re-ratings don't bunch up. */
export function scoreEvidence(e: SiteEvidence, now: Date, jitter = Math.random()): StoredRating {
  const decision = gate(e);
  const reasons = [
    { code: `gate:${decision.info || decision.rating}`, weight: 0, detail: decision.gate },
    ...reasonsFor(e),
  ];
  const sum = reasons.reduce((s, r) => s + r.weight, 0);
  const score = decision.rating === "U" ? 0 : Math.round(100 / (1 + Math.exp(-(sum - 2))));
  const lifetime = ratingLifetimeMs(decision.rating, decision.info) * (0.9 + 0.2 * jitter);
  const rating: StoredRating = {
    domain: e.domain,
    rating: decision.rating,
    ratingInfo: decision.info,
    score,
    confidence: confidenceOf(reasons),
    reasons,
    ratedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + lifetime).toISOString(),
  };
  const b = business(e);
  if (b && decision.rating !== "U") rating.business = b;
  return rating;
}
