/** @module curl-style `--connect-to` mappings: the operator's explicit, and only, way to point a name at loopback. */
import { isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";

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
export class ConnectToError extends Error {
  readonly code = "CONNECT_TO_INVALID";
  constructor(message: string) {
    super(message);
    this.name = "ConnectToError";
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
  }
  return {
    get: (host, port) => targets.get(`${normalizeHost(host)}:${port}`),
    hasHost: (host) => hosts.has(normalizeHost(host)),
    size: targets.size,
  };
}
