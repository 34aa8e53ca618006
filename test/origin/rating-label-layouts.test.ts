/**
 * @module Addresses and sellers in the layouts site builders and legal pages give them, through the real
 * parse and analyze path: a label written one paragraph per line (Wix, Squarespace), an address between the
 * commas of a legal sentence (Polish regulamin), a 〒 address after its label in one cell (所在地：〒…), a
 * product's manufacturer with its own address (not the seller's), and the Danish and Norwegian names of the
 * terms page. Each with the text that must not be read so.
 */
import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { classifyLink } from "../../origin/rater/signals/site.ts";

const NOW = new Date("2026-12-05T12:00:00Z");

function evidenceOf(domain: string, body: string, lang: string) {
  const url = `https://${domain}/`;
  const html = `<!doctype html><html lang="${lang}"><body>${body}</body></html>`;
  const crawl: Crawl = {
    robots: "allowed",
    scheme: "https",
    host: domain,
    pages: [
      {
        record: { url, kind: "home", status: 200, bytes: html.length, truncated: false, elapsedMs: 1 },
        parsed: parseHtml(html, url),
        headers: {},
      },
    ],
  };
  return analyzeCrawl(domain, crawl, NOW);
}

const wix = (...paragraphs: string[]) =>
  `<div class="wixui-rich-text">${paragraphs.map((p) => `<p class="font_8"><span>${p}</span></p>`).join("")}</div>`;

describe("a label written one paragraph per line", () => {
  it("reads street and town from paragraphs of their own", () => {
    const e = evidenceOf("baeckerei-test.de", wix("Bäckerei Test", "Obere Königstraße 17", "96052 Bamberg"), "de");
    expect(e.addresses[0]).toMatchObject({ street: "Obere Königstraße 17", postcode: "96052", countryCode: "DE" });
    const br = evidenceOf(
      "praia-test.com.br",
      wix("Moda Praia Test", "Rua Visconde de Pirajá, 414 - Loja 3", "Ipanema, Rio de Janeiro - RJ", "CEP 22410-002"),
      "pt-BR",
    );
    expect(br.addresses[0]).toMatchObject({ postcode: "22410-002", countryCode: "BR" });
  });

  it("does not join paragraphs that are not a label", () => {
    // Counts and years in one-line paragraphs; a street in a paragraph of several lines above a postcode-like one.
    expect(
      evidenceOf("x-test.de", wix("Seit 1921 backen wir", "10000 Kunden", "2500 Bewertungen"), "de").addresses,
    ).toEqual([]);
    const apart = `<p>Unsere Filiale<br>Obere Königstraße 17<br>ist umgezogen</p><p>96052 Bamberg</p>`;
    expect(evidenceOf("y-test.de", apart, "de").addresses).toEqual([]);
  });
});

describe("an address inside a legal sentence", () => {
  it("reads the street and postcode between the sentence's commas", () => {
    const sentence = `Sklep internetowy działający pod adresem zielna-test.pl prowadzony jest przez Zielna sp. z o.o. z siedzibą
      w Warszawie, ul. Mokotowska 12 lok. 4, 00-561 Warszawa, wpisaną do rejestru przedsiębiorców Krajowego Rejestru
      Sądowego prowadzonego przez Sąd Rejonowy dla m.st. Warszawy w Warszawie, XII Wydział Gospodarczy KRS, pod numerem
      KRS 0000712345, NIP 5252712346, REGON 369123456, kapitał zakładowy 5 000 zł.`;
    const e = evidenceOf("zielna-test.pl", `<h2>§1 Postanowienia ogólne</h2><p>${sentence}</p>`, "pl");
    expect(e.addresses[0]).toMatchObject({ street: "ul. Mokotowska 12 lok. 4", postcode: "00-561", countryCode: "PL" });
  });

  it("finds no address in a long sentence of counts, prices and years", () => {
    const prose = `Od 2004 roku, 12000 klientów, 35 000 zamówień, ceny od 19 zł, dostawa w 2 dni, zwroty do 14 dni, ${"i tak dalej, ".repeat(40)}`;
    expect(evidenceOf("prose-test.pl", `<p>${prose}</p>`, "pl").addresses).toEqual([]);
  });
});

describe("a Japanese address after its label", () => {
  it("reads 所在地：〒… on one line", () => {
    const e = evidenceOf(
      "chaya-test.jp",
      "<p>販売業者：株式会社京都茶屋本舗<br>所在地：〒604-8005 京都府京都市中京区河原町通三条上る恵比須町427</p>",
      "ja",
    );
    expect(e.addresses[0]).toMatchObject({ postcode: "604-8005", locality: "京都市", countryCode: "JP" });
  });

  it("does not read a postcode after a long line of text", () => {
    const e = evidenceOf("long-test.jp", `<p>${"お知らせ".repeat(10)}：〒604-8005 京都府京都市中京区1</p>`, "ja");
    expect(e.addresses).toEqual([]);
  });
});

describe("a product's manufacturer is not its seller", () => {
  const product = (manufacturer: unknown, extra: unknown[] = []) =>
    `<script type="application/ld+json">${JSON.stringify([
      {
        "@context": "https://schema.org/",
        "@type": "Product",
        name: "Ergo Pro mesh chair",
        brand: { "@type": "Brand", name: "Ergotek" },
        manufacturer,
        offers: { "@type": "Offer", price: "289.00", priceCurrency: "GBP" },
      },
      ...extra,
    ])}</script><main><p>Ergo Pro mesh chair £289.00</p></main>`;
  const maker = {
    "@type": "Organization",
    name: "Ergotek Seating GmbH",
    address: {
      "@type": "PostalAddress",
      streetAddress: "Industriestraße 14",
      postalCode: "32049",
      addressLocality: "Herford",
      addressCountry: "DE",
    },
  };

  it("leaves the maker's address and name out of the seller's", () => {
    const e = evidenceOf("chairs-test.co.uk", product(maker), "en-GB");
    expect(e.addresses).toEqual([]);
    expect(e.organizations.map((o) => o.name)).not.toContain("Ergotek Seating GmbH");
  });

  it("still reads the site's own organisation when the product names it as maker by reference", () => {
    const own = { ...maker, "@id": "https://chairs-test.de/#org", name: "Ergotek Seating GmbH" };
    const e = evidenceOf("chairs-test.de", product({ "@id": "https://chairs-test.de/#org" }, [own]), "de");
    expect(e.addresses[0]).toMatchObject({ postcode: "32049", countryCode: "DE" });
  });
});

describe("the terms page under its Nordic names", () => {
  it.each([
    ["Handelsbetingelser", "/handelsbetingelser"],
    ["Salgsbetingelser", "/salgsbetingelser"],
    ["Kjøpsvilkår", "/kjopsvilkar"],
  ])("%s is a terms page", (text, path) => {
    expect(classifyLink({ text, href: `https://keramik-test.dk${path}` })).toBe("terms");
  });

  it("leaves other Danish links alone", () => {
    expect(classifyLink({ text: "Nyheder", href: "https://keramik-test.dk/nyheder" })).toBeUndefined();
  });
});
