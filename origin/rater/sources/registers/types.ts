/**
 * @module The one interface every business register implements (GLEIF, VIES, Companies House, the JSON
 * feed, and whatever is added next: OpenCorporates, a national register — one file each, listed in
 * index.ts). A connector only asks and parses; match.ts decides, purely, what an answer says about the site.
 */

/** What the site says about itself, as the registers are asked and their answers compared. */
export interface SiteIdentity {
  domain: string;
  leis: string[];
  /** VAT IDs with their country prefix, check digits not known to be wrong. */
  vatIds: string[];
  ukCompanyNumbers: string[];
  /** Every other register number found (Handelsregister …), for registers that know them. */
  otherNumbers: string[];
  /** Legal names and names from the pages and schema.org data. */
  names: string[];
  localities: string[];
  postcodes: string[];
  /** ISO 3166 alpha-2 codes of the addresses found. */
  countryCodes: string[];
}

/** An entry as a register returns it, normalised across registers. */
export interface RegisterRecord {
  /** Identifier looked up (LEI, VAT ID, company number). */
  id: string;
  /** Legal name; null when the register withholds it (VIES for some member states). */
  name: string | null;
  /** closed = dissolved, struck off, in liquidation, inactive: negative information. */
  state: "active" | "closed" | "unknown";
  /** The register's own status word ("dissolved", "INACTIVE"), for the reason. */
  status?: string;
  localities: string[];
  postcodes: string[];
  /** An address only as free text (VIES): the site's town or postcode is looked for inside it. */
  addressText?: string;
  /** The public page of this entry, when the register has one (https). */
  link?: string;
}

/** One answer of a register about one identifier. */
export type LookupAnswer =
  | { kind: "found"; record: RegisterRecord }
  /** The register does not know the identifier (or says it is invalid): `why` in words. */
  | { kind: "not_found"; id: string; why: string }
  /** The register answered that it cannot say (a name search found nothing that fits, an input it refuses). */
  | { kind: "inconclusive"; id: string; why: string }
  /** It could not be asked or did not answer usably: unknown, never a penalty. */
  | { kind: "unavailable"; id: string; why: string };

/** What one register said about the site, after comparing (match.ts); stored in the evidence. */
export type RegisterFinding = {
  /** Connector id ("gleif", "vies", "companies-house", "feed"). */
  register: string;
  /** Its name for people ("GLEIF", "EU VIES", "UK Companies House"). */
  label: string;
  id: string;
  link?: string;
} & (
  | { kind: "match"; name: string; place: string }
  | { kind: "mismatch"; name: string | null; why: string }
  | { kind: "closed"; name: string | null; status: string }
  | { kind: "not_found"; why: string }
  | { kind: "unverifiable"; why: string }
  | { kind: "unavailable"; why: string }
);

/** A business register: asks about the identifiers of a site that it knows, through a RegisterClient. */
export interface RegisterConnector {
  readonly id: string;
  readonly label: string;
  /**
   * Answers for `site`, at most a few identifiers (a page listing a hundred numbers must not flood the
   * register). An identifier it cannot look up is skipped; never throws (a failure is "unavailable").
   */
  lookup(site: SiteIdentity): Promise<LookupAnswer[]>;
  /** One lookup of an identifier known to exist, for `npx bonafide check-registers`. */
  probe(): Promise<LookupAnswer>;
}
