/**
 * @module Legal-disclosure completeness for the jurisdiction the site's address (or ccTLD) puts it in:
 * UK Companies (Trading Disclosures) Regulations 2008/2015 reg. 25 (registered name, number, part of the UK
 * registered in, registered office); EU e-Commerce Directive 2000/31/EC Art. 5 (name, geographic address,
 * e-mail, trade register and number, VAT number); German Impressum, §5 DDG (ex-TMG), which adds a
 * representative and the register court. research/rating.md S10.
 */

export type DisclosureItem =
  | "legal_name"
  | "postal_address"
  | "email"
  | "phone"
  | "company_number"
  | "registered_in"
  | "vat_id"
  | "register_court";

export interface DisclosureFacts {
  countryCode?: string;
  legalName: boolean;
  postalAddress: boolean;
  email: boolean;
  phone: boolean;
  companyNumber: boolean;
  registeredIn: boolean;
  vatId: boolean;
  registerCourt: boolean;
}

export interface Disclosure {
  jurisdiction: "GB" | "DE" | "EU";
  law: string;
  required: DisclosureItem[];
  missing: DisclosureItem[];
}

const EU = new Set("AT BE BG CY CZ DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "));

const RULES: Record<Disclosure["jurisdiction"], { law: string; required: DisclosureItem[] }> = {
  GB: {
    law: "UK SI 2015/17 reg. 25 and E-Commerce Regs 2002 reg. 6",
    required: ["legal_name", "postal_address", "email", "company_number", "registered_in"],
  },
  DE: {
    law: "§5 DDG (Impressum)",
    required: ["legal_name", "postal_address", "email", "phone", "company_number", "register_court", "vat_id"],
  },
  EU: {
    law: "Directive 2000/31/EC Art. 5",
    required: ["legal_name", "postal_address", "email", "company_number", "vat_id"],
  },
};

const PRESENT: Record<DisclosureItem, keyof DisclosureFacts> = {
  legal_name: "legalName",
  postal_address: "postalAddress",
  email: "email",
  phone: "phone",
  company_number: "companyNumber",
  registered_in: "registeredIn",
  vat_id: "vatId",
  register_court: "registerCourt",
};

/** The disclosure checklist that applies, with what is missing; undefined outside the UK and the EU. */
export function checkDisclosure(facts: DisclosureFacts): Disclosure | undefined {
  const c = facts.countryCode;
  const jurisdiction = c === "GB" ? "GB" : c === "DE" ? "DE" : c && EU.has(c) ? "EU" : undefined;
  if (!jurisdiction) return undefined;
  const rule = RULES[jurisdiction];
  return {
    jurisdiction,
    law: rule.law,
    required: rule.required,
    missing: rule.required.filter((item) => facts[PRESENT[item]] !== true),
  };
}
