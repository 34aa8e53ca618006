/**
 * @module Addresses that a site gives only in structured data, in the shapes platforms emit: JSON-LD inside
 * `@graph`, top-level arrays, nested `parentOrganization` / `publisher` / `offers.seller` / `brand`,
 * `address` as a plain string or an `@id` reference, microdata and RDFa — and hostile JSON-LD (huge,
 * deeply nested, cyclic-looking references) costing bounded work. Real HTML through the real analyze path.
 */
import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { scoreEvidence } from "../../origin/rater/score.ts";

const NOW = new Date("2026-12-05T12:00:00Z");

function rate(domain: string, pages: [string, string][]) {
  const crawl: Crawl = {
    robots: "allowed",
    scheme: "https",
    host: domain,
    pages: pages.map(([path, html], i) => ({
      record: {
        url: `https://${domain}${path}`,
        kind: i === 0 ? "home" : "contact",
        status: 200,
        bytes: html.length,
        truncated: false,
        elapsedMs: 1,
      },
      parsed: parseHtml(html, `https://${domain}${path}`),
      headers: {},
    })),
  };
  const evidence = analyzeCrawl(domain, crawl, NOW);
  return { evidence, rating: scoreEvidence(evidence, NOW, 0.5) };
}

const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
// A shop's page with no address in its text: only the structured data can give one.
const shopPage = (head: string, body = "") =>
  `<!doctype html><html lang="en"><head><title>Shop</title>${head}</head><body>
   <header><a href="/cart">Cart</a></header><main>${body}
   <div class="product"><h2>Linen shirt</h2><span class="price">€49.00</span>
   <form action="/cart/add" method="post"><button type="submit" name="add">Add to cart</button></form></div>
   <div class="product"><h2>Wool scarf</h2><span class="price">€29.00</span></div></main>
   <footer><p>© 2026 All rights reserved.</p></footer></body></html>`;

describe("JSON-LD in every shape", () => {
  it("reads an Organization inside @graph, with its address as an @id reference (Yoast / Rank Math)", () => {
    const html = shopPage(
      ld({
        "@context": "https://schema.org",
        "@graph": [
          { "@type": "WebSite", "@id": "https://linnen.nl/#website", name: "Linnen" },
          {
            "@type": "Organization",
            "@id": "https://linnen.nl/#organization",
            name: "Linnen",
            legalName: "Linnen Atelier B.V.",
            address: { "@id": "https://linnen.nl/#address" },
          },
          {
            "@type": "PostalAddress",
            "@id": "https://linnen.nl/#address",
            streetAddress: "Keizersgracht 123",
            postalCode: "1015 CJ",
            addressLocality: "Amsterdam",
            addressCountry: "NL",
          },
        ],
      }),
    );
    const { evidence, rating } = rate("linnen.nl", [["/", html]]);
    expect(evidence.addresses[0]).toMatchObject({ postcode: "1015 CJ", locality: "Amsterdam", countryCode: "NL" });
    expect(rating).toMatchObject({ rating: "Q", ratingInfo: "unverified" });
    expect(rating.business).toMatchObject({ legalName: "Linnen Atelier B.V.", countryCode: "NL" });
  });

  it("reads a top-level array and a Product's offers.seller with a nested parentOrganization (Shopify apps)", () => {
    const html = shopPage(
      ld([
        { "@context": "https://schema.org", "@type": "BreadcrumbList", itemListElement: [] },
        {
          "@context": "https://schema.org",
          "@type": "Product",
          name: "Linen shirt",
          brand: { "@type": "Brand", name: "Fjord" },
          offers: {
            "@type": "Offer",
            price: "49.00",
            priceCurrency: "EUR",
            seller: {
              "@type": "Organization",
              name: "Fjord Store",
              parentOrganization: {
                "@type": "Corporation",
                legalName: "Fjord Textil GmbH",
                address: {
                  "@type": "PostalAddress",
                  streetAddress: "Speicherstraße 8",
                  postalCode: "20457",
                  addressLocality: "Hamburg",
                  addressCountry: { "@type": "Country", name: "DE" },
                },
              },
            },
          },
        },
      ]),
    );
    const { evidence, rating } = rate("fjord-store.com", [["/", html]]);
    expect(evidence.commerce.productData).toBe(true);
    expect(evidence.addresses[0]).toMatchObject({ street: "Speicherstraße 8", postcode: "20457", countryCode: "DE" });
    expect(rating.rating).toBe("Q");
  });

  it("reads a publisher's address on a non-selling site, and a brand's", () => {
    const article = `<html><head>${ld({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Spring",
      publisher: {
        "@type": "NewsMediaOrganization",
        name: "Harbour Gazette",
        address: {
          "@type": "PostalAddress",
          streetAddress: "14 Harbour Road",
          postalCode: "TR11 2AB",
          addressLocality: "Falmouth",
          addressCountry: "GB",
        },
      },
    })}</head><body><h1>Spring</h1><p>Flowers.</p></body></html>`;
    expect(rate("harbour-gazette.com", [["/", article]]).rating).toMatchObject({ rating: "Q" });
    const product = shopPage(
      ld({
        "@type": "Product",
        name: "Knife",
        brand: {
          "@type": "Organization",
          name: "Sørensen Knive ApS",
          address: {
            "@type": "PostalAddress",
            streetAddress: "Strandvejen 10",
            postalCode: "2100",
            addressLocality: "København",
            addressCountry: "Danmark",
          },
        },
      }),
    );
    expect(rate("knive.dk", [["/", product]]).evidence.addresses[0]).toMatchObject({ countryCode: "DK" });
  });

  it("parses an address given as one string with the country's conventions", () => {
    for (const [domain, address, country, postcode] of [
      ["tallis.com", "2 Mill Lane, Oxford OX1 2AB, United Kingdom", "GB", "OX1 2AB"],
      ["acme-tools.com", "100 Main St, Springfield, IL 62701, USA", "US", "62701"],
      ["sklep-lipa.com", "ul. Długa 5, 00-950 Warszawa", "PL", "00-950"],
      ["loja-sol.com", "Rua Augusta 100, 1000-001 Lisboa, Portugal", "PT", "1000-001"],
    ] as const) {
      const html = shopPage(ld({ "@type": "Store", name: "Shop", address }));
      const { evidence } = rate(domain, [["/", html]]);
      expect(evidence.addresses[0], domain).toMatchObject({ countryCode: country, postcode });
    }
  });

  it("refuses structured addresses whose postcode is not one of their country's", () => {
    const html = shopPage(
      ld({
        "@type": "Organization",
        address: {
          streetAddress: "Hauptstraße 1",
          postalCode: "00999",
          addressLocality: "Nirgendwo",
          addressCountry: "DE",
        },
      }),
    );
    expect(rate("nirgendwo.com", [["/", html]]).rating).toMatchObject({ rating: "X", ratingInfo: "no_location" });
  });
});

describe("microdata and RDFa", () => {
  it("reads a Magento-style footer in microdata: Organization → PostalAddress", () => {
    const html = shopPage(
      "",
      `<div itemscope itemtype="http://schema.org/Organization">
         <span itemprop="name">Bottega Verde S.r.l.</span>
         <div itemprop="address" itemscope itemtype="http://schema.org/PostalAddress">
           <span itemprop="streetAddress">Via Garibaldi 12</span>,
           <span itemprop="postalCode">40124</span> <span itemprop="addressLocality">Bologna</span>
           <meta itemprop="addressCountry" content="IT">
         </div></div>`,
    );
    const { evidence, rating } = rate("bottega-verde.com", [["/", html]]);
    expect(evidence.organizations[0]).toMatchObject({ type: "Organization", name: "Bottega Verde S.r.l." });
    expect(evidence.addresses[0]).toMatchObject({ postcode: "40124", locality: "Bologna", countryCode: "IT" });
    expect(rating.rating).toBe("Q");
  });

  it("reads RDFa Lite (vocab / typeof / property) and an Offer in microdata as selling", () => {
    const html = `<html><body vocab="https://schema.org/">
      <div typeof="LocalBusiness"><span property="name">Café Lindqvist AB</span>
        <div property="address" typeof="PostalAddress"><span property="streetAddress">Storgatan 1</span>
        <span property="postalCode">114 55</span> <span property="addressLocality">Stockholm</span>
        <span property="addressCountry">SE</span></div></div>
      <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Kanelbulle</span>
        <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="price" content="35"></div></div>
      </body></html>`;
    const { evidence } = rate("cafe-lindqvist.com", [["/", html]]);
    expect(evidence.addresses[0]).toMatchObject({ postcode: "114 55", countryCode: "SE" });
    expect(evidence.commerce).toMatchObject({ selling: true, productData: true });
  });
});

describe("hostile structured data costs bounded work", () => {
  it("walks a deeply nested, huge and cyclic-looking graph within its bounds and still finds the organisation", async () => {
    // Imported here so the tests above run (and fail) on a rater without this module.
    const { MAX_NODES, walkStructured } = await import("../../origin/rater/signals/structured.ts");
    // Built as text: 20,000 levels are more than JSON.stringify's recursion takes, not more than a page can hold.
    const nested = (levels: number) => `${'{"@type":"Thing","child":'.repeat(levels)}{}${"}".repeat(levels)}`;
    const deep: unknown = JSON.parse(nested(20_000));
    const wide = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ "@type": "Thing", "@id": `#n${i}`, ref: { "@id": `#n${i + 1}` } }));
    const cycle = [
      {
        "@id": "#a",
        "@type": "Organization",
        name: "A",
        parentOrganization: { "@id": "#b" },
        address: { "@id": "#b" },
      },
      {
        "@id": "#b",
        "@type": "Organization",
        name: "B",
        parentOrganization: { "@id": "#a" },
        address: { "@id": "#a" },
      },
    ];
    const counter = { count: 0 };
    const nodes = walkStructured([cycle, deep, wide(100_000)], counter);
    expect(nodes.length).toBeLessThanOrEqual(MAX_NODES);
    expect(counter.count).toBeLessThanOrEqual(MAX_NODES * 20);
    expect(nodes.filter((n) => n["@type"] === "Organization")).toHaveLength(2);

    // Within the JSON-LD size limit, so the page's parser reads them all.
    const scripts = `<script type="application/ld+json">${nested(5_000)}</script>${ld(wide(2_000))}`;
    const html = shopPage(`${ld(cycle)}${scripts}`);
    const { evidence } = rate("hostile.com", [["/", html]]);
    expect(evidence.organizations.map((o) => o.name)).toEqual(["A", "B"]);
    expect(evidence.addresses).toEqual([]);
  });
});
