import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { scoreEvidence } from "../../origin/rater/score.ts";
import { findAddresses } from "../../origin/rater/signals/address.ts";
import { findLegalNames, findRegistrations, germanVatCheckDigitValid } from "../../origin/rater/signals/identity.ts";
import { choosePages } from "../../origin/rater/signals/site.ts";

const NOW = new Date("2026-11-22T12:00:00Z");

function crawlOf(domain: string, pages: [string, string, Crawl["pages"][number]["record"]["kind"]][]): Crawl {
  return {
    robots: "allowed",
    scheme: "https",
    host: domain,
    pages: pages.map(([url, html, kind]) => ({
      record: { url, kind, status: 200, bytes: html.length, truncated: false, elapsedMs: 1 },
      parsed: parseHtml(html, url),
      headers: {},
    })),
  };
}

describe("reading a page", () => {
  it("keeps mailing-label lines apart and resolves links", () => {
    const page = parseHtml(
      `<html lang="de"><head><title>Shop</title><script>var x = "<p>not text</p>"</script></head><body>
       <p>Muster GmbH<br>Industriestraße 12<br>42103 Wuppertal</p><a href="/impressum#top">Impressum</a>
       <button>In den Warenkorb</button><script type="application/ld+json">{"@type":"Organization","name":"Muster"}</script>`,
      "https://muster.de/",
    );
    expect(page.title).toBe("Shop");
    expect(page.lang).toBe("de");
    expect(page.lines).toContain("Industriestraße 12");
    expect(page.lines).toContain("42103 Wuppertal");
    expect(page.lines.join(" ")).not.toContain("not text");
    expect(page.links).toEqual([{ href: "https://muster.de/impressum", text: "Impressum" }]);
    expect(page.buttons).toEqual(["In den Warenkorb"]);
    expect(page.jsonLd).toEqual([{ "@type": "Organization", name: "Muster" }]);
  });
});

describe("finding identity", () => {
  it("finds German, British and American mailing labels and rejects prices and phone lines", () => {
    expect(findAddresses(["Industriestraße 12", "42103 Wuppertal", "Deutschland"])[0]).toMatchObject({
      postcode: "42103",
      locality: "Wuppertal",
      countryCode: "DE",
    });
    expect(
      findAddresses(["Registered office: 14 Harbour Road, Falmouth, Cornwall, TR11 2AB, United Kingdom"])[0],
    ).toMatchObject({
      street: "14 Harbour Road",
      postcode: "TR11 2AB",
      locality: "Falmouth",
      region: "Cornwall",
      countryCode: "GB",
    });
    expect(findAddresses(["1842 Maple Avenue", "Evanston, IL 60201"])[0]).toMatchObject({
      region: "IL",
      countryCode: "US",
    });
    expect(findAddresses(["Only 12,99 €", "Call 0800 123 4567", "Free shipping over 50 €"])).toEqual([]);
    expect(findAddresses(["Hauptstraße 1", "00999 Nirgendwo"], "DE")).toEqual([]);
  });

  it("finds legal names and register numbers only with their legal wording", () => {
    expect(findLegalNames(["© 2026 Hartmann Werkzeuge GmbH. Alle Rechte vorbehalten."])).toEqual([
      "Hartmann Werkzeuge GmbH",
    ]);
    expect(findLegalNames(["Brightwater Outdoor Ltd, registered in England"])).toContain("Brightwater Outdoor Ltd");
    const regs = findRegistrations([
      "Registered in England and Wales, company number 08123456",
      "Amtsgericht Wuppertal HRB 12345",
      "USt-IdNr.: DE 136 695 976",
      "Order number 12345678",
    ]);
    expect(regs).toContainEqual({ kind: "uk-company", value: "08123456" });
    expect(regs).toContainEqual({ kind: "de-handelsregister", value: "HRB 12345" });
    expect(regs).toContainEqual({ kind: "vat", value: "DE136695976", checksum: "valid" });
    expect(regs.filter((r) => r.value === "12345678")).toEqual([]);
  });

  it("checks German VAT check digits (ISO 7064 MOD 11,10)", () => {
    expect(germanVatCheckDigitValid("136695976")).toBe(true);
    expect(germanVatCheckDigitValid("136695977")).toBe(false);
  });

  it("chooses the imprint and contact pages before the rest, on the same site only", () => {
    const links = [
      { href: "https://s.de/blog", text: "Blog" },
      { href: "https://s.de/datenschutz", text: "Datenschutz" },
      { href: "https://s.de/kontakt", text: "Kontakt" },
      { href: "https://s.de/impressum", text: "Impressum" },
      { href: "https://other.com/about", text: "About" },
      { href: "https://s.de/agb.pdf", text: "AGB" },
    ];
    const chosen = choosePages(links, (u) => u.hostname === "s.de", 3);
    expect(chosen.map((c) => c.kind)).toEqual(["imprint", "contact", "privacy"]);
  });
});

describe("scoring", () => {
  const shopHome = `<h1>Tools</h1><p>Hammer 12,99 €</p><p>Saw 24,50 €</p><button>In den Warenkorb</button>
    <a href="/impressum">Impressum</a><a href="/kontakt">Kontakt</a><a href="/warenkorb">Warenkorb</a>`;

  it("rates a shop with a full imprint Q, with its reasons and business", () => {
    const imprint = `<h1>Impressum</h1><p>Hartmann Werkzeuge GmbH<br>Industriestraße 12<br>42103 Wuppertal<br>Deutschland</p>
      <p>Telefon: +49 202 1234567</p><p>Amtsgericht Wuppertal HRB 12345</p><p>USt-IdNr.: DE136695976</p>`;
    const crawl = crawlOf("hartmann.de", [
      ["https://hartmann.de/", shopHome, "home"],
      ["https://hartmann.de/impressum", imprint, "imprint"],
    ]);
    const rating = scoreEvidence(analyzeCrawl("hartmann.de", crawl, NOW), NOW, 0.5);
    expect(rating.rating).toBe("Q");
    expect(rating.ratingInfo).toBe("unverified");
    const codes = rating.reasons.map((r) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "address_found",
        "legal_name_found",
        "vat_id_found",
        "company_number_found",
        "imprint_page",
      ]),
    );
    expect(rating.business).toMatchObject({
      legalName: "Hartmann Werkzeuge GmbH",
      locality: "Wuppertal",
      countryCode: "DE",
    });
    expect(rating.score).toBeGreaterThan(80);
    expect(Date.parse(rating.expiresAt) - NOW.getTime()).toBe(14 * 24 * 3600_000);
  });

  it("reads postcodes shared by several countries by the ccTLD of the newly covered countries", () => {
    // "Auckland 1010" and "110 00 Praha 1" carry no country of their own; without .nz / .cz in the ccTLD
    // table these shops would be rated X no_location.
    for (const [domain, label, country] of [
      ["kiwi-gear.co.nz", "Level 2, 110 Symonds Street<br>Auckland 1010", "NZ"],
      ["obchod.cz", "Národní 10<br>110 00 Praha 1", "CZ"],
    ] as const) {
      const crawl = crawlOf(domain, [[`https://${domain}/`, `${shopHome}<footer><p>${label}</p></footer>`, "home"]]);
      expect(analyzeCrawl(domain, crawl, NOW).addresses[0]?.countryCode).toBe(country);
    }
  });

  it("rates a shop with no address X no_location, and a blog with none U non_commercial", () => {
    const shop = crawlOf("deals.com", [["https://deals.com/", shopHome, "home"]]);
    expect(scoreEvidence(analyzeCrawl("deals.com", shop, NOW), NOW)).toMatchObject({
      rating: "X",
      ratingInfo: "no_location",
    });
    const blog = crawlOf("notes.net", [["https://notes.net/", "<h1>My garden</h1><p>Tomatoes again.</p>", "home"]]);
    expect(scoreEvidence(analyzeCrawl("notes.net", blog, NOW), NOW)).toMatchObject({
      rating: "U",
      ratingInfo: "non_commercial",
      score: 0,
    });
  });

  it("rates a site whose robots.txt forbids reading U blocked", () => {
    const crawl: Crawl = { robots: "disallowed", scheme: "http", host: "club.org", pages: [] };
    expect(scoreEvidence(analyzeCrawl("club.org", crawl, NOW), NOW)).toMatchObject({
      rating: "U",
      ratingInfo: "blocked",
    });
  });
});
