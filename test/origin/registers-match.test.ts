/**
 * @module The pure parts of the registers: LEI check digits and extraction, name and place normalisation,
 * what a register's answer says about a site, how the gates and lifetimes take several registers, and the
 * reason link (https only, validated on the way into KV, escaped on the evidence page).
 */
import { describe, expect, it } from "vitest";
import { renderSitePage } from "../../edge/sites/render.ts";
import type { SiteEvidence } from "../../origin/rater/evidence.ts";
import { decideLetter, REGISTER_RETRY_MS, scoreEvidence } from "../../origin/rater/score.ts";
import { findLegalNames, findRegistrations } from "../../origin/rater/signals/identity.ts";
import { findLeis, leiChecksumValid } from "../../origin/rater/signals/lei.ts";
import { companyAnswer } from "../../origin/rater/sources/registers/companies-house.ts";
import { gleifRecord } from "../../origin/rater/sources/registers/gleif.ts";
import { companyKey, compareAnswer, sameLegalName, sameLocality } from "../../origin/rater/sources/registers/match.ts";
import type { RegisterFinding, SiteIdentity } from "../../origin/rater/sources/registers/types.ts";
import { viesAnswer } from "../../origin/rater/sources/registers/vies.ts";
import { isStoredRating, type StoredRating } from "../../shared/rating.ts";

describe("LEIs (ISO 17442)", () => {
  it("checks the ISO 7064 MOD 97-10 digits", () => {
    expect(leiChecksumValid("506700GE1G29325QX363")).toBe(true); // GLEIF's own
    expect(leiChecksumValid("506700GE1G29325QX364")).toBe(false);
    expect(leiChecksumValid("506700GE1G29325QX36")).toBe(false);
    expect(leiChecksumValid("506700ge1g29325qx363")).toBe(false);
  });

  it("finds an LEI only near its name, spaces allowed, and hands it to the registrations", () => {
    expect(findLeis(["LEI: 5067 00GE 1G29 325Q X363"])).toEqual(["506700GE1G29325QX363"]);
    expect(findLeis(["Legal Entity Identifier", "506700GE1G29325QX363"])).toEqual(["506700GE1G29325QX363"]);
    expect(findLeis(["Order 506700GE1G29325QX363 shipped"])).toEqual([]);
    expect(findLeis(["LEI 506700GE1G29325QX364"])).toEqual([]);
    expect(findRegistrations(["LEI 506700GE1G29325QX363"])).toContainEqual({
      kind: "lei",
      value: "506700GE1G29325QX363",
      checksum: "valid",
    });
  });
});

describe("names and places, normalised", () => {
  it("reads a legal name joined by & / and / und whole, so a register can recognise it", () => {
    expect(findLegalNames(["Tallis & Rowe Ltd", "Müller und Söhne GmbH", "shop and Sons Ltd"])).toEqual([
      "Tallis & Rowe Ltd",
      "Müller und Söhne GmbH",
      "Sons Ltd",
    ]);
  });

  it("drops legal forms, case, diacritics, punctuation and and/und/et/&", () => {
    expect(companyKey("Tallis & Rowe Limited")).toBe("tallis rowe");
    expect(sameLegalName("Tallis & Rowe Ltd", "TALLIS AND ROWE LIMITED")).toBe(true);
    expect(sameLegalName("Müller und Söhne GmbH", "Muller & Sohne GmbH")).toBe(true);
    expect(sameLegalName("Dupont et Fils S.A.", "DUPONT & FILS SA")).toBe(true);
    expect(sameLegalName("Café Lumière S.à r.l.", "CAFE LUMIERE SARL")).toBe(true);
    expect(sameLegalName("Van Dijk B.V.", "van dijk bv")).toBe(true);
    expect(sameLegalName("Rossi S.r.l.", "ROSSI SRL")).toBe(true);
    expect(sameLegalName("Hartmann Werkzeuge GmbH & Co. KG", "Hartmann Werkzeuge GmbH & Co KG")).toBe(true);
    expect(sameLegalName("Acme, Inc.", "ACME LLC")).toBe(true);
    expect(sameLegalName("Acme Tools Ltd", "Acme Ltd")).toBe(false);
    expect(sameLegalName("Ltd", "Limited")).toBe(false);
  });

  it("takes a town with more words for the same town, and nothing else", () => {
    expect(sameLocality("Frankfurt am Main", "FRANKFURT")).toBe(true);
    expect(sameLocality("Zürich", "Zurich")).toBe(true);
    expect(sameLocality("York", "New York")).toBe(true);
    expect(sameLocality("Leeds", "York")).toBe(false);
  });
});

const site: SiteIdentity = {
  domain: "shop.example",
  leis: [],
  vatIds: [],
  ukCompanyNumbers: ["01234567"],
  otherNumbers: [],
  names: ["Brackley & Sons Ltd"],
  localities: ["York"],
  postcodes: ["YO1 7HH"],
  countryCodes: ["GB"],
};
const ch = { id: "companies-house", label: "UK Companies House" };

describe("what an answer says about the site", () => {
  const body = (over: Record<string, unknown> = {}) => ({
    company_name: "BRACKLEY AND SONS LIMITED",
    company_number: "01234567",
    company_status: "active",
    registered_office_address: { address_line_1: "3 Coppergate", locality: "York", postal_code: "YO1 7HH" },
    ...over,
  });

  it("needs the legal name AND the town or postcode", () => {
    expect(compareAnswer(ch, site, companyAnswer("01234567", 200, body()))).toMatchObject({ kind: "match" });
    const otherTown = body({ registered_office_address: { locality: "Leeds", postal_code: "LS1 4AP" } });
    expect(compareAnswer(ch, site, companyAnswer("01234567", 200, otherTown))).toMatchObject({
      kind: "mismatch",
      why: "BRACKLEY AND SONS LIMITED (01234567) is registered at LS1 4AP Leeds, the site says YO1 7HH York",
    });
    const otherName = body({ company_name: "QUAYSIDE PRINT LTD" });
    expect(compareAnswer(ch, site, companyAnswer("01234567", 200, otherName))).toMatchObject({
      kind: "mismatch",
      why: "01234567 is registered to QUAYSIDE PRINT LTD",
    });
  });

  it("calls dissolved, liquidation and the like closed, and 404 not found", () => {
    for (const status of ["dissolved", "liquidation", "converted-closed", "administration"]) {
      expect(compareAnswer(ch, site, companyAnswer("01234567", 200, body({ company_status: status })))).toMatchObject({
        kind: "closed",
        status,
      });
    }
    expect(companyAnswer("01234567", 404, { errors: [{ error: "company-profile-not-found" }] })).toMatchObject({
      kind: "not_found",
    });
    expect(() => companyAnswer("01234567", 200, { company_name: "X" })).toThrow(/company_status/);
  });

  it("reads VIES: valid, withheld (---), invalid, and errors in either shape", () => {
    const valid = viesAnswer("IT00950501007", 200, {
      isValid: true,
      userError: "VALID",
      name: "BANCA D'ITALIA",
      address: "VIA NAZIONALE 91 \n00184 ROMA RM\n",
    });
    expect(valid).toMatchObject({ kind: "found", record: { name: "BANCA D'ITALIA" } });
    expect(viesAnswer("DE1", 200, { isValid: true, userError: "VALID", name: "---", address: "---" })).toMatchObject({
      kind: "found",
      record: { name: null },
    });
    expect(viesAnswer("DE1", 200, { isValid: false, userError: "INVALID" })).toMatchObject({ kind: "not_found" });
    expect(viesAnswer("DE1", 200, { isValid: false, userError: "TIMEOUT" })).toMatchObject({ kind: "unavailable" });
    expect(
      viesAnswer("DE1", 500, { actionSucceed: false, errorWrappers: [{ error: "SERVICE_UNAVAILABLE" }] }),
    ).toMatchObject({
      kind: "unavailable",
    });
    expect(viesAnswer("DE1", 200, { userError: "INVALID_INPUT" })).toMatchObject({ kind: "inconclusive" });
    expect(() => viesAnswer("DE1", 200, [])).toThrow();
  });

  it("reads a GLEIF record; INACTIVE is closed; a wrong shape throws (and becomes unavailable)", () => {
    const data = {
      type: "lei-records",
      id: "506700GE1G29325QX363",
      attributes: {
        lei: "506700GE1G29325QX363",
        entity: {
          legalName: { name: "Global Legal Entity Identifier Foundation", language: "en" },
          legalAddress: { addressLines: ["St. Alban-Vorstadt 5"], city: "Basel", country: "CH", postalCode: "4052" },
          status: "INACTIVE",
        },
      },
    };
    expect(gleifRecord(data)).toMatchObject({ state: "closed", localities: ["Basel"], postcodes: ["4052"] });
    expect(() => gleifRecord({ attributes: { entity: {} } })).toThrow();
  });
});

function evidence(registers: RegisterFinding[], over: Partial<SiteEvidence> = {}): SiteEvidence {
  return {
    domain: "shop.example",
    fetchedAt: "2026-12-05T00:00:00Z",
    robots: "allowed",
    scheme: "https",
    hsts: false,
    pages: [],
    addresses: [
      {
        street: "3 Coppergate",
        postcode: "YO1 7HH",
        locality: "York",
        countryCode: "GB",
        lines: [],
        page: "https://shop.example/",
      },
    ],
    legalNames: [{ name: "Brackley & Sons Ltd", page: "https://shop.example/" }],
    registrations: [],
    phones: [],
    emails: [],
    organizations: [],
    pageKinds: [],
    commerce: { selling: true, prices: 3, cartIndicators: ["cart"], productData: false },
    registers,
    ...over,
  };
}

const LINK = "https://find-and-update.company-information.service.gov.uk/company/01234567";
const base = { register: "companies-house", label: "UK Companies House", id: "01234567" };
const match: RegisterFinding = {
  ...base,
  kind: "match",
  name: "BRACKLEY AND SONS LIMITED",
  place: "YO1 7HH York",
  link: LINK,
};
const closed: RegisterFinding = { ...base, kind: "closed", name: "BRACKLEY AND SONS LIMITED", status: "dissolved" };
const mismatch: RegisterFinding = { ...base, kind: "mismatch", name: "X LTD", why: "01234567 is registered to X LTD" };
const unavailable: RegisterFinding = {
  register: "gleif",
  label: "GLEIF",
  id: "506700GE1G29325QX363",
  kind: "unavailable",
  why: "GLEIF could not be asked: HTTP 503",
};
const NOW = new Date("2026-12-05T12:00:00Z");

describe("several registers at the gates", () => {
  it("any closed → X negative_info, before any match", () => {
    expect(decideLetter(evidence([match, { ...closed, register: "gleif", label: "GLEIF" }]))).toMatchObject({
      rating: "X",
      info: "negative_info",
      why: "GLEIF lists 01234567 (BRACKLEY AND SONS LIMITED) as dissolved",
    });
    // Even with no address at all: a dissolved company is negative information, not "no location".
    expect(decideLetter(evidence([closed], { addresses: [] })).info).toBe("negative_info");
  });

  it("else any match → A naming the register; else a mismatch → Q, even with an OV certificate", () => {
    expect(decideLetter(evidence([mismatch, match]))).toMatchObject({
      rating: "A",
      gate: "gate:verified",
      why: "UK Companies House lists 01234567 as BRACKLEY AND SONS LIMITED at YO1 7HH York",
    });
    const ov = { validation: "OV" as const, organization: "Brackley & Sons Ltd", issuer: "CA", names: [] };
    const tls = { ...ov, notAfter: "", intermediary: false, organizationMatches: true };
    expect(decideLetter(evidence([mismatch], { tls }))).toMatchObject({
      rating: "Q",
      why: expect.stringMatching(/contradicted by UK Companies House/),
    });
    expect(decideLetter(evidence([], { tls })).rating).toBe("A");
  });

  it("an unavailable register is a weight-0 reason and a short lifetime, never a penalty", () => {
    const without = scoreEvidence(evidence([]), NOW, 0.5);
    const rating = scoreEvidence(evidence([unavailable]), NOW, 0.5);
    expect(rating.rating).toBe("Q");
    expect(rating.score).toBe(without.score);
    expect(rating.reasons).toContainEqual({
      code: "registry_unavailable",
      weight: 0,
      detail: "GLEIF could not be asked: HTTP 503",
      source: "GLEIF",
    });
    expect(Date.parse(rating.expiresAt) - NOW.getTime()).toBe(REGISTER_RETRY_MS);
    expect(Date.parse(without.expiresAt) - NOW.getTime()).toBe(14 * 86_400_000);
    // A definitive answer from another register makes the rating whole: the usual lifetime.
    const matched = scoreEvidence(evidence([unavailable, match]), NOW, 0.5);
    expect(Date.parse(matched.expiresAt) - NOW.getTime()).toBe(30 * 86_400_000);
  });

  it("the match reason names the register and links its public record", () => {
    const rating = scoreEvidence(evidence([match]), NOW, 0.5);
    expect(rating.reasons).toContainEqual({
      code: "registry_match",
      weight: 3,
      detail: "UK Companies House lists 01234567 as BRACKLEY AND SONS LIMITED at YO1 7HH York",
      source: "UK Companies House",
      link: LINK,
    });
    const page = renderSitePage("shop.example", { rating, evidence: null } as never, null);
    expect(page).toContain(`<a href="${LINK}" rel="noopener nofollow">UK Companies House</a>`);
  });
});

describe("a reason's link, from a push", () => {
  const rating = (link: unknown): StoredRating =>
    ({
      domain: "shop.example",
      rating: "A",
      ratingInfo: "",
      score: 90,
      confidence: "high",
      reasons: [{ code: "registry_match", weight: 3, link }],
      ratedAt: NOW.toISOString(),
      expiresAt: NOW.toISOString(),
    }) as StoredRating;

  it("is refused unless it is https and short", () => {
    expect(isStoredRating(rating(LINK))).toBe(true);
    expect(isStoredRating(rating(undefined))).toBe(true);
    expect(isStoredRating(rating("javascript:alert(1)"))).toBe(false);
    expect(isStoredRating(rating("http://example.com/"))).toBe(false);
    expect(isStoredRating(rating("data:text/html,<script>1</script>"))).toBe(false);
    expect(isStoredRating(rating(`https://example.com/${"a".repeat(600)}`))).toBe(false);
    expect(isStoredRating(rating(42))).toBe(false);
  });

  it("is escaped on the evidence page, and a bad one stored earlier is not linked", () => {
    const quoted = rating('https://example.com/"><script>x</script>');
    const page = renderSitePage("shop.example", { rating: quoted, evidence: null } as never, null);
    expect(page).not.toContain("<script>x");
    const bad = rating("javascript:alert(1)");
    expect(renderSitePage("shop.example", { rating: bad, evidence: null } as never, null)).not.toContain("javascript:");
  });
});
