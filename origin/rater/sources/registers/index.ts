/**
 * @module The registers a rater consults, built from its configuration: add a connector by writing its
 * file (types.ts's RegisterConnector) and a line in REGISTERS. Each gets its own RegisterClient (token
 * bucket, back-off, cache), all through the rater's guarded fetcher.
 */
import type { SiteFetcher } from "../../crawl.ts";
import type { SiteEvidence } from "../../evidence.ts";
import { createRegisterClient } from "./client.ts";
import { COMPANIES_HOUSE_URL, createCompaniesHouse } from "./companies-house.ts";
import { createGleif, GLEIF_URL } from "./gleif.ts";
import { compareAnswer } from "./match.ts";
import type { RegisterConnector, RegisterFinding, SiteIdentity } from "./types.ts";
import { createVies, VIES_URL } from "./vies.ts";

export interface RegisterSettings {
  /** Which registers to consult (BONAFIDE_REGISTERS): "gleif", "vies", "companies-house". */
  registers: readonly string[];
  gleifUrl: string;
  viesUrl: string;
  companiesHouseUrl: string;
  /** BONAFIDE_COMPANIES_HOUSE_KEY; null = Companies House not configured. */
  companiesHouseKey: string | null;
  /** Requests per minute per register and process (BONAFIDE_REGISTER_PER_MINUTE). */
  perMinute: Readonly<Record<string, number>>;
  timeoutMs: number;
}

export const REGISTER_IDS = ["gleif", "vies", "companies-house"] as const;
export const DEFAULT_REGISTER_SETTINGS: RegisterSettings = {
  registers: [],
  gleifUrl: GLEIF_URL,
  viesUrl: VIES_URL,
  companiesHouseUrl: COMPANIES_HOUSE_URL,
  companiesHouseKey: null,
  // GLEIF asks for ≤ 60 a minute; Companies House allows 600 per 5 minutes per key, shared by every rater.
  perMinute: { gleif: 30, vies: 30, "companies-house": 60 },
  timeoutMs: 10_000,
};

/** Every register the settings allow, in a fixed order; `missing` says why one listed is not there. */
export function createRegisters(
  fetcher: SiteFetcher,
  settings: RegisterSettings,
  wanted: readonly string[] = settings.registers,
): { connectors: RegisterConnector[]; missing: { id: string; why: string }[] } {
  const client = (id: string, label: string) =>
    createRegisterClient({ label, fetcher, perMinute: settings.perMinute[id] ?? 30, timeoutMs: settings.timeoutMs });
  const builders: Record<string, () => RegisterConnector | string> = {
    gleif: () => createGleif(client("gleif", "GLEIF"), settings.gleifUrl),
    vies: () => createVies(client("vies", "EU VIES"), settings.viesUrl),
    "companies-house": () =>
      settings.companiesHouseKey
        ? createCompaniesHouse(
            client("companies-house", "UK Companies House"),
            settings.companiesHouseKey,
            settings.companiesHouseUrl,
          )
        : "not configured: BONAFIDE_COMPANIES_HOUSE_KEY is not set",
  };
  const connectors: RegisterConnector[] = [];
  const missing: { id: string; why: string }[] = [];
  for (const id of wanted) {
    const built = builders[id]?.() ?? `unknown register ${JSON.stringify(id)}`;
    if (typeof built === "string") missing.push({ id, why: built });
    else connectors.push(built);
  }
  return { connectors, missing };
}

/** What the site says about itself, as the registers are asked. */
export function siteIdentity(e: SiteEvidence): SiteIdentity {
  const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
  return {
    domain: e.domain,
    leis: unique(e.registrations.filter((r) => r.kind === "lei").map((r) => r.value)),
    vatIds: unique(e.registrations.filter((r) => r.kind === "vat" && r.checksum !== "invalid").map((r) => r.value)),
    ukCompanyNumbers: unique(e.registrations.filter((r) => r.kind === "uk-company").map((r) => r.value)),
    // Every other register or tax number (Handelsregister, KvK, SIREN, IČO, 法人番号 …) whose check digits hold.
    otherNumbers: unique(
      e.registrations
        .filter((r) => !["lei", "vat", "uk-company"].includes(r.kind) && r.checksum !== "invalid")
        .map((r) => r.value),
    ),
    names: unique([...e.legalNames.map((n) => n.name), ...e.organizations.flatMap((o) => [o.legalName, o.name])]).slice(
      0,
      10,
    ),
    localities: unique([...e.addresses.map((a) => a.locality), ...e.organizations.map((o) => o.address?.locality)]),
    postcodes: unique([...e.addresses.map((a) => a.postcode), ...e.organizations.map((o) => o.address?.postcode)]),
    countryCodes: unique(e.addresses.map((a) => a.countryCode)),
  };
}

/** Asks every connector in parallel and compares; a connector that throws anyway is "unavailable". */
export async function consultRegisters(
  connectors: readonly RegisterConnector[],
  site: SiteIdentity,
): Promise<RegisterFinding[]> {
  const perRegister = await Promise.all(
    connectors.map(async (c) => {
      try {
        return (await c.lookup(site)).map((answer) => compareAnswer(c, site, answer));
      } catch (error) {
        const why = `${c.label} could not be asked: ${(error as Error).message}`.slice(0, 300);
        return [{ register: c.id, label: c.label, id: "-", kind: "unavailable", why } satisfies RegisterFinding];
      }
    }),
  );
  return perRegister.flat();
}
