/**
 * @module The rater's real SiteFetcher: every page, robots.txt included, through one SSRF-guarded undici
 * Agent (fetch/guard.ts), with the operator's `--connect-to` mappings as the only road to loopback.
 */
import { readFileSync } from "node:fs";
import type { OriginConfig } from "../config.ts";
import type { SiteFetcher } from "./crawl.ts";
import { parseConnectTo } from "./fetch/connect-to.ts";
import { fetchPage, fetchWithSchemeFallback } from "./fetch/fetch-page.ts";
import { createGuardedAgent, type Resolver } from "./fetch/guard.ts";
import { createCachingResolver, type DnsStats, type ResolverOptions } from "./fetch/resolver.ts";

export interface SiteFetcherOptions {
  /** `BONAFIDE_CONNECT_TO`: comma-separated `HOST1:PORT1:HOST2:PORT2`. Malformed input throws at start. */
  connectTo: string;
  userAgent: string;
  /** Decoded bytes kept per page (default 1 MiB). */
  maxBytes?: number;
  /** Name resolution, for tests; the default is this fetcher's own caching resolver (fetch/resolver.ts). */
  resolve?: Resolver;
  /** The caching resolver's settings (BONAFIDE_DNS_*); unused when `resolve` is given. */
  dns?: ResolverOptions;
  /** Extra trusted root certificates (PEM): only the local stack's test CA (BONAFIDE_TRUST_CA_FILE). */
  extraCa?: readonly string[];
  /** Ports URLs may name (default 80 and 443); tests widen it so a blocked address is refused for the address. */
  allowedPorts?: readonly number[];
}

/** The fetcher options `config` sets: connect-to, User-Agent, page size, resolver, the extra CA when configured. */
export function siteFetcherOptions(config: Pick<OriginConfig, "connectTo" | "rater">): SiteFetcherOptions {
  // The extra CA is trusted only when configured (the local stack's test CA); production trusts Node's roots.
  const { trustCaFile } = config.rater;
  return {
    connectTo: config.connectTo,
    userAgent: config.rater.userAgent,
    maxBytes: config.rater.crawl.pageMaxBytes,
    dns: config.rater.dns,
    ...(trustCaFile ? { extraCa: [readFileSync(trustCaFile, "utf8")] } : {}),
  };
}

const MAX_REMEMBERED_CERTIFICATES = 2_000;

/** A SiteFetcher that can be closed (its connection pool), with its resolver's figures. */
export interface ClosableSiteFetcher extends SiteFetcher {
  close(): Promise<void>;
  /** Look-ups, cache hits, failures by kind, queries in flight; null when a `resolve` was injected. */
  dnsStats(): DnsStats | null;
}

/** Builds the guarded fetcher the rater uses for every connection it makes to a rated site. */
export function createSiteFetcher(options: SiteFetcherOptions): ClosableSiteFetcher {
  // The last certificate each host presented, read off the guarded TLS connection itself: the certificate
  // is evidence of the very connection the pages came over, never of a second, unguarded one.
  const certificates = new Map<string, Uint8Array>();
  // One fetcher per rater process, so one resolver per process: every rating shares its cache and its bound.
  const resolver = options.resolve ? null : createCachingResolver(options.dns);
  const agent = createGuardedAgent({
    connectTo: parseConnectTo(options.connectTo),
    ...(resolver ? { resolve: resolver.resolve } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.extraCa ? { extraCa: options.extraCa } : {}),
    ...(options.allowedPorts ? { allowedPorts: options.allowedPorts } : {}),
    onTlsConnection(host, socket) {
      const raw = socket.getPeerCertificate(false)?.raw;
      if (!raw) return;
      if (certificates.size >= MAX_REMEMBERED_CERTIFICATES) certificates.clear();
      certificates.set(host, new Uint8Array(raw));
    },
  });
  const common = { userAgent: options.userAgent, ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) };
  return {
    fetchPage: (url, request) =>
      fetchPage(agent, url, {
        ...common,
        accept: request.accept,
        timeoutMs: request.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.headers ? { headers: request.headers } : {}),
      }),
    fetchWithSchemeFallback: (host, path, request) =>
      fetchWithSchemeFallback(agent, host, path, {
        ...common,
        accept: request.accept,
        timeoutMs: request.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      }),
    certificateOf: (host) => certificates.get(host.toLowerCase()),
    holdNames: (domain) => resolver?.hold(domain) ?? (() => undefined),
    dnsStats: () => resolver?.stats() ?? null,
    close: async () => {
      await agent.close();
      resolver?.close();
    },
  };
}
