/**
 * @module Ratings end to end through rateSite with the real registers' connectors: demo-like sites served by
 * Host on 127.0.0.1 and GLEIF, VIES and Companies House stand-ins on another server, all reached through
 * the rater's guarded fetcher by `--connect-to`. A matching LEI / company number → A naming the register,
 * a dissolved company → X, registers down → the letter the site earns without them, "retried later".
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeRegisters } from "../../demo/rated-web/register-apis.ts";
import { buildSite } from "../../demo/rated-web/sites/builder.ts";
import type { DemoSite } from "../../demo/rated-web/web.ts";
import { rateSite } from "../../origin/rater/rate-site.ts";
import { REGISTER_RETRY_MS } from "../../origin/rater/score.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { createRatingSources } from "../../origin/rater/sources/index.ts";
import { DEFAULT_REGISTER_SETTINGS } from "../../origin/rater/sources/registers/index.ts";
import { freePort } from "../support/ports.ts";
import { type RegisterServer, startRegisterServer } from "../support/register-server.ts";

const LEI = "984500TESTMATCH0GB62";
const KEY = "rating-test-key";

const shop = (domain: string, name: string, number: string, extra: string[] = []): DemoSite =>
  buildSite({
    domain,
    title: name,
    kind: "test shop",
    lang: "en-GB",
    tagline: "Things for sale.",
    expected: { rating: "A", ratingInfo: "", why: "test" },
    label: [name, "3 Coppergate", "York", "YO1 7HH"],
    legal: [`Registered in England and Wales, company number ${number}`, ...extra],
    phone: "+44 1904 960 123",
    email: `hello@${domain}`,
    products: [["Teapot", "£24.00"]],
    extraPages: { "/contact": "" },
  });

const SITES = [
  shop("brackley-sons.co.uk", "Brackley & Sons Ltd", "01234567", [`LEI: ${LEI}`]),
  shop("coppergate-gifts.co.uk", "Coppergate Gifts Ltd", "07777777"),
];

const REGISTERS: FakeRegisters = {
  gleif: [
    {
      lei: LEI,
      name: "BRACKLEY AND SONS LIMITED",
      street: "3 Coppergate",
      city: "York",
      postalCode: "YO1 7HH",
      country: "GB",
    },
  ],
  vies: [],
  companies: [
    {
      number: "01234567",
      name: "BRACKLEY AND SONS LIMITED",
      status: "active",
      street: "3 Coppergate",
      locality: "York",
      postcode: "YO1 7HH",
    },
    {
      number: "07777777",
      name: "COPPERGATE GIFTS LIMITED",
      status: "dissolved",
      street: "3 Coppergate",
      locality: "York",
      postcode: "YO1 7HH",
    },
  ],
  companiesHouseKey: KEY,
};

let web: Server;
let registers: RegisterServer;
let fetcher: ClosableSiteFetcher;

beforeAll(async () => {
  web = createServer((req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").replace(/^www\./, "");
    const page = SITES.find((s) => s.domain === host)?.pages[new URL(req.url ?? "/", "http://x").pathname];
    if (page === undefined) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  const webPort = (web.address() as AddressInfo).port;
  registers = await startRegisterServer(REGISTERS);
  const closed = await freePort();
  fetcher = createSiteFetcher({
    connectTo: [
      ...SITES.flatMap((s) => [`${s.domain}:80:127.0.0.1:${webPort}`, `www.${s.domain}:80:127.0.0.1:${webPort}`]),
      `registers.test:80:127.0.0.1:${registers.port}`,
      `down.test:80:127.0.0.1:${closed}`,
    ].join(","),
    userAgent: "bonafide-test",
  });
});

afterAll(async () => {
  await fetcher?.close();
  await registers?.close();
  await new Promise((resolve) => web?.close(resolve));
});

const CRAWL = { maxPages: 10, pageTimeoutMs: 5_000, siteTimeoutMs: 20_000, concurrency: 4, userAgentToken: "bonafide" };

function sources(base: string) {
  return createRatingSources(fetcher, {
    blacklistFeed: null,
    registryFeed: null,
    rdapBootstrapUrl: null,
    registers: {
      ...DEFAULT_REGISTER_SETTINGS,
      registers: ["gleif", "vies", "companies-house"],
      gleifUrl: `${base}/gleif/api/v1`,
      viesUrl: `${base}/vies/rest-api`,
      companiesHouseUrl: `${base}/companies-house`,
      companiesHouseKey: KEY,
      timeoutMs: 2_000,
    },
  });
}

describe("a rating with the public registers", () => {
  it("is A when the LEI and the company number match, naming the register and linking its record", async () => {
    const { rating, evidence } = await rateSite(fetcher, "brackley-sons.co.uk", {
      ...CRAWL,
      sources: sources("http://registers.test"),
    });
    expect(rating.rating).toBe("A");
    expect(rating.reasons[0]).toMatchObject({
      code: "gate:verified",
      detail: expect.stringMatching(/^(GLEIF|UK Companies House) lists/),
    });
    expect(rating.reasons).toContainEqual(
      expect.objectContaining({
        code: "registry_match",
        source: "GLEIF",
        link: `https://search.gleif.org/#/record/${LEI}`,
      }),
    );
    expect(rating.reasons).toContainEqual(
      expect.objectContaining({
        code: "registry_match",
        source: "UK Companies House",
        link: "https://find-and-update.company-information.service.gov.uk/company/01234567",
      }),
    );
    expect(rating.reasons.map((r) => r.code)).toContain("lei_found");
    expect(evidence.registers?.map((f) => `${f.register}:${f.kind}`).sort()).toEqual([
      "companies-house:match",
      "gleif:match",
    ]);
  });

  it("is X negative_info when Companies House lists the company as dissolved", async () => {
    const { rating } = await rateSite(fetcher, "coppergate-gifts.co.uk", {
      ...CRAWL,
      sources: sources("http://registers.test"),
    });
    expect(rating).toMatchObject({ rating: "X", ratingInfo: "negative_info" });
    expect(rating.reasons[0]?.detail).toBe("UK Companies House lists 07777777 (COPPERGATE GIFTS LIMITED) as dissolved");
    expect(rating.reasons).toContainEqual(expect.objectContaining({ code: "registry_closed", weight: -5 }));
  });

  it("registers down: rated without them (Q), a weight-0 reason each, and a short lifetime to retry", async () => {
    const before = Date.now();
    const { rating } = await rateSite(fetcher, "brackley-sons.co.uk", {
      ...CRAWL,
      sources: sources("http://down.test"),
    });
    expect(rating).toMatchObject({ rating: "Q", ratingInfo: "unverified" });
    const unavailable = rating.reasons.filter((r) => r.code === "registry_unavailable");
    expect(unavailable.map((r) => r.source).sort()).toEqual(["GLEIF", "UK Companies House"]);
    expect(unavailable.every((r) => r.weight === 0)).toBe(true);
    expect(Date.parse(rating.expiresAt) - before).toBeLessThanOrEqual(REGISTER_RETRY_MS * 1.1 + 60_000);
  });
});
