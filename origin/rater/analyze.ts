/**
 * @module Turns a crawl into evidence: every signal found on every page, each with the page it came from.
 */
import type { Crawl } from "./crawl.ts";
import type { Found, SiteEvidence } from "./evidence.ts";
import { findAddresses, type PostalAddress, postcodeKey } from "./signals/address.ts";
import { languageCountries, TLD_COUNTRY } from "./signals/country-hints.ts";
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
import { addressOfOrganization } from "./signals/organizations.ts";
import { checkPhones } from "./signals/phone.ts";
import { parseSecurityTxt } from "./signals/security-txt.ts";
import { type CommerceSignals, findCommerce, isSelling, type PageKind } from "./signals/site.ts";
import { readCertificate, sameCompany } from "./signals/tls.ts";

// Bounded parts (RFC 5321: 64 for the local part, 255 for the domain): a page-long "a.a.a…" line must cost
// linear work, not a backtrack from every word boundary.
const EMAIL = /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,24}\b/g;
const REGISTERED_IN = /registered in (?:england|scotland|wales|northern ireland)|registered office/i;
const REGISTER_COURT = /amtsgericht|registergericht|register court|handelsregister/i;

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
    const hints = languageCountries(parsed.lang);
    addresses.push(...findAddresses(parsed.lines, tldCountry, hints).map((a) => ({ ...a, page })));
    legalNames.push(...findLegalNames(parsed.lines).map((name) => ({ name, page })));
    registrations.push(...findRegistrations(parsed.lines).map((r) => ({ ...r, page })));
    const orgs = findOrganizations([...parsed.jsonLd, ...parsed.microdata]);
    organizations.push(...orgs.map((o) => ({ ...o, page })));
    // An address only in structured data is an address too, once its postcode reads as its country's.
    for (const org of orgs) {
      const address = addressOfOrganization(org, tldCountry ? [tldCountry, ...hints] : hints);
      if (address) addresses.push({ ...address, page });
    }
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
    // Places of business first: the first address is the one reasons and the business summary name.
    addresses: dedupe([...addresses.filter((a) => !a.poBox), ...addresses.filter((a) => a.poBox)], (a) =>
      `${postcodeKey(a.postcode)}|${a.street}`.toLowerCase(),
    ),
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
    // The law asks for a geographic address; a P.O. box is not one.
    postalAddress: evidence.addresses.some((a) => !a.poBox),
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
