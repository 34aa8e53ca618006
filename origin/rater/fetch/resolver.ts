/**
 * @module The rater's one resolver per process (issue 12 item 5): DNS is a dependency like any other, so it
 * is asked politely and its trouble is told apart from a name that does not exist.
 *
 * It asks DNS directly (c-ares, node:dns `resolve4`/`resolve6` with TTLs), not getaddrinfo: answers carry
 * their TTL, the servers are configurable, NXDOMAIN / NODATA / SERVFAIL / timeouts come back as distinct
 * codes, and look-ups never queue behind file I/O in libuv's four-thread pool. /etc/hosts is not read — the
 * rater rates public names, and BONAFIDE_CONNECT_TO is the one way to point a name elsewhere.
 *
 * Every name is looked up once at a time (concurrent askers share the look-up), answers are cached by TTL
 * (clamped) and NXDOMAIN/NODATA for a short negative TTL (RFC 2308), queries in flight are bounded by a
 * semaphore whose waiters give up at the look-up's deadline, and a timed-out query is retried with back-off.
 * It only answers "which addresses": the guard (guard.ts) still checks every address at connect time.
 */
import { Resolver as AresResolver } from "node:dns/promises";
import { createDnsCache, type DnsAnswer } from "./dns-cache.ts";
import { FetchError } from "./errors.ts";
import type { ResolvedAddress, Resolver } from "./guard.ts";
import { createSemaphore } from "./semaphore.ts";

export interface ResolverOptions {
  /** `ip`, `ip:port` or `[ipv6]:port`; empty = the system's (/etc/resolv.conf). */
  servers?: readonly string[];
  /** One query's wait for its answer (default 1,500 ms). */
  queryTimeoutMs?: number;
  /** Tries of a query that timed out, the first included (default 3). */
  tries?: number;
  /** Back-off before the second try, doubled for each next one, ±50 % jitter (default 200 ms). */
  backoffMs?: number;
  /**
   * The whole look-up — waiting for a slot, tries, back-off — gives up after this (default 4,000 ms). It is
   * below the guarded connect's timeout (5 s, which includes the look-up), so a struggling resolver is
   * reported as DNS trouble, not as a site that does not answer.
   */
  lookupTimeoutMs?: number;
  /** DNS queries in flight at once, process-wide (default 16). */
  maxInFlight?: number;
  /** Positive answers are kept for their TTL clamped to [minTtlS, maxTtlS] (defaults 30 s, 600 s). */
  minTtlS?: number;
  maxTtlS?: number;
  /** NXDOMAIN / NODATA answers are kept this long (default 60 s). */
  negativeTtlS?: number;
  /** Names kept at most (default 10,000). */
  cacheSize?: number;
  /** The clock TTLs are measured with (tests). */
  now?: () => number;
}

/** Why a look-up gave no addresses: a lasting answer (nxdomain, nodata) or trouble worth retrying later. */
export type DnsFailureKind = "nxdomain" | "nodata" | "timeout" | "servfail" | "refused" | "busy" | "other";

export interface DnsStats {
  /** resolve() calls, however answered. */
  lookups: number;
  cacheHits: number;
  negativeHits: number;
  /** Calls that joined a look-up of the same name already under way. */
  coalesced: number;
  /** Queries sent (A and AAAA each count; every try counts). */
  queries: number;
  retries: number;
  /** Queries in flight now, and queries waiting for a slot. */
  inFlight: number;
  queued: number;
  cached: number;
  /** Look-ups that gave no addresses, by kind (DnsFailureKind). */
  failures: Record<string, number>;
}

/** The process's resolver: `resolve` plugs into the guard; `hold` scopes one rating; `stats` for metrics. */
export interface CachingResolver {
  resolve: Resolver;
  /** Keeps the answers for `domain` and its subdomains until the release is called (one rating). */
  hold(domain: string): () => void;
  stats(): DnsStats;
  /** Cancels the queries in flight (they fail as transient). */
  close(): void;
}

type FamilyResult =
  | { ok: true; addresses: ResolvedAddress[]; ttlS: number }
  | { ok: false; code: string; kind: DnsFailureKind };

const KIND_BY_CODE: Readonly<Record<string, DnsFailureKind>> = {
  ENOTFOUND: "nxdomain",
  ENODATA: "nodata",
  ETIMEOUT: "timeout",
  ESERVFAIL: "servfail",
  ECONNREFUSED: "refused",
  EREFUSED: "refused",
  ESLOTTIMEOUT: "busy",
};

function failed(code: string): FamilyResult {
  return { ok: false, code, kind: KIND_BY_CODE[code] ?? "other" };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds the resolver; servers are validated here (node:dns throws ERR_INVALID_IP_ADDRESS). */
export function createCachingResolver(options: ResolverOptions = {}): CachingResolver {
  const tries = options.tries ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 4_000;
  const minTtlMs = (options.minTtlS ?? 30) * 1000;
  const maxTtlMs = (options.maxTtlS ?? 600) * 1000;
  const negativeTtlMs = (options.negativeTtlS ?? 60) * 1000;
  // tries: 1 — c-ares would retry on its own, holding the slot; retries happen here, after back-off, instead.
  const ares = new AresResolver({ timeout: options.queryTimeoutMs ?? 1_500, tries: 1 });
  if (options.servers?.length) ares.setServers([...options.servers]);
  const cache = createDnsCache(options.cacheSize ?? 10_000, options.now ?? Date.now);
  const slots = createSemaphore(options.maxInFlight ?? 16);
  const pending = new Map<string, Promise<DnsAnswer>>();
  const counts = { lookups: 0, cacheHits: 0, negativeHits: 0, coalesced: 0, queries: 0, retries: 0 };
  const failures: Record<string, number> = {};

  async function ask(name: string, family: 4 | 6): Promise<FamilyResult> {
    const records = family === 4 ? await ares.resolve4(name, { ttl: true }) : await ares.resolve6(name, { ttl: true });
    const ttlS = Math.min(...records.map((r) => r.ttl));
    return { ok: true, addresses: records.map((r) => ({ address: r.address, family })), ttlS };
  }

  async function query(name: string, family: 4 | 6, deadline: number): Promise<FamilyResult> {
    for (let attempt = 1; ; attempt++) {
      const release = await slots.acquire(Math.max(1, deadline - Date.now())).catch(() => null);
      if (!release) return failed("ESLOTTIMEOUT");
      let result: FamilyResult;
      try {
        counts.queries++;
        result = await ask(name, family);
      } catch (error) {
        result = failed(String((error as { code?: unknown }).code ?? "EOTHER"));
      } finally {
        release();
      }
      const wait = backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      if (result.ok || result.kind !== "timeout" || attempt >= tries || Date.now() + wait >= deadline) return result;
      counts.retries++;
      await sleep(wait);
    }
  }

  /** One look-up of both families, cached by its outcome; transient trouble throws and is not cached. */
  async function lookUp(name: string): Promise<DnsAnswer> {
    const deadline = Date.now() + lookupTimeoutMs;
    const results = await Promise.all([query(name, 4, deadline), query(name, 6, deadline)]);
    const addresses = results.flatMap((r) => (r.ok ? r.addresses : []));
    const troubles = results.filter((r) => !r.ok && r.kind !== "nxdomain" && r.kind !== "nodata");
    if (addresses.length > 0) {
      const ttlMs = Math.min(...results.map((r) => (r.ok ? r.ttlS * 1000 : Number.POSITIVE_INFINITY)));
      // One family in trouble: keep what answered, but only briefly, so the other is asked again soon.
      const keepMs = troubles.length > 0 ? minTtlMs : Math.min(maxTtlMs, Math.max(minTtlMs, ttlMs));
      const answer: DnsAnswer = { kind: "addresses", addresses };
      cache.set(name, answer, keepMs);
      return answer;
    }
    const trouble = troubles[0];
    if (trouble && !trouble.ok) {
      failures[trouble.kind] = (failures[trouble.kind] ?? 0) + 1;
      throw new FetchError("FETCH_DNS_TEMPORARY", `${name} could not be resolved now (${trouble.code})`);
    }
    const nxdomain = results.some((r) => !r.ok && r.kind === "nxdomain");
    failures[nxdomain ? "nxdomain" : "nodata"] = (failures[nxdomain ? "nxdomain" : "nodata"] ?? 0) + 1;
    const answer: DnsAnswer = { kind: "negative", code: nxdomain ? "ENOTFOUND" : "ENODATA" };
    cache.set(name, answer, negativeTtlMs);
    return answer;
  }

  function addressesOf(name: string, answer: DnsAnswer): ResolvedAddress[] {
    if (answer.kind === "negative") throw new FetchError("FETCH_DNS", `${name} does not resolve (${answer.code})`);
    return answer.addresses.map((a) => ({ ...a }));
  }

  async function resolve(hostname: string): Promise<ResolvedAddress[]> {
    const name = hostname.toLowerCase();
    counts.lookups++;
    const cached = cache.get(name);
    if (cached) {
      if (cached.kind === "addresses") counts.cacheHits++;
      else counts.negativeHits++;
      return addressesOf(name, cached);
    }
    let look = pending.get(name);
    if (look) counts.coalesced++;
    else {
      look = lookUp(name).finally(() => pending.delete(name));
      pending.set(name, look);
    }
    return addressesOf(name, await look);
  }

  return {
    resolve,
    hold: (domain) => cache.hold(domain.toLowerCase()),
    stats: () => ({
      ...counts,
      inFlight: slots.active,
      queued: slots.waiting,
      cached: cache.size,
      failures: { ...failures },
    }),
    close: () => ares.cancel(),
  };
}
