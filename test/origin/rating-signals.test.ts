/** @module Each extractor and source against real-world shapes, and the gates and points that turn them into a letter. */
import { describe, expect, it } from "vitest";
import { createTestCa } from "../../demo/rated-web/test-ca.ts";
import type { SiteEvidence } from "../../origin/rater/evidence.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { decideLetter, scoreEvidence } from "../../origin/rater/score.ts";
import { findAddresses } from "../../origin/rater/signals/address.ts";
import { checkDisclosure } from "../../origin/rater/signals/disclosure.ts";
import { findOrganizations, findRegistrations } from "../../origin/rater/signals/identity.ts";
import { findLookalike } from "../../origin/rater/signals/lookalike.ts";
import { checkPhones } from "../../origin/rater/signals/phone.ts";
import { parseSecurityTxt } from "../../origin/rater/signals/security-txt.ts";
import { readCertificate, sameCompany } from "../../origin/rater/signals/tls.ts";
import { vatChecksum } from "../../origin/rater/signals/vat.ts";
import { parseBlacklist } from "../../origin/rater/sources/blacklist.ts";
import { baseUrlFor, registrationDate } from "../../origin/rater/sources/rdap.ts";
import { POINTS } from "../../shared/points.ts";

const NOW = new Date("2026-11-23T12:00:00Z");

function der(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
}

describe("addresses in the shapes real pages use", () => {
  it("finds a label in a footer of <br> lines", () => {
    const page = parseHtml(
      "<footer><p><strong>Nordlicht Textil GmbH</strong><br>Speicherstraße 8<br>20457 Hamburg<br>Deutschland</p></footer>",
      "https://nordlicht.de/",
    );
    expect(findAddresses(page.lines)[0]).toMatchObject({
      street: "Speicherstraße 8",
      postcode: "20457",
      countryCode: "DE",
    });
  });

  it("finds a label laid out one line per table row and per list item", () => {
    const table = parseHtml(
      "<table><tr><td>Firma</td><td>Alpenblick Käserei AG</td></tr><tr><td>Adresse</td><td>Dorfstrasse 14</td></tr><tr><td></td><td>3780 Gstaad</td></tr><tr><td></td><td>Schweiz</td></tr></table>",
      "https://alpenblick.ch/",
    );
    expect(findAddresses(table.lines)).toEqual([expect.objectContaining({ postcode: "3780", countryCode: "CH" })]);
    const list = parseHtml(
      "<ul class='address'><li>Harbour Works Ltd</li><li>Unit 4, Quay Street</li><li>Bristol</li><li>BS1 4QA</li></ul>",
      "https://harbour.co.uk/",
    );
    expect(findAddresses(list.lines)[0]).toMatchObject({ postcode: "BS1 4QA", locality: "Bristol", countryCode: "GB" });
  });

  it("reads French and Dutch labels and refuses a German postcode out of range", () => {
    expect(findAddresses(["12 rue de la Paix", "75002 Paris", "France"])[0]).toMatchObject({ countryCode: "FR" });
    expect(findAddresses(["Keizersgracht 123", "1015 CJ Amsterdam"])[0]).toMatchObject({ countryCode: "NL" });
    expect(findAddresses(["Hauptstraße 1", "00999 Nirgendwo", "Deutschland"])).toEqual([]);
  });
});

describe("schema.org JSON-LD", () => {
  it("flattens @graph and arrays and forgives trailing commas", () => {
    const page = parseHtml(
      `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x",},
        {"@type":["Organization","Store"],"legalName":"Tallis & Rowe Ltd","vatID":"GB123456789",
         "address":{"@type":"PostalAddress","streetAddress":"2 Mill Lane","postalCode":"OX1 2AB","addressCountry":{"name":"GB"}},},]}</script>
       <script type="application/ld+json">[{"@type":"LocalBusiness","name":"Bakery"}]</script>`,
      "https://tallis.co.uk/",
    );
    const orgs = findOrganizations(page.jsonLd);
    expect(orgs).toEqual([
      expect.objectContaining({ legalName: "Tallis & Rowe Ltd", vatId: "GB123456789", type: "Organization" }),
      expect.objectContaining({ name: "Bakery", type: "LocalBusiness" }),
    ]);
    expect(orgs[0]?.address).toMatchObject({ postcode: "OX1 2AB", countryCode: "GB" });
  });
});

describe("phones, disclosure, security.txt, lookalikes", () => {
  it("validates phones with libphonenumber and reports their country", () => {
    expect(checkPhones(["+442079460018", "030 1234567", "+1 999"], "DE")).toEqual([
      { number: "+442079460018", country: "GB", valid: true },
      { number: "+49301234567", country: "DE", valid: true },
      expect.objectContaining({ valid: false }),
    ]);
  });

  it("lists what the jurisdiction's law asks for that is missing", () => {
    const facts = {
      legalName: true,
      postalAddress: true,
      email: true,
      phone: false,
      companyNumber: true,
      registeredIn: false,
      vatId: false,
      registerCourt: false,
    };
    expect(checkDisclosure({ ...facts, countryCode: "GB" })?.missing).toEqual(["registered_in"]);
    expect(checkDisclosure({ ...facts, countryCode: "DE" })?.missing).toEqual(["phone", "register_court", "vat_id"]);
    expect(checkDisclosure({ ...facts, countryCode: "FR" })?.jurisdiction).toBe("EU");
    expect(checkDisclosure({ ...facts, countryCode: "US" })).toBeUndefined();
  });

  it("reads security.txt's Contact and Expires and knows a stale one", () => {
    const body = "# hi\nContact: mailto:security@shop.example\nExpires: 2027-12-31T23:00:00Z\n";
    expect(parseSecurityTxt(body, NOW)).toMatchObject({ valid: true, expired: false });
    expect(parseSecurityTxt(body, new Date("2028-01-01"))).toMatchObject({ valid: true, expired: true });
    expect(parseSecurityTxt("Contact: x\n", NOW).valid).toBe(false);
  });

  it("spots domains that imitate brands, and leaves the brands and ordinary names alone", () => {
    expect(findLookalike("paypa1.com")).toEqual({ brand: "paypal", how: "typo" });
    expect(findLookalike("paypal-secure-login.com")).toEqual({ brand: "paypal", how: "brand-in-name" });
    expect(findLookalike("arnazon.com")).toMatchObject({ brand: "amazon" });
    expect(findLookalike("xn--pypal-4ve.com")).toMatchObject({ brand: "paypal", how: "homograph" });
    expect(findLookalike("paypal.com")).toBeUndefined();
    expect(findLookalike("hartmann-werkzeuge.de")).toBeUndefined();
    expect(findLookalike("chasework.com")).toBeUndefined();
  });
});

describe("certificates", () => {
  it("reads the validation level from the policy OID and the subject organisation; a CDN's O= is marked", async () => {
    const ca = await createTestCa();
    const ev = readCertificate(
      der((await ca.issue({ names: ["a.com"], validation: "EV", organization: "Acme Ltd" })).certPem),
    );
    expect(ev).toMatchObject({ validation: "EV", organization: "Acme Ltd", intermediary: false, names: ["a.com"] });
    const cdn = await ca.issue({ names: ["b.com"], validation: "OV", organization: "Cloudflare, Inc." });
    expect(readCertificate(der(cdn.certPem))).toMatchObject({ validation: "OV", intermediary: true });
    const dv = await ca.issue({ names: ["c.com"], validation: "DV", organization: "ignored" });
    expect(readCertificate(der(dv.certPem))).toMatchObject({ validation: "DV" });
    expect(readCertificate(der(dv.certPem))?.organization).toBeUndefined();
    expect(readCertificate(new Uint8Array([1, 2, 3]))).toBeUndefined();
    const shared = await ca.issue({
      names: ["a-shop.com", "b-bank.co.uk", "*.c-blog.net", "d-news.org", "www.a-shop.com"],
      validation: "OV",
      organization: "Acme Ltd",
    });
    expect(readCertificate(der(shared.certPem))).toMatchObject({ organization: "Acme Ltd", intermediary: true });
  });

  it("matches company names across legal forms and punctuation only", () => {
    expect(sameCompany("Hartmann Werkzeuge GmbH", "HARTMANN WERKZEUGE GMBH")).toBe(true);
    expect(sameCompany("Tallis & Rowe Ltd", "Tallis and Rowe Limited")).toBe(true);
    expect(sameCompany("Tallis & Rowe Ltd", "Rowe Holdings Ltd")).toBe(false);
  });
});

describe("VAT IDs", () => {
  it.each([
    ["GB980780684", "valid"],
    ["GB980780685", "invalid"],
    ["DE136695976", "valid"],
    ["DE136695977", "invalid"],
    ["ATU13585627", "valid"],
    ["IT00743110157", "valid"],
    ["IT00743110158", "invalid"],
    ["NL004495445B01", "valid"],
    ["BE0403019261", "valid"],
    ["DK13585628", "valid"],
    ["PL5260250995", "valid"],
    ["FR40303265045", "valid"],
    ["FR41303265045", "invalid"],
    ["SE556188840401", "valid"],
    ["ESX1234567L", "unchecked"],
  ])("%s is %s", (value, expected) => expect(vatChecksum(value)).toBe(expected));

  it("are found near their wording, with spaces, and checked", () => {
    expect(findRegistrations(["USt-IdNr.: DE 136 695 976", "VAT GB 980 7806 85", "P.IVA IT 00743110157"])).toEqual([
      { kind: "vat", value: "DE136695976", checksum: "valid" },
      { kind: "vat", value: "GB980780685", checksum: "invalid" },
      { kind: "vat", value: "IT00743110157", checksum: "valid" },
    ]);
  });
});

describe("remote sources, pure parts", () => {
  it("parses a blacklist feed by registrable domain, with reasons and URL entries", () => {
    const list = parseBlacklist(
      "# feed\nbad-shop.com phishing kit\nhttps://www.evil.co.uk/login?x=1\n\nnot a domain\n",
    );
    expect(list.get("bad-shop.com")).toEqual({ entry: "bad-shop.com", reason: "phishing kit" });
    expect(list.get("evil.co.uk")?.entry).toBe("https://www.evil.co.uk/login?x=1");
    expect(list.size).toBe(2);
  });

  it("finds the RDAP base URL in an RFC 9224 bootstrap file and the registration event", () => {
    const bootstrap = {
      services: [
        [
          ["com", "net"],
          ["http://rdap.x/", "https://rdap.x/"],
        ],
        [["co.uk"], ["https://uk/"]],
      ],
    };
    expect(baseUrlFor(bootstrap, "shop.com")).toBe("https://rdap.x/");
    expect(baseUrlFor(bootstrap, "shop.co.uk")).toBe("https://uk/");
    expect(baseUrlFor(bootstrap, "shop.de")).toBeUndefined();
    expect(registrationDate({ events: [{ eventAction: "registration", eventDate: "2001-02-03T00:00:00Z" }] })).toBe(
      "2001-02-03T00:00:00.000Z",
    );
    expect(registrationDate({ events: "nope" })).toBeUndefined();
  });
});

function evidence(over: Partial<SiteEvidence> = {}): SiteEvidence {
  return {
    domain: "shop.de",
    fetchedAt: NOW.toISOString(),
    robots: "allowed",
    scheme: "https",
    hsts: false,
    pages: [],
    addresses: [
      {
        street: "Weg 1",
        postcode: "10115",
        locality: "Berlin",
        countryCode: "DE",
        lines: [],
        page: "https://shop.de/",
      },
    ],
    legalNames: [{ name: "Shop GmbH", page: "https://shop.de/" }],
    registrations: [],
    phones: [],
    emails: [],
    organizations: [],
    pageKinds: [],
    commerce: { selling: true, prices: 3, cartIndicators: ["cart"], productData: false },
    ...over,
  };
}

describe("gates and points", () => {
  const tls = { issuer: "CA", names: [], notAfter: "", intermediary: false, organizationMatches: true };

  it("gives A only with outside corroboration: a register match or a matching, non-CDN OV/EV certificate", () => {
    expect(decideLetter(evidence()).rating).toBe("Q");
    expect(decideLetter(evidence({ tls: { ...tls, validation: "OV", organization: "Shop GmbH" } })).rating).toBe("A");
    expect(decideLetter(evidence({ tls: { ...tls, validation: "DV" } })).rating).toBe("Q");
    const cdn = { ...tls, validation: "OV" as const, organization: "Cloudflare, Inc.", intermediary: true };
    expect(decideLetter(evidence({ tls: cdn })).rating).toBe("Q");
    const match = {
      register: "feed",
      label: "feed",
      id: "HRB 1",
      kind: "match" as const,
      name: "Shop GmbH",
      place: "Berlin",
    };
    expect(decideLetter(evidence({ registers: [match] })).rating).toBe("A");
  });

  it("puts negative information before identity, and blocks before everything but a dead site", () => {
    expect(decideLetter(evidence({ blacklist: { source: "feed", entry: "shop.de" } }))).toMatchObject({
      rating: "X",
      info: "negative_info",
    });
    expect(decideLetter(evidence({ robots: "disallowed", blacklist: { source: "f", entry: "e" } })).info).toBe(
      "blocked",
    );
    expect(decideLetter(evidence({ addresses: [] })).info).toBe("no_location");
    const reseller = { brand: "amazon", how: "brand-in-name" as const };
    expect(decideLetter(evidence({ lookalike: reseller })).rating).toBe("Q");
    expect(decideLetter(evidence({ lookalike: reseller, addresses: [] })).info).toBe("negative_info");
    expect(decideLetter(evidence({ lookalike: { brand: "paypal", how: "typo" } })).info).toBe("negative_info");
    expect(
      decideLetter(
        evidence({ addresses: [], commerce: { selling: false, prices: 0, cartIndicators: [], productData: false } }),
      ).info,
    ).toBe("non_commercial");
  });

  it("lists every reason with the weight of the points table, and spreads expiry by class with jitter", () => {
    const rating = scoreEvidence(
      evidence({ hsts: true, domainAge: { registeredAt: "2026-11-10T00:00:00Z", source: "rdap" } }),
      NOW,
      0,
    );
    for (const r of rating.reasons.slice(1)) expect(r.weight).toBe(POINTS[r.code as keyof typeof POINTS].weight);
    expect(rating.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(["gate:unverified", "address_found", "hsts", "domain_new", "sells_online"]),
    );
    const days = (ms: number) => ms / 86_400_000;
    const early = scoreEvidence(evidence(), NOW, 0);
    const late = scoreEvidence(evidence(), NOW, 0.999);
    expect(days(Date.parse(early.expiresAt) - NOW.getTime())).toBeCloseTo(14 * 0.9, 3);
    expect(days(Date.parse(late.expiresAt) - NOW.getTime())).toBeGreaterThan(15.3);
    const u = scoreEvidence(evidence({ failure: { code: "FETCH_DNS", permanent: true, message: "gone" } }), NOW, 0.5);
    expect(u).toMatchObject({ rating: "U", ratingInfo: "no_website", score: 0 });
    expect(days(Date.parse(u.expiresAt) - NOW.getTime())).toBeCloseTo(1, 3);
  });
});
