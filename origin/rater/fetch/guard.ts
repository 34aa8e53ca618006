/** @module The public-address guard: an undici Agent that only ever connects to public unicast addresses. */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction, type Socket } from "node:net";
import { rootCertificates, type TLSSocket } from "node:tls";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector } from "undici";
import { type ConnectToMap, normalizeHost, parseConnectTo } from "./connect-to.ts";
import { FetchError } from "./errors.ts";

export interface ResolvedAddress {
  address: string;
  family?: number;
}
/** Name → addresses; the default is the system resolver (getaddrinfo, so /etc/hosts applies too). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardOptions {
  /** `--connect-to` mappings: the only way to reach loopback (local demo, tests). */
  connectTo?: ConnectToMap;
  /** Ports a URL may name; research/rating.md §4.3 allows 80 and 443 only (no port scanning by redirect). */
  allowedPorts?: readonly number[];
  resolve?: Resolver;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  maxHeaderSize?: number;
  keepAliveTimeoutMs?: number;
  /** Sockets per origin. */
  connections?: number;
  /** Extra trusted root certificates (PEM), added to Node's bundled roots: the local stack's test CA. */
  extraCa?: readonly string[];
  /** Called with every TLS connection made, so the rater can read the site's certificate. */
  onTlsConnection?: (host: string, socket: TLSSocket) => void;
}

// IPv6 wrappers that carry an IPv4 address the far end may unwrap to a private one (research §4.1 item 3).
// ipaddr.js 2.5 already ranks most as non-unicast; listing them keeps the guard right if that changes.
const WRAPPERS: ReadonlyArray<[ipaddr.IPv6, number]> = [
  ["::", 96], // IPv4-compatible, deprecated by RFC 4291 §2.5.5.1; ipaddr.js calls it "unicast"
  ["64:ff9b::", 96], // NAT64 well-known prefix, RFC 6052
  ["64:ff9b:1::", 48], // NAT64 local-use, RFC 8215
  ["2002::", 16], // 6to4, RFC 3056
  ["2001::", 32], // Teredo, RFC 4380
].map(([prefix, bits]) => [ipaddr.IPv6.parse(prefix as string), bits as number]);

/** True only for addresses in ipaddr.js range `unicast` after IPv4-mapped normalisation, minus v4 wrappers. */
export function isPublicAddress(ip: string): boolean {
  const host = normalizeHost(ip);
  if (isIP(host) === 0) return false; // only canonical literals; "0x7f.1" etc. are for the URL parser to settle
  const addr = ipaddr.process(host); // ::ffff:a.b.c.d → a.b.c.d, judged as IPv4
  if (addr.kind() === "ipv6" && WRAPPERS.some((range) => (addr as ipaddr.IPv6).match(range))) return false;
  return addr.range() === "unicast";
}

// Special-use names (RFC 6761, RFC 6762 .local, RFC 7686 .onion, RFC 8375 home.arpa, ICANN .internal) and
// cloud metadata names (research §4.3 "Address policy"); single-label names are rejected separately.
const SPECIAL_SUFFIXES = ["localhost", "local", "test", "invalid", "example", "internal", "home.arpa", "onion"];
const METADATA_NAMES = new Set(["metadata.google.internal", "metadata", "instance-data"]);

/** Why `host` (already normalised) may not be looked up, or null when it may. */
export function blockedNameReason(host: string): string | null {
  if (METADATA_NAMES.has(host)) return "is a cloud metadata name";
  if (SPECIAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) return "is a special-use name";
  if (!host.includes(".")) return "is a single-label name";
  return null;
}

const NO_SUCH_NAME = new Set(["ENOTFOUND", "EAI_NONAME", "ENODATA", "EAI_NODATA"]);

function dnsFailure(host: string, error: unknown): FetchError {
  if (error instanceof FetchError) return error; // the caching resolver has classified it already
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && NO_SUCH_NAME.has(code)
    ? new FetchError("FETCH_DNS", `${host} does not resolve (${code})`, { cause: error })
    : new FetchError("FETCH_DNS_TEMPORARY", `${host} could not be resolved now (${String(code ?? error)})`, {
        cause: error,
      });
}

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, order: "verbatim" });

/**
 * A net `lookup` that fails unless EVERY address of the answer is public: a mixed answer is a classic
 * rebinding trick (research §4.1 item 4). It runs inside the connect, so the address checked is the
 * address dialled — no time-of-check/time-of-use gap. Handles `all: true` (happy-eyeballs) and family.
 */
export function createGuardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const host = normalizeHost(hostname);
    const reason = blockedNameReason(host);
    if (reason) {
      queueMicrotask(() => callback(new FetchError("FETCH_BLOCKED_ADDRESS", `${host} ${reason}`), ""));
      return;
    }
    const settle = (error: FetchError | null, answer: ResolvedAddress[]) => {
      const fam = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
      const all = answer.map((a) => ({ address: a.address, family: a.family || isIP(a.address) }));
      const wanted = fam === 4 || fam === 6 ? all.filter((a) => a.family === fam) : all;
      const first = wanted[0];
      if (error) callback(error, "");
      else if (!first) callback(new FetchError("FETCH_DNS", `${host} has no address of family ${fam}`), "");
      else if (options.all) callback(null, wanted);
      else callback(null, first.address, first.family);
    };
    resolve(host).then(
      (answer) => {
        const bad = answer.find((a) => !isPublicAddress(a.address));
        if (answer.length === 0) settle(new FetchError("FETCH_DNS", `${host} has no addresses`), []);
        else if (bad) settle(new FetchError("FETCH_BLOCKED_ADDRESS", `${host} resolves to ${bad.address}`), []);
        else settle(null, answer);
      },
      (error: unknown) => settle(dnsFailure(host, error), []),
    );
  };
}

function fail(callback: buildConnector.Callback, error: FetchError): void {
  queueMicrotask(() => callback(error, null)); // never call back synchronously from inside undici's connect()
}

/**
 * The Agent every rater fetch goes through. Its connect function decides, per connection: a connect-to
 * mapping first (the only road to loopback); then the port allow-list; then literal IPs, which Node dials
 * without calling `lookup` (nodejs/undici#2019, verified in research §4.2); then names via the guarded
 * lookup. It is a plain Agent, never EnvHttpProxyAgent, so HTTP(S)_PROXY cannot route around it.
 */
export function createGuardedAgent(options: GuardOptions = {}): Agent {
  const connectTo = options.connectTo ?? parseConnectTo("");
  const allowedPorts = new Set(options.allowedPorts ?? [80, 443]);
  const ca = options.extraCa?.length ? { ca: [...rootCertificates, ...options.extraCa] } : {};
  const common = { timeout: options.connectTimeoutMs ?? 5_000, allowH2: false, keepAlive: true, ...ca };
  const direct = buildConnector(common);
  const guarded = buildConnector({ ...common, lookup: createGuardedLookup(options.resolve) });
  const onTls = options.onTlsConnection;

  const connect: buildConnector.connector = (opts, done) => {
    const callback: buildConnector.Callback =
      onTls && opts.protocol === "https:"
        ? (error, socket) => {
            if (!error && socket) onTls(normalizeHost(opts.hostname), socket as Socket as TLSSocket);
            (done as (e: Error | null, s: Socket | null) => void)(error, socket as Socket | null);
          }
        : done;
    if (opts.socketPath || opts.httpSocket) {
      return fail(callback, new FetchError("FETCH_BLOCKED_ADDRESS", "unix sockets and tunnels are not allowed"));
    }
    const host = normalizeHost(opts.hostname);
    const port = opts.port ? Number(opts.port) : opts.protocol === "https:" ? 443 : 80;
    const mapped = connectTo.get(host, port);
    // The URL's host stays in `host`, so TLS still sends and verifies the real name (SNI), as curl does.
    if (mapped) return direct({ ...opts, hostname: mapped.host, port: String(mapped.port) }, callback);
    if (connectTo.hasHost(host)) {
      return fail(callback, new FetchError("FETCH_REFUSED", `${host}:${port} is not mapped (connect-to)`));
    }
    if (!allowedPorts.has(port))
      return fail(callback, new FetchError("FETCH_BLOCKED_PORT", `port ${port} is not allowed`));
    if (isIP(host) !== 0) {
      if (!isPublicAddress(host))
        return fail(callback, new FetchError("FETCH_BLOCKED_ADDRESS", `${host} is not public`));
      return guarded({ ...opts, hostname: host }, callback); // (its lookup re-checks, should Node ever call it)
    }
    const reason = blockedNameReason(host);
    if (reason) return fail(callback, new FetchError("FETCH_BLOCKED_ADDRESS", `${host} ${reason}`));
    return guarded(opts, callback);
  };

  return new Agent({
    connect,
    allowH2: false, // HTTP/1.1 only: maxHeaderSize and the llhttp limits are what bound a hostile server
    headersTimeout: options.headersTimeoutMs ?? 10_000,
    bodyTimeout: options.bodyTimeoutMs ?? 10_000,
    maxHeaderSize: options.maxHeaderSize ?? 16_384,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    connections: options.connections ?? 4,
  });
}
