/** @module Builds the remote sources a rater consults from its configuration (each optional). */
import type { SiteFetcher } from "../crawl.ts";
import type { RatingSources } from "../rate-site.ts";
import { createFeedBlacklist } from "./blacklist.ts";
import { createFeedReader } from "./feed.ts";
import { createRdapSource } from "./rdap.ts";
import { createFeedRegistry } from "./registry.ts";

export interface SourceSettings {
  blacklistFeed: string | null;
  registryFeed: string | null;
  rdapBootstrapUrl: string | null;
}

/** The sources named in `settings`, reading their feeds through `fetcher` (the guarded one). */
export function createRatingSources(fetcher: SiteFetcher, settings: SourceSettings): RatingSources {
  const read = createFeedReader(fetcher);
  const sources: RatingSources = {};
  if (settings.blacklistFeed) sources.blacklist = createFeedBlacklist(read, settings.blacklistFeed);
  if (settings.registryFeed) sources.registry = createFeedRegistry(read, settings.registryFeed);
  if (settings.rdapBootstrapUrl) sources.rdap = createRdapSource(read, settings.rdapBootstrapUrl);
  return sources;
}
