/**
 * @module The business-register source: corroboration from outside the site's own words. A register entry
 * (Companies House, Handelsregister, …) matches when the number found on the site is registered under the
 * legal name the site gives, at the postcode it gives (research/rating.md §3.2 "registry match").
 *
 * Shipped implementation: a JSON feed (file or URL) of entries, standing in for a register's API; the
 * interface is what a Companies House or VIES client would implement.
 */
import { sameCompany } from "../signals/tls.ts";
import { createCachedValue, type FeedReader } from "./feed.ts";

export interface RegistryEntry {
  register: string;
  number: string;
  name: string;
  postcode?: string;
  status?: "active" | "dissolved";
  incorporated?: string;
}

export interface RegistryQuery {
  numbers: string[];
  names: string[];
  postcodes: string[];
}

export type RegistryResult =
  | { kind: "match"; entry: RegistryEntry }
  | { kind: "mismatch"; entry: RegistryEntry; why: string }
  | { kind: "not_found" };

export interface RegistrySource {
  readonly name: string;
  lookup(query: RegistryQuery): Promise<RegistryResult>;
}

const key = (n: string) => n.replace(/[\s.]/g, "").toUpperCase();

/** Decides a query against entries (pure). */
export function matchRegistry(entries: readonly RegistryEntry[], query: RegistryQuery): RegistryResult {
  const numbers = new Set(query.numbers.map(key));
  const postcodes = new Set(query.postcodes.map(key));
  const hits = entries.filter((e) => numbers.has(key(e.number)));
  if (hits.length === 0) return { kind: "not_found" };
  for (const entry of hits) {
    const named = query.names.some((n) => sameCompany(n, entry.name));
    const placed = !entry.postcode || postcodes.has(key(entry.postcode));
    if (named && placed && entry.status !== "dissolved") return { kind: "match", entry };
  }
  const entry = hits[0] as RegistryEntry;
  const why =
    entry.status === "dissolved"
      ? "the company is dissolved"
      : !query.names.some((n) => sameCompany(n, entry.name))
        ? `the number is registered to ${entry.name}`
        : "the registered office is elsewhere";
  return { kind: "mismatch", entry, why };
}

function isEntry(value: unknown): value is RegistryEntry {
  const v = value as Record<string, unknown>;
  return typeof v === "object" && v !== null && typeof v.number === "string" && typeof v.name === "string";
}

/** A register read from a JSON array feed at `location`, cached for `ttlMs` (default a day). */
export function createFeedRegistry(read: FeedReader, location: string, ttlMs = 24 * 3600_000): RegistrySource {
  const entries = createCachedValue(async () => {
    const data: unknown = JSON.parse(await read(location, ["application/json"]));
    return (Array.isArray(data) ? data : []).filter(isEntry).map((e) => ({ ...e, register: e.register ?? "feed" }));
  }, ttlMs);
  return { name: `feed:${location}`, lookup: async (query) => matchRegistry(await entries(), query) };
}
