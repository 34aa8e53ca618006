/**
 * @module Domain age through RDAP: the IANA bootstrap file (RFC 9224) names each TLD's RDAP base URL; the
 * domain object (RFC 9083 §5.3) carries `events` with `eventAction: "registration"`. Many ccTLDs have no
 * RDAP: then the age is unknown, which is neutral, never negative (research/rating.md S14).
 */
import { clipText } from "../../../shared/text.ts";
import { createCachedValue, type FeedReader } from "./feed.ts";

export const IANA_BOOTSTRAP_URL = "https://data.iana.org/rdap/dns.json";

export interface DomainAge {
  registeredAt?: string;
  source: string;
  /** Why there is no date: no RDAP service for the TLD, not found, or the service failed. */
  unknown?: string;
}

export interface RdapSource {
  domainAge(domain: string): Promise<DomainAge>;
}

/** The RDAP base URL for `domain` from a bootstrap document, longest matching label suffix first. */
export function baseUrlFor(bootstrap: unknown, domain: string): string | undefined {
  const services = (bootstrap as { services?: unknown }).services;
  if (!Array.isArray(services)) return undefined;
  const labels = domain.toLowerCase().split(".");
  for (let i = 1; i < labels.length; i++) {
    const suffix = labels.slice(i).join(".");
    for (const service of services) {
      const [tlds, urls] = Array.isArray(service) ? service : [];
      if (Array.isArray(tlds) && tlds.includes(suffix) && Array.isArray(urls) && typeof urls[0] === "string") {
        return urls.find((u: unknown) => typeof u === "string" && u.startsWith("https:")) ?? urls[0];
      }
    }
  }
  return undefined;
}

/** The registration date in an RDAP domain object. */
export function registrationDate(domainObject: unknown): string | undefined {
  const events = (domainObject as { events?: unknown }).events;
  if (!Array.isArray(events)) return undefined;
  const event = events.find((e) => (e as { eventAction?: unknown }).eventAction === "registration") as
    | { eventDate?: unknown }
    | undefined;
  const date = typeof event?.eventDate === "string" ? Date.parse(event.eventDate) : Number.NaN;
  return Number.isNaN(date) ? undefined : new Date(date).toISOString();
}

const RDAP_TYPES = ["application/rdap+json", "application/json"];

/** An RDAP client: bootstrap from `bootstrapUrl` (cached a day), one lookup per domain, cached `ttlMs`. */
export function createRdapSource(read: FeedReader, bootstrapUrl = IANA_BOOTSTRAP_URL, ttlMs = 30 * 86400_000) {
  const bootstrap = createCachedValue(
    async () => JSON.parse(await read(bootstrapUrl, RDAP_TYPES)) as unknown,
    86400_000,
  );
  const cache = new Map<string, { at: number; age: DomainAge }>();
  const source: RdapSource = {
    async domainAge(domain) {
      const hit = cache.get(domain);
      if (hit && Date.now() - hit.at < ttlMs) return hit.age;
      let age: DomainAge;
      try {
        const base = baseUrlFor(await bootstrap(), domain);
        if (!base) return { source: "rdap", unknown: "no RDAP service for this TLD" };
        const url = `${base.replace(/\/?$/, "/")}domain/${encodeURIComponent(domain)}`;
        const registeredAt = registrationDate(JSON.parse(await read(url, RDAP_TYPES)));
        age = registeredAt ? { registeredAt, source: url } : { source: url, unknown: "no registration event" };
      } catch (error) {
        return { source: "rdap", unknown: clipText((error as Error).message, 200) };
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(domain, { at: Date.now(), age });
      return age;
    },
  };
  return source;
}
