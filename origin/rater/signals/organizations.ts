/**
 * @module schema.org Organization / LocalBusiness data (JSON-LD, microdata, RDFa), wherever it sits in the
 * graph, and its postal address turned into a mailing-label address when the postcode is one its country
 * uses — so a site whose only address is in structured data still has one (research/rating.md S4).
 */
import { countryFromLine, findAddresses, isPoBox, type PostalAddress } from "./address.ts";
import { matchLocality, resolveCountry } from "./postcodes.ts";
import { idIndex, nodeTypes, resolve, textOf, walkStructured } from "./structured.ts";

export interface Organization {
  name?: string;
  legalName?: string;
  telephone?: string;
  vatId?: string;
  address?: {
    street?: string;
    postcode?: string;
    locality?: string;
    region?: string;
    countryCode?: string;
    poBox?: string;
    /** The address as one string, when the data gives it so ("Keizersgracht 123, 1015 CJ Amsterdam"). */
    text?: string;
  };
  type: string;
}

// Organisations and the places that are businesses; "Person" sellers on marketplaces are not companies.
const ORG_TYPES =
  /^(?:Organization|.*Organization|Corporation|LocalBusiness|OnlineStore|OnlineBusiness|Store|Bakery|Restaurant|NGO|.*Store|.*Shop|ProfessionalService|.*Business|.*Company)$/;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

function readAddress(value: unknown, index: ReadonlyMap<string, Node>): Organization["address"] | undefined {
  const resolved = resolve(value, index);
  const first = Array.isArray(resolved) ? resolved.find((v) => isNode(v) || typeof v === "string") : resolved;
  if (typeof first === "string") return first.trim() ? { text: first.trim().slice(0, 300) } : undefined;
  if (!isNode(first)) return undefined;
  const out: NonNullable<Organization["address"]> = {};
  const set = (k: Exclude<keyof NonNullable<Organization["address"]>, "text">, v: unknown) => {
    const t = textOf(v);
    if (t) out[k] = t;
  };
  set("street", first.streetAddress);
  set("postcode", first.postalCode);
  set("locality", first.addressLocality);
  set("region", first.addressRegion);
  set("countryCode", first.addressCountry);
  set("poBox", first.postOfficeBoxNumber);
  return Object.keys(out).length > 0 ? out : undefined;
}

// Who made a product is not who sells it: a reseller's page names the maker (`manufacturer`, as merchant
// feeds ask) with the maker's address and legal name, which are neither the seller's place of business nor
// a name to look up in a register for it. Only organisations written inline there are left out; one given
// by `@id` reference is a node of its own elsewhere in the data and is read there. A `brand` stays read: an
// own-label shop names itself as the brand of what it sells, and a third-party brand is a Brand name
// without an address.
const THIRD_PARTY_KEYS = ["manufacturer"] as const;

/** The nodes written inline under a product's maker, with everything nested in them. */
function thirdParties(nodes: readonly Node[]): Set<Node> {
  const skip = new Set<Node>();
  for (const n of nodes) {
    for (const key of THIRD_PARTY_KEYS) {
      const value = n[key];
      if (typeof value !== "object" || value === null) continue;
      // Each subtree is walked once (the data is a tree, and nodes already skipped are not walked again).
      for (const inner of walkStructured([value])) {
        if (skip.has(inner)) break;
        skip.add(inner);
      }
    }
  }
  return skip;
}

/** schema.org organisations in a page's structured data (self-asserted, so weak alone). */
export function findOrganizations(blocks: readonly unknown[]): Organization[] {
  const nodes = walkStructured(blocks);
  const index = idIndex(nodes);
  const skip = thirdParties(nodes);
  const orgs: Organization[] = [];
  for (const n of nodes) {
    if (skip.has(n)) continue;
    const types = nodeTypes(n);
    const type = types.find((t) => ORG_TYPES.test(t));
    if (!type) continue;
    const org: Organization = { type };
    const set = (k: "name" | "legalName" | "telephone" | "vatId", v: unknown) => {
      const t = textOf(v);
      if (t) org[k] = t;
    };
    set("name", n.name);
    set("legalName", n.legalName);
    set("telephone", n.telephone);
    set("vatId", n.vatID ?? n.taxID);
    const location = resolve(n.location, index);
    const address =
      readAddress(n.address, index) ??
      (isNode(location) ? readAddress(location.address, index) : undefined) ??
      (n.streetAddress || n.postalCode ? readAddress(n, index) : undefined);
    if (address) org.address = address;
    orgs.push(org);
  }
  return orgs;
}

/** Two-letter codes as they are, country names through the label table ("Deutschland" → "DE"). */
function countryCodeOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^[A-Za-z]{2}$/.test(value)) return value.toUpperCase() === "UK" ? "GB" : value.toUpperCase();
  return countryFromLine(value);
}

/**
 * The organisation's address as a mailing label, when it is one: a street (or a P.O. box) and a postcode
 * that reads as a postcode line of its country (the same table the page text goes through). A string
 * address is read as a one-line label with the country's conventions.
 */
export function addressOfOrganization(org: Organization, hints: readonly string[]): PostalAddress | undefined {
  const a = org.address;
  if (!a) return undefined;
  if (a.text) {
    const lines = a.text.split(/\s*(?:\n|<br\s*\/?>)\s*/i).filter(Boolean);
    for (const hint of [undefined, ...hints]) {
      const found = findAddresses(lines.length > 1 ? lines : [a.text], hint)[0];
      if (found) return found;
    }
    return undefined;
  }
  const street = a.street ?? (a.poBox ? `${/^\d/.test(a.poBox) ? "P.O. Box " : ""}${a.poBox}` : undefined);
  if (!street || !a.postcode) return undefined;
  const declared = countryCodeOf(a.countryCode);
  const country = checkPostcode(a.postcode, a.locality, a.region, declared, hints);
  if (!country) return undefined;
  return {
    street,
    postcode: a.postcode,
    locality: a.locality ?? a.region ?? "",
    ...(a.region ? { region: a.region } : {}),
    countryCode: country,
    lines: [street, [a.postcode, a.locality, a.region].filter(Boolean).join(" "), declared ?? ""].filter(Boolean),
    ...(isPoBox(street) || (a.poBox && !a.street) ? { poBox: true } : {}),
  };
}

/** The country whose postcode-line shapes accept this postcode, trying the forms labels write it in. */
function checkPostcode(
  postcode: string,
  locality: string | undefined,
  region: string | undefined,
  declared: string | undefined,
  hints: readonly string[],
): string | undefined {
  const pc = postcode.replace(/^〒\s*/, "").slice(0, 20);
  if ((declared ?? hints[0]) === "JP" && /^\d{3}-?\d{4}$/.test(pc)) return "JP";
  // The town only shapes the line; a missing or lower-case one is stood in for, so the postcode decides.
  const town = locality && /^\p{Lu}/u.test(locality) ? locality.slice(0, 40) : "Town";
  const forms = [`${pc} ${town}`, `${town}, ${region ?? ""} ${pc}`, `${town} ${region ?? ""} ${pc}`, `${town} ${pc}`];
  for (const form of forms) {
    const m = matchLocality(form.replace(/\s+/g, " "));
    if (!m) continue;
    for (const hint of declared ? [declared] : hints) {
      const country = resolveCountry(m, declared, hint);
      if (country && (!declared || country === declared)) return country;
    }
    if (!declared && hints.length === 0 && m.certain) return m.countries[0];
  }
  return undefined;
}
