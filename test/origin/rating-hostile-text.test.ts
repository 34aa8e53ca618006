/**
 * @module The rater parses pages anyone can write: a page of long lines built to make its patterns
 * backtrack (word boundaries every two characters, runs of capitals, digits and separators, keywords
 * repeated) goes through the whole analyze path with bounded work — every pattern it meets is bounded or
 * sees a bounded slice of the line. No timing is asserted: on a pattern with catastrophic backtracking
 * this test runs for minutes and fails at the runner's timeout, instead of finishing at once.
 */
import { describe, expect, it } from "vitest";
import { analyzeCrawl } from "../../origin/rater/analyze.ts";
import type { Crawl } from "../../origin/rater/crawl.ts";
import { parseHtml } from "../../origin/rater/html.ts";
import { scoreEvidence } from "../../origin/rater/score.ts";

const NOW = new Date("2026-12-05T12:00:00Z");

// Each about 100 kB on one line: what a minified page or a hostile one puts between two tags.
const LINES = [
  "a.".repeat(50_000), // an e-mail pattern tries every word boundary
  "A".repeat(100_000), // a name pattern's word class runs to the end of the line from every start
  "Ab ".repeat(33_000), // capitalised words without a legal form
  `${"1".repeat(100_000)} €`, // digits before a currency
  "9,".repeat(50_000), // a price's thousands groups
  "Via ".repeat(25_000), // a street word first, no number
  `SIRET ${"1 ".repeat(50_000)}`, // a keyword, then digits that never make a number
  "CHE-".repeat(25_000),
  `〒123-4567${"東".repeat(100_000)}`,
  `${"Postfach ".repeat(11_000)}1`,
];

describe("a hostile page", () => {
  it("is analysed and rated with bounded work, finding nothing", () => {
    const url = "https://hostile.com/";
    const html = `<html><body>${LINES.map((l) => `<p>${l}</p>`).join("")}</body></html>`;
    const crawl: Crawl = {
      robots: "allowed",
      scheme: "https",
      host: "hostile.com",
      pages: [
        {
          record: { url, kind: "home", status: 200, bytes: html.length, truncated: false, elapsedMs: 1 },
          parsed: parseHtml(html, url),
          headers: {},
        },
      ],
    };
    const evidence = analyzeCrawl("hostile.com", crawl, NOW);
    expect(evidence.addresses).toEqual([]);
    expect(evidence.legalNames).toEqual([]);
    expect(evidence.emails).toEqual([]);
    expect(scoreEvidence(evidence, NOW, 0.5).rating).toMatch(/^[UX]$/);
  });
});
