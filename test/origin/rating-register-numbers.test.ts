/**
 * @module Register numbers as each country's legal pages write them, found and offered to a register, end
 * to end: sites on loopback crawled by the guarded fetcher, a register feed listing each number as its
 * register writes it, rateSite deciding the letter. The French RCS written out ("immatriculée au Registre
 * du Commerce et des Sociétés de Marseille sous le numéro …"), the Italian REA, the Austrian Firmenbuch "FN
 * 123456 a", a Berlin "HRB 12345 B", a club's "VR 1187" and its "e.V.", a Swiss UID and a Swedish org.nr
 * with their separators, a Japanese name with hiragana in its own table cell — and the text that must not
 * be read as any of them.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateSite } from "../../origin/rater/rate-site.ts";
import { findLegalNames, findRegistrations } from "../../origin/rater/signals/identity.ts";
import { type ClosableSiteFetcher, createSiteFetcher } from "../../origin/rater/site-fetcher.ts";
import { createRatingSources } from "../../origin/rater/sources/index.ts";
import type { FeedEntry } from "../../origin/rater/sources/registers/feed.ts";

const FEED_HOST = "registers.bonafide-test.test";

interface Site {
  lang: string;
  /** The legal page's link text and path, and its HTML body. */
  link: [string, string];
  legal: string;
  /** Whether the home page sells (a club does not). */
  sells: boolean;
  /** The entry as the register writes it. */
  entry: FeedEntry;
  expected: "A" | "Q";
}

const SITES: Record<string, Site> = {
  "savonnerie-test.fr": {
    lang: "fr",
    link: ["Mentions légales", "/mentions-legales"],
    legal: `<p>Le site est édité par la société Savonnerie Test SAS, société par actions simplifiée au capital de
      20 000 €, immatriculée au Registre du Commerce et des Sociétés de Marseille sous le numéro 812 345 676, dont
      le siège social est situé 14 rue Sainte, 13001 Marseille.</p>`,
    sells: true,
    entry: { number: "812345676", name: "Savonnerie Test SAS", postcode: "13001" },
    expected: "A",
  },
  "ceramiche-test.it": {
    lang: "it",
    link: ["Note legali", "/note-legali"],
    legal: `<p>Ceramiche Test S.r.l.<br>Registro Imprese di Salerno – REA SA-412345<br>
      Via Costiera 22, 84019 Vietri sul Mare (SA)</p>`,
    sells: true,
    entry: { number: "SA-412345", name: "Ceramiche Test S.r.l.", postcode: "84019" },
    expected: "A",
  },
  "tischlerei-test.at": {
    lang: "de-AT",
    link: ["Impressum", "/impressum"],
    legal: `<p>Test Tischlerei GmbH<br>Landstraße 22<br>4020 Linz</p>
      <p>Firmenbuchnummer: FN 456789 x<br>Firmenbuchgericht: Landesgericht Linz</p>`,
    sells: true,
    entry: { number: "FN 456789 x", name: "Test Tischlerei GmbH", postcode: "4020" },
    expected: "A",
  },
  "roesterei-test.de": {
    lang: "de",
    link: ["Impressum", "/impressum"],
    legal: `<p>Rösterei Test GmbH<br>Oranienstraße 185<br>10999 Berlin</p>
      <p>Registergericht: Amtsgericht Charlottenburg<br>Registernummer: HRB 187342 B</p>`,
    sells: true,
    entry: { number: "HRB 187342 B", name: "Rösterei Test GmbH", postcode: "10999" },
    expected: "A",
  },
  // Another court's HRB 187342 is another company: the site's number without Berlin's B is not this entry.
  "andere-roesterei.de": {
    lang: "de",
    link: ["Impressum", "/impressum"],
    legal: `<p>Andere Rösterei GmbH<br>Oranienstraße 185<br>10999 Berlin</p>
      <p>Registergericht: Amtsgericht München<br>Registernummer: HRB 187343</p>`,
    sells: true,
    entry: { number: "HRB 187343 B", name: "Andere Rösterei GmbH", postcode: "10999" },
    expected: "Q",
  },
  "tennisclub-test.de": {
    lang: "de",
    link: ["Impressum", "/impressum"],
    legal: `<p>Tennisclub Test Rheine e.V.</p><p>Am Sportpark 3<br>48431 Rheine</p>
      <p>Eintragung im Vereinsregister.<br>Registergericht: Amtsgericht Steinfurt<br>Registernummer: VR 1187</p>`,
    sells: false,
    entry: { number: "VR 1187", name: "Tennisclub Test Rheine e.V.", postcode: "48431" },
    expected: "A",
  },
  "velo-test.ch": {
    lang: "de-CH",
    link: ["Impressum", "/impressum"],
    legal: `<p>Velo Test AG<br>Länggassstrasse 40<br>3012 Bern</p><p>Unternehmens-Nr: CHE-116.543.212</p>`,
    sells: true,
    entry: { number: "CHE-116.543.212", name: "Velo Test AG", postcode: "3012" },
    expected: "A",
  },
  "glasbruk-test.se": {
    lang: "sv",
    link: ["Köpvillkor", "/kopvillkor"],
    legal: `<p>Dessa villkor gäller för köp från Glasbruk Test AB, org.nr 556712-3459, Storgatan 14, 611 30
      Nyköping.</p>`,
    sells: true,
    entry: { number: "556712-3459", name: "Glasbruk Test AB", postcode: "611 30" },
    expected: "A",
  },
  "soba-test.jp": {
    lang: "ja",
    link: ["特定商取引法に基づく表記", "/law"],
    legal: `<table><tr><th>販売業者</th><td>株式会社信州そば本舗</td></tr>
      <tr><th>所在地</th><td>〒380-0841 長野県長野市大門町52</td></tr>
      <tr><th>法人番号</th><td>3100001234567</td></tr></table>`,
    sells: true,
    entry: { number: "3100001234567", name: "株式会社信州そば本舗", postcode: "380-0841" },
    expected: "A",
  },
};

function home(domain: string, site: Site): string {
  const shop = site.sells
    ? `<div class="product"><span class="price">24,00 €</span><form action="/cart/add" method="post">
        <button type="submit" name="add">Add to cart</button></form></div>`
    : "<p>Training dienstags und donnerstags.</p>";
  return `<!doctype html><html lang="${site.lang}"><head><title>${domain}</title></head><body><main>${shop}</main>
    <footer><a href="${site.link[1]}">${site.link[0]}</a></footer></body></html>`;
}

let server: Server;
let fetcher: ClosableSiteFetcher;

beforeAll(async () => {
  server = createServer((req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const path = decodeURIComponent(req.url ?? "/");
    if (host === FEED_HOST && path === "/register.json") {
      const entries = Object.values(SITES).map((s) => s.entry);
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(entries));
    }
    const site = SITES[host.replace(/^www\./, "")];
    if (!site || path === "/robots.txt") return res.writeHead(404).end();
    const html =
      path === "/"
        ? home(host, site)
        : path === site.link[1]
          ? `<!doctype html><html lang="${site.lang}"><body><h1>${site.link[0]}</h1>${site.legal}</body></html>`
          : null;
    if (html === null) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  fetcher = createSiteFetcher({
    connectTo: [FEED_HOST, ...Object.keys(SITES)].map((h) => `${h}:80:127.0.0.1:${port}`).join(","),
    userAgent: "bonafide-rater/test (+https://example.org/bot)",
  });
});

afterAll(async () => {
  await fetcher?.close();
  server?.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const CRAWL = { maxPages: 5, pageTimeoutMs: 5_000, siteTimeoutMs: 10_000, concurrency: 2, userAgentToken: "bonafide" };

describe("register numbers as each country writes them, offered to the register", () => {
  it.each(Object.keys(SITES))("%s", async (domain) => {
    const site = SITES[domain] as Site;
    const sources = createRatingSources(fetcher, {
      registryFeed: `http://${FEED_HOST}/register.json`,
      blacklistFeed: null,
      rdapBootstrapUrl: null,
    });
    const { rating, evidence } = await rateSite(fetcher, domain, { ...CRAWL, sources });
    const codes = rating.reasons.map((r) => r.code);
    expect(
      evidence.legalNames.map((n) => n.name),
      domain,
    ).toContain(site.entry.name);
    expect(rating.rating, JSON.stringify(rating.reasons)).toBe(site.expected);
    if (site.expected === "A") expect(codes).toContain("registry_match");
    else expect(codes).not.toContain("registry_match");
  });
});

describe("text that is not a register number or a legal name", () => {
  it("reads each number after its keyword only, in its register's form", () => {
    expect(
      findRegistrations([
        "R.E.A. n. MI - 1234567",
        "Firmenbuchnummer: FN 456789 x",
        "RCS de Lyon 732 829 320",
        "Amtsgericht Kiel HRB 1234 KI",
      ]).map((r) => r.value),
    ).toEqual(["MI-1234567", "FN 456789 x", "732829320", "HRB 1234 KI"]);
    // A headset, a year, a town after the number, a word that is not the keyword, an unknown province.
    expect(findRegistrations(["VR 360 Brille, Modell 2024"])).toEqual([]);
    expect(findRegistrations(["PR 2 Lautsprecher"])).toEqual([]);
    expect(findRegistrations(["FN 12 and more", "AREA 51234", "Registre du commerce"])).toEqual([]);
    expect(findRegistrations(["HRB 1234 Berlin"]).map((r) => r.value)).toEqual(["HRB 1234"]);
    expect(findRegistrations(["REA ZZ-123456"])).toEqual([{ kind: "it-rea", value: "ZZ-123456", checksum: "invalid" }]);
  });

  it("takes a Japanese name with hiragana only when it fills its cell, not a sentence", () => {
    expect(
      findLegalNames(["株式会社信州そば本舗", "販売業者：株式会社京都茶屋本舗", "株式会社山田商店が運営しています"]),
    ).toEqual(["株式会社信州そば本舗", "株式会社京都茶屋本舗", "株式会社山田商店"]);
  });

  it("reads page-long lines of the new keywords in bounded work", () => {
    const lines = [
      "REA ".repeat(50_000),
      "FN ".repeat(50_000),
      `Registre du Commerce et des Sociétés ${"de Marseille ".repeat(20_000)}`,
      "VR 1 ".repeat(50_000),
      `株式会社${"そ".repeat(100_000)}`,
    ];
    expect(findRegistrations(lines).length).toBeLessThanOrEqual(50);
    expect(findLegalNames(lines).length).toBeLessThanOrEqual(5);
  });
});
