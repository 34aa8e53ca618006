/** @module Builds the remote sources a rater consults from its configuration (each optional). */
import type { SiteFetcher } from "../crawl.ts";
import type { RatingSources } from "../rate-site.ts";
import { createFeedBlacklist } from "./blacklist.ts";
import { createFeedReader } from "./feed.ts";
import { createRdapSource } from "./rdap.ts";
import { createFeedRegister } from "./registers/feed.ts";
import { createRegisters, DEFAULT_REGISTER_SETTINGS, type RegisterSettings } from "./registers/index.ts";

export interface SourceSettings {
  blacklistFeed: string | null;
  registryFeed: string | null;
  rdapBootstrapUrl: string | null;
  /** The public registers (sources/registers/); default none. */
  registers?: RegisterSettings;
}

/** The sources named in `settings`, reading their feeds through `fetcher` (the guarded one). */
export function createRatingSources(fetcher: SiteFetcher, settings: SourceSettings): RatingSources {
  const read = createFeedReader(fetcher);
  const sources: RatingSources = {};
  if (settings.blacklistFeed) sources.blacklist = createFeedBlacklist(read, settings.blacklistFeed);
  const registers = createRegisters(fetcher, settings.registers ?? DEFAULT_REGISTER_SETTINGS).connectors;
  if (settings.registryFeed) registers.unshift(createFeedRegister(read, settings.registryFeed));
  if (registers.length > 0) sources.registers = registers;
  if (settings.rdapBootstrapUrl) sources.rdap = createRdapSource(read, settings.rdapBootstrapUrl);
  return sources;
}
