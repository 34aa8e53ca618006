/**
 * @module Footer addresses written the way each country writes them, on sites whose domain (.com) does not
 * say the country: the label's own shape, its country line or the page's language must. Multi-line footers
 * of <br> lines, one-line footers with commas, middots or spaced dashes. Real HTML through the real analyze
 * path.
 */
import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";

const NOW = new Date("2026-12-05T12:00:00Z");

function addressesOf(domain: string, footer: string, lang: string) {
  const url = `https://${domain}/`;
  const html = `<!doctype html><html lang="${lang}"><body><main><h1>Shop</h1></main>
    <footer class="site-footer"><div class="footer-block">${footer}</div></footer></body></html>`;
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
  return analyzeCrawl(domain, crawl, NOW).addresses;
}

describe("footers in each country's conventions, on .com", () => {
  it.each([
    ["ES", "es-ES", "<p>Cerámica Ruiz S.L.<br>Calle Mayor 5<br>28013 Madrid</p>", "28013", "Madrid"],
    ["DE", "de", "<p>Muster GmbH · Hauptstraße 1 · 10115 Berlin</p>", "10115", "Berlin"],
    ["AT", "de-AT", "<p>Huber Uhren GmbH<br>Graben 12<br>1010 Wien</p>", "1010", "Wien"],
    ["CH", "de-CH", "<p>Bahnhofstrasse 1<br>8001 Zürich</p>", "8001", "Zürich"],
    ["FR", "fr", "<p>12 rue de la Paix, 75002 Paris</p>", "75002", "Paris"],
    ["IT", "it", "<p>Bottega Verde S.r.l. - Via Roma 1 - 20121 Milano</p>", "20121", "Milano"],
    ["SE", "sv", "<p>Storgatan 1<br>114 55 Stockholm</p>", "114 55", "Stockholm"],
    ["CZ", "cs", "<p>Národní 10<br>110 00 Praha 1</p>", "110 00", "Praha 1"],
    ["DK", "da", "<p>Strandvejen 10, 2100 København Ø</p>", "2100", "København Ø"],
    ["FI", "fi", "<p>Mannerheimintie 1<br>00100 Helsinki</p>", "00100", "Helsinki"],
    ["BR", "pt-BR", "<p>Av. Paulista, 1000 - Bela Vista, São Paulo - SP, 01310-100</p>", "01310-100", ""],
  ])("%s (lang=%s)", (country, lang, footer, postcode, locality) => {
    const found = addressesOf("shop-example.com", footer, lang);
    expect(found[0], JSON.stringify(found)).toMatchObject({ countryCode: country, postcode });
    if (locality) expect(found[0]?.locality).toBe(locality);
  });

  it.each([
    ["JP", "<p>株式会社山田商店<br>〒150-0001<br>東京都渋谷区神宮前1-2-3</p>", "150-0001"],
    ["GB", "<p>Tallis &amp; Rowe Ltd<br>2 Mill Lane<br>Oxford OX1 2AB</p>", "OX1 2AB"],
    ["US", "<p>Acme Inc.<br>100 Main St<br>Springfield, IL 62701</p>", "62701"],
    ["NL", "<p>Keizersgracht 123, 1015CJ Amsterdam</p>", "1015 CJ"],
    ["PL", "<p>ul. Marszałkowska 10<br>00-950 Warszawa</p>", "00-950"],
    ["PT", "<p>Rua Augusta 100<br>1000-001 Lisboa</p>", "1000-001"],
    ["IE", "<p>12 Grafton Street<br>Dublin 2<br>D02 X285</p>", "D02 X285"],
    ["CA", "<p>220 King Street West<br>Toronto, ON M5V 3L9</p>", "M5V 3L9"],
  ])("%s needs no hint: its postcode shape names it", (country, footer, postcode) => {
    expect(addressesOf("shop-example.com", footer, "en")[0]).toMatchObject({ countryCode: country, postcode });
  });

  it("an English page gives no hint: a bare five-digit line on .com stays unread", () => {
    expect(addressesOf("shop-example.com", "<p>Calle Mayor 5<br>28013 Madrid</p>", "en")).toEqual([]);
  });

  it("a language hint never overrides the postcode's range: 00999 is no German postcode", () => {
    expect(addressesOf("shop-example.com", "<p>Hauptstraße 1<br>00999 Nirgendwo</p>", "de")).toEqual([]);
  });
});
