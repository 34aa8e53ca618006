/**
 * @module The demonstration web's stand-ins for the outside world's sources, served on one host name:
 * an RDAP bootstrap file (RFC 9224) and RDAP domain objects (RFC 9083), a blacklist feed and a business
 * register feed — built from what each demo site declares, so the rater's sources are exercised for real
 * over HTTP without touching the internet.
 */
import type { DemoSite } from "./web.ts";

export const REGISTRY_HOST = "registry.bonafide-demo.net";

/** TLDs with RDAP in the demo bootstrap; .de and .it are left out on purpose (no RDAP = unknown, neutral). */
const RDAP_TLDS = ["com", "net", "org", "uk"];

export interface RegistryAnswer {
  status: number;
  type: string;
  body: string;
}

/** The URLs the rater is configured with (BONAFIDE_RDAP_BOOTSTRAP_URL and the feeds). */
export function registryUrls(): { rdapBootstrapUrl: string; blacklistFeed: string; registryFeed: string } {
  return {
    rdapBootstrapUrl: `http://${REGISTRY_HOST}/rdap/dns.json`,
    blacklistFeed: `http://${REGISTRY_HOST}/feeds/blacklist.txt`,
    registryFeed: `http://${REGISTRY_HOST}/feeds/register.json`,
  };
}

const JSON_TYPE = "application/json; charset=utf-8";
const RDAP_TYPE = "application/rdap+json";

/** Answers one request to the registry host. */
export function answerRegistry(sites: readonly DemoSite[], path: string): RegistryAnswer {
  if (path === "/rdap/dns.json") {
    const body = {
      version: "1.0",
      publication: "2026-11-01T00:00:00Z",
      services: [[RDAP_TLDS, [`http://${REGISTRY_HOST}/rdap/`]]],
    };
    return { status: 200, type: JSON_TYPE, body: JSON.stringify(body) };
  }
  const rdap = /^\/rdap\/domain\/([a-z0-9.-]+)$/.exec(path);
  if (rdap?.[1]) {
    const site = sites.find((s) => s.domain === rdap[1]);
    if (!site?.registeredAt) {
      return { status: 404, type: RDAP_TYPE, body: JSON.stringify({ errorCode: 404, title: "Not Found" }) };
    }
    const body = {
      objectClassName: "domain",
      ldhName: site.domain,
      rdapConformance: ["rdap_level_0"],
      events: [
        { eventAction: "registration", eventDate: site.registeredAt },
        { eventAction: "last changed", eventDate: site.registeredAt },
      ],
    };
    return { status: 200, type: RDAP_TYPE, body: JSON.stringify(body) };
  }
  if (path === "/feeds/blacklist.txt") {
    const lines = sites.filter((s) => s.blacklisted).map((s) => `${s.domain} ${s.blacklisted}`);
    return { status: 200, type: "text/plain; charset=utf-8", body: `# demo blacklist\n${lines.join("\n")}\n` };
  }
  if (path === "/feeds/register.json") {
    const entries = sites.flatMap((s) => (s.register ? [{ register: "demo-companies-register", ...s.register }] : []));
    return { status: 200, type: JSON_TYPE, body: JSON.stringify(entries) };
  }
  return { status: 404, type: "text/plain; charset=utf-8", body: "Not found.\n" };
}
