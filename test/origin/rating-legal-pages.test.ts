/**
 * @module Legal pages under their local names, crawled from a real site on loopback and read for the legal
 * name (with its country's legal form), the address and the national tax or register number — aviso legal,
 * mentions légales, note legali, colofon, regulamin, 特定商取引法に基づく表記, … — and legal names with `&`,
 * `and`, `+`, apostrophes, hyphens and dots coming out whole.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import { crawlSite } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { scoreEvidence } from "../../origin/rater/score.ts";
import { findLegalNames, findRegistrations } from "../../origin/rater/signals/identity.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";

const NOW = new Date("2026-12-05T12:00:00Z");

interface Site {
  lang: string;
  /** The footer link to the legal page: its text and path. */
  link: [string, string];
  /** The legal page's lines. */
  legal: string[];
  cart: string;
  prices: [string, string];
  expect: { name: string; postcode: string; country: string; id: string };
}

// One site per country, written as its shops write them; the home page has no address or name at all.
const SITES: Record<string, Site> = {
  "ceramica-ruiz.com": {
    lang: "es",
    link: ["Aviso legal", "/aviso-legal"],
    legal: [
      "Titular: Cerámica Ruiz S.L.",
      "CIF: B-12345674",
      "Domicilio: Calle Mayor 5",
      "28013 Madrid",
      "Inscrita en el Registro Mercantil de Madrid",
    ],
    cart: "Añadir al carrito",
    prices: ["19,99 €", "5,00 €"],
    expect: { name: "Cerámica Ruiz S.L.", postcode: "28013", country: "ES", id: "B12345674" },
  },
  "boulangerie-dupont.com": {
    lang: "fr",
    link: ["Mentions légales", "/pages/mentions-legales"],
    legal: [
      "Boulangerie Dupont SARL au capital de 10 000 €",
      "12 rue de la Paix",
      "75002 Paris",
      "SIRET : 732 829 320 00074 – RCS Paris B 732 829 320",
    ],
    cart: "Ajouter au panier",
    prices: ["12,50 €", "8,00 €"],
    expect: { name: "Boulangerie Dupont SARL", postcode: "75002", country: "FR", id: "73282932000074" },
  },
  "bottega-verde.com": {
    lang: "it",
    link: ["Note legali", "/note-legali"],
    legal: ["Bottega Verde S.r.l.", "Via Roma 1 - 20121 Milano (MI)", "P.IVA 00743110157"],
    cart: "Aggiungi al carrello",
    prices: ["24,00 €", "9,50 €"],
    expect: { name: "Bottega Verde S.r.l.", postcode: "20121", country: "IT", id: "IT00743110157" },
  },
  "smith-jones.com": {
    lang: "nl",
    link: ["Colofon", "/colofon"],
    legal: ["Smith-Jones B.V.", "Keizersgracht 123", "1015 CJ Amsterdam", "KvK-nummer: 12345678"],
    cart: "In winkelwagen",
    prices: ["€ 12,95", "€ 7,50"],
    expect: { name: "Smith-Jones B.V.", postcode: "1015 CJ", country: "NL", id: "12345678" },
  },
  "sklep-lipa.com": {
    lang: "pl",
    link: ["Regulamin", "/regulamin"],
    legal: ["Sklep Lipa sp. z o.o.", "ul. Marszałkowska 10", "00-950 Warszawa", "NIP: 526-025-09-95, KRS 0000123456"],
    cart: "Dodaj do koszyka",
    prices: ["99 zł", "149 zł"],
    expect: { name: "Sklep Lipa sp. z o.o.", postcode: "00-950", country: "PL", id: "5260250995" },
  },
  "yamada-shoten.com": {
    lang: "ja",
    link: ["特定商取引法に基づく表記", "/tokushoho"],
    legal: ["販売業者：株式会社山田商店", "〒150-0001", "東京都渋谷区神宮前1-2-3", "法人番号：7000012050002"],
    cart: "カートに入れる",
    prices: ["¥3,980", "¥1,200"],
    expect: { name: "株式会社山田商店", postcode: "150-0001", country: "JP", id: "7000012050002" },
  },
  "novak-obchod.com": {
    lang: "cs",
    link: ["Obchodní podmínky", "/obchodni-podminky"],
    legal: ["Novák a Syn, s.r.o.", "Národní 10", "110 00 Praha 1", "IČO: 25596641"],
    cart: "Do košíku",
    prices: ["1 299 Kč", "490 Kč"],
    expect: { name: "Novák a Syn s.r.o.", postcode: "110 00", country: "CZ", id: "25596641" },
  },
  "casa-do-pao.com": {
    lang: "pt-BR",
    link: ["Quem somos", "/quem-somos"],
    legal: [
      "Casa do Pão Ltda.",
      "Av. Paulista, 1000 - Bela Vista",
      "São Paulo - SP",
      "CEP 01310-100",
      "CNPJ: 11.222.333/0001-81",
    ],
    cart: "Adicionar ao carrinho",
    prices: ["R$ 129,90", "R$ 19,90"],
    expect: { name: "Casa do Pão Ltda.", postcode: "01310-100", country: "BR", id: "11222333000181" },
  },
};

function home(site: Site): string {
  const [a, b] = site.prices;
  return `<!doctype html><html lang="${site.lang}"><head><title>Shop</title></head><body>
    <main><div class="product"><span class="price">${a}</span><button class="add-to-cart">${site.cart}</button></div>
    <div class="product"><span class="price">${b}</span></div></main>
    <footer><ul><li><a href="/blog">Blog</a></li><li><a href="${site.link[1]}">${site.link[0]}</a></li></ul></footer>
    </body></html>`;
}

let server: Server;
let fetcher: ClosableSiteFetcher;

beforeAll(async () => {
  server = createServer((req, res) => {
    const site = SITES[(req.headers.host ?? "").replace(/^www\./, "").replace(/:\d+$/, "")];
    const path = decodeURIComponent(req.url ?? "/");
    if (!site || path === "/robots.txt") return res.writeHead(404).end();
    const html =
      path === "/"
        ? home(site)
        : path === site.link[1]
          ? `<html lang="${site.lang}"><body><h1>${site.link[0]}</h1><p>${site.legal.join("<br>")}</p></body></html>`
          : "<html><body><p>Blog</p></body></html>";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  fetcher = createSiteFetcher({
    connectTo: Object.keys(SITES)
      .map((h) => `${h}:80:127.0.0.1:${port}`)
      .join(","),
    userAgent: "bonafide-rater/test (+https://example.org/bot)",
  });
});

afterAll(async () => {
  await fetcher?.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const OPTIONS = {
  maxPages: 5,
  pageTimeoutMs: 5_000,
  siteTimeoutMs: 10_000,
  concurrency: 2,
  userAgentToken: "bonafide",
};

describe("legal pages under their local names", () => {
  it.each(Object.keys(SITES))(
    "%s: the crawler reads the legal page and finds name, address and number",
    async (domain) => {
      const site = SITES[domain] as Site;
      const crawl = await crawlSite(fetcher, domain, OPTIONS);
      expect(crawl.pages.map((p) => new URL(p.record.url).pathname)).toContain(site.link[1]);
      const evidence = analyzeCrawl(domain, crawl, NOW);
      expect(evidence.legalNames.map((n) => n.name)).toContain(site.expect.name);
      expect(evidence.addresses[0]).toMatchObject({ postcode: site.expect.postcode, countryCode: site.expect.country });
      expect(evidence.registrations.map((r) => r.value)).toContain(site.expect.id);
      expect(evidence.registrations.every((r) => r.checksum !== "invalid")).toBe(true);
      const rating = scoreEvidence(evidence, NOW, 0.5);
      expect(rating).toMatchObject({ rating: "Q", ratingInfo: "unverified" });
      expect(rating.reasons.map((r) => r.code)).toEqual(
        expect.arrayContaining(["address_found", "legal_name_found", "sells_online"]),
      );
    },
  );
});

describe("legal names and numbers", () => {
  it("keeps names with &, and, +, apostrophes, hyphens and dots whole", () => {
    expect(findLegalNames(["© 2026 Tallis & Rowe Ltd. All rights reserved."])).toEqual(["Tallis & Rowe Ltd."]);
    expect(findLegalNames(["Müller & Söhne GmbH & Co. KG"])).toEqual(["Müller & Söhne GmbH & Co. KG"]);
    expect(findLegalNames(["O'Neill & Sons Ltd, registered in Ireland"])).toEqual(["O'Neill & Sons Ltd"]);
    expect(findLegalNames(["Smith-Jones B.V."])).toEqual(["Smith-Jones B.V."]);
    expect(findLegalNames(["Baker and Daughters LLC"])).toEqual(["Baker and Daughters LLC"]);
    expect(findLegalNames(["Smith + Partners Ltd"])).toEqual(["Smith + Partners Ltd"]);
    expect(findLegalNames(["Yamada Shoten Co., Ltd."])).toEqual(["Yamada Shoten Co., Ltd."]);
    expect(findLegalNames(["Lindqvist Möbel AB", "Kahvila Oy", "Sørensen Knive ApS"])).toEqual([
      "Lindqvist Möbel AB",
      "Kahvila Oy",
      "Sørensen Knive ApS",
    ]);
  });

  it("checks national numbers' check digits and says so in the reasons", () => {
    expect(findRegistrations(["SIRET : 732 829 320 00075", "IČO: 25596642", "CNPJ 11.222.333/0001-82"])).toEqual([
      { kind: "fr-siren", value: "73282932000075", checksum: "invalid" },
      { kind: "cz-ico", value: "25596642", checksum: "invalid" },
      { kind: "br-cnpj", value: "11222333000182", checksum: "invalid" },
    ]);
    expect(findRegistrations(["Org.nr: 556188-8404", "CVR-nr. 13585628", "CHE-116.281.710 MWST"])).toEqual([
      { kind: "se-orgnr", value: "5561888404", checksum: "valid" },
      { kind: "dk-cvr", value: "13585628", checksum: "valid" },
      { kind: "ch-uid", value: "CHE116281710", checksum: "valid" },
    ]);
    // A table of legal details: the keyword in one cell, the number in the next.
    const table = parseHtml(
      "<table><tr><th>販売業者</th><td>株式会社山田商店</td></tr><tr><th>法人番号</th><td>7000012050002</td></tr><tr><th>NIP</th><td>526-025-09-95</td></tr></table>",
      "https://yamada.jp/",
    );
    expect(findRegistrations(table.lines).map((r) => r.value)).toEqual(["7000012050002", "5260250995"]);
    // A number without its keyword is any number.
    expect(findRegistrations(["Bestellnummer 73282932000074", "Call 25596641"])).toEqual([]);
  });

  it("reads a page-long line without a name or a number in bounded work", () => {
    const letters = "A".repeat(200_000);
    const words = "Ab ".repeat(70_000);
    expect(findLegalNames([letters, words, `${letters} GmbH`])).toEqual([]);
    expect(findRegistrations(["NIP ".repeat(50_000), `SIRET ${"1 ".repeat(50_000)}`])).toEqual([]);
  });
});
