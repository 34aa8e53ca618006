/**
 * @module Scoring a site from its evidence: explicit gates decide the letter, the points table (points.ts)
 * gives the 0–100 score, and every rating lists the reasons that made it (research/rating.md §3.2).
 *
 * A needs corroboration from outside the site's own words: a business-register match, or an OV/EV
 * certificate whose organisation is the legal name on the site and not a CDN's.
 */

import { formatDate } from "../../shared/human-time.ts";
import { disclosureWords, type GATES, POINTS, type ReasonCode, scoreFromPoints } from "../../shared/points.ts";
import type { Business, Confidence, Letter, RatingInfo, Reason, StoredRating } from "../../shared/rating.ts";
import { clipText } from "../../shared/text.ts";
import type { SiteEvidence } from "./evidence.ts";
import { postcodeKey } from "./signals/address.ts";
import type { RegisterFinding } from "./sources/registers/types.ts";

const HOUR_MS = 3600_000;
/**
 * A reason's detail quotes the site (a name, an address, a URL) and is served with every answer for the
 * rating's life: a hostile site must not make it large. Cut at a word, with "…", well above real details.
 */
export const MAX_DETAIL_CHARS = 300;
const DAY_MS = 24 * HOUR_MS;

/** How long each kind of rating lives before it is re-rated (research/rating.md §5.1). */
export function ratingLifetimeMs(rating: Exclude<Letter, "W">, info: RatingInfo): number {
  if (info === "error" || info === "timeout") return HOUR_MS;
  if (info === "no_website") return DAY_MS;
  if (info === "blocked") return 7 * DAY_MS;
  if (info === "negative_info") return DAY_MS; // blacklists change fast; re-check within a day
  return { A: 30 * DAY_MS, Q: 14 * DAY_MS, X: 7 * DAY_MS, U: 30 * DAY_MS }[rating];
}

function reasonsFor(e: SiteEvidence, now: Date): Reason[] {
  const reasons: Reason[] = [];
  const add = (code: ReasonCode, detail?: string, source?: string) =>
    reasons.push({
      code,
      weight: POINTS[code].weight,
      ...(detail ? { detail: clipText(detail, MAX_DETAIL_CHARS) } : {}),
      ...(source ? { source: clipText(source, MAX_DETAIL_CHARS) } : {}),
    });
  if (e.blacklist) add("blacklisted", e.blacklist.reason ?? e.blacklist.entry, e.blacklist.source);
  if (e.lookalike?.how === "brand-with-shop-words") add("counterfeit_shop_name", e.lookalike.brand);
  else if (e.lookalike) add("lookalike_domain", `${e.lookalike.how} of ${e.lookalike.brand}`);
  const address = e.addresses.find((a) => !a.poBox);
  const box = e.addresses.find((a) => a.poBox);
  if (box && !address) add("po_box_only", `${box.street}, ${box.postcode} ${box.locality}`, box.page);
  if (address) {
    const label = [address.street, `${address.postcode} ${address.locality}`, address.countryCode].join(", ");
    add("address_found", label, address.page);
  }
  const org = e.organizations.find((o) => o.address?.postcode || o.legalName);
  if (org) {
    // "CH-8001" on the page and "8001" in the JSON-LD, "D02 X285" and "D02X285", are the same postcode.
    const agrees =
      address && org.address?.postcode && postcodeKey(org.address.postcode) === postcodeKey(address.postcode);
    add(agrees ? "schema_org_address_agrees" : "schema_org_organization", org.legalName ?? org.name, org.page);
  }
  const name = e.legalNames[0];
  if (name) add("legal_name_found", name.name, name.page);
  for (const r of e.registrations) {
    if (r.kind === "vat") add(r.checksum === "invalid" ? "vat_id_invalid" : "vat_id_found", r.value, r.page);
    else if (r.kind === "lei") add("lei_found", r.value, r.page);
    else if (r.checksum === "invalid") add("company_number_invalid", `${r.kind} ${r.value}`, r.page);
    else add("company_number_found", r.value, r.page);
  }
  for (const f of e.registers ?? []) reasons.push(registerReason(f));
  const phone = e.phones.find((p) => p.valid);
  if (phone && address && phone.country === address.countryCode) add("phone_country_agrees", phone.number);
  else if (phone && address && phone.country && phone.country !== address.countryCode)
    add("phone_country_differs", `${phone.number} is in ${phone.country}, the address in ${address.countryCode}`);
  else if (phone) add("phone_found", phone.number);
  for (const kind of ["contact", "imprint", "about", "terms", "privacy"] as const) {
    if (e.pageKinds.includes(kind)) add(`${kind}_page`);
  }
  if (e.commerce.selling && e.pageKinds.includes("returns")) add("returns_page");
  if (e.commerce.selling)
    add("sells_online", `${e.commerce.prices} prices, ${e.commerce.cartIndicators.length} cart/checkout links`);
  if (e.disclosure && e.disclosure.missing.length === 0) add("disclosure_complete", e.disclosure.law);
  else if (e.disclosure && e.commerce.selling)
    add("disclosure_incomplete", `${e.disclosure.law}: missing ${disclosureWords(e.disclosure.missing)}`);
  if (e.tls) {
    const { validation, organization } = e.tls;
    if ((validation === "EV" || validation === "OV") && e.tls.intermediary) add("tls_intermediary", organization);
    else if (validation === "EV" && e.tls.organizationMatches) add("tls_ev_org_match", organization);
    else if (validation === "OV" && e.tls.organizationMatches) add("tls_ov_org_match", organization);
    else if (validation === "EV" || validation === "OV") add("tls_org_mismatch", organization ?? "no O=");
    else add("tls_dv", e.tls.issuer);
  }
  if (e.scheme === "http") add(e.commerce.selling ? "no_https_selling" : "no_https", e.httpsFailure);
  if (e.hsts) add("hsts");
  if (e.securityTxt?.valid && !e.securityTxt.expired) add("security_txt", e.securityTxt.contacts[0]);
  else if (e.securityTxt?.expired) add("security_txt_expired", e.securityTxt.expires);
  if (e.domainAge?.registeredAt) {
    const days = (now.getTime() - Date.parse(e.domainAge.registeredAt)) / DAY_MS;
    const when = `registered ${formatDate(e.domainAge.registeredAt)}`;
    if (days < 30) add("domain_new", when, e.domainAge.source);
    else if (days < 365) add("domain_young", when, e.domainAge.source);
    else if (days > 5 * 365) add("domain_established", when, e.domainAge.source);
  } else if (e.domainAge) add("domain_age_unknown", e.domainAge.unknown, e.domainAge.source);
  if (e.redirectedTo) add("redirects_off_site", e.redirectedTo);
  return reasons;
}

const REGISTER_CODES = {
  match: "registry_match",
  mismatch: "registry_mismatch",
  closed: "registry_closed",
  not_found: "registry_not_found",
  unverifiable: "registry_unverifiable",
  unavailable: "registry_unavailable",
} as const satisfies Record<RegisterFinding["kind"], ReasonCode>;

/** A register's finding as a reason naming the register, linking to its public record when it has one. */
function registerReason(f: RegisterFinding): Reason {
  const code = REGISTER_CODES[f.kind];
  const detail =
    f.kind === "match"
      ? `${f.label} lists ${f.id} as ${f.name} at ${f.place}`
      : f.kind === "closed"
        ? `${f.label} lists ${f.id}${f.name ? ` (${f.name})` : ""} as ${f.status}`
        : f.kind === "mismatch"
          ? `${f.label}: ${f.why}`
          : f.why;
  return {
    code,
    weight: POINTS[code].weight,
    detail: clipText(detail, MAX_DETAIL_CHARS),
    source: f.label,
    ...(f.link ? { link: f.link } : {}),
  };
}

/** A register could not be asked and none answered definitively: the letter may change when it can be. */
export function awaitsRegister(e: SiteEvidence): boolean {
  const findings = e.registers ?? [];
  return (
    findings.some((f) => f.kind === "unavailable") && !findings.some((f) => f.kind === "match" || f.kind === "closed")
  );
}

/** How soon a rating made without an unavailable register is made again ("retried later"). */
export const REGISTER_RETRY_MS = 2 * HOUR_MS;

function business(e: SiteEvidence): Business | undefined {
  const address = e.addresses.find((a) => !a.poBox) ?? e.addresses[0];
  const org = e.organizations[0];
  const legalName = org?.legalName ?? e.legalNames[0]?.name ?? org?.name;
  const registration = e.registrations.find((r) => r.kind !== "vat" && r.kind !== "lei");
  if (!address && !legalName) return undefined;
  const out: Business = {};
  if (legalName) out.legalName = legalName;
  if (address?.locality) out.locality = address.locality;
  if (address?.region) out.region = address.region;
  if (address?.countryCode) out.countryCode = address.countryCode;
  if (registration) out.registrationNumber = registration.value;
  return out;
}

type Decision = { rating: Exclude<Letter, "W">; info: RatingInfo; gate: keyof typeof GATES; why: string };

/** The gates, first match wins (research/rating.md §3.2). */
export function decideLetter(e: SiteEvidence): Decision {
  if (e.failure) return { rating: "U", info: "no_website", gate: "gate:no_website", why: e.failure.message };
  if (e.robots === "disallowed" || e.robots === "unreachable") {
    const why = `robots.txt ${e.robots === "disallowed" ? "forbids reading" : "answered 5xx"}`;
    return { rating: "U", info: "blocked", gate: "gate:blocked", why };
  }
  if (e.accessDenied) {
    return { rating: "U", info: "blocked", gate: "gate:blocked", why: `the home page answered HTTP ${e.accessDenied}` };
  }
  if (e.blacklist) {
    const why = `listed by ${e.blacklist.source}${e.blacklist.reason ? `: ${e.blacklist.reason}` : ""}`;
    return { rating: "X", info: "negative_info", gate: "gate:negative_info", why };
  }
  const closed = e.registers?.find((f) => f.kind === "closed");
  if (closed?.kind === "closed") {
    const why = `${closed.label} lists ${closed.id}${closed.name ? ` (${closed.name})` : ""} as ${closed.status}`;
    return { rating: "X", info: "negative_info", gate: "gate:negative_info", why };
  }
  // A P.O. box is a mail drop, not a place of business: it does not pass the address gate alone.
  const places = e.addresses.filter((a) => !a.poBox);
  // A brand named openly beside other words may be a reseller stating who it is; a disguised brand never is,
  // nor is a name made of a brand and shopping words only (a counterfeit shop's, lookalike.ts).
  if (e.lookalike && (e.lookalike.how !== "brand-in-name" || places.length === 0)) {
    const why =
      e.lookalike.how === "brand-with-shop-words"
        ? `the name is ${e.lookalike.brand} plus shopping words, as counterfeit shops name themselves`
        : `the name imitates ${e.lookalike.brand} (${e.lookalike.how})`;
    return { rating: "X", info: "negative_info", gate: "gate:negative_info", why };
  }
  if (places.length === 0) {
    const none = e.addresses.length > 0 ? "gives only a P.O. box, no place of business" : "gives no postal address";
    return e.commerce.selling
      ? { rating: "X", info: "no_location", gate: "gate:no_location", why: `sells online but ${none}` }
      : {
          rating: "U",
          info: "non_commercial",
          gate: "gate:non_commercial",
          why: "no postal address, nothing for sale",
        };
  }
  const match = e.registers?.find((f) => f.kind === "match");
  if (match?.kind === "match") {
    const why = `${match.label} lists ${match.id} as ${match.name} at ${match.place}`;
    return { rating: "A", info: "", gate: "gate:verified", why };
  }
  // A register that names someone else, or another place, outweighs the site's own certificate.
  const mismatch = e.registers?.find((f) => f.kind === "mismatch");
  if (mismatch?.kind === "mismatch") {
    const why = `identity stated, contradicted by ${mismatch.label}: ${mismatch.why}`;
    return { rating: "Q", info: "unverified", gate: "gate:unverified", why };
  }
  const tls = e.tls;
  if (tls && (tls.validation === "EV" || tls.validation === "OV") && tls.organizationMatches && !tls.intermediary) {
    const why = `${tls.validation} certificate issued to ${tls.organization}, the company named on the site`;
    return { rating: "A", info: "", gate: "gate:verified", why };
  }
  return {
    rating: "Q",
    info: "unverified",
    gate: "gate:unverified",
    why: "no business register lists it and no OV/EV certificate names the company",
  };
}

function confidenceOf(reasons: Reason[]): Confidence {
  const independent = new Set(reasons.filter((r) => r.weight > 0).map((r) => r.code.split("_")[0])).size;
  return independent >= 5 ? "high" : independent >= 3 ? "medium" : "low";
}

/** Rates the evidence. `jitter` in [0,1) spreads expiries (±10 %) so re-ratings don't bunch up. */
export function scoreEvidence(e: SiteEvidence, now: Date, jitter = Math.random()): StoredRating {
  const decision = decideLetter(e);
  const why = clipText(decision.why, MAX_DETAIL_CHARS);
  const reasons = [{ code: decision.gate, weight: 0, detail: why }, ...reasonsFor(e, now)];
  const sum = reasons.reduce((s, r) => s + r.weight, 0);
  const score = decision.rating === "U" ? 0 : scoreFromPoints(sum);
  const usual = ratingLifetimeMs(decision.rating, decision.info);
  const lifetime = (awaitsRegister(e) ? Math.min(usual, REGISTER_RETRY_MS) : usual) * (0.9 + 0.2 * jitter);
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
