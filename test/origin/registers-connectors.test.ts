/**
 * @module The register connectors (GLEIF, EU VIES, UK Companies House) against local servers on 127.0.0.1
 * answering in each API's documented format, through the rater's real guarded fetcher: a match, a
 * mismatch (other town), a dissolved company, paging, the service down, 5xx and 429 (neutral, then retried
 * after the back-off), bad JSON, wrong shapes, huge bodies, timeouts, the rate limit, and the fetch guard.
 * The clock of the back-off and the token bucket is the test's, so nothing waits on time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeRegisters } from "../../demo/rated-web/register-apis.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { createRegisterClient, type RegisterClientOptions } from "../../origin/rater/sources/registers/client.ts";
import { createCompaniesHouse } from "../../origin/rater/sources/registers/companies-house.ts";
import { createGleif } from "../../origin/rater/sources/registers/gleif.ts";
import { consultRegisters } from "../../origin/rater/sources/registers/index.ts";
import type { RegisterConnector, SiteIdentity } from "../../origin/rater/sources/registers/types.ts";
import { createVies } from "../../origin/rater/sources/registers/vies.ts";
import { freePort } from "../support/ports.ts";
import { type RegisterServer, startRegisterServer } from "../support/register-server.ts";

const LEI_MATCH = "984500TESTMATCH0GB62";
const LEI_CLOSED = "213800ASHCOMBE00X758";
const KEY = "test-key-1";

const REGISTERS: FakeRegisters = {
  gleif: [
    {
      lei: LEI_MATCH,
      name: "Brackley & Sons Limited",
      street: "3 Coppergate",
      city: "York",
      postalCode: "YO1 7HH",
      country: "GB",
    },
    {
      lei: LEI_CLOSED,
      name: "Ashcombe Interiors Ltd",
      street: "14 Walcot Street",
      city: "Bath",
      postalCode: "BA1 5BG",
      country: "GB",
      status: "INACTIVE",
    },
    // 24 namesakes-with-more-words first, so the one entity that fits is on the second page of 20.
    ...Array.from({ length: 24 }, (_, i) => ({
      lei: `5299000000000000${String(i).padStart(2, "0")}00`,
      name: `Nordlicht Handel GmbH Filiale ${i + 1}`,
      street: "Hafen 1",
      city: "Hamburg",
      postalCode: "20457",
      country: "DE",
    })),
    {
      lei: "529900NORDLICHT0HB00",
      name: "Nordlicht Handel GmbH",
      street: "Am Wall 5",
      city: "Bremen",
      postalCode: "28195",
      country: "DE",
    },
  ],
  vies: [
    { vat: "IT00950501007", valid: true, name: "BANCA D'ITALIA", address: "VIA NAZIONALE 91 \n00184 ROMA RM\n" },
    { vat: "DE812345673", valid: true },
    { vat: "FR40303265045", valid: false },
    { vat: "ESB12345674", valid: false, userError: "MS_MAX_CONCURRENT_REQ" },
  ],
  companies: [
    {
      number: "04417233",
      name: "NORTHGATE INSTRUMENTS LIMITED",
      status: "active",
      street: "Unit 7",
      locality: "Leeds",
      postcode: "LS11 5DR",
    },
    {
      number: "09345127",
      name: "ASHCOMBE INTERIORS LTD",
      status: "dissolved",
      street: "14 Walcot Street",
      locality: "Bath",
      postcode: "BA1 5BG",
    },
  ],
  companiesHouseKey: KEY,
};

let server: RegisterServer;
let fetcher: ClosableSiteFetcher;
let closedPort: number;
let clock = Date.now();

beforeAll(async () => {
  server = await startRegisterServer(REGISTERS);
  closedPort = await freePort();
  fetcher = createSiteFetcher({
    connectTo: [
      `registers.test:80:127.0.0.1:${server.port}`,
      `elsewhere.test:80:127.0.0.1:${server.port}`,
      `down.test:80:127.0.0.1:${closedPort}`,
    ].join(","),
    userAgent: "bonafide-test",
  });
});

afterAll(async () => {
  await fetcher?.close();
  await server?.close();
});

beforeEach(() => {
  server.fault = null;
  server.requests.length = 0;
});

const BASE = "http://registers.test";

function site(over: Partial<SiteIdentity> = {}): SiteIdentity {
  return {
    domain: "example.co.uk",
    leis: [],
    vatIds: [],
    ukCompanyNumbers: [],
    otherNumbers: [],
    names: [],
    localities: [],
    postcodes: [],
    countryCodes: ["GB"],
    ...over,
  };
}

function client(over: Partial<RegisterClientOptions> = {}) {
  return createRegisterClient({ label: "test", fetcher, perMinute: 600, now: () => clock, ...over });
}

const gleif = (over: Partial<RegisterClientOptions> = {}, base = `${BASE}/gleif/api/v1`) =>
  createGleif(client({ label: "GLEIF", ...over }), base);
const companiesHouse = (key = KEY, over: Partial<RegisterClientOptions> = {}, base = `${BASE}/companies-house`) =>
  createCompaniesHouse(client({ label: "UK Companies House", ...over }), key, base);
const vies = () => createVies(client({ label: "EU VIES" }), `${BASE}/vies/rest-api`);

async function ask(connector: RegisterConnector, identity: SiteIdentity) {
  return consultRegisters([connector], identity);
}

const brackley = site({
  leis: [LEI_MATCH],
  names: ["Brackley and Sons Ltd"],
  localities: ["York"],
  postcodes: ["YO17HH"],
});

describe("GLEIF", () => {
  it("matches an LEI on the site by legal name and postcode, and links the public record", async () => {
    const [finding] = await ask(gleif(), brackley);
    expect(finding).toMatchObject({
      register: "gleif",
      label: "GLEIF",
      kind: "match",
      id: LEI_MATCH,
      name: "Brackley & Sons Limited",
      link: `https://search.gleif.org/#/record/${LEI_MATCH}`,
    });
    expect(server.requests[0]?.url).toBe(`/gleif/api/v1/lei-records/${LEI_MATCH}`);
    expect(server.requests[0]?.headers.accept).toContain("application/vnd.api+json");
  });

  it("calls a registered office in another town a mismatch, saying where", async () => {
    const [finding] = await ask(gleif(), { ...brackley, localities: ["Leeds"], postcodes: ["LS1 4AP"] });
    expect(finding).toMatchObject({ kind: "mismatch", why: expect.stringContaining("YO1 7HH York") });
  });

  it("reports an INACTIVE entity as closed, and an unknown LEI as not found (cached: asked once)", async () => {
    const connector = gleif();
    expect((await ask(connector, site({ leis: [LEI_CLOSED], names: ["Other Ltd"] })))[0]).toMatchObject({
      kind: "closed",
      status: "INACTIVE",
    });
    const unknown = site({ leis: ["5299009999999999ZZ19"] });
    expect((await ask(connector, unknown))[0]).toMatchObject({ kind: "not_found" });
    expect((await ask(connector, unknown))[0]).toMatchObject({ kind: "not_found" });
    expect(server.requests).toHaveLength(2);
  });

  it("searches by name and country page by page until the entity at the site's place, and no further", async () => {
    const identity = site({ names: ["Nordlicht Handel GmbH"], countryCodes: ["DE"], localities: ["Bremen"] });
    const [finding] = await ask(gleif(), identity);
    expect(finding).toMatchObject({ kind: "match", id: "529900NORDLICHT0HB00", place: "28195 Bremen" });
    const pages = server.requests.map((r) => new URL(r.url, BASE).searchParams);
    expect(pages.map((p) => p.get("page[number]"))).toEqual(["1", "2"]);
    expect(pages[0]?.get("filter[entity.legalName]")).toBe("Nordlicht Handel GmbH");
    expect(pages[0]?.get("filter[entity.legalAddress.country]")).toBe("DE");
    // A namesake elsewhere only says nothing: inconclusive, never a mismatch.
    const elsewhere = await ask(gleif(), { ...identity, localities: ["Köln"] });
    expect(elsewhere[0]).toMatchObject({ kind: "unverifiable" });
  });
});

describe("UK Companies House", () => {
  it("matches with HTTP Basic (the key as user name, empty password), and links the public record", async () => {
    const identity = site({
      ukCompanyNumbers: ["04417233"],
      names: ["Northgate Instruments Ltd"],
      localities: ["Leeds"],
    });
    expect((await ask(companiesHouse(), identity))[0]).toMatchObject({
      kind: "match",
      link: "https://find-and-update.company-information.service.gov.uk/company/04417233",
    });
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY}:`).toString("base64")}`);
  });

  it("reports a dissolved company as closed, whatever the name", async () => {
    const identity = site({ ukCompanyNumbers: ["09345127"], names: ["Ashcombe Interiors Ltd"], localities: ["Bath"] });
    expect((await ask(companiesHouse(), identity))[0]).toMatchObject({ kind: "closed", status: "dissolved" });
  });

  it("a wrong key (401) is unavailable — neutral — never a finding against the site", async () => {
    const identity = site({ ukCompanyNumbers: ["04417233"], names: ["Northgate Instruments Ltd"] });
    const [finding] = await ask(companiesHouse("wrong-key"), identity);
    expect(finding).toMatchObject({ kind: "unavailable", why: expect.stringContaining("401") });
  });

  it("never carries the key across a redirect to another origin", async () => {
    server.fault = (url, res) => {
      if (!url.startsWith("/companies-house/company/")) return false;
      res.writeHead(302, { location: "http://elsewhere.test/landing" }).end();
      return true;
    };
    await ask(companiesHouse(), site({ ukCompanyNumbers: ["04417233"] }));
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["/companies-house/company/04417233", expect.stringMatching(/^Basic /)],
      ["/landing", undefined],
    ]);
  });

  it("429 with X-Ratelimit-Reset: neutral, nothing sent until the reset, then asked again", async () => {
    const start = clock;
    const resetAt = Math.floor(start / 1000) + 300;
    server.fault = (_url, res) => {
      res.writeHead(429, { "content-type": "application/json", "x-ratelimit-reset": String(resetAt) }).end("{}");
      return true;
    };
    const connector = companiesHouse();
    const identity = site({
      ukCompanyNumbers: ["04417233"],
      names: ["Northgate Instruments Ltd"],
      localities: ["Leeds"],
    });
    expect((await ask(connector, identity))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/429/),
    });
    server.fault = null;
    clock = start + 200_000;
    expect((await ask(connector, identity))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/backing off/),
    });
    expect(server.requests).toHaveLength(1);
    clock = resetAt * 1000 + 1;
    expect((await ask(connector, identity))[0]).toMatchObject({ kind: "match" });
    expect(server.requests).toHaveLength(2);
  });
});

describe("EU VIES", () => {
  it("finds the site's town or postcode in the free-text address VIES returns", async () => {
    const identity = site({
      vatIds: ["IT00950501007"],
      names: ["Banca d’Italia"],
      postcodes: ["00184"],
      localities: ["Roma"],
    });
    expect((await ask(vies(), identity))[0]).toMatchObject({ kind: "match", label: "EU VIES", id: "IT00950501007" });
    expect(server.requests[0]?.url).toBe("/vies/rest-api/ms/IT/vat/00950501007");
    expect((await ask(vies(), { ...identity, postcodes: ["20121"], localities: ["Milano"] }))[0]).toMatchObject({
      kind: "mismatch",
    });
  });

  it("a valid number whose name the member state withholds cannot corroborate; an invalid one is not found", async () => {
    const withheld = await ask(vies(), site({ vatIds: ["DE812345673"], names: ["Lindqvist Möbel GmbH"] }));
    expect(withheld[0]).toMatchObject({ kind: "unverifiable", why: expect.stringMatching(/withholds the name/) });
    const invalid = await ask(vies(), site({ vatIds: ["FR40303265045"], names: ["X SA"] }));
    expect(invalid[0]).toMatchObject({ kind: "not_found", why: expect.stringMatching(/not a valid VAT number/) });
  });

  it("member-state errors, in either shape, are unavailable and not cached", async () => {
    const connector = vies();
    const busy = site({ vatIds: ["ESB12345674"] });
    server.fault = (url, res) => {
      if (!url.includes("/ms/ES/")) return false;
      const body = { actionSucceed: false, errorWrappers: [{ error: "MS_MAX_CONCURRENT_REQ", message: "busy" }] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return true;
    };
    expect((await ask(connector, busy))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/MS_MAX_CONCURRENT_REQ/),
    });
    server.fault = (url, res) => {
      if (!url.includes("/ms/ES/")) return false;
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ isValid: false, userError: "MS_UNAVAILABLE", name: "---", address: "---" }));
      return true;
    };
    expect((await ask(connector, busy))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/MS_UNAVAILABLE/),
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe("a register that fails is unknown, never a penalty, and is retried after its back-off", () => {
  it("connection refused: unavailable, then a back-off mark", async () => {
    const c = client({ label: "GLEIF" });
    const connector = createGleif(c, "http://down.test/gleif/api/v1");
    const [finding] = await ask(connector, brackley);
    expect(finding).toMatchObject({ kind: "unavailable", why: expect.stringMatching(/FETCH_REFUSED/) });
    expect(c.blockedUntil()).toBeGreaterThan(clock);
    expect((await ask(connector, brackley))[0]).toMatchObject({ why: expect.stringMatching(/backing off/) });
  });

  it("5xx: unavailable, nothing sent during the back-off, asked again after it", async () => {
    const start = clock;
    server.fault = (_url, res) => {
      res.writeHead(503, { "content-type": "text/html" }).end("<h1>Service Unavailable</h1>");
      return true;
    };
    const connector = gleif();
    expect((await ask(connector, brackley))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/HTTP 503/),
    });
    server.fault = null;
    expect((await ask(connector, brackley))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/backing off/),
    });
    expect(server.requests).toHaveLength(1);
    clock = start + 60_000;
    expect((await ask(connector, brackley))[0]).toMatchObject({ kind: "match" });
    expect(server.requests).toHaveLength(2);
  });

  it("429 with Retry-After: not asked again before it, asked after it", async () => {
    const start = clock;
    server.fault = (_url, res) => {
      res.writeHead(429, { "retry-after": "120", "content-type": "application/vnd.api+json" }).end('{"errors":[]}');
      return true;
    };
    const connector = gleif();
    expect((await ask(connector, brackley))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/429/),
    });
    server.fault = null;
    clock = start + 119_000;
    expect((await ask(connector, brackley))[0]).toMatchObject({ kind: "unavailable" });
    expect(server.requests).toHaveLength(1);
    clock = start + 121_000;
    expect((await ask(connector, brackley))[0]).toMatchObject({ kind: "match" });
  });

  it("bad JSON, a wrong shape and a huge body are unavailable with the reason, never a crash", async () => {
    const answers: [string, (res: import("node:http").ServerResponse) => void][] = [
      ["not JSON", (res) => res.writeHead(200, { "content-type": "application/json" }).end("{data: <html>")],
      ["unusable answer", (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"data":"x"}')],
      [
        "larger than",
        (res) => res.writeHead(200, { "content-type": "application/json" }).end(`{"data":"${"x".repeat(2 << 20)}"}`),
      ],
    ];
    for (const [why, answer] of answers) {
      server.fault = (_url, res) => {
        answer(res);
        return true;
      };
      expect((await ask(gleif(), brackley))[0]).toMatchObject({
        kind: "unavailable",
        why: expect.stringContaining(why),
      });
    }
  });

  it("a register that never answers times out (bounded), and is backed off", async () => {
    server.fault = () => true; // accept, never answer
    const c = client({ label: "GLEIF", timeoutMs: 300 });
    const [finding] = await ask(createGleif(c, `${BASE}/gleif/api/v1`), brackley);
    expect(finding).toMatchObject({ kind: "unavailable", why: expect.stringMatching(/FETCH_TIMEOUT/) });
    expect(c.blockedUntil()).toBeGreaterThan(clock);
  });

  it("keeps to its own rate: past the bucket, unavailable without a request; refilled with time", async () => {
    const start = clock;
    const connector = gleif({ perMinute: 2, burst: 2 });
    const lei = (n: number) => site({ leis: [`5299000000000000${String(n).padStart(2, "0")}00`] });
    await ask(connector, lei(1));
    await ask(connector, lei(2));
    expect((await ask(connector, lei(3)))[0]).toMatchObject({
      kind: "unavailable",
      why: expect.stringMatching(/2 requests a minute/),
    });
    expect(server.requests).toHaveLength(2);
    clock = start + 30_000;
    expect((await ask(connector, lei(3)))[0]?.kind).not.toBe("unavailable");
    expect(server.requests).toHaveLength(3);
  });
});

describe("the public-address guard still applies to registers", () => {
  it("refuses a register URL on a private address unless it is mapped by --connect-to", async () => {
    const direct = createSiteFetcher({
      connectTo: "",
      userAgent: "bonafide-test",
      allowedPorts: [80, 443, server.port],
    });
    const privateName = createSiteFetcher({
      connectTo: "",
      userAgent: "bonafide-test",
      resolve: async () => [{ address: "10.20.30.40", family: 4 }],
    });
    try {
      const viaLoopback = createGleif(
        createRegisterClient({ label: "GLEIF", fetcher: direct, perMinute: 60 }),
        `http://127.0.0.1:${server.port}/gleif/api/v1`,
      );
      expect((await ask(viaLoopback, brackley))[0]).toMatchObject({
        kind: "unavailable",
        why: expect.stringMatching(/FETCH_BLOCKED_ADDRESS/),
      });
      const viaPrivate = createGleif(
        createRegisterClient({ label: "GLEIF", fetcher: privateName, perMinute: 60 }),
        "http://gleif.internal.example/api/v1",
      );
      expect((await ask(viaPrivate, brackley))[0]).toMatchObject({
        kind: "unavailable",
        why: expect.stringMatching(/FETCH_BLOCKED_ADDRESS/),
      });
      expect(server.requests).toHaveLength(0);
    } finally {
      await Promise.all([direct.close(), privateName.close()]);
    }
  });
});
