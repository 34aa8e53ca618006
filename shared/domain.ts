/**
 * @module Reduces what a client sends (a domain, a host, a URL) to the registrable domain bonafide rates.
 *
 * SiteTruth rated "the base domain, the domain one buys from a registrar" (research/rating.md §1.1); PSL
 * private suffixes (github.io, blogspot.com) make each tenant its own site. The path is never kept.
 */
import { parse } from "tldts";

/** Why an input cannot be rated, as SiteTruth's `ratinginfo` names it. */
export type BadInputReason = "bad_url" | "no_domain";

export type DomainResult =
  | { ok: true; input: string; domain: string; host: string }
  | { ok: false; input: string; reason: BadInputReason; message: string };

export const MAX_INPUT_LENGTH = 2048;

/** Special-use and internal names (RFC 6761, RFC 6762, RFC 8375, RFC 7686) and cloud metadata names. */
const SPECIAL_SUFFIXES = [
  "localhost",
  "local",
  "test",
  "invalid",
  "example",
  "internal",
  "home.arpa",
  "onion",
  "lan",
  "intranet",
  "corp",
];

function isSpecialUse(host: string): boolean {
  return SPECIAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`));
}

function bad(input: string, reason: BadInputReason, message: string): DomainResult {
  return { ok: false, input, reason, message };
}

/**
 * Normalises one input. Accepts `example.com`, `WWW.Example.com.`, `https://shop.example.co.uk/x?y`,
 * `//host/path` and IDNs (returned as punycode); refuses IP literals, special-use names and hosts with
 * no registrable domain.
 */
export function normalizeDomainInput(raw: unknown): DomainResult {
  if (typeof raw !== "string") return bad(String(raw), "bad_url", "a domain must be a string");
  const input = raw.trim();
  if (input === "") return bad(raw, "bad_url", "empty domain");
  if (input.length > MAX_INPUT_LENGTH) return bad(input.slice(0, 64), "bad_url", "input longer than 2048 characters");
  let candidate = input;
  if (candidate.startsWith("//")) candidate = `http:${candidate}`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) candidate = `http://${candidate}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return bad(input, "bad_url", "not a domain or URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return bad(input, "bad_url", "only http(s) URLs");
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and ①②⑦.0.0.1 into dotted IPv4 (research §4.1).
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") || /^\d+(\.\d+){3}$/.test(host)) {
    return bad(input, "bad_url", "an IP address is not a domain");
  }
  if (!host.includes(".") || isSpecialUse(host)) return bad(input, "bad_url", "special-use or single-label name");
  if (host.length > 253 || host.split(".").some((label) => label.length === 0 || label.length > 63)) {
    return bad(input, "bad_url", "malformed host name");
  }
  const info = parse(host, { allowPrivateDomains: true });
  if (info.isIp) return bad(input, "bad_url", "an IP address is not a domain");
  if (!info.domain || !(info.isIcann || info.isPrivate)) {
    return bad(input, "no_domain", "no registrable domain under a known public suffix");
  }
  return { ok: true, input, domain: info.domain, host };
}

/** Hex of the fairness key for a client address: the IPv4 address, or the /64 of an IPv6 address. */
export function clientKeyForAddress(address: string | null | undefined): string {
  if (!address) return "00";
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(address.trim());
  if (v4)
    return v4
      .slice(1, 5)
      .map((o) => Number(o).toString(16).padStart(2, "0"))
      .join("");
  const groups = expandIpv6(address.trim());
  if (!groups) return "00";
  return groups
    .slice(0, 4)
    .map((g) => g.toString(16).padStart(4, "0"))
    .join("");
}

function expandIpv6(address: string): number[] | null {
  const clean = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!/^[0-9a-f:]+$/i.test(clean)) return null;
  const halves = clean.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const parts = [...head, ...Array<string>(missing).fill("0"), ...tail];
  const numbers = parts.map((p) => Number.parseInt(p, 16));
  return numbers.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? numbers : null;
}
