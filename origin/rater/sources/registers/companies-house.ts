/**
 * @module UK Companies House (`{base}/company/{number}`, HTTP Basic with the API key as user name and an
 * empty password; 600 requests per 5 minutes per key, 429 beyond): `company_name`, `company_status`
 * (dissolved, liquidation, … = closed), `registered_office_address` {locality, postal_code}. 404 = no such
 * company; 401 = a bad key (unavailable, never a penalty). Without a key the connector is not configured.
 */
import type { RegisterClient } from "./client.ts";
import { obj, reqStr, str, strings } from "./shape.ts";
import type { LookupAnswer, RegisterConnector } from "./types.ts";

export const COMPANIES_HOUSE_URL = "https://api.company-information.service.gov.uk";
/** Tesco PLC: long-lived, for check-registers. */
export const COMPANIES_HOUSE_PROBE = "00445790";
/** Statuses that mean the company no longer trades normally (negative information). */
const CLOSED = new Set([
  "dissolved",
  "liquidation",
  "receivership",
  "administration",
  "insolvency-proceedings",
  "converted-closed",
  "removed",
  "closed",
]);

/** A company profile body as a lookup answer (pure; throws on a shape it does not know). */
export function companyAnswer(number: string, status: number, json: unknown): LookupAnswer {
  if (status === 404) return { kind: "not_found", id: number, why: `Companies House has no company ${number}` };
  if (status !== 200) throw new Error(`HTTP ${status}`);
  const body = obj(json, "body");
  const office = obj(body.registered_office_address ?? {}, "registered_office_address");
  const companyStatus = reqStr(body.company_status, "company_status").toLowerCase();
  const id = str(body.company_number) ?? number;
  return {
    kind: "found",
    record: {
      id,
      name: reqStr(body.company_name, "company_name").slice(0, 300),
      state: CLOSED.has(companyStatus) ? "closed" : companyStatus === "active" ? "active" : "unknown",
      status: companyStatus.slice(0, 60),
      localities: strings(office.locality),
      postcodes: strings(office.postal_code),
      link: `https://find-and-update.company-information.service.gov.uk/company/${encodeURIComponent(id)}`,
    },
  };
}

export function createCompaniesHouse(client: RegisterClient, apiKey: string, baseUrl = COMPANIES_HOUSE_URL) {
  const base = baseUrl.replace(/\/+$/, "");
  const authorization = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`;
  const company = (number: string) =>
    client.ask(`company:${number}`, number, async () => {
      const answer = await client.getJson(`${base}/company/${encodeURIComponent(number)}`, { authorization });
      return companyAnswer(number, answer.status, answer.json);
    });
  const connector: RegisterConnector = {
    id: "companies-house",
    label: "UK Companies House",
    lookup: (site) =>
      Promise.all(
        site.ukCompanyNumbers
          .filter((n) => /^[A-Z0-9]{8}$/.test(n))
          .slice(0, 3)
          .map(company),
      ),
    probe: () => company(COMPANIES_HOUSE_PROBE),
  };
  return connector;
}
