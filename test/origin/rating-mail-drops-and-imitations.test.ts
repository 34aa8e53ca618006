/**
 * @module Two misses on real platforms' markup: a shop whose only address is a P.O. box (a mail drop, not a
 * place of business: a reason says so, and it does not pass the address gate alone), and a shop named
 * after a counterfeited brand plus shopping words (X negative_info), without catching ordinary words that
 * contain a brand or resellers that name the brand openly beside their own name and address.
 */
import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { scoreEvidence } from "../../origin/rater/score.ts";
import { findLookalike } from "../../origin/rater/signals/lookalike.ts";

const NOW = new Date("2026-12-05T12:00:00Z");

function rate(domain: string, footer: string, lang = "en") {
  const url = `https://${domain}/`;
  const html = `<html lang="${lang}"><body><main>
    <div class="product"><span class="price">€49.00</span><form action="/cart/add"><button>Add to cart</button></form></div>
    <div class="product"><span class="price">€29.00</span></div></main><footer>${footer}</footer></body></html>`;
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
  return scoreEvidence(analyzeCrawl(domain, crawl, NOW), NOW, 0.5);
}

describe("a P.O. box is a mail drop, not a place of business", () => {
  it.each([
    ["tools-direct.de", "<p>Tools Direct GmbH<br>Postfach 10 01 23<br>10115 Berlin</p>", "de"],
    ["maison-lumiere.fr", "<p>Maison Lumière SAS<br>BP 40123<br>75001 Paris</p>", "fr"],
    ["boite.fr", "<p>Boîte postale 17<br>69002 Lyon</p>", "fr"],
    ["tienda-sol.es", "<p>Tienda Sol S.L.<br>Apartado de correos 1234<br>28080 Madrid</p>", "es"],
    ["negozio-luna.it", "<p>Casella postale 45<br>20121 Milano (MI)</p>", "it"],
    ["winkel-zon.nl", "<p>Zon B.V.<br>Postbus 1234<br>1000 AB Amsterdam</p>", "nl"],
    ["sklep-slonce.pl", "<p>Skrytka pocztowa 12<br>00-950 Warszawa</p>", "pl"],
    ["mailbox-goods.com", "<p>Mailbox Goods LLC<br>P.O. Box 1234<br>Springfield, IL 62701</p>", "en"],
    ["box-uk.co.uk", "<p>Box Trading Ltd<br>PO Box 99<br>London W1A 1AA</p>", "en"],
    ["postbox.jp", "<p>〒100-8799<br>東京都千代田区丸の内2-7-2 私書箱123号</p>", "ja"],
  ])("%s: only a P.O. box → X no_location, with the reason po_box_only", (domain, footer, lang) => {
    const rating = rate(domain, footer, lang);
    expect(rating).toMatchObject({ rating: "X", ratingInfo: "no_location" });
    expect(rating.reasons[0]?.detail).toMatch(/P\.O\. box/);
    expect(rating.reasons.map((r) => r.code)).toContain("po_box_only");
    expect(rating.reasons.map((r) => r.code)).not.toContain("address_found");
  });

  it("a P.O. box beside a street address passes, and the street address is the one named", () => {
    const rating = rate(
      "tools-direct.de",
      "<p>Tools Direct GmbH<br>Postfach 10 01 23<br>10115 Berlin</p><p>Besucher: Industriestraße 12<br>42103 Wuppertal</p>",
      "de",
    );
    expect(rating).toMatchObject({ rating: "Q", ratingInfo: "unverified" });
    expect(rating.reasons.map((r) => r.code)).not.toContain("po_box_only");
    expect(rating.reasons.find((r) => r.code === "address_found")?.detail).toContain("Industriestraße 12");
    expect(rating.business?.locality).toBe("Wuppertal");
  });

  it("a P.O. box given only in schema.org data is a mail drop too", () => {
    const box = (address: unknown) =>
      `<script type="application/ld+json">${JSON.stringify({ "@type": "Store", name: "Mailbox Goods", address })}</script>`;
    for (const address of [
      {
        postOfficeBoxNumber: "1234",
        postalCode: "62701",
        addressLocality: "Springfield",
        addressRegion: "IL",
        addressCountry: "US",
      },
      { streetAddress: "PO Box 99", postalCode: "W1A 1AA", addressLocality: "London", addressCountry: "GB" },
      "Postfach 10 01 23, 10115 Berlin, Deutschland",
    ]) {
      const rating = rate("mailbox-goods.com", box(address));
      expect(rating, JSON.stringify(address)).toMatchObject({ rating: "X", ratingInfo: "no_location" });
      expect(rating.reasons.map((r) => r.code)).toContain("po_box_only");
    }
  });

  it("a street named like a box word is a street", () => {
    expect(rate("hill-shop.co.uk", "<p>Hill Shop Ltd<br>12 Box Hill Road<br>Dorking RH5 6BY</p>").rating).toBe("Q");
  });
});

describe("a counterfeited brand plus shopping words", () => {
  const label = "<p>Outlet Trading Ltd<br>88 Kingsway<br>London WC2B 6AA</p>";

  it.each([
    "nike-outlet-sale.shop",
    "cheap-rolex-replica.com",
    "cheaprolexreplica.com",
    "louisvuitton-bags-outlet.net",
    "guccioutlet2026.com",
    "moncler-jacken-guenstig.de",
    "n1ke-0utlet.com",
  ])("%s is imitation even with an address: X negative_info", (domain) => {
    const rating = rate(domain, label);
    expect(rating).toMatchObject({ rating: "X", ratingInfo: "negative_info" });
    expect(rating.reasons.map((r) => r.code)).toContain("counterfeit_shop_name");
  });

  it("a reseller naming the brand beside its own name may stay with a real address, not without", () => {
    expect(findLookalike("rolex-huber-wien.at")).toEqual({ brand: "rolex", how: "brand-in-name" });
    expect(rate("rolex-huber-wien.at", "<p>Huber Uhren GmbH<br>Graben 12<br>1010 Wien</p>").rating).toBe("Q");
    expect(rate("rolex-huber-wien.at", "<p>Call us!</p>")).toMatchObject({ rating: "X", ratingInfo: "negative_info" });
  });

  it("leaves ordinary words that contain a brand, and the brands' own domains, alone", () => {
    for (const domain of [
      "dovetail.com",
      "appletreefarm.com",
      "pandorasbox-games.com",
      "legoland.de",
      "prado.es",
      "channel.com",
      "nike.com",
      "hermes-ahlen.de",
    ]) {
      const lookalike = findLookalike(domain);
      expect(lookalike?.how, domain).not.toBe("brand-with-shop-words");
    }
    expect(findLookalike("dovetail.com")).toBeUndefined();
    expect(findLookalike("appletreefarm.com")).toBeUndefined();
  });
});
