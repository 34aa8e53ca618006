/**
 * @module The SSRF test list: every spelling of a loopback, private, link-local or metadata address, names
 * resolving to them, redirects to them, other schemes and ports — each tried directly and as a redirect from
 * a rated site, plus whole ratings of sites that try it — through the rater's real fetcher. A canary server
 * listens on loopback where most forms point; it must never see one connection (research/rating.md §4.3).
 */
import dc from "node:diagnostics_channel";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FetchError } from "../../origin/rater/fetch/errors.ts";
import type { ResolvedAddress } from "../../origin/rater/fetch/guard.ts";
import { rateSite } from "../../origin/rater/rate-site.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { failure } from "../support/fetch-failure.ts";

const PUBLIC = "93.184.215.14";
const ANSWERS: Record<string, string[]> = {
  "internal-shop.com": ["127.0.0.1"],
  "www.internal-shop.com": ["127.0.0.1"],
  "private-shop.com": ["10.0.0.7"],
  "www.private-shop.com": ["10.0.0.7"],
  "v6-loopback.net": ["::1"],
  "metadata-alias.net": ["169.254.169.254"],
  "mapped-v6.net": ["::ffff:127.0.0.1"],
  "mixed-answer.net": [PUBLIC, "192.168.0.3"],
  "public-name.com": [PUBLIC],
};
async function resolve(host: string): Promise<ResolvedAddress[]> {
  const answer = ANSWERS[host];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return answer.map((address) => ({ address }));
}

let canary: Server;
let canaryHits = 0;
let P = 0;
let attacker: Server;
let fetcher: ClosableSiteFetcher;
let defaultPorts: ClosableSiteFetcher;
const dials: string[] = [];
// Every client socket of this process is watched; only the attacker's own mapped server may be dialled.
function tripwire(message: unknown): void {
  (message as { socket: Socket }).socket.on("connectionAttempt", (address: string, port: number) => {
    dials.push(`${address}:${port}`);
  });
}

const FORMS: [string, (p: number) => string, FetchError["code"]][] = [
  ["IPv4 loopback", (p) => `http://127.0.0.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv4 short form", (p) => `http://127.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["decimal dword", (p) => `http://2130706433:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["hex dword", (p) => `http://0x7f000001:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["octal", (p) => `http://0177.0.0.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["mixed hex dotted", (p) => `http://0x7f.0.0.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["zero-padded octets", (p) => `http://127.000.000.001:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["top of 127/8", (p) => `http://127.255.255.254:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["unspecified", (p) => `http://0.0.0.0:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["bare zero", (p) => `http://0:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["fullwidth digits", (p) => `http://１２７.０.０.１:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv6 loopback", (p) => `http://[::1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv6 loopback, long", (p) => `http://[0:0:0:0:0:0:0:1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv4-mapped", (p) => `http://[::ffff:127.0.0.1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv4-mapped, hex", (p) => `http://[::ffff:7f00:1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv4-compatible", (p) => `http://[::127.0.0.1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["NAT64", (p) => `http://[64:ff9b::127.0.0.1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["6to4", (p) => `http://[2002:7f00:1::]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv6 link-local", (p) => `http://[fe80::1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["IPv6 unique-local", (p) => `http://[fc00::1]:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["AWS IPv6 metadata", () => "http://[fd00:ec2::254]/latest/meta-data/", "FETCH_BLOCKED_ADDRESS"],
  ["10/8", (p) => `http://10.0.0.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["172.16/12", (p) => `http://172.16.0.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["192.168/16", (p) => `http://192.168.1.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["CGNAT 100.64/10", (p) => `http://100.64.0.1:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["Alibaba metadata", () => "http://100.100.100.200/latest/meta-data/", "FETCH_BLOCKED_ADDRESS"],
  ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/", "FETCH_BLOCKED_ADDRESS"],
  ["cloud metadata, hex", () => "http://0xA9FEA9FE/", "FETCH_BLOCKED_ADDRESS"],
  ["cloud metadata, decimal", () => "http://2852039166/", "FETCH_BLOCKED_ADDRESS"],
  ["broadcast", () => "http://255.255.255.255/", "FETCH_BLOCKED_ADDRESS"],
  ["multicast", () => "http://224.0.0.1/", "FETCH_BLOCKED_ADDRESS"],
  ["localhost", (p) => `http://localhost:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["LOCALHOST. with root dot", (p) => `http://LOCALHOST.:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["*.localhost", (p) => `http://admin.localhost:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["GCP metadata name", () => "http://metadata.google.internal/computeMetadata/v1/", "FETCH_BLOCKED_ADDRESS"],
  ["single-label name", () => "http://intranet/", "FETCH_BLOCKED_ADDRESS"],
  ["name → 127.0.0.1", (p) => `http://internal-shop.com:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["name → 10.0.0.7", (p) => `http://private-shop.com:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["name → ::1", (p) => `http://v6-loopback.net:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["name → ::ffff:127.0.0.1", (p) => `http://mapped-v6.net:${p}/`, "FETCH_BLOCKED_ADDRESS"],
  ["name → metadata", () => "http://metadata-alias.net/", "FETCH_BLOCKED_ADDRESS"],
  ["name → public and private", () => "http://mixed-answer.net/", "FETCH_BLOCKED_ADDRESS"],
];

// Refused for the scheme, the credentials or the port, before any name is looked up.
const OTHER_FORMS: [string, string, FetchError["code"]][] = [
  ["file scheme", "file:///etc/passwd", "FETCH_BAD_URL"],
  ["gopher scheme", "gopher://127.0.0.1:6379/_INFO", "FETCH_BAD_URL"],
  ["ftp scheme", "ftp://127.0.0.1/", "FETCH_BAD_URL"],
  ["data scheme", "data:text/html,<p>hi</p>", "FETCH_BAD_URL"],
  ["userinfo trick", "http://public-name.com@127.0.0.1/", "FETCH_BAD_URL"],
  ["port 2222 of a public name", "http://public-name.com:2222/", "FETCH_BLOCKED_PORT"],
  ["port 6379 of a public name", "http://public-name.com:6379/", "FETCH_BLOCKED_PORT"],
  ["port 8443 over https", "https://public-name.com:8443/", "FETCH_BLOCKED_PORT"],
];

/** Percent-encodes non-ASCII only (a header holds ASCII; brackets of IPv6 literals must stay). */
function asciiOnly(url: string): string {
  return url.replace(/[^ -~]/gu, (c) => encodeURIComponent(c));
}

/** How the rater reads a site (its defaults), for the whole-site cases. */
const RATE_OPTIONS = {
  maxPages: 20,
  pageTimeoutMs: 3_000,
  siteTimeoutMs: 10_000,
  concurrency: 4,
  userAgentToken: "bonafide",
};

beforeAll(async () => {
  dc.subscribe("net.client.socket", tripwire);
  canary = createServer((_req, res) => res.end("canary: an internal service"));
  canary.on("connection", () => {
    canaryHits++;
  });
  await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
  P = (canary.address() as AddressInfo).port;
  attacker = createServer((req, res) => {
    const path = req.url ?? "/";
    const redirect = /^\/r\/(\d+)$/.exec(path);
    const form = redirect ? FORMS[Number(redirect[1])] : undefined;
    // The URL parser percent-decodes the host again, fullwidth digits and all.
    if (form) return res.writeHead(302, { location: asciiOnly(form[1](P)) }).end();
    if (path === "/robots.txt") return res.writeHead(404).end();
    if (path === "/") {
      const links = FORMS.map(
        (f, i) => `<a href="/r/${i}">Contact ${i}</a> <a href="${asciiOnly(f[1](P))}">Impressum</a>`,
      );
      return res.writeHead(200, { "content-type": "text/html" }).end(`<html><body>${links.join("\n")}</body></html>`);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
  const A = (attacker.address() as AddressInfo).port;
  const connectTo = `evil-shop.com:80:127.0.0.1:${A},www.evil-shop.com:80:127.0.0.1:${A}`;
  // The canary's port is allowed so that each form is refused for its address, not its port.
  fetcher = createSiteFetcher({ connectTo, userAgent: "bonafide-test", resolve, allowedPorts: [80, 443, P] });
  defaultPorts = createSiteFetcher({ connectTo, userAgent: "bonafide-test", resolve });
});

afterAll(async () => {
  await Promise.all([fetcher?.close(), defaultPorts?.close()]);
  await Promise.all([new Promise((r) => canary.close(r)), new Promise((r) => attacker.close(r))]);
  dc.unsubscribe("net.client.socket", tripwire);
});

afterEach(() => {
  // Only the attacker's server (the mapped rated site) may ever be dialled; the canary never.
  const A = (attacker.address() as AddressInfo).port;
  expect({ canaryHits, others: dials.filter((d) => d !== `127.0.0.1:${A}`) }).toEqual({ canaryHits: 0, others: [] });
});

describe("the SSRF list", () => {
  it("has at least thirty forms", () => {
    expect(FORMS.length + OTHER_FORMS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(FORMS.map(([label, url, code], i) => [label, i, url, code] as const))(
    "%s is refused directly and as a redirect from a rated site",
    async (_label, i, url, code) => {
      const page = { accept: ["text/html"], timeoutMs: 3_000 };
      expect((await failure(fetcher.fetchPage(url(P), page))).code).toBe(code);
      const hop = await failure(fetcher.fetchPage(`http://evil-shop.com/r/${i}`, page));
      expect(hop.code).toBe(code);
      expect(hop.permanent).toBe(true);
    },
  );

  it.each(OTHER_FORMS)("%s is refused before any lookup", async (_label, url, code) => {
    const error = await failure(defaultPorts.fetchPage(url, { accept: ["text/html"], timeoutMs: 3_000 }));
    expect(error.code).toBe(code);
  });
});

describe("rating sites that point inward", () => {
  it("rates a domain whose name resolves to loopback or a private address as U/no_website, reading nothing", async () => {
    for (const domain of ["internal-shop.com", "private-shop.com"]) {
      const result = await rateSite(fetcher, domain, RATE_OPTIONS);
      expect(result.rating).toMatchObject({ rating: "U", ratingInfo: "no_website" });
      expect(result.evidence.failure?.code).toBe("FETCH_BLOCKED_ADDRESS");
    }
  });

  it("rates a name that does not exist U/no_website at once (a lasting answer, not a retry)", async () => {
    const result = await rateSite(fetcher, "no-such-shop.com", RATE_OPTIONS);
    expect(result.rating).toMatchObject({ rating: "U", ratingInfo: "no_website" });
    expect(result.evidence.failure).toMatchObject({ code: "FETCH_DNS", permanent: true });
  });

  it("reads a site full of links and redirects to internal addresses without following one inward", async () => {
    const result = await rateSite(fetcher, "evil-shop.com", RATE_OPTIONS);
    const followed = result.evidence.pages.filter((p) => p.kind !== "home");
    expect(followed.length).toBeGreaterThan(5);
    expect(followed.length).toBeLessThanOrEqual(19);
    for (const page of followed) expect(page.error).toBe("FETCH_BLOCKED_ADDRESS");
  });
});
