/**
 * @module Name resolution as a dependency (issue 12 item 5), against a real DNS server on 127.0.0.1
 * (test/support/dns-server.ts) that counts every query: the rater's resolver caches by TTL and negatively,
 * shares look-ups, bounds its queries in flight, retries timeouts; a rating resolves each name once; a
 * struggling resolver makes a rating transient, a missing name makes it U/no_website; and ratings go on
 * at the concurrency an overloaded resolver allows.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readOriginConfig } from "../../origin/config.ts";
import { createProcessMetrics } from "../../origin/process/metrics.ts";
import { FetchError } from "../../origin/rater/fetch/errors.ts";
import {
  type CachingResolver,
  createCachingResolver,
  type ResolverOptions,
} from "../../origin/rater/fetch/resolver.ts";
import { rateSite, TransientRatingError } from "../../origin/rater/rate-site.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { createStatusMetrics } from "../../origin/status/metrics.ts";
import { statusView } from "../../origin/status/view.ts";
import { startDnsServer, type TestDnsServer } from "../support/dns-server.ts";
import { failure } from "../support/fetch-failure.ts";
import { routeToLoopback } from "../support/loopback-internet.ts";

const PUBLIC = "93.184.215.14"; // the address DNS gives every test site; dials to it are carried to `site`
const PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c";
const RATE_OPTIONS = {
  maxPages: 5,
  pageTimeoutMs: 3_000,
  siteTimeoutMs: 10_000,
  concurrency: 4,
  userAgentToken: "bonafide",
};

let dns: TestDnsServer;
let site: Server;
let closedPort = 0;
let internet: ReturnType<typeof routeToLoopback>;
const open: { close(): unknown }[] = [];

// The clock the resolvers' TTLs are measured with, moved by hand: no test waits for a TTL to pass.
let clock = 1_000_000;
function resolver(options: ResolverOptions = {}): CachingResolver {
  const r = createCachingResolver({ servers: [dns.address], queryTimeoutMs: 1_000, now: () => clock, ...options });
  open.push(r);
  return r;
}
function fetcher(dnsOptions: ResolverOptions = {}): ClosableSiteFetcher {
  const f = createSiteFetcher({
    connectTo: "",
    userAgent: "bonafide-test",
    // Tests that count queries need no retry of a merely slow answer; those about loss set it lower.
    dns: { servers: [dns.address], queryTimeoutMs: 1_000, ...dnsOptions },
  });
  open.push(f);
  return f;
}

const HOME = `<html><head><title>Corner Shop</title></head><body><h1>Corner Shop</h1>
<a href="/contact">Contact</a> <a href="/impressum">Impressum</a></body></html>`;

beforeAll(async () => {
  dns = await startDnsServer();
  site = createServer((req, res) => {
    // No keep-alive: every request is a new connection, so every request would look the name up again.
    if (req.url === "/robots.txt") return res.writeHead(404, { connection: "close" }).end();
    const headers = { "content-type": "text/html; charset=utf-8", connection: "close" };
    res.writeHead(200, headers).end(req.url === "/" ? HOME : "<p>page</p>");
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  // A port nothing listens on: https (443) to the public address is refused there, so http is tried.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const sitePort = (site.address() as AddressInfo).port;
  internet = routeToLoopback((address, port) => (address !== PUBLIC ? null : port === 80 ? sitePort : closedPort));
});

afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  dns.zone.clear();
  dns.options = {};
  dns.reset();
});

afterAll(async () => {
  internet?.stop();
  await new Promise((r) => site?.close(r));
  await dns?.close();
});

describe("the caching resolver", () => {
  it("caches an answer for its TTL, clamped to the configured minimum and maximum", async () => {
    dns.zone.set("ttl-shop.com", { a: [PUBLIC], aaaa: [PUBLIC_V6], ttl: 120 });
    dns.zone.set("zero-ttl.com", { a: [PUBLIC], ttl: 0 });
    dns.zone.set("long-ttl.com", { a: [PUBLIC], ttl: 86_400 });
    const r = resolver({ minTtlS: 30, maxTtlS: 600 });
    expect(await r.resolve("ttl-shop.com")).toEqual([
      { address: PUBLIC, family: 4 },
      { address: PUBLIC_V6, family: 6 },
    ]);
    await r.resolve("zero-ttl.com");
    await r.resolve("long-ttl.com");
    expect(dns.stats.received).toBe(6); // A and AAAA per name

    clock += 29_000; // within every clamped TTL
    for (const name of ["ttl-shop.com", "zero-ttl.com", "long-ttl.com"]) await r.resolve(name);
    expect(dns.stats.received).toBe(6);
    clock += 2_000; // past zero-ttl.com's 30 s minimum
    for (const name of ["ttl-shop.com", "zero-ttl.com", "long-ttl.com"]) await r.resolve(name);
    expect([dns.count("ttl-shop.com"), dns.count("zero-ttl.com"), dns.count("long-ttl.com")]).toEqual([2, 4, 2]);
    clock += 90_000; // past ttl-shop.com's 120 s
    await r.resolve("ttl-shop.com");
    clock += 480_000; // past the 600 s maximum that long-ttl.com's day was clamped to
    await r.resolve("long-ttl.com");
    expect([dns.count("ttl-shop.com"), dns.count("long-ttl.com")]).toEqual([4, 4]);
    expect(r.stats()).toMatchObject({ lookups: 11, cacheHits: 5 });
  });

  it("caches NXDOMAIN and NODATA for the negative TTL, as lasting answers", async () => {
    dns.zone.set("no-address.com", {}); // exists, no A, no AAAA
    const r = resolver({ negativeTtlS: 60 });
    for (let i = 0; i < 3; i++) {
      const gone = await failure(r.resolve("gone-shop.com"));
      expect([gone.code, gone.permanent, gone.message]).toEqual([
        "FETCH_DNS",
        true,
        "gone-shop.com does not resolve (ENOTFOUND)",
      ]);
      expect((await failure(r.resolve("no-address.com"))).message).toContain("ENODATA");
    }
    expect([dns.count("gone-shop.com"), dns.count("no-address.com")]).toEqual([2, 2]);
    clock += 61_000;
    await failure(r.resolve("gone-shop.com"));
    expect(dns.count("gone-shop.com")).toBe(4);
    expect(r.stats()).toMatchObject({ negativeHits: 4, failures: { nxdomain: 2, nodata: 1 } });
  });

  it("sends one look-up for many concurrent askers of a name", async () => {
    dns.zone.set("busy-shop.com", { a: [PUBLIC] });
    dns.options = { latencyMs: 50 };
    const r = resolver();
    const answers = await Promise.all(Array.from({ length: 20 }, () => r.resolve("busy-shop.com")));
    expect(answers.every((a) => a[0]?.address === PUBLIC)).toBe(true);
    expect(dns.count("busy-shop.com")).toBe(2);
    expect(r.stats().coalesced).toBe(19);
  });

  it("never has more queries in flight than its bound; the rest wait their turn", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `bound-${i}.com`);
    for (const name of names) dns.zone.set(name, { a: [PUBLIC] });
    dns.options = { latencyMs: 20 };
    const r = resolver({ maxInFlight: 3, lookupTimeoutMs: 10_000 });
    const answers = await Promise.all(names.map((n) => r.resolve(n)));
    expect(answers).toHaveLength(40);
    expect(dns.stats.maxInFlight).toBe(3);
    expect(dns.stats.received).toBe(80);
    expect(r.stats()).toMatchObject({ inFlight: 0, queued: 0, queries: 80 });
  });

  it("retries a timed-out query after a back-off; SERVFAIL is trouble, not an answer, and is not cached", async () => {
    dns.zone.set("lossy-shop.com", { a: [PUBLIC], drop: 1 });
    dns.zone.set("broken-dns.com", { servfail: true });
    const r = resolver({ tries: 3, backoffMs: 20, queryTimeoutMs: 200 });
    expect(await r.resolve("lossy-shop.com")).toEqual([{ address: PUBLIC, family: 4 }]);
    expect(dns.count("lossy-shop.com", "A") + dns.count("lossy-shop.com", "AAAA")).toBe(3); // one lost, retried
    expect(r.stats().retries).toBe(1);
    for (let i = 0; i < 2; i++) {
      const error = await failure(r.resolve("broken-dns.com"));
      expect([error.code, error.permanent]).toEqual(["FETCH_DNS_TEMPORARY", false]);
    }
    expect(dns.count("broken-dns.com")).toBe(4);
    expect(r.stats().failures).toMatchObject({ servfail: 2 });
  });

  it("keeps at most cacheSize names, dropping the least recently used", async () => {
    for (const name of ["one.com", "two.com", "three.com"]) dns.zone.set(name, { a: [PUBLIC] });
    const r = resolver({ cacheSize: 2 });
    await r.resolve("one.com");
    await r.resolve("two.com");
    await r.resolve("one.com"); // one.com is now the most recent
    await r.resolve("three.com"); // evicts two.com
    await r.resolve("one.com");
    await r.resolve("two.com");
    expect([dns.count("one.com"), dns.count("two.com"), dns.count("three.com")]).toEqual([2, 4, 2]);
    expect(r.stats().cached).toBe(2);
  });
});

describe("ratings through the resolver", () => {
  it("resolves each name once per rating, for https, http and every page, even with TTL 0", async () => {
    dns.zone.set("corner-shop.com", { a: [PUBLIC], ttl: 0 });
    const f = fetcher({ minTtlS: 0 });
    const first = await rateSite(f, "corner-shop.com", RATE_OPTIONS);
    expect(first.evidence.failure).toBeUndefined();
    expect(first.evidence.scheme).toBe("http"); // https was refused, so both schemes were dialled
    expect(first.evidence.pages.filter((p) => p.status === 200).length).toBeGreaterThanOrEqual(3);
    expect([dns.count("corner-shop.com", "A"), dns.count("corner-shop.com", "AAAA")]).toEqual([1, 1]);
    await rateSite(f, "corner-shop.com", RATE_OPTIONS); // a new rating asks again: the TTL is 0
    expect([dns.count("corner-shop.com", "A"), dns.count("corner-shop.com", "AAAA")]).toEqual([2, 2]);
    expect(internet.dials).toContain(`${PUBLIC}:80`);
  });

  it("makes a rating transient, not U, when the resolver drops or fails look-ups", async () => {
    dns.zone.set("silent-dns.com", { a: [PUBLIC], drop: Number.POSITIVE_INFINITY });
    dns.zone.set("www.silent-dns.com", { a: [PUBLIC] });
    dns.zone.set("servfail-shop.com", { servfail: true });
    const f = fetcher({ tries: 2, backoffMs: 20, queryTimeoutMs: 200, lookupTimeoutMs: 2_000 });
    for (const domain of ["silent-dns.com", "servfail-shop.com"]) {
      const error = await rateSite(f, domain, RATE_OPTIONS).then(
        () => new Error("expected a transient failure"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TransientRatingError);
      expect((error as TransientRatingError).code).toBe("FETCH_DNS_TEMPORARY");
    }
    // Neither http nor www. was tried on a resolver in trouble: 2 tries of A and of AAAA, nothing more.
    expect([dns.count("silent-dns.com"), dns.count("www.silent-dns.com")]).toEqual([4, 0]);
    expect(f.dnsStats()?.failures).toMatchObject({ timeout: 1, servfail: 1 });
  });

  it("rates a name that does not exist U/no_website, and does not ask again within the negative TTL", async () => {
    const f = fetcher();
    for (let i = 0; i < 2; i++) {
      const result = await rateSite(f, "never-registered-shop.com", RATE_OPTIONS);
      expect(result.rating).toMatchObject({ rating: "U", ratingInfo: "no_website" });
      expect(result.evidence.failure).toMatchObject({ code: "FETCH_DNS", permanent: true });
    }
    expect([dns.count("never-registered-shop.com"), dns.count("www.never-registered-shop.com")]).toEqual([2, 2]);
  });

  it("goes on rating at the concurrency an overloaded resolver allows", async () => {
    const K = 4;
    const domains = Array.from({ length: 32 }, (_, i) => `crowded-${String(i).padStart(2, "0")}.com`);
    for (const domain of domains) dns.zone.set(domain, { a: [PUBLIC] });
    dns.options = { latencyMs: 25, maxInFlight: K }; // drops whatever arrives above K held queries
    const rate = async (f: ClosableSiteFetcher) => {
      const results = await Promise.allSettled(domains.map((d) => rateSite(f, d, RATE_OPTIONS)));
      const retried = results.filter((r) => r.status === "rejected" && r.reason instanceof TransientRatingError);
      const read = results.filter((r) => r.status === "fulfilled" && !r.value.evidence.failure);
      return { rated: read.length, retryLater: retried.length };
    };
    // For contrast, what the old rater did: every look-up at once. The server drops most of them.
    const unbounded = await rate(fetcher({ maxInFlight: 1_000, queryTimeoutMs: 300, tries: 2, backoffMs: 50 }));
    const lost = { ...unbounded, queries: dns.stats.received, dropped: dns.stats.dropped };
    console.log(`[dns] 32 ratings, unbounded look-ups, resolver dropping above ${K}: ${JSON.stringify(lost)}`);
    expect(lost.dropped).toBeGreaterThan(0);
    expect(lost.rated + lost.retryLater).toBe(32); // what was lost is retried later, never rated U
    dns.reset();
    // A query timeout well above the server's latency: a retry of a slow answer is not what this measures.
    const bounded = await rate(fetcher({ maxInFlight: K, queryTimeoutMs: 2_000 }));
    const figures = {
      ratings: domains.length,
      rated: bounded.rated,
      queries: dns.stats.received,
      dropped: dns.stats.dropped,
      maxConcurrencySeen: dns.stats.maxInFlight,
      resolverAllows: K,
    };
    console.log(`[dns] 32 ratings, ${K} look-ups at most, same resolver: ${JSON.stringify(figures)}`);
    // Nothing over the server's limit was sent, so nothing was lost: each name took its A and AAAA query.
    expect(figures).toMatchObject({ rated: 32, dropped: 0, maxConcurrencySeen: K });
    expect(dns.count("crowded-00.com")).toBe(2);
  });
});

describe("the guard with the fetcher's own resolver", () => {
  const page = { accept: ["text/html"], timeoutMs: 3_000 };

  it("passes the resolver's classified errors through unchanged", async () => {
    const error = await failure(fetcher().fetchPage("http://absent-shop.com/", page));
    expect(error).toBeInstanceOf(FetchError);
    expect(error.message).toBe("absent-shop.com does not resolve (ENOTFOUND)");
  });

  it("still judges every address at connect time, the cached ones too", async () => {
    dns.zone.set("inward-shop.com", { a: ["10.0.0.7"] });
    dns.zone.set("mixed-shop.com", { a: [PUBLIC, "192.168.1.1"] });
    const f = fetcher();
    for (let i = 0; i < 2; i++) {
      expect((await failure(f.fetchPage("http://inward-shop.com/", page))).message).toBe(
        "inward-shop.com resolves to 10.0.0.7",
      );
      expect((await failure(f.fetchPage("http://mixed-shop.com/", page))).code).toBe("FETCH_BLOCKED_ADDRESS");
    }
    expect(f.dnsStats()?.cacheHits).toBe(2); // the second round came from the cache, and was refused again
    expect(internet.dials.filter((d) => /^(10|192\.168)\./.test(d))).toEqual([]); // refused before dialling
  });

  it("never asks DNS about a name BONAFIDE_CONNECT_TO maps", async () => {
    const sitePort = (site.address() as AddressInfo).port;
    const f = createSiteFetcher({
      connectTo: `mapped-shop.com:80:127.0.0.1:${sitePort}`,
      userAgent: "bonafide-test",
      dns: { servers: [dns.address] },
    });
    open.push(f);
    expect((await f.fetchPage("http://mapped-shop.com/", page)).status).toBe(200);
    expect((await failure(f.fetchPage("https://mapped-shop.com/", page))).code).toBe("FETCH_REFUSED"); // 443 unmapped
    expect(dns.stats.received).toBe(0);
  });
});

describe("operating the resolver", () => {
  it("reports look-ups, cache hits, failures by kind and queries in flight in the process metrics", async () => {
    dns.zone.set("metered-shop.com", { a: [PUBLIC] });
    dns.zone.set("servfail-shop.com", { servfail: true });
    const f = fetcher();
    await rateSite(f, "metered-shop.com", RATE_OPTIONS);
    await rateSite(f, "gone-shop.com", RATE_OPTIONS);
    await rateSite(f, "servfail-shop.com", RATE_OPTIONS).catch(() => undefined);
    const metrics = createProcessMetrics();
    metrics.watchDns(f.dnsStats);
    const snapshot = metrics.snapshot();
    expect(snapshot.dns).toMatchObject({
      queries: 8, // A and AAAA of metered-shop, gone-shop, www.gone-shop and servfail-shop
      inFlight: 0,
      queued: 0,
      failures: { nxdomain: 2, servfail: 1 },
    });
    expect(snapshot.dns?.cacheHits).toBeGreaterThan(0); // robots.txt, home and pages of metered-shop.com
    const row = {
      id: "box:1:a",
      role: "rater",
      host: "box",
      pid: 1,
      startedAt: new Date(),
      concurrency: 16,
      port: null,
      heartbeatAt: new Date(),
      state: "running",
      inFlight: 0,
      claimed: 0,
      completed: 0,
      failed: 0,
      rssBytes: 0,
      metrics: snapshot,
    };
    const data = {
      generatedAt: new Date().toISOString(),
      queue: { depth: [], totals: {}, oldestWaitingSeconds: {} },
      throughput: [],
      processes: [row],
      goneProcesses: [],
      clients: [],
      errors: [],
      deadJobs: [],
      pushBacklog: 0,
      failures: { perMinute: [], byCode: [] },
      paused: [],
      audit: [],
    };
    const text = await createStatusMetrics().text(statusView(data, null));
    const who = 'process="box:1:a",role="rater",host="box"';
    expect(text).toContain(`bonafide_dns_queries_total{${who}} 8\n`);
    expect(text).toContain(`bonafide_dns_failures_total{${who},kind="nxdomain"} 2\n`);
    expect(text).toContain(`bonafide_dns_failures_total{${who},kind="servfail"} 1\n`);
    expect(text).toContain(`bonafide_dns_queries_in_flight{${who}} 0\n`);
    expect(text).toMatch(/^bonafide_dns_cache_hits_total\{.*answer="positive"\} [1-9]\d*$/m);
  });

  it("reads BONAFIDE_DNS_* and names the variable when one is wrong", () => {
    const env = { BONAFIDE_DNS_SERVERS: `${dns.address}, [::1]:5353`, BONAFIDE_DNS_MAX_IN_FLIGHT: "4" };
    expect(readOriginConfig(env).rater.dns).toMatchObject({
      servers: [dns.address, "[::1]:5353"],
      maxInFlight: 4,
      minTtlS: 30,
      maxTtlS: 600,
      negativeTtlS: 60,
    });
    expect(readOriginConfig({}).rater.dns.servers).toEqual([]); // the system's
    expect(() => readOriginConfig({ BONAFIDE_DNS_SERVERS: "dns.example.net" })).toThrow(/^BONAFIDE_DNS_SERVERS: /);
    expect(() => readOriginConfig({ BONAFIDE_DNS_MIN_TTL_S: "900" })).toThrow(/BONAFIDE_DNS_MAX_TTL_S \(600\)/);
    expect(() => readOriginConfig({ BONAFIDE_DNS_MAX_IN_FLIGHT: "0" })).toThrow(/BONAFIDE_DNS_MAX_IN_FLIGHT/);
  });
});
