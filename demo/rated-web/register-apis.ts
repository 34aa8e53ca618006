/**
 * @module Local stand-ins for three public registers, answering in their documented formats: GLEIF's
 * JSON:API (`/gleif/api/v1/lei-records/{lei}`, the name + country search with `page[size]`/`page[number]`
 * and `meta.pagination`, 404 `errors`), EU VIES's REST API (`/vies/rest-api/ms/{CC}/vat/{number}`:
 * `isValid`, `userError`, "---" for withheld fields) and UK Companies House (`/companies-house/company/
 * {number}` behind HTTP Basic with the key as user name; 401, 404 `company-profile-not-found`, rate-limit
 * headers). Pure: the demo web and the connector tests serve it, the tests adding faults around it.
 */

export interface FakeLei {
  lei: string;
  name: string;
  street: string;
  city: string;
  postalCode: string;
  country: string;
  status?: "ACTIVE" | "INACTIVE";
}

export interface FakeVat {
  /** With its country prefix, e.g. "DE812345673". */
  vat: string;
  valid: boolean;
  /** Absent = withheld by the member state ("---"). */
  name?: string;
  address?: string;
  /** A VIES error instead of an answer (MS_UNAVAILABLE, TIMEOUT, …). */
  userError?: string;
}

export interface FakeCompany {
  number: string;
  name: string;
  status: string;
  street: string;
  locality: string;
  postcode: string;
}

export interface FakeRegisters {
  gleif: readonly FakeLei[];
  vies: readonly FakeVat[];
  companies: readonly FakeCompany[];
  /** The Companies House API key the fake accepts. */
  companiesHouseKey: string;
}

export interface RegisterApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_API = { "content-type": "application/vnd.api+json" };
const JSON_TYPE = { "content-type": "application/json" };
const PUBLISHED = "2026-12-05T08:00:00Z";

function gleifAddress(e: FakeLei) {
  return {
    language: "en",
    addressLines: [e.street],
    addressNumber: null,
    addressNumberWithinBuilding: null,
    mailRouting: null,
    city: e.city,
    region: null,
    country: e.country,
    postalCode: e.postalCode,
  };
}

function gleifResource(e: FakeLei, self: string) {
  return {
    type: "lei-records",
    id: e.lei,
    attributes: {
      lei: e.lei,
      entity: {
        legalName: { name: e.name, language: "en" },
        otherNames: [],
        transliteratedOtherNames: [],
        legalAddress: gleifAddress(e),
        headquartersAddress: gleifAddress(e),
        registeredAt: { id: "RA000585", other: null },
        registeredAs: "HRB 1234",
        jurisdiction: e.country,
        category: "GENERAL",
        legalForm: { id: "2HBR", other: null },
        associatedEntity: { lei: null, name: null },
        status: e.status ?? "ACTIVE",
        expiration: { date: null, reason: null },
        successorEntity: { lei: null, name: null },
        successorEntities: [],
        creationDate: "2010-05-03T00:00:00Z",
        subCategory: null,
        otherAddresses: [],
        eventGroups: [],
      },
      registration: {
        initialRegistrationDate: "2014-02-10T00:00:00Z",
        lastUpdateDate: "2026-02-11T09:00:00Z",
        status: "ISSUED",
        nextRenewalDate: "2027-02-10T00:00:00Z",
        managingLou: "5299000J2N45DDNE4Y28",
        corroborationLevel: "FULLY_CORROBORATED",
        validatedAt: { id: "RA000585", other: null },
        validatedAs: "HRB 1234",
        otherValidationAuthorities: [],
      },
      bic: null,
      mic: null,
      ocid: null,
      spglobal: [],
      conformityFlag: "CONFORMING",
    },
    relationships: {},
    links: { self: `${self}/lei-records/${e.lei}` },
  };
}

function gleif(registers: FakeRegisters, rest: string, query: URLSearchParams): RegisterApiAnswer | null {
  const self = "https://api.gleif.org/api/v1";
  const one = /^\/lei-records\/([^/]+)$/.exec(rest);
  if (one) {
    const e = registers.gleif.find((x) => x.lei === decodeURIComponent(one[1] ?? ""));
    if (!e) {
      const errors = [{ status: "404", title: "Not Found", detail: "The requested resource could not be found." }];
      return { status: 404, headers: JSON_API, body: JSON.stringify({ errors }) };
    }
    return {
      status: 200,
      headers: JSON_API,
      body: JSON.stringify({ meta: { goldenCopy: { publishDate: PUBLISHED } }, data: gleifResource(e, self) }),
    };
  }
  if (rest !== "/lei-records") return null;
  const name = (query.get("filter[entity.legalName]") ?? "").toLowerCase();
  const country = query.get("filter[entity.legalAddress.country]");
  const size = Math.min(200, Math.max(1, Number(query.get("page[size]") ?? 10) || 10));
  const page = Math.max(1, Number(query.get("page[number]") ?? 1) || 1);
  const hits = registers.gleif.filter(
    (e) => e.name.toLowerCase().includes(name) && (!country || e.country === country),
  );
  const lastPage = Math.max(1, Math.ceil(hits.length / size));
  const data = hits.slice((page - 1) * size, page * size).map((e) => gleifResource(e, self));
  const link = (n: number) => `${self}/lei-records?page[number]=${n}&page[size]=${size}`;
  const body = {
    meta: {
      goldenCopy: { publishDate: PUBLISHED },
      pagination: {
        currentPage: page,
        perPage: size,
        from: data.length ? (page - 1) * size + 1 : 0,
        to: (page - 1) * size + data.length,
        total: hits.length,
        lastPage,
      },
    },
    links: {
      first: link(1),
      ...(page > 1 ? { prev: link(page - 1) } : {}),
      ...(page < lastPage ? { next: link(page + 1) } : {}),
      last: link(lastPage),
    },
    data,
  };
  return { status: 200, headers: JSON_API, body: JSON.stringify(body) };
}

function vies(registers: FakeRegisters, rest: string): RegisterApiAnswer | null {
  const m = /^\/ms\/([A-Z]{2})\/vat\/([^/]+)$/.exec(rest);
  if (!m) return null;
  const vat = `${m[1]}${decodeURIComponent(m[2] ?? "")}`;
  const e = registers.vies.find((x) => x.vat === vat);
  const body = {
    isValid: e?.valid === true && !e.userError,
    requestDate: "2026-12-05T12:00:00.000Z",
    userError: e?.userError ?? (e?.valid ? "VALID" : "INVALID"),
    name: e?.name ?? "---",
    address: e?.address ?? "---",
    requestIdentifier: "",
    originalVatNumber: m[2],
    vatNumber: m[2],
    viesApproximate: {
      name: "---",
      street: "---",
      postalCode: "---",
      city: "---",
      companyType: "---",
      matchName: 3,
      matchStreet: 3,
      matchPostalCode: 3,
      matchCity: 3,
      matchCompanyType: 3,
    },
  };
  return { status: 200, headers: JSON_TYPE, body: JSON.stringify(body) };
}

function companiesHouse(registers: FakeRegisters, rest: string, authorization: string): RegisterApiAnswer | null {
  const m = /^\/company\/([^/]+)$/.exec(rest);
  if (!m) return null;
  const limits = {
    ...JSON_TYPE,
    "x-ratelimit-limit": "600",
    "x-ratelimit-remain": "599",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 300),
    "x-ratelimit-window": "5m",
  };
  if (authorization !== `Basic ${Buffer.from(`${registers.companiesHouseKey}:`).toString("base64")}`) {
    return {
      status: 401,
      headers: JSON_TYPE,
      body: JSON.stringify({ error: "Invalid Authorization", type: "ch:service" }),
    };
  }
  const c = registers.companies.find((x) => x.number === decodeURIComponent(m[1] ?? ""));
  if (!c) {
    const errors = [{ error: "company-profile-not-found", type: "ch:service" }];
    return { status: 404, headers: limits, body: JSON.stringify({ errors }) };
  }
  const body = {
    company_name: c.name,
    company_number: c.number,
    company_status: c.status,
    type: "ltd",
    jurisdiction: "england-wales",
    date_of_creation: "2012-06-01",
    ...(c.status === "dissolved" ? { date_of_cessation: "2025-03-18" } : {}),
    registered_office_address: {
      address_line_1: c.street,
      locality: c.locality,
      postal_code: c.postcode,
      country: "England",
    },
    has_charges: false,
    has_insolvency_history: c.status === "liquidation",
    can_file: c.status === "active",
    sic_codes: ["47910"],
    etag: "3f7a0c1d2e",
    links: { self: `/company/${c.number}`, filing_history: `/company/${c.number}/filing-history` },
  };
  return { status: 200, headers: limits, body: JSON.stringify(body) };
}

/** The answer to `GET url` (a path and query under the registers' prefixes); null when no register's path. */
export function answerRegisterApi(
  registers: FakeRegisters,
  url: string,
  headers: { authorization?: string },
): RegisterApiAnswer | null {
  const parsed = new URL(url, "http://registers.invalid");
  const path = parsed.pathname;
  if (path.startsWith("/gleif/api/v1/"))
    return gleif(registers, path.slice("/gleif/api/v1".length), parsed.searchParams);
  if (path.startsWith("/vies/rest-api/")) return vies(registers, path.slice("/vies/rest-api".length));
  if (path.startsWith("/companies-house/"))
    return companiesHouse(registers, path.slice("/companies-house".length), headers.authorization ?? "");
  return null;
}
