/**
 * @module Who a site says it is: legal names with a legal-form suffix, company register numbers, VAT IDs,
 * phone numbers and schema.org Organization data (research/rating.md §3.1, S2 S4 S7 S8).
 */
import { findLeis } from "./lei.ts";
import { vatChecksum } from "./vat.ts";

export interface Organization {
  name?: string;
  legalName?: string;
  telephone?: string;
  vatId?: string;
  address?: { street?: string; postcode?: string; locality?: string; countryCode?: string };
  type: string;
}

export interface Registration {
  kind: "uk-company" | "de-handelsregister" | "vat" | "lei";
  value: string;
  /** For VAT IDs: whether the check digits are right (only computed where we know the algorithm). */
  checksum?: "valid" | "invalid" | "unchecked";
}

const LEGAL_FORMS = [
  "GmbH & Co\\. KG",
  "gGmbH",
  "GmbH",
  "AG",
  "UG \\(haftungsbeschränkt\\)",
  "UG",
  "KG",
  "OHG",
  "e\\.K\\.",
  "Ltd\\.?",
  "Limited",
  "PLC",
  "plc",
  "LLP",
  "LLC",
  "L\\.L\\.C\\.",
  "Inc\\.?",
  "Incorporated",
  "Corp\\.?",
  "Corporation",
  "S\\.A\\.S\\.?",
  "SAS",
  "SARL",
  "S\\.à r\\.l\\.",
  "S\\.A\\.",
  "S\\.L\\.",
  "S\\.r\\.l\\.",
  "S\\.p\\.A\\.",
  "B\\.V\\.",
  "N\\.V\\.",
  "Pty Ltd",
  "ApS",
  "A/S",
  "AB",
  "Oy",
];
const LEGAL_NAME = new RegExp(
  // "&", "and", "und", "et" may join the words: "Tallis & Rowe Ltd" is one name, not "Rowe Ltd".
  `((?:(?:[\\p{Lu}\\d][\\p{L}\\d&'’.-]*|&|and|und|et)\\s+){1,5}?)(${LEGAL_FORMS.join("|")})(?=$|[\\s,.;:)])`,
  "gu",
);
const NAME_NOISE = /^(?:©|\(c\)|copyright|\d{4}(?:[–-]\d{4})?|by|von|der|die|das|the|&|and|und|et)\s+/i;

/** Company names with a legal form ("Hartmann Werkzeuge GmbH", "Brightwater Outdoor Ltd"). */
export function findLegalNames(lines: readonly string[]): string[] {
  const names = new Set<string>();
  for (const line of lines) {
    for (const m of line.matchAll(LEGAL_NAME)) {
      let base = (m[1] ?? "").trim();
      while (NAME_NOISE.test(base)) base = base.replace(NAME_NOISE, "");
      if (base.length >= 2) names.add(`${base} ${m[2]}`.replace(/\s+/g, " "));
    }
  }
  return [...names];
}

export { germanVatCheckDigitValid } from "./vat.ts";

const VAT_PATTERN =
  /\b(DE ?\d{9}|ATU ?\d{8}|GB ?\d{3} ?\d{4} ?\d{2}(?:\d{3})?|FR ?[0-9A-Z]{2} ?\d{9}|NL ?\d{9}B\d{2}|BE ?0?\d{9,10}|IT ?\d{11}|ES ?[0-9A-Z]\d{7}[0-9A-Z]|IE ?\d{7}[A-W][A-I]?|DK ?\d{8}|SE ?\d{12}|PL ?\d{10})\b/g;
const UK_COMPANY_CONTEXT =
  /company (?:registration )?(?:number|no\.?)|registered in (?:england|scotland|wales|northern ireland)|companies house/i;
const UK_COMPANY_NUMBER = /\b((?:SC|NI|OC|SO|NC|FC|GE|LP|SL|R0)\d{6}|\d{8})\b/;
const HANDELSREGISTER = /\b(HR[AB])\s*(\d{1,6})\b/;

/** Register numbers, VAT IDs and LEIs found near the legal wording that introduces them. */
export function findRegistrations(lines: readonly string[]): Registration[] {
  const found = new Map<string, Registration>();
  lines.forEach((line, i) => {
    // "DE 136 695 976" is written with spaces as often as without.
    const compact = line.replace(/\b([A-Z]{2,3})\s+(?=\d)/g, "$1").replace(/(\d)\s+(?=\d)/g, "$1");
    for (const m of compact.matchAll(VAT_PATTERN)) {
      const value = (m[1] ?? "").replace(/\s+/g, "");
      const checksum = vatChecksum(value);
      found.set(`vat:${value}`, { kind: "vat", value, checksum });
    }
    const context = [lines[i - 1] ?? "", line].join(" ");
    if (UK_COMPANY_CONTEXT.test(context)) {
      const m = UK_COMPANY_NUMBER.exec(line);
      if (m?.[1]) found.set(`uk:${m[1]}`, { kind: "uk-company", value: m[1] });
    }
    const hr = HANDELSREGISTER.exec(line);
    if (hr?.[1] && hr[2]) found.set(`hr:${hr[2]}`, { kind: "de-handelsregister", value: `${hr[1]} ${hr[2]}` });
  });
  for (const lei of findLeis(lines)) found.set(`lei:${lei}`, { kind: "lei", value: lei, checksum: "valid" });
  return [...found.values()];
}

const PHONE =
  /(?:\+|00)\d{1,3}[\s./-]?(?:\(0\))?[\s./-]?\d{2,5}(?:[\s./-]?\d{2,8}){1,3}|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\b0\d{2,5}[\s/.-]\d{3,8}(?:[\s-]\d{1,5})?/g;

/** Phone numbers as written (digits and a leading + kept), from text lines and tel: links. */
export function findPhones(lines: readonly string[], telLinks: readonly string[]): string[] {
  const found = new Set<string>();
  for (const tel of telLinks) found.add(decodeURIComponent(tel.replace(/^tel:/i, "")).replace(/[^\d+]/g, ""));
  for (const line of lines) {
    for (const m of line.matchAll(PHONE)) {
      const digits = m[0].replace(/[^\d+]/g, "");
      if (digits.replace("+", "").length >= 9 && digits.replace("+", "").length <= 15) found.add(digits);
    }
  }
  return [...found];
}

const ORG_TYPES =
  /^(Organization|Corporation|LocalBusiness|OnlineStore|OnlineBusiness|Store|Bakery|Restaurant|.*Store|.*Shop|ProfessionalService|.*Business)$/;

function flatten(node: unknown, out: Record<string, unknown>[]): void {
  if (Array.isArray(node)) {
    for (const n of node) flatten(n, out);
  } else if (node && typeof node === "object") {
    const obj = node as Record<string, unknown>;
    out.push(obj);
    if (obj["@graph"]) flatten(obj["@graph"], out);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** schema.org Organization / LocalBusiness data from JSON-LD blocks (self-asserted, so weak alone). */
export function findOrganizations(jsonLd: readonly unknown[]): Organization[] {
  const nodes: Record<string, unknown>[] = [];
  for (const block of jsonLd) flatten(block, nodes);
  return nodes
    .filter((n) => [n["@type"]].flat().some((t) => typeof t === "string" && ORG_TYPES.test(t)))
    .map((n) => {
      const address = (Array.isArray(n.address) ? n.address[0] : n.address) as Record<string, unknown> | undefined;
      const country = address?.addressCountry;
      const org: Organization = { type: String([n["@type"]].flat()[0]) };
      const set = (k: "name" | "legalName" | "telephone" | "vatId", v: unknown) => {
        const t = text(v);
        if (t) org[k] = t;
      };
      set("name", n.name);
      set("legalName", n.legalName);
      set("telephone", n.telephone);
      set("vatId", n.vatID ?? n.taxID);
      if (address && typeof address === "object") {
        org.address = {
          street: text(address.streetAddress),
          postcode: text(address.postalCode),
          locality: text(address.addressLocality),
          countryCode: text(
            typeof country === "object" && country ? (country as Record<string, unknown>).name : country,
          ),
        };
      }
      return org;
    });
}
