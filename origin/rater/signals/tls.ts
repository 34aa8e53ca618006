/**
 * @module The TLS certificate as evidence: validation level from the Certificate Policies extension
 * (CA/B Forum OIDs: EV 2.23.140.1.1, OV 2.23.140.1.2.2, IV 2.23.140.1.2.3, DV 2.23.140.1.2.1) and the
 * subject organisation — ignored when it names a CDN or host rather than the site's owner (Nagle, "Who am
 * I talking to?", 2014: Cloudflare alone was O= on 36 280 domains; research/rating.md §1.6, S11).
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { parse } from "tldts";

/** A certificate naming more registrable domains than this is shared by unrelated sites (a CDN's, a host's). */
export const MAX_OWN_DOMAINS = 3;

export type Validation = "EV" | "OV" | "IV" | "DV" | "unknown";

export interface CertificateInfo {
  validation: Validation;
  organization?: string;
  issuer: string;
  names: string[];
  notAfter: string;
  /** The subject organisation is an intermediary (CDN, host), so it says nothing about the owner. */
  intermediary: boolean;
}

const POLICY_LEVELS: [string, Validation][] = [
  ["2.23.140.1.1", "EV"],
  ["2.23.140.1.2.2", "OV"],
  ["2.23.140.1.2.3", "IV"],
  ["2.23.140.1.2.1", "DV"],
];

/** Organisations that appear as O= on certificates of sites they merely serve (certscan's ovblacklist.csv). */
export const INTERMEDIARY_ORGANIZATIONS = [
  "cloudflare",
  "incapsula",
  "imperva",
  "akamai",
  "edgecast",
  "verizon digital media",
  "fastly",
  "cdnetworks",
  "limelight",
  "stackpath",
  "amazon",
  "google trust services",
  "microsoft",
  "acquia",
  "janrain",
  "wp engine",
  "automattic",
  "shopify",
  "squarespace",
  "wix.com",
  "sucuri",
];

/** Whether an O= value names a CDN or hosting provider. */
export function isIntermediary(organization: string): boolean {
  const o = organization.toLowerCase();
  return INTERMEDIARY_ORGANIZATIONS.some((name) => o.includes(name));
}

function subjectField(name: x509.Name, type: string): string | undefined {
  return name.getField(type)[0];
}

/** Whether the SAN list spans many unrelated registrable domains (multi-tenant certificates, research S11). */
export function sharedByManySites(names: readonly string[]): boolean {
  const domains = new Set(names.map((n) => parse(n.replace(/^\*\./, "")).domain ?? n));
  return domains.size > MAX_OWN_DOMAINS;
}

/** Reads a DER certificate; undefined when it cannot be parsed. */
export function readCertificate(der: Uint8Array): CertificateInfo | undefined {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(der);
  } catch {
    return undefined;
  }
  const policies = cert.getExtension(x509.CertificatePolicyExtension)?.policies ?? [];
  const validation = POLICY_LEVELS.find(([oid]) => policies.includes(oid))?.[1] ?? "unknown";
  const organization = subjectField(cert.subjectName, "O");
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const names = (san?.names.items ?? []).filter((n) => n.type === "dns").map((n) => n.value);
  const info: CertificateInfo = {
    validation,
    issuer: subjectField(cert.issuerName, "CN") ?? cert.issuer,
    names,
    notAfter: cert.notAfter.toISOString(),
    intermediary: (organization ? isIntermediary(organization) : false) || sharedByManySites(names),
  };
  if (organization) info.organization = organization;
  return info;
}

const FORM_WORDS =
  /\b(gmbh|ag|kg|ohg|ug|ltd|limited|plc|llp|llc|inc|incorporated|corp|corporation|co|company|sa|sas|sarl|srl|spa|bv|nv|ab|oy|as|aps)\b/g;

/** A name reduced for comparison: case, punctuation and legal-form words dropped. */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(FORM_WORDS, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether two company names name the same company (legal form and punctuation aside). */
export function sameCompany(a: string, b: string): boolean {
  const ka = nameKey(a);
  const kb = nameKey(b);
  return ka.length >= 3 && ka === kb;
}
