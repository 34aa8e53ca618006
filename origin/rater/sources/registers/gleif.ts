/**
 * @module GLEIF, the global LEI index (https://api.gleif.org/api/v1, JSON:API, no key): an LEI found on the
 * site → `lei-records/{lei}`; without one, the legal name and country → `lei-records?filter[entity.legalName]=
 * …&filter[entity.legalAddress.country]=…`, paged by `page[size]`/`page[number]` up to `meta.pagination.
 * lastPage` (a few pages at most). Entity status INACTIVE = closed. Public record: search.gleif.org.
 */
import { postcodeKey } from "../../signals/address.ts";
import type { RegisterClient } from "./client.ts";
import { companyKey, sameLegalName, sameLocality } from "./match.ts";
import { type Json, obj, reqStr, str, strings } from "./shape.ts";
import type { LookupAnswer, RegisterConnector, RegisterRecord, SiteIdentity } from "./types.ts";

export const GLEIF_URL = "https://api.gleif.org/api/v1";
/** GLEIF's own LEI: always there, for check-registers. */
export const GLEIF_PROBE_LEI = "506700GE1G29325QX363";
const PAGE_SIZE = 20;
const MAX_PAGES = 3;
const HEADERS = { accept: "application/vnd.api+json" };

/** One `lei-records` resource object as a register record. */
export function gleifRecord(data: unknown): RegisterRecord {
  const resource = obj(data, "data");
  const attributes = obj(resource.attributes, "data.attributes");
  const entity = obj(attributes.entity, "attributes.entity");
  const lei = reqStr(attributes.lei ?? resource.id, "lei");
  const addresses = [entity.legalAddress, entity.headquartersAddress].filter(
    (a): a is Json => typeof a === "object" && a !== null,
  );
  const status = str(entity.status) ?? "NULL";
  return {
    id: lei,
    name: reqStr(obj(entity.legalName, "entity.legalName").name, "entity.legalName.name").slice(0, 300),
    state: status === "INACTIVE" ? "closed" : status === "ACTIVE" ? "active" : "unknown",
    status,
    localities: strings(...addresses.map((a) => a.city)),
    postcodes: strings(...addresses.map((a) => a.postalCode)),
    link: `https://search.gleif.org/#/record/${encodeURIComponent(lei)}`,
  };
}

function placeAgrees(site: SiteIdentity, record: RegisterRecord): boolean {
  const keys = new Set(site.postcodes.map(postcodeKey));
  return (
    record.postcodes.some((p) => keys.has(postcodeKey(p))) ||
    record.localities.some((l) => site.localities.some((s) => sameLocality(s, l)))
  );
}

export function createGleif(client: RegisterClient, baseUrl = GLEIF_URL): RegisterConnector {
  const base = baseUrl.replace(/\/+$/, "");
  const label = "GLEIF";

  const byLei = (lei: string) =>
    client.ask(`lei:${lei}`, lei, async (): Promise<LookupAnswer> => {
      const answer = await client.getJson(`${base}/lei-records/${encodeURIComponent(lei)}`, HEADERS);
      if (answer.status === 404) return { kind: "not_found", id: lei, why: `GLEIF has no LEI ${lei}` };
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
      return { kind: "found", record: gleifRecord(obj(answer.json, "body").data) };
    });

  // A name search corroborates only an entity of that name at the site's place; anything else says nothing
  // (other entities share names), so it is inconclusive, never a mismatch.
  const byName = (name: string, country: string, site: SiteIdentity) =>
    client.ask(`name:${country}:${companyKey(name)}:${site.postcodes.join("|")}`, name, async () => {
      let sameName: RegisterRecord | undefined;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const query = new URLSearchParams({
          "filter[entity.legalName]": name,
          "filter[entity.legalAddress.country]": country,
          "page[size]": String(PAGE_SIZE),
          "page[number]": String(page),
        });
        const answer = await client.getJson(`${base}/lei-records?${query}`, HEADERS);
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
        const body = obj(answer.json, "body");
        if (!Array.isArray(body.data)) throw new TypeError("data is not an array");
        for (const item of body.data) {
          const record = gleifRecord(item);
          if (!sameLegalName(record.name ?? "", name)) continue;
          // A closed namesake elsewhere may be another company (dissolved names are reused): place first.
          if (placeAgrees(site, record)) return { kind: "found", record } as const;
          sameName ??= record;
        }
        const pagination = obj(obj(body.meta ?? {}, "meta").pagination ?? {}, "meta.pagination");
        const last = typeof pagination.lastPage === "number" ? pagination.lastPage : page;
        if (page >= last) break;
      }
      const why = sameName
        ? `GLEIF lists ${sameName.name} only elsewhere (${sameName.localities[0] ?? "no town"})`
        : `GLEIF lists no entity named ${name} in ${country}`;
      return { kind: "inconclusive", id: name, why } as const;
    });

  return {
    id: "gleif",
    label,
    async lookup(site) {
      if (site.leis.length > 0) return Promise.all(site.leis.slice(0, 3).map(byLei));
      const country = site.countryCodes[0];
      const names = [...new Set(site.names)].slice(0, 2);
      if (!country || !/^[A-Z]{2}$/.test(country)) return [];
      return Promise.all(names.map((n) => byName(n, country, site)));
    },
    probe: () => byLei(GLEIF_PROBE_LEI),
  };
}
