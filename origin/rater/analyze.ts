/**
 * @module Turns a crawl into evidence: every signal found on every page, each with the page it came from.
 */
import type { Crawl } from "./crawl.ts";
import type { Found, SiteEvidence } from "./evidence.ts";
import { findAddresses, type PostalAddress } from "./signals/address.ts";
import { checkDisclosure } from "./signals/disclosure.ts";
import {
  findLegalNames,
  findOrganizations,
  findPhones,
  findRegistrations,
  type Organization,
  type Registration,
} from "./signals/identity.ts";
import { findLookalike } from "./signals/lookalike.ts";
import { checkPhones } from "./signals/phone.ts";
import { parseSecurityTxt } from "./signals/security-txt.ts";
import { type CommerceSignals, findCommerce, isSelling, type PageKind } from "./signals/site.ts";
import { readCertificate, sameCompany } from "./signals/tls.ts";

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const REGISTERED_IN = /registered in (?:england|scotland|wales|northern ireland)|registered office/i;
const REGISTER_COURT = /amtsgericht|registergericht|register court|handelsregister/i;

const TLD_COUNTRY: Record<string, string> = {
  de: "DE",
  uk: "GB",
  at: "AT",
  ch: "CH",
  fr: "FR",
  nl: "NL",
  be: "BE",
  it: "IT",
  es: "ES",
  dk: "DK",
  se: "SE",
  fi: "FI",
  ie: "IE",
  pl: "PL",
  us: "US",
  ca: "CA",
  au: "AU",
  lu: "LU",
  no: "NO",
  nz: "NZ",
  pt: "PT",
  cz: "CZ",
  sk: "SK",
  hu: "HU",
  jp: "JP",
  br: "BR",
  in: "IN",
};

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Builds the evidence for `domain` from its crawl at `now`. */
export function analyzeCrawl(domain: string, crawl: Crawl, now: Date): SiteEvidence {
  const tldCountry = TLD_COUNTRY[domain.split(".").at(-1) ?? ""];
  const addresses: Found<PostalAddress>[] = [];
  const legalNames: Found<{ name: string }>[] = [];
  const registrations: Found<Registration>[] = [];
  const organizations: Found<Organization>[] = [];
  const phones: string[] = [];
  const emails = new Set<string>();
  let registeredIn = false;
  let registerCourt = false;
  const commerce: CommerceSignals[] = [];
  const kinds = new Set<PageKind>();

  for (const { record, parsed } of crawl.pages) {
    if (!parsed) continue;
    if (record.kind !== "home") kinds.add(record.kind);
    const page = record.url;
    addresses.push(...findAddresses(parsed.lines, tldCountry).map((a) => ({ ...a, page })));
    legalNames.push(...findLegalNames(parsed.lines).map((name) => ({ name, page })));
    registrations.push(...findRegistrations(parsed.lines).map((r) => ({ ...r, page })));
    organizations.push(...findOrganizations(parsed.jsonLd).map((o) => ({ ...o, page })));
    const tel = parsed.links.filter((l) => /^tel:/i.test(l.href)).map((l) => l.href);
    phones.push(...findPhones(parsed.lines, tel));
    for (const l of parsed.links) if (/^mailto:/i.test(l.href)) emails.add(l.href.slice(7).split("?")[0] ?? "");
    for (const line of parsed.lines) {
      for (const m of line.matchAll(EMAIL)) emails.add(m[0].toLowerCase());
      registeredIn ||= REGISTERED_IN.test(line);
      registerCourt ||= REGISTER_COURT.test(line);
    }
    commerce.push(findCommerce(parsed));
  }

  const home = crawl.pages[0];
  const homeStatus = home?.record.status ?? null;
  // RFC 6797 §6.1.1; a year or more is what the preload list asks and what counts as a real commitment.
  const maxAge = Number(/max-age="?(\d+)/i.exec(home?.headers["strict-transport-security"] ?? "")?.[1] ?? 0);
  const hsts = maxAge >= 31_536_000 && crawl.scheme === "https";
  const evidence: SiteEvidence = {
    domain,
    fetchedAt: now.toISOString(),
    robots: crawl.robots,
    scheme: crawl.scheme,
    hsts,
    pages: crawl.pages.map((p) => p.record),
    addresses: dedupe(addresses, (a) => `${a.postcode}|${a.street}`.toLowerCase()),
    legalNames: dedupe(legalNames, (n) => n.name.toLowerCase()),
    registrations: dedupe(registrations, (r) => `${r.kind}|${r.value}`),
    phones: checkPhones([...new Set(phones)], addresses[0]?.countryCode ?? tldCountry),
    emails: [...emails].filter(Boolean).slice(0, 10),
    organizations: dedupe(organizations, (o) => JSON.stringify({ ...o, page: "" })),
    pageKinds: [...kinds],
    commerce: {
      selling: isSelling(commerce),
      prices: commerce.reduce((n, c) => n + c.prices, 0),
      cartIndicators: [...new Set(commerce.flatMap((c) => c.cartIndicators))].slice(0, 10),
      productData: commerce.some((c) => c.productData),
    },
  };
  if (homeStatus === 401 || homeStatus === 403) evidence.accessDenied = homeStatus;
  const names = [
    ...evidence.organizations.flatMap((o) => (o.legalName ? [o.legalName] : [])),
    ...evidence.legalNames.map((n) => n.name),
  ];
  const cert = crawl.certificate ? readCertificate(crawl.certificate) : undefined;
  if (cert) {
    const organizationMatches =
      !!cert.organization && !cert.intermediary && names.some((n) => sameCompany(n, cert.organization ?? ""));
    evidence.tls = { ...cert, organizationMatches };
  }
  if (crawl.securityTxt !== undefined) evidence.securityTxt = parseSecurityTxt(crawl.securityTxt, now);
  const lookalike = findLookalike(domain);
  if (lookalike) evidence.lookalike = lookalike;
  const disclosure = checkDisclosure({
    countryCode: evidence.addresses[0]?.countryCode ?? tldCountry,
    legalName: names.length > 0,
    postalAddress: evidence.addresses.length > 0,
    email: evidence.emails.length > 0,
    phone: evidence.phones.length > 0,
    companyNumber: evidence.registrations.some((r) => r.kind !== "vat" && r.kind !== "lei"),
    registeredIn,
    vatId: evidence.registrations.some((r) => r.kind === "vat"),
    registerCourt,
  });
  if (disclosure && (evidence.commerce.selling || evidence.addresses.length > 0)) evidence.disclosure = disclosure;
  if (crawl.httpsFailure) evidence.httpsFailure = crawl.httpsFailure;
  if (crawl.redirectedTo) evidence.redirectedTo = crawl.redirectedTo;
  if (homeStatus === 404 || homeStatus === 410) {
    evidence.failure = { code: `HOME_HTTP_${homeStatus}`, permanent: true, message: "the home page does not exist" };
  }
  return evidence;
}
