/**
 * @module The words behind the evidence page: every reason code has a title, no meaning reads as cut off,
 * texts are shortened only at a word with "…", times are written for people, and the score never claims 100
 * — above all not beside a reason against.
 */
import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { failedRating } from "../../origin/rater/rate-site.ts";
import { MAX_DETAIL_CHARS, scoreEvidence } from "../../origin/rater/score.ts";
import { formatDate, formatDateTime, formatWhen, relativeTime } from "../../shared/human-time.ts";
import { GATES, POINTS, scoreFromPoints } from "../../shared/points.ts";
import { LETTER_WORDS } from "../../shared/rating.ts";
import { clipText } from "../../shared/text.ts";

const NOW = new Date("2026-12-05T12:00:00Z");
const MID_PHRASE = /(?:'s|\b(?:a|an|the|of|to|and|or|with|for|by))$/i;

describe("the words for codes and letters", () => {
  it("gives every reason code and gate a title and a meaning that does not end mid-phrase", () => {
    for (const [code, rule] of [...Object.entries(POINTS), ...Object.entries(GATES)]) {
      expect(rule.title, code).toMatch(/^[A-Z]/);
      expect(rule.title, code).not.toMatch(/_|gate:/);
      expect(rule.means, code).not.toMatch(MID_PHRASE);
    }
    expect(LETTER_WORDS).toEqual({
      A: "verified",
      Q: "identified",
      X: "no identity or negative information",
      U: "not ratable",
      W: "being rated",
    });
  });
});

describe("clipping text", () => {
  it("keeps short text whole and cuts long text after a whole word, with an ellipsis", () => {
    expect(clipText("the domain imitates a well-known brand", 80)).toBe("the domain imitates a well-known brand");
    expect(clipText("could not be rated: connection reset by peer while reading", 31)).toBe(
      "could not be rated: connection…",
    );
    expect(clipText("a,   b\n c", 10)).toBe("a, b c");
    expect(clipText("x".repeat(50), 10)).toBe(`${"x".repeat(9)}…`); // one long word: no boundary to cut at
    for (let n = 5; n < 60; n++)
      expect(clipText("one two three four five six seven eight nine ten", n).length).toBeLessThanOrEqual(n);
  });

  it("cuts a failed rating's error at a word, not in the middle of one", () => {
    const detail = failedRating("a.com", `${"timeout while reading ".repeat(30)}end`, NOW).reasons[0]?.detail ?? "";
    expect(detail.length).toBeLessThanOrEqual(300);
    expect(detail).toMatch(/(timeout|while|reading)…$/);
  });
});

describe("times for people", () => {
  it("writes dates and times in words, in UTC, and how far they are from now", () => {
    expect(formatDate("2015-03-04T09:12:00Z")).toBe("4 March 2015");
    expect(formatDateTime("2026-12-05T12:00:00.000Z")).toBe("5 December 2026, 12:00 UTC");
    expect(relativeTime("2026-12-18T12:00:00Z", NOW)).toBe("in 13 days");
    expect(relativeTime("2026-12-05T09:00:00Z", NOW)).toBe("3 hours ago");
    expect(relativeTime("2026-12-05T12:00:10Z", NOW)).toBe("just now");
    expect(relativeTime("2027-12-05T12:00:00Z", NOW)).toBe("in 12 months");
    expect(formatWhen("2026-12-06T12:00:00Z", NOW)).toBe("6 December 2026, 12:00 UTC (in 24 hours)");
    expect(formatWhen("not a date", NOW)).toBe("not a date");
  });
});

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

describe("the score", () => {
  it("is a logistic of the points sum with a slope of 1/2, at most 99", () => {
    expect([-5, 0, 2, 4, 6, 8, 10, 20, 100].map(scoreFromPoints)).toEqual([3, 27, 50, 73, 88, 95, 98, 99, 99]);
  });

  it("is not 100 for a well-documented site with a reason against, and shows that reason in it", () => {
    const imprint = `<h1>Impressum</h1><p>Hartmann Werkzeuge GmbH<br>Industriestraße 12<br>42103 Wuppertal<br>Deutschland</p>
      <p>Telefon: +49 202 1234567</p><p>E-Mail: info@hartmann.de</p><p>Amtsgericht Wuppertal HRB 12345</p><p>USt-IdNr.: DE136695976</p>`;
    const home = `<h1>Tools</h1><p>Hammer 12,99 €</p><button>In den Warenkorb</button>
      <a href="/impressum">Impressum</a><a href="/kontakt">Kontakt</a><a href="/datenschutz">Datenschutz</a>`;
    const evidence = analyzeCrawl(
      "hartmann.de",
      crawlOf("hartmann.de", [
        ["https://hartmann.de/", home, "home"],
        ["https://hartmann.de/impressum", imprint, "imprint"],
        ["https://hartmann.de/kontakt", "<h1>Kontakt</h1>", "contact"],
        ["https://hartmann.de/datenschutz", "<h1>Datenschutz</h1>", "privacy"],
      ]),
      NOW,
    );
    evidence.hsts = true;
    evidence.domainAge = { registeredAt: "2009-05-01T00:00:00Z", source: "rdap" };
    evidence.redirectedTo = `https://elsewhere.example/${"very-long-path-segment ".repeat(40)}`;
    evidence.lookalike = { brand: "paypal", how: "brand-in-name" }; // −2, and still Q: it gives an address
    const withoutNegative = scoreEvidence({ ...evidence, lookalike: undefined }, NOW, 0.5);
    const rating = scoreEvidence(evidence, NOW, 0.5);
    const sum = rating.reasons.reduce((s, r) => s + r.weight, 0);
    expect(sum).toBeGreaterThan(7.3); // where the old scale (slope 1) rounded to 100
    expect(rating.reasons.some((r) => r.weight < 0)).toBe(true);
    expect(rating.score).toBeLessThan(100);
    expect(rating.score).toBe(scoreFromPoints(sum));
    expect(rating.score).toBeLessThan(withoutNegative.score);
    expect(withoutNegative.score).toBeLessThan(100);
    // A detail quoting the site is kept short, cut at a word.
    const redirect = rating.reasons.find((r) => r.code === "redirects_off_site")?.detail ?? "";
    expect(redirect.length).toBeLessThanOrEqual(MAX_DETAIL_CHARS);
    expect(redirect).toMatch(/segment…$/);
    // Domain age in words, not an ISO date.
    expect(rating.reasons.find((r) => r.code === "domain_established")?.detail).toBe("registered 1 May 2009");
  });
});
