/**
 * @module curl-style `--connect-to` mappings: the operator's explicit, and only, way to point a name at loopback.
 *
 * Ratings are per registrable domain: asked about `shop.example.com`, the rater reads `example.com` (and
 * `www.example.com` if that fails). So an operator who maps the host they serve their site under means that
 * domain's site. Precisely: a host named in the spec uses only its own entries (exact wins, as in curl); the
 * registrable domain and its `www.` host, when not named themselves, use the entries of the first named host
 * of that domain, port by port. Other hosts of the domain are never aliased, and an unnamed domain never is.
 */
import { isIP, isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";
import { getDomain } from "tldts";
import { OriginError } from "../../errors/model.ts";

/** Where a mapped (host, port) is really dialled. `host` is a name or an IP literal without brackets. */
export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
}

/** Parsed `--connect-to` entries, keyed by normalised host name and port. */
export interface ConnectToMap {
  /** The target for `host:port`, or undefined when that pair is not mapped. */
  get(host: string, port: number): ConnectTarget | undefined;
  /** Whether `host` has a mapping for any port (then unmapped ports must fail, never fall back to DNS). */
  hasHost(host: string): boolean;
  readonly size: number;
}

/** Thrown for a malformed spec; `code` is stable so configuration errors can be told apart. */
export class ConnectToError extends OriginError<"CONNECT_TO_INVALID"> {
  constructor(message: string) {
    super("CONNECT_TO_INVALID", message);
  }
}

const FORM = "expected HOST1:PORT1:HOST2:PORT2, e.g. shop.example.com:80:127.0.0.1:18080 or a:443:[::1]:8443";
// A host is a bracketed IPv6 literal or a run without colons/brackets; both ports are decimal.
const ENTRY = /^(\[[^\]]*\]|[^:[\]]+):(\d{1,5}):(\[[^\]]*\]|[^:[\]]+):(\d{1,5})$/;
const NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/**
 * The form hosts are compared in: lowercase (DNS names are case-insensitive, RFC 4343), without the
 * trailing root dot (`LOCALHOST.` and `localhost` are one name) and without IPv6 brackets.
 */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h.endsWith(".")) h = h.slice(0, -1);
  return isIPv6(h) ? ipaddr.parse(h).toString() : h;
}

function parseHost(raw: string, entry: string): string {
  if (raw.startsWith("[")) {
    const inner = raw.slice(1, -1);
    if (!isIPv6(inner))
      throw new ConnectToError(`connect-to entry ${JSON.stringify(entry)}: ${raw} is not an IPv6 address (${FORM})`);
    return ipaddr.parse(inner).toString(); // canonical form, as the WHATWG URL parser prints it
  }
  const host = normalizeHost(raw);
  if (!NAME.test(host))
    throw new ConnectToError(`connect-to entry ${JSON.stringify(entry)}: bad host ${JSON.stringify(raw)} (${FORM})`);
  return host;
}

function parsePort(raw: string, entry: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConnectToError(`connect-to entry ${JSON.stringify(entry)}: port ${raw} is not in 1-65535 (${FORM})`);
  }
  return port;
}

/**
 * Parses a comma-separated list of `HOST1:PORT1:HOST2:PORT2`. Unlike curl, empty HOST1/PORT1 wildcards are
 * refused: "map every host to loopback" would switch the SSRF guard off (research/rating.md §4).
 */
export function parseConnectTo(spec: string): ConnectToMap {
  const targets = new Map<string, ConnectTarget>();
  const hosts = new Set<string>();
  /** Registrable domain → the first host named for it (its entries stand in for the apex and www.). */
  const firstHostOf = new Map<string, string>();
  for (const part of spec.split(",")) {
    const entry = part.trim();
    if (entry === "") continue;
    const match = ENTRY.exec(entry);
    if (!match) throw new ConnectToError(`connect-to entry ${JSON.stringify(entry)} is malformed (${FORM})`);
    const [, rawFrom = "", rawFromPort = "", rawTo = "", rawToPort = ""] = match;
    const from = parseHost(rawFrom, entry);
    const fromPort = parsePort(rawFromPort, entry);
    const target: ConnectTarget = { host: parseHost(rawTo, entry), port: parsePort(rawToPort, entry) };
    const key = `${from}:${fromPort}`;
    const existing = targets.get(key);
    if (existing && (existing.host !== target.host || existing.port !== target.port)) {
      throw new ConnectToError(`connect-to entry ${JSON.stringify(entry)} conflicts with an earlier mapping of ${key}`);
    }
    targets.set(key, target);
    hosts.add(from);
    const domain = registrableOf(from);
    if (domain && !firstHostOf.has(domain)) firstHostOf.set(domain, from);
  }
  /** The host whose entries `host` uses: itself if named, else the domain's first named host for apex/www. */
  const governing = (raw: string): string | undefined => {
    const host = normalizeHost(raw);
    if (hosts.has(host)) return host;
    const domain = registrableOf(host);
    if (!domain || (host !== domain && host !== `www.${domain}`)) return undefined;
    return firstHostOf.get(domain);
  };
  return {
    get: (host, port) => {
      const from = governing(host);
      return from === undefined ? undefined : targets.get(`${from}:${port}`);
    },
    hasHost: (host) => governing(host) !== undefined,
    size: targets.size,
  };
}

/** `host`'s registrable domain as ratings count it (private suffixes included, as shared/domain.ts); null for IPs. */
function registrableOf(host: string): string | null {
  if (isIP(host) !== 0) return null;
  return getDomain(host, { allowPrivateDomains: true });
}
