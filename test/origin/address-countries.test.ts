/**
 * @module Postal addresses of the countries a Western ad-rating product meets most, in the HTML shapes their
 * sites use (footers of <br> lines, tables, one-line comma lists, JSON-LD) — and the lines that look like a
 * postcode and a town but are not an address (counts, prices, phones, order numbers, dates, model years).
 *
 * "No address found" was ~35 % of all SiteTruth ratings (research/rating.md §1, §3): a missed address turns
 * a real business into an X, and a false one lets an anonymous shop pass the no_location gate.
 */
import { describe, expect, it } from "vitest";
import type { SiteEvidence } from "../../origin/rater/evidence.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { scoreEvidence } from "../../origin/rater/score.ts";
import { findAddresses, postcodeKey } from "../../origin/rater/signals/address.ts";
import { findOrganizations } from "../../origin/rater/signals/identity.ts";

/** The addresses on a page, with the ccTLD's country as the rater passes it (undefined for .com). */
function addressesIn(html: string, tldCountry?: string) {
  return findAddresses(parseHtml(html, "https://shop.example/").lines, tldCountry);
}

describe("North America and Oceania", () => {
  it("reads Canadian labels in English and French; the letter-digit postcode names Canada by itself", () => {
    // A .com footer: no country line is needed, the A1A 1A1 shape is Canada's alone.
    const footer = addressesIn(
      "<footer><p>Maple Leaf Outfitters Inc.<br>220 King Street West<br>Toronto, ON M5V 3L9</p></footer>",
    );
    expect(footer).toEqual([
      expect.objectContaining({ postcode: "M5V 3L9", locality: "Toronto", region: "ON", countryCode: "CA" }),
    ]);
    // Québec writes the province in full, in parentheses; a table row per line is still one label.
    const table = addressesIn(
      "<table><tr><td>1250, boulevard René-Lévesque Ouest</td></tr><tr><td>Montréal (Québec) H3B 4W8</td></tr><tr><td>Canada</td></tr></table>",
    );
    expect(table[0]).toMatchObject({ postcode: "H3B 4W8", locality: "Montréal", region: "QC", countryCode: "CA" });
    // One line, split at its commas: the postcode stands alone, town and province above it.
    const oneLine = addressesIn("<p>220 King Street West, Toronto, ON, M5V 3L9, Canada</p>");
    expect(oneLine[0]).toMatchObject({ postcode: "M5V 3L9", locality: "Toronto", countryCode: "CA" });
  });

  it("refuses a Canadian postcode whose province is not the one its first letter belongs to", () => {
    // M is Toronto (Ontario); a British Columbia label with an M postcode is a typo or made up.
    expect(addressesIn("<p>220 King Street West<br>Vancouver, BC M5V 3L9</p>")).toEqual([]);
  });

  it("reads Australian state-and-postcode lines and checks the postcode against the state's range", () => {
    const footer = addressesIn("<footer><p>Level 5, 1 Market Street<br>Sydney NSW 2000<br>Australia</p></footer>");
    expect(footer).toEqual([
      expect.objectContaining({ postcode: "2000", locality: "Sydney", region: "NSW", countryCode: "AU" }),
    ]);
    const oneLine = addressesIn("<p>Shop 2, 45 Beach Road, Surry Hills, NSW 2010</p>");
    expect(oneLine[0]).toMatchObject({ postcode: "2010", locality: "Surry Hills", region: "NSW", countryCode: "AU" });
    // 3000 is Melbourne: New South Wales postcodes stop at 2999.
    expect(addressesIn("<p>Level 5, 1 Market Street<br>Sydney NSW 3000</p>")).toEqual([]);
  });

  it("reads New Zealand's four digits only when the country line or .nz says New Zealand", () => {
    const html = "<footer><p>Level 2, 110 Symonds Street<br>Grafton<br>Auckland 1010<br>New Zealand</p></footer>";
    expect(addressesIn(html)[0]).toMatchObject({ postcode: "1010", locality: "Auckland", countryCode: "NZ" });
    const bare = "<p>Level 2, 110 Symonds Street<br>Auckland 1010</p>";
    expect(addressesIn(bare, "NZ")[0]).toMatchObject({ countryCode: "NZ" });
    // Four digits on a .com could be Vienna, Oslo or Auckland: no guess.
    expect(addressesIn(bare)).toEqual([]);
  });

  it("keeps US ZIP codes in the range the USPS uses", () => {
    expect(findAddresses(["1842 Maple Avenue", "Evanston, IL 60201"])[0]).toMatchObject({ countryCode: "US" });
    expect(findAddresses(["1842 Maple Avenue", "Springfield, MA 00123"])).toEqual([]);
  });
});

describe("Ireland", () => {
  it("reads an Eircode on its own line under a Dublin district, and at the end of a one-line label", () => {
    const footer = addressesIn(
      "<footer><p>Harp Digital Ltd<br>12 Merrion Square<br>Dublin 2<br>D02 X285<br>Ireland</p></footer>",
    );
    expect(footer).toEqual([
      expect.objectContaining({ street: "12 Merrion Square", postcode: "D02 X285", locality: "Dublin 2" }),
    ]);
    expect(footer[0]?.countryCode).toBe("IE");
    const oneLine = addressesIn("<p>14 Patrick Street, Cork, T12 X2Y3, Éire</p>");
    expect(oneLine[0]).toMatchObject({ postcode: "T12 X2Y3", locality: "Cork", countryCode: "IE" });
  });

  it("does not take a model and a year for an Eircode", () => {
    // "T12 2024" has an Eircode's shape; four digits alone need Ireland said, and "Model" is no town.
    expect(addressesIn("<p>Ford Transit 350<br>Model T12 2024</p>")).toEqual([]);
    expect(addressesIn("<p>Ford Transit 350<br>Model T12 2024</p>", "IE")).toEqual([]);
  });
});

describe("European digit postcodes", () => {
  it.each([
    // [why, html, ccTLD country, expected]
    [
      "Polish NN-NNN is Poland's alone; ul. starts the street",
      "<table><tr><td>ul. Marszałkowska 10/16</td></tr><tr><td>00-590 Warszawa</td></tr><tr><td>Polska</td></tr></table>",
      undefined,
      { postcode: "00-590", locality: "Warszawa", countryCode: "PL" },
    ],
    [
      "Portuguese NNNN-NNN is Portugal's alone",
      "<footer><p>Rua Augusta, 27<br>1100-048 Lisboa<br>Portugal</p></footer>",
      undefined,
      { postcode: "1100-048", locality: "Lisboa", countryCode: "PT" },
    ],
    [
      "Czech NNN NN with a Prague district, country in Czech",
      "<p>Václavské náměstí 1<br>110 00 Praha 1<br>Česká republika</p>",
      undefined,
      { postcode: "110 00", locality: "Praha 1", countryCode: "CZ" },
    ],
    [
      "Czech on .cz without a country line",
      "<p>Národní 10<br>110 00 Praha 1</p>",
      "CZ",
      { postcode: "110 00", countryCode: "CZ" },
    ],
    [
      "Slovak 8xx postcodes",
      "<p>Obchodná 5<br>811 06 Bratislava<br>Slovensko</p>",
      undefined,
      { postcode: "811 06", countryCode: "SK" },
    ],
    [
      "Swedish one-line label, country in Swedish",
      "<p>Drottninggatan 53, 111 21 Stockholm, Sverige</p>",
      undefined,
      { postcode: "111 21", locality: "Stockholm", countryCode: "SE" },
    ],
    [
      "Finnish FI- prefix names the country",
      "<footer><p>Mannerheimintie 12 B<br>FI-00100 Helsinki</p></footer>",
      undefined,
      { postcode: "00100", locality: "Helsinki", countryCode: "FI" },
    ],
    [
      "Finnish country line in Finnish",
      "<p>Aleksanterinkatu 52<br>00100 Helsinki<br>Suomi</p>",
      undefined,
      { countryCode: "FI" },
    ],
    [
      "Norwegian 0xxx postcodes (Oslo) on .no",
      "<footer><p>Karl Johans gate 22<br>0159 Oslo</p></footer>",
      "NO",
      { postcode: "0159", locality: "Oslo", countryCode: "NO" },
    ],
    [
      "Norwegian, country line Norge",
      "<p>Karl Johans gate 22, 0159 Oslo, Norge</p>",
      undefined,
      { postcode: "0159", countryCode: "NO" },
    ],
    [
      "Danish DK- prefix and a district letter",
      "<p>Amagertorv 6<br>DK-1160 København K</p>",
      undefined,
      { postcode: "1160", locality: "København K", countryCode: "DK" },
    ],
    [
      "Danish number-less street ending in -vejen, on .dk",
      "<p>Nordisk Design ApS<br>Strandvejen<br>2900 Hellerup</p>",
      "DK",
      { street: "Strandvejen", postcode: "2900", countryCode: "DK" },
    ],
    [
      "Cedex is French only: no country line needed on a .com",
      "<footer><p>12 rue de la Paix<br>75008 Paris Cedex 08</p></footer>",
      undefined,
      { postcode: "75008", locality: "Paris", countryCode: "FR" },
    ],
    [
      "French BP (post-office box) stands where the street would",
      "<p>Société Exemple SAS<br>BP 123<br>92130 Issy-les-Moulineaux Cedex</p>",
      undefined,
      { street: "BP 123", countryCode: "FR" },
    ],
    [
      "French number-less chemin, on .fr",
      "<p>Domaine des Vignes<br>chemin des Vignes<br>84000 Avignon</p>",
      "FR",
      { street: "chemin des Vignes", countryCode: "FR" },
    ],
    [
      "Italian province in parentheses names Italy",
      "<table><tr><td>Via Montenapoleone 8</td></tr><tr><td>20121 Milano (MI)</td></tr></table>",
      undefined,
      { postcode: "20121", locality: "Milano", region: "MI", countryCode: "IT" },
    ],
    [
      "Italian province without parentheses, country line Italia",
      "<p>Via del Corso 300<br>00186 Roma RM<br>Italia</p>",
      undefined,
      { postcode: "00186", locality: "Roma", region: "RM", countryCode: "IT" },
    ],
    [
      "Spanish one-line label",
      "<p>Calle de Alcalá 50, 28014 Madrid, España</p>",
      undefined,
      { postcode: "28014", locality: "Madrid", countryCode: "ES" },
    ],
    [
      "Swiss CH- prefix",
      "<footer><p>Bahnhofstrasse 10<br>CH-8001 Zürich</p></footer>",
      undefined,
      { postcode: "8001", locality: "Zürich", countryCode: "CH" },
    ],
    [
      "Luxembourg L- prefix (was read as country 'L' before)",
      "<p>12, rue Erasme<br>L-1468 Luxembourg</p>",
      undefined,
      { postcode: "1468", countryCode: "LU" },
    ],
    [
      "Belgian B- prefix",
      "<p>Rue de la Loi 16<br>B-1000 Bruxelles</p>",
      undefined,
      { postcode: "1000", countryCode: "BE" },
    ],
    ["Austrian A- prefix", "<p>Stephansplatz 1<br>A-1010 Wien</p>", undefined, { postcode: "1010", countryCode: "AT" }],
  ])("%s", (_why, html, tld, expected) => {
    expect(addressesIn(html, tld)).toEqual([expect.objectContaining(expected)]);
  });

  it.each([
    ["France ends at 98999 (Monaco)", "<p>12 rue de la Paix<br>99000 Paris<br>France</p>", undefined],
    ["Italy ends at 98168", "<p>Via Roma 1<br>98500 Messina (ME)</p>", undefined],
    ["Spain's provinces end at 52", "<p>Calle Mayor 1<br>53001 Madrid<br>España</p>", undefined],
    ["Switzerland ends at 9658", "<p>Dorfstrasse 1<br>CH-9999 Nirgendwo</p>", undefined],
    ["Austria starts at 1010", "<p>Hauptstraße 1<br>A-1001 Wien</p>", undefined],
    [
      "Czech postcodes do not start with 8 (that is Slovakia)",
      "<p>Obchodná 5<br>811 06 Bratislava<br>Česko</p>",
      undefined,
    ],
    ["a prefix that is no country's ('PO 1234')", "<p>Harbour Road 5<br>PO 1234 Somewhere</p>", undefined],
    [
      "a prefix whose country uses another shape (German postcodes have five digits)",
      "<p>Unter den Linden 1<br>D-1234 Berlin</p>",
      undefined,
    ],
    ["five digits on a .com, no country line", "<p>12 rue de la Paix<br>75002 Paris</p>", undefined],
    [
      "a country line whose country uses another shape",
      "<p>Stephansplatz 1<br>10115 Berlin<br>Österreich</p>",
      undefined,
    ],
  ])("refuses a postcode out of its country's range or shape: %s", (_why, html, tld) => {
    expect(addressesIn(html, tld)).toEqual([]);
  });
});

describe("Japan, Brazil, India", () => {
  it("reads Japanese labels that start with 〒, on one line or two, and the romanised order", () => {
    const oneLine = addressesIn("<footer><p>株式会社サンプル<br>〒100-0001 東京都千代田区千代田1-1</p></footer>");
    expect(oneLine).toEqual([
      expect.objectContaining({ postcode: "100-0001", locality: "千代田区", region: "東京都", countryCode: "JP" }),
    ]);
    const twoLines = addressesIn("<p>〒530-0001<br>大阪府大阪市北区梅田3丁目1番1号</p>");
    expect(twoLines[0]).toMatchObject({ postcode: "530-0001", locality: "大阪市", countryCode: "JP" });
    const latin = addressesIn("<p>1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, Japan</p>");
    expect(latin[0]).toMatchObject({ postcode: "100-0001", locality: "Tokyo", countryCode: "JP" });
    // 〒 with something that is not a Japanese address after it.
    expect(addressesIn("<p>〒100-0001 お問い合わせはこちら</p>")).toEqual([]);
  });

  it("reads a Brazilian CEP with its state code, and not a bare NNNNN-NNN without Brazil", () => {
    const label = addressesIn("<p>Av. Paulista, 1578<br>01310-200 São Paulo - SP<br>Brasil</p>");
    expect(label[0]).toMatchObject({ postcode: "01310-200", locality: "São Paulo", region: "SP", countryCode: "BR" });
    expect(addressesIn("<p>Av. Paulista, 1578<br>01310-200 São Paulo - SP</p>")[0]).toMatchObject({
      countryCode: "BR",
    });
    expect(addressesIn("<p>Ticket 2291<br>Reference 44021-118</p>")).toEqual([]);
  });

  it("reads an Indian PIN with the state, or with India said by the country line or .in", () => {
    const oneLine = addressesIn("<p>12 MG Road, Bengaluru, Karnataka 560001, India</p>");
    expect(oneLine[0]).toMatchObject({
      postcode: "560001",
      locality: "Bengaluru",
      region: "Karnataka",
      countryCode: "IN",
    });
    const dash = addressesIn("<p>Plot 7, Sector 18<br>New Delhi - 110 001</p>", "IN");
    expect(dash[0]).toMatchObject({ postcode: "110001", locality: "New Delhi", countryCode: "IN" });
    // Six digits after a town on a .com: an order number as much as a PIN.
    expect(addressesIn("<p>Plot 7, Sector 18<br>Mumbai 400001</p>")).toEqual([]);
  });
});

describe("lines shaped like a postcode and a town that are not an address", () => {
  it.each([
    [
      "a customer count (German capitalises nouns, and 10000 is a Berlin postcode)",
      "<section><p>Seit 1998 in Berlin 3<br>10000 Zufriedene Kunden<br>Deutschland</p></section>",
      "DE",
    ],
    ["a customer count in English", "<p>Founded 1998 in Vienna 1<br>10000 Happy Customers<br>Germany</p>", undefined],
    ["a review count", "<p>Bestseller 2024 Edition 2<br>2500 Bewertungen</p>", "AT"],
    ["a price in a currency word", "<p>Winterjacke Modell 2024<br>1299 Euro</p>", "AT"],
    [
      "a phone number above a town line is not a street",
      "<p>Tel. 089 123456<br>80331 München<br>Deutschland</p>",
      "DE",
    ],
    ["a freephone number", "<p>Ring os på hverdage 8-16<br>0800 Freecall</p>", "DK"],
    ["a price above a town line is not a street", "<p>Versand ab 49 €<br>10115 Berlin</p>", "DE"],
    ["a date above a town line is not a street", "<p>Stand: 01.03.2024<br>10115 Berlin<br>Deutschland</p>", "DE"],
    ["opening hours above a town line", "<p>Mo–Fr 9:00–18:00 Uhr<br>10115 Berlin</p>", "DE"],
    ["an order number in a six-digit PIN's place", "<p>Invoice 2024 item 7<br>Order Number 560001</p>", "IN"],
    [
      "a model year in a four-digit postcode's place",
      "<p>Summer Sale ends 31 Aug<br>2024 Collection<br>Australia</p>",
      undefined,
    ],
    [
      "a phone number in a romanised Japanese postcode's place",
      "<p>Suite 200, 5 Main Street<br>Call 555-1234</p>",
      "JP",
    ],
    ["a month after a year", "<p>Newsletter Ausgabe 12<br>2023 Dezember</p>", "AT"],
    ["a product SKU with a Canadian postcode's shape", "<p>Hiking Boot Size 10<br>SKU K2P 1L4</p>", undefined],
  ])("%s", (_why, html, tld) => {
    expect(addressesIn(html, tld)).toEqual([]);
  });

  it("still needs a street line: a town line alone is no label", () => {
    expect(addressesIn("<p>Our shop<br>Sydney NSW 2000</p>")).toEqual([]);
    expect(addressesIn("<p>Visit us in<br>CH-8001 Zürich</p>")).toEqual([]);
  });
});

describe("JSON-LD PostalAddress against the visible address", () => {
  const evidence = (html: string, tld?: string): SiteEvidence => {
    const page = parseHtml(html, "https://shop.example/");
    return {
      domain: "shop.example",
      fetchedAt: "2026-11-23T12:00:00Z",
      robots: "allowed",
      scheme: "https",
      hsts: false,
      pages: [],
      addresses: findAddresses(page.lines, tld).map((a) => ({ ...a, page: "https://shop.example/" })),
      legalNames: [],
      registrations: [],
      phones: [],
      emails: [],
      organizations: findOrganizations(page.jsonLd).map((o) => ({ ...o, page: "https://shop.example/" })),
      pageKinds: [],
      commerce: { selling: true, prices: 1, cartIndicators: [], productData: false },
    };
  };
  const codes = (e: SiteEvidence) => scoreEvidence(e, new Date("2026-11-23T12:00:00Z"), 0).reasons.map((r) => r.code);

  it("agrees when the page writes the country prefix or spaces the JSON-LD leaves out", () => {
    // Yoast and Rank Math write postalCode as the shop owner typed it into a form: "8001", "D02X285".
    const swiss = evidence(
      `<script type="application/ld+json">{"@type":"Organization","legalName":"Alpen AG","address":{"@type":"PostalAddress","streetAddress":"Bahnhofstrasse 10","postalCode":"8001","addressCountry":"CH"}}</script>
       <footer><p>Alpen AG<br>Bahnhofstrasse 10<br>CH-8001 Zürich</p></footer>`,
    );
    expect(codes(swiss)).toContain("schema_org_address_agrees");
    const irish = evidence(
      `<script type="application/ld+json">{"@type":"LocalBusiness","name":"Harp","address":{"@type":"PostalAddress","postalCode":"D02X285"}}</script>
       <p>12 Merrion Square<br>Dublin 2<br>D02 X285</p>`,
    );
    expect(codes(irish)).toContain("schema_org_address_agrees");
    const elsewhere = evidence(
      `<script type="application/ld+json">{"@type":"Organization","legalName":"Alpen AG","address":{"@type":"PostalAddress","postalCode":"3780"}}</script>
       <p>Bahnhofstrasse 10<br>CH-8001 Zürich</p>`,
    );
    expect(codes(elsewhere)).not.toContain("schema_org_address_agrees");
  });

  it("compares postcodes without prefix, spaces, dashes or 〒", () => {
    expect(postcodeKey("CH-8001")).toBe(postcodeKey("8001"));
    expect(postcodeKey("〒100-0001")).toBe(postcodeKey("1000001"));
    expect(postcodeKey("m5v 3l9")).toBe(postcodeKey("M5V3L9"));
    expect(postcodeKey("OX1 2AB")).not.toBe(postcodeKey("OX1 2AD"));
  });
});
