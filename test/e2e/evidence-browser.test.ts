/**
 * @module The evidence pages of an A, a Q, an X and a U site, served by the real edge on workerd from the real
 * MariaDB (through the SQL-over-HTTP endpoint), opened in headless Chromium: what a person sees — the letter's
 * words, dates for people, no internal code or ISO timestamp, negative reasons shown as against, advice that
 * fits the letter, no text ending mid-phrase — and a screenshot of each under test-results/.
 */
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@planetscale/database";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../../dev/services/chromium.ts";
import { type SeededSite, SITE_A, SITE_Q, SITE_U, SITE_X, seedSites } from "../support/evidence-sites.ts";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../support/workerd-edge.ts";

const DB_USER = `bft_edge_evidence_${Math.random().toString(36).slice(2, 10)}`;
const PSDB = `127.0.0.1:${process.env.BONAFIDE_TEST_PSDB_PORT}`;
const OUT_DIR = join("test-results", "evidence-page");
const DATE_TIME =
  /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d{2}:\d{2} UTC \((in \d+ (days|hours)|\d+ hours ago)\)/;

let edge: WorkerdEdge;
let browser: Browser;

beforeAll(async () => {
  // The endpoint creates and migrates the database on the first statement; `setup` = the server's rights.
  await seedSites(new Client({ url: `http://${DB_USER}:setup@${PSDB}` }), [SITE_A, SITE_Q, SITE_X, SITE_U]);
  edge = await startWorkerdEdge(bundleEdge(), {
    BONAFIDE_PUSH_SECRET: "evidence-push-secret-0123456789abcdef",
    DATABASE_URL: `http://${DB_USER}:test@${PSDB}`,
    ORIGIN_URL: `http://127.0.0.1:${process.env.BONAFIDE_TEST_PAGES_PORT}`,
  });
  browser = await chromium.launch({ executablePath: await ensureChromium(), args: [...CHROMIUM_ARGS], headless: true });
  mkdirSync(OUT_DIR, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await edge?.stop();
});

/** Opens a site's page, checks what every page must show, and keeps a screenshot. */
async function openEvidence(site: SeededSite): Promise<{ page: Page; text: string }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const response = await page.goto(`${edge.url}/api/v1/sites/${site.domain}?format=html`);
  expect(response?.status()).toBe(200);
  const text = await page.locator("body").innerText();
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  expect(await page.locator("main h1, header h1").count()).toBe(1);
  expect(text).toMatch(new RegExp(`Rated ${DATE_TIME.source}`));
  expect(text).toMatch(new RegExp(`Next rating by ${DATE_TIME.source}`));
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no ISO date or timestamp
  expect(text).not.toMatch(/gate:|\b[a-z]+_[a-z_]+\b/); // no gate:verified, tls_dv, address_found
  // No reason's text ends mid-phrase ("imitates a well-known brand's").
  for (const cell of await page.locator("section tbody td:nth-child(2)").allInnerTexts())
    for (const line of cell.split("\n"))
      expect(line.trim()).not.toMatch(/(?:'s|\b(?:a|an|the|of|to|and|or|with|for|by))$/i);
  const file = join(OUT_DIR, `${site.rating}-${site.domain}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size).toBeGreaterThan(10_000);
  return { page, text };
}

/** The reasons against, as shown: their points cell text and colour. */
async function against(page: Page): Promise<{ points: string[]; colour: string | undefined }> {
  const cells = page.locator('section[aria-labelledby="against"] tbody td:first-child');
  const points = await cells.allInnerTexts();
  // The test's types have no DOM: reach the browser's getComputedStyle through globalThis.
  type Styles = { getComputedStyle(el: unknown): { color: string } };
  const colour = points.length
    ? await cells.first().evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).color)
    : undefined;
  return { points, colour };
}

describe("the evidence page in a browser", () => {
  it("A: verified, the score explained with its one reason against, and what keeps it A", async () => {
    const { page, text } = await openEvidence(SITE_A);
    expect(text).toContain("A — verified");
    expect(text).toContain("Why A: Identity confirmed by a third party");
    expect(text).toContain("Score 98 / 100");
    expect(text).toContain("add up to +9.5 (+10.5 for, \u22121 against)");
    expect(text).toContain("4 March 2015"); // an older rating's ISO detail, as a date
    expect(await against(page)).toEqual({ points: ["\u22121 against"], colour: "rgb(183, 28, 28)" });
    expect(text).toContain("Nothing more is needed for A");
    await page.close();
  });

  it("Q: identified, a −2 shown against and a score that is not perfect, and what A needs", async () => {
    const { page, text } = await openEvidence(SITE_Q);
    expect(text).toContain("Q — identified");
    expect(text).toContain("Score 90 / 100");
    expect(text).not.toContain("100 / 100");
    expect(text).toMatch(/in 13 days/);
    expect(await against(page)).toEqual({ points: ["\u22122 against"], colour: "rgb(183, 28, 28)" });
    expect(text).toContain("To be verified (A): be findable in a business register");
    await page.close();
  });

  it("X: negative information, what the owner must do, never 'nothing to do'", async () => {
    const { page, text } = await openEvidence(SITE_X);
    expect(text).toContain("X — no identity or negative information");
    expect(text).toContain("Why X: Negative information — the name imitates paypal (typo).");
    expect(text).not.toMatch(/nothing to do/i);
    expect(text).toContain("use a domain name of your own");
    expect((await against(page)).points).toEqual(["\u22122 against", "\u22123 against"]);
    expect(text).toContain("Domain name imitates a brand — the domain name imitates the name of a well-known brand");
    await page.close();
  });

  it("U: not ratable, what that means, and no score", async () => {
    const { page, text } = await openEvidence(SITE_U);
    expect(text).toContain("U — not ratable");
    expect(text).toContain("there is no business to rate");
    expect(text).toContain("Not scored");
    expect(text).not.toMatch(/nothing to do/i);
    await page.close();
  });
});
