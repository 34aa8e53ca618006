/**
 * @module The demonstration web's stand-ins for the outside world's sources, served on one host name:
 * an RDAP bootstrap file (RFC 9224) and RDAP domain objects (RFC 9083), a blacklist feed and a business
 * register feed, and GLEIF, VIES and Companies House APIs (register-apis.ts) — built from what each demo site declares, so the rater's sources are exercised for real
 * over HTTP without touching the internet.
 */
import type { RegisterSettings } from "../../origin/rater/sources/registers/index.ts";
import { answerRegisterApi, type FakeCompany, type FakeRegisters } from "./register-apis.ts";
import type { DemoSite } from "./web.ts";

export const REGISTRY_HOST = "registry.bonafide-demo.net";

/** TLDs with RDAP in the demo bootstrap; .de and .it are left out on purpose (no RDAP = unknown, neutral). */
const RDAP_TLDS = ["com", "net", "org", "uk"];

export interface RegistryAnswer {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

/** The Companies House API key the demo register accepts (not a secret: a stand-in's). */
export const DEMO_COMPANIES_HOUSE_KEY = "demo-companies-house-key";

/** The URLs the rater is configured with (BONAFIDE_RDAP_BOOTSTRAP_URL, the feeds and the registers). */
export function registryUrls(): {
  rdapBootstrapUrl: string;
  blacklistFeed: string;
  registryFeed: string;
  registers: RegisterSettings;
} {
  return {
    rdapBootstrapUrl: `http://${REGISTRY_HOST}/rdap/dns.json`,
    blacklistFeed: `http://${REGISTRY_HOST}/feeds/blacklist.txt`,
    registryFeed: `http://${REGISTRY_HOST}/feeds/register.json`,
    registers: {
      registers: ["gleif", "vies", "companies-house"],
      gleifUrl: `http://${REGISTRY_HOST}/gleif/api/v1`,
      viesUrl: `http://${REGISTRY_HOST}/vies/rest-api`,
      companiesHouseUrl: `http://${REGISTRY_HOST}/companies-house`,
      companiesHouseKey: DEMO_COMPANIES_HOUSE_KEY,
      perMinute: { gleif: 600, vies: 600, "companies-house": 600 },
      timeoutMs: 5_000,
    },
  };
}

/** The demo registers' entries, from what the sites declare; a feed entry is in Companies House too. */
export function demoRegisters(sites: readonly DemoSite[]): FakeRegisters {
  const companies = sites.flatMap((s): FakeCompany[] => {
    if (s.registers?.company) return [s.registers.company];
    if (!s.register || !/^[A-Z0-9]{8}$/.test(s.register.number)) return [];
    const { number, name, postcode = "", status = "active" } = s.register;
    return [{ number, name, status, street: "", locality: "", postcode }];
  });
  return {
    gleif: sites.flatMap((s) => (s.registers?.lei ? [s.registers.lei] : [])),
    vies: sites.flatMap((s) => (s.registers?.vat ? [s.registers.vat] : [])),
    companies,
    companiesHouseKey: DEMO_COMPANIES_HOUSE_KEY,
  };
}

const JSON_TYPE = "application/json; charset=utf-8";
const RDAP_TYPE = "application/rdap+json";

/** Answers one request to the registry host (`url`: the raw request target, for the register APIs). */
export function answerRegistry(
  sites: readonly DemoSite[],
  path: string,
  url = path,
  authorization?: string,
): RegistryAnswer {
  const api = answerRegisterApi(demoRegisters(sites), url, authorization ? { authorization } : {});
  if (api) {
    const { "content-type": type = JSON_TYPE, ...headers } = api.headers;
    return { status: api.status, type, body: api.body, headers };
  }
  if (path === "/rdap/dns.json") {
    const body = {
      version: "1.0",
      publication: "2026-11-01T00:00:00Z",
      services: [[RDAP_TLDS, [`http://${REGISTRY_HOST}/rdap/`]]],
    };
    return { status: 200, type: JSON_TYPE, body: JSON.stringify(body) };
  }
  const rdap = /^\/rdap\/domain\/([a-z0-9.-]+)$/.exec(path);
  if (rdap?.[1]) {
    const site = sites.find((s) => s.domain === rdap[1]);
    if (!site?.registeredAt) {
      return { status: 404, type: RDAP_TYPE, body: JSON.stringify({ errorCode: 404, title: "Not Found" }) };
    }
    const body = {
      objectClassName: "domain",
      ldhName: site.domain,
      rdapConformance: ["rdap_level_0"],
      events: [
        { eventAction: "registration", eventDate: site.registeredAt },
        { eventAction: "last changed", eventDate: site.registeredAt },
      ],
    };
    return { status: 200, type: RDAP_TYPE, body: JSON.stringify(body) };
  }
  if (path === "/feeds/blacklist.txt") {
    const lines = sites.filter((s) => s.blacklisted).map((s) => `${s.domain} ${s.blacklisted}`);
    return { status: 200, type: "text/plain; charset=utf-8", body: `# demo blacklist\n${lines.join("\n")}\n` };
  }
  if (path === "/feeds/register.json") {
    const entries = sites.flatMap((s) => (s.register ? [{ register: "demo-companies-register", ...s.register }] : []));
    return { status: 200, type: JSON_TYPE, body: JSON.stringify(entries) };
  }
  return { status: 404, type: "text/plain; charset=utf-8", body: "Not found.\n" };
}

/** `settings` as the rater's environment variables (the local stack hands the demo registers to its raters). */
export function demoRegisterEnv(settings: RegisterSettings): Record<string, string> {
  return {
    BONAFIDE_REGISTERS: settings.registers.join(","),
    BONAFIDE_GLEIF_URL: settings.gleifUrl,
    BONAFIDE_VIES_URL: settings.viesUrl,
    BONAFIDE_COMPANIES_HOUSE_URL: settings.companiesHouseUrl,
    BONAFIDE_COMPANIES_HOUSE_KEY: settings.companiesHouseKey ?? "",
    BONAFIDE_GLEIF_PER_MINUTE: String(settings.perMinute.gleif ?? 30),
    BONAFIDE_VIES_PER_MINUTE: String(settings.perMinute.vies ?? 30),
    BONAFIDE_COMPANIES_HOUSE_PER_MINUTE: String(settings.perMinute["companies-house"] ?? 60),
  };
}
