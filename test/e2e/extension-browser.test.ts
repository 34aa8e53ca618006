import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Frame, type Page, type Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SITES } from "../../demo/rated-web/web.ts";
import { CHROMIUM_ARGS, ensureChromium } from "../../dev/services/chromium.ts";
import { buildExtension } from "../../scripts/build-extension.ts";
import { adFramePage, adLink, adsPage, framesPage, pixelPage } from "../support/ad-pages.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { poll } from "../support/poll.ts";
import { type LocalStack, startLocalStack } from "../support/stack.ts";

// bonafide's extension, built as `npm run build:extension` builds it, loaded unpacked into Debian's
// Chromium (headless, driven by playwright-core) against a running stack of its own: it must send nothing
// before opt-in, then paint W beside each ad on a page served on loopback and turn every W into the letter
// the demo site was built to get; its popup must list a page's domains with their letters, and its options
// page must clear the cache and turn it off. Ads inside frames get their letters too — a cross-origin iframe
// (another loopback address, so another site: an out-of-process frame) and an about:blank iframe written by
// script — while a 1×1 "tracking pixel" frame is not scanned; the popup lists every frame's domains.
// Screenshots are kept under test-results/.
//
// Firefox ESR is driven by test/e2e/extension-firefox.test.ts, over WebDriver BiDi with a client of our own
// (playwright-core's BiDi driver sends commands ESR 153 does not implement; see README, "The browser extension").

let t: TestDatabase;
let stack: LocalStack;
let tmp = "";
let edgeUrl = "";
let pages: Server;
let framePages: Server;
let pageUrl = "";
let context: BrowserContext;
let extensionId = "";
let background: Worker;

/** One demo site for each letter, listed in the order the popup sorts them (worst first). */
const FEW = (["X", "U", "Q", "A"] as const).flatMap((letter) => {
  const site = DEMO_SITES.find((s) => s.expected.rating === letter);
  return site ? [site] : [];
});

/** A smaller page (`/few.html`) with an ad for each site in FEW. */
function fewAdsPage(): string {
  const ads = FEW.map((s) => adLink(s.domain, 5)).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Few ads</title></head>
<body><h1>A page with four ads</h1>\n${ads}</body></html>`;
}

/** The cached ratings in the extension's storage.local, as `domain letter`, sorted. */
async function cachedRatings(): Promise<string[]> {
  const cached = await background.evaluate(async () => {
    const ext = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }).chrome;
    return Object.entries(await ext.storage.local.get(null))
      .filter(([k]) => k.startsWith("R-"))
      .map(([k, v]) => `${k.slice(2)} ${(v as { rating: string }).rating}`);
  });
  return cached.sort();
}

async function hostsOn(page: Page | Frame): Promise<{ domain: string; rating: string }[]> {
  return page.$$eval("[data-bonafide-domain]", (els) =>
    els.map((e) => ({
      domain: e.getAttribute("data-bonafide-domain") ?? "",
      rating: e.getAttribute("data-rating") ?? "",
    })),
  );
}

interface Listed {
  tabId: number;
  ratings: { view: { domain: string; rating: string }; links: number }[];
}

/**
 * What the popup would list for each tab with ratings, as the popup asks it: the background merges the
 * replies of every frame of the tab. Asked from an extension page (`ext`), where the popup runs.
 */
async function ratedTabs(ext: Page): Promise<Listed[]> {
  return ext.evaluate(async () => {
    type Chrome = {
      tabs: { query(q: object): Promise<{ id?: number }[]> };
      runtime: { sendMessage(m: object): Promise<unknown> };
    };
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    const found: Listed[] = [];
    for (const tab of await c.tabs.query({})) {
      if (tab.id === undefined) continue;
      const reply = (await c.runtime.sendMessage({ type: "bonafide:list-tab", tabId: tab.id }).catch(() => null)) as {
        ratings?: Listed["ratings"];
      } | null;
      if (reply?.ratings?.length) found.push({ tabId: tab.id, ratings: reply.ratings });
    }
    return found;
  });
}

beforeAll(async () => {
  t = await createTestDatabase("extension_browser");
  tmp = mkdtempSync(join(tmpdir(), "bonafide-ext-"));
  stack = await startLocalStack(t);
  edgeUrl = stack.edgeUrl;
  const { folder } = await buildExtension(join(tmp, "dist"));
  // The ad frames' server: another loopback address, so another origin and another site than the pages'.
  const inFrames = FEW.map((s) => s.domain);
  framePages = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(req.url?.startsWith("/pixel.html") ? pixelPage(inFrames) : adFramePage(inFrames));
  });
  await new Promise<void>((resolve) => framePages.listen(0, "127.0.0.2", resolve));
  const frameOrigin = `http://127.0.0.2:${(framePages.address() as AddressInfo).port}`;
  pages = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    if (req.url?.startsWith("/few.html")) res.end(fewAdsPage());
    else if (req.url?.startsWith("/frames.html")) res.end(framesPage(inFrames, frameOrigin));
    else res.end(adsPage());
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/ads.html`;

  // Extensions load only into a persistent context; Chromium ≥ 132's headless mode is the full browser.
  context = await chromium.launchPersistentContext(join(tmp, "profile"), {
    executablePath: await ensureChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${folder}`, `--load-extension=${folder}`],
    viewport: { width: 1000, height: 900 },
  });
  background = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 20_000 }));
  extensionId = new URL(background.url()).host;
  // A fresh install opens the options page (consent first); wait for it so no test races its navigation.
  const optionsOpened = Date.now() + 20_000;
  while (!context.pages().some((p) => p.url().endsWith("/options.html")) && Date.now() < optionsOpened) {
    await new Promise((r) => setTimeout(r, 100));
  }
}, 150_000);

afterAll(async () => {
  await context?.close();
  pages?.close();
  framePages?.close();
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
  await t?.drop();
});

describe("the extension in Chromium against a running stack", () => {
  it("opens its options page on install and sends nothing before opt-in", async () => {
    const options = context.pages().find((p) => p.url() === `chrome-extension://${extensionId}/options.html`);
    expect(options).toBeDefined();
    await expect(options?.isChecked("#optIn")).resolves.toBe(false);
    await options?.close();
    const page = await context.newPage();
    try {
      await page.goto(pageUrl);
      // Longer than the content script's start plus one re-scan debounce: still no icon, and no job queued.
      await page.waitForTimeout(2_500);
      expect(await hostsOn(page)).toEqual([]);
      const [rows] = await t.db.query("SELECT COUNT(*) AS n FROM job WHERE kind = 'rate'");
      expect(Number((rows as { n: number }[])[0]?.n)).toBe(0);
    } finally {
      await page.close();
    }
  });

  it("after opt-in, paints W beside every ad and turns each into the demo site's letter", async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.fill("#endpoint", edgeUrl);
    await options.check("#optIn");
    await options.click("#save");
    // Saving is asynchronous (storage.local): wait for the confirmation rather than reading it at once.
    await options.locator("#status", { hasText: "Saved" }).waitFor({ timeout: 10_000 });
    await options.close();

    const page = await context.newPage();
    await page.goto(pageUrl);
    const want = DEMO_SITES.map((s) => ({ domain: s.domain, rating: s.expected.rating }));
    // First the W icons (the domains are unknown to a fresh stack) …
    await page
      .locator("[data-bonafide-domain]")
      .nth(want.length - 1)
      .waitFor({ timeout: 20_000 });
    const first = await hostsOn(page);
    expect(first.map((h) => h.domain).sort()).toEqual(want.map((w) => w.domain).sort());
    expect(first.some((h) => h.rating === "W")).toBe(true);
    expect(await page.locator("#plain [data-bonafide-domain]").count()).toBe(0);
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: join("test-results", "extension-waiting.png"), fullPage: true });

    // … then, re-asked every 5 s, the letters.
    const deadline = Date.now() + 90_000;
    let now = first;
    while (now.some((h) => h.rating === "W") && Date.now() < deadline) {
      await page.waitForTimeout(500);
      now = await hostsOn(page);
    }
    const byDomain = (list: { domain: string; rating: string }[]) =>
      [...list].sort((a, b) => a.domain.localeCompare(b.domain)).map((h) => `${h.domain} ${h.rating}`);
    expect(byDomain(now)).toEqual(byDomain(want));

    // The hover card names the reasons and links to the evidence page at the configured edge.
    const site = DEMO_SITES[0];
    if (site) {
      const host = page.locator(`[data-bonafide-domain="${site.domain}"]`).first();
      await host.hover();
      const card = host.locator(".card");
      await expect(card.isVisible()).resolves.toBe(true);
      const link = card.locator("a");
      expect(await link.getAttribute("href")).toBe(`${edgeUrl}/api/v1/sites/${site.domain}`);
      // … and that page, opened as a browser opens it, is the evidence behind the rating.
      const evidence = await context.newPage();
      const response = await evidence.goto(`${edgeUrl}/api/v1/sites/${site.domain}`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-type"]).toMatch(/text\/html/);
      expect(await evidence.textContent("body")).toContain(site.domain);
      await evidence.close();
    }
    // A page that changes is re-scanned (debounced): a new ad gets its icon, already rated, at once.
    const late = DEMO_SITES[DEMO_SITES.length - 1];
    if (late) {
      const html = `<p id="late"><a rel="sponsored" href="https://shop.${late.domain}/offer">late ad: ${late.domain}</a></p>`;
      await page.evaluate(`document.body.insertAdjacentHTML("beforeend", ${JSON.stringify(html)})`);
      const icon = page.locator("#late [data-bonafide-domain]");
      await icon.waitFor({ timeout: 10_000 });
      await expect(icon.getAttribute("data-rating")).resolves.toBe(late.expected.rating);
    }

    // Finished ratings are cached in storage.local until their expiresAt; W never is.
    const cached = await background.evaluate(async () => {
      const ext = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } })
        .chrome;
      return Object.entries(await ext.storage.local.get(null))
        .filter(([k]) => k.startsWith("R-"))
        .map(([k, v]) => `${k.slice(2)} ${(v as { rating: string }).rating}`);
    });
    expect(cached.sort()).toEqual(byDomain(want));

    // What the popup shows: the tab's content scripts list the page's ratings and how many links each.
    const ext = await context.newPage();
    await ext.goto(`chrome-extension://${extensionId}/popup.html`);
    const rated = await ratedTabs(ext);
    await ext.close();
    // Only the ads page has ratings (the other tabs were closed).
    expect(rated).toHaveLength(1);
    const listed = rated[0];
    expect(byDomain(listed?.ratings.map((r) => r.view) ?? [])).toEqual(byDomain(want));
    const onPage = await hostsOn(page);
    for (const r of listed?.ratings ?? []) {
      expect(r.links).toBe(onPage.filter((h) => h.domain === r.view.domain).length);
    }
    expect(listed?.ratings.find((r) => r.view.domain === late?.domain)?.links).toBe(2);

    const file = join("test-results", "extension-ratings.png");
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(5_000);

    // "Every link to another site" on the options page: the plain link gets its icon too, from the cache.
    const options2 = await context.newPage();
    await options2.goto(`chrome-extension://${extensionId}/options.html`);
    await options2.check("input[name=mode][value=all]");
    await options2.click("#save");
    // Saving is asynchronous (storage.local): wait for the confirmation rather than reading it at once.
    await options2.locator("#status", { hasText: "Saved" }).waitFor({ timeout: 10_000 });
    await options2.close();
    const plainIcon = page.locator("#plain [data-bonafide-domain]");
    await plainIcon.waitFor({ timeout: 10_000 });
    // The letter comes from the extension's cache through its background script: under load the icon can
    // show W for the moment that message takes, so wait (bounded) for the letter rather than read it once.
    let plainRating: string | null = null;
    for (let i = 0; i < 75 && plainRating !== DEMO_SITES[0]?.expected.rating; i++) {
      plainRating = await plainIcon.getAttribute("data-rating");
      if (plainRating !== DEMO_SITES[0]?.expected.rating) await page.waitForTimeout(200);
    }
    expect(plainRating).toBe(DEMO_SITES[0]?.expected.rating);
    await page.close();
  });

  it("rates ads inside a cross-origin and an about:blank iframe, skips a tracking pixel, lists every frame in the popup", async () => {
    const [top, second, blankAd, pixelAd] = FEW;
    if (!top || !second || !blankAd || !pixelAd) throw new Error("FEW needs four demo sites");
    const page = await context.newPage();
    const popup = await context.newPage();
    try {
      await page.goto(pageUrl.replace("/ads.html", "/frames.html"));
      const frame = async (name: string): Promise<Frame> => {
        const found = await poll(
          async () => page.frame({ name }),
          (f) => f !== null,
          10_000,
        );
        if (!found) throw new Error(`no frame named ${name}`);
        return found;
      };
      const [cross, blank, pixel] = [await frame("cross"), await frame("blank"), await frame("pixel")];
      // The cross-origin frame really is another site's, and the written one really is about:blank.
      expect(new URL(cross.url()).hostname).toBe("127.0.0.2");
      expect(blank.url()).toBe("about:blank");

      // Each frame paints its own links; all were rated before, so the letters come from the cache.
      const shows = (f: Page | Frame, want: string[]) =>
        poll(
          async () => (await hostsOn(f)).map((h) => `${h.domain} ${h.rating}`).sort(),
          (now) => now.join() === want.join(),
          30_000,
        );
      const letter = (s: (typeof FEW)[number]) => `${s.domain} ${s.expected.rating}`;
      expect(await shows(page, [letter(top)])).toEqual([letter(top)]);
      expect(await shows(cross, [letter(top), letter(second)].sort())).toEqual([letter(top), letter(second)].sort());
      expect(await shows(blank, [letter(blankAd)])).toEqual([letter(blankAd)]);
      // Ad scripts rotate ads by writing the frame's document anew (document.open replaces its root
      // element): the content script, already running there, sees the new ads too.
      const rotated = `${adLink(blankAd.domain, 5)}${adLink(second.domain, 2)}`;
      const doc = `<!doctype html><html><body>${rotated}</body></html>`;
      await blank.evaluate(`document.open(); document.write(${JSON.stringify(doc)}); document.close();`);
      const afterRotation = [letter(blankAd), letter(second)].sort();
      expect(await shows(blank, afterRotation)).toEqual(afterRotation);
      // The icon in the frames is drawn as in the page: the letter inside its Shadow DOM.
      const drawn = await blank.$eval(
        "[data-bonafide-domain]",
        (e) => e.shadowRoot?.querySelector(".icon")?.textContent,
      );
      expect(drawn).toBe(blankAd.expected.rating);
      mkdirSync("test-results", { recursive: true });
      await page.screenshot({ path: join("test-results", "extension-frames.png"), fullPage: true });

      // The popup lists the domains of every frame, merged: the top's and the second's twice (page and ad
      // frame; ad frame and rotated frame), not the tracking pixel's, whose frame was never scanned.
      await popup.setViewportSize({ width: 400, height: 320 });
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      const rated = await ratedTabs(popup);
      expect(rated).toHaveLength(1);
      const tabId = rated[0]?.tabId;
      // A frame tells the background about its ratings just after painting them: open the popup until all
      // three frames are in (bounded).
      const rows = await poll(
        async () => {
          await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
          await popup.locator("#content table").waitFor({ timeout: 10_000 });
          return popup.$$eval("#content tr", (trs) =>
            trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
          );
        },
        (r) => r.length >= 3 && r[0]?.[2] === "2 links" && r[1]?.[2] === "2 links",
        10_000,
      );
      // Worst first (X, U, Q), each with its letter, domain and number of links over all frames.
      expect(rows).toEqual([
        [top.expected.rating, expect.stringContaining(top.domain), "2 links"],
        [second.expected.rating, expect.stringContaining(second.domain), "2 links"],
        [blankAd.expected.rating, expect.stringContaining(blankAd.domain), "1 link"],
      ]);
      expect(rows.some((r) => r[1]?.includes(pixelAd.domain))).toBe(false);
      expect(await hostsOn(pixel)).toEqual([]);
      await popup.screenshot({ path: join("test-results", "extension-popup-frames.png"), fullPage: true });

      // The badge counts the X domains of all the frames, once each.
      const xs = [top, second, blankAd].filter((s) => s.expected.rating === "X").length;
      expect(xs).toBe(1);
      const badge = await poll(
        () =>
          background.evaluate(async (id) => {
            type Action = { getBadgeText(p: { tabId: number }): Promise<string> };
            const { action } = (globalThis as unknown as { chrome: { action: Action } }).chrome;
            return action.getBadgeText({ tabId: id ?? -1 });
          }, tabId),
        (b) => b === String(xs),
        10_000,
      );
      expect(badge).toBe(String(xs));
    } finally {
      // Closed even when an assertion failed, so the next test sees only its own tab.
      await Promise.all([popup.close(), page.close()]);
    }
  });

  it("lists a page's domains with their letters in the popup; the options page clears the cache and turns it off", async () => {
    expect(FEW.map((s) => s.expected.rating)).toEqual(["X", "U", "Q", "A"]);
    const page = await context.newPage();
    await page.goto(pageUrl.replace("/ads.html", "/few.html"));
    const want = FEW.map((s) => `${s.domain} ${s.expected.rating}`).sort();
    // Rated before, so the letters come from the cache (or the edge's KV) without a W in between.
    const deadline = Date.now() + 30_000;
    let shown: string[] = [];
    while (Date.now() < deadline) {
      shown = (await hostsOn(page)).map((h) => `${h.domain} ${h.rating}`).sort();
      if (shown.join() === want.join()) break;
      await page.waitForTimeout(200);
    }
    expect(shown).toEqual(want);

    // The popup for that tab: the only tab whose content script has rated anything (the others are closed
    // or are the extension's own pages).
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 320 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const tabIds = (await ratedTabs(popup)).map((r) => r.tabId);
    expect(tabIds).toHaveLength(1);
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabIds[0]}`);
    await popup.locator("#content table").waitFor({ timeout: 10_000 });
    const rows = await popup.$$eval("#content tr", (trs) =>
      trs.map((tr) => ({
        cells: [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""),
        letterClass: tr.querySelector("td")?.className ?? "",
        href: tr.querySelector("a")?.getAttribute("href") ?? "",
      })),
    );
    // Worst first: X, U, Q, A — each with its domain, one link, and the evidence page at the edge.
    expect(rows.map((r) => [r.cells[0], r.cells[2]])).toEqual(FEW.map((s) => [s.expected.rating, "1 link"]));
    expect(rows.map((r) => r.cells[1])).toEqual(FEW.map((s) => expect.stringContaining(s.domain)));
    expect(rows.map((r) => r.letterClass)).toEqual(FEW.map((s) => `letter ${s.expected.rating}`));
    expect(rows.map((r) => r.href)).toEqual(FEW.map((s) => `${edgeUrl}/api/v1/sites/${s.domain}`));
    mkdirSync("test-results", { recursive: true });
    await popup.screenshot({ path: join("test-results", "extension-popup.png"), fullPage: true });

    // Clear cached ratings: every cached rating goes, and the page's next look asks the edge again and
    // caches exactly its own four.
    const before = await cachedRatings();
    expect(before.length).toBeGreaterThanOrEqual(FEW.length);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.isChecked("#optIn")).resolves.toBe(true);
    await expect(options.inputValue("#endpoint")).resolves.toBe(edgeUrl);
    await options.click("#clear");
    await options
      .locator("#status", { hasText: `Cleared ${before.length} cached ratings.` })
      .waitFor({ timeout: 10_000 });
    expect(await cachedRatings()).toEqual([]);
    await page.reload();
    let refilled: string[] = [];
    const refillBy = Date.now() + 30_000;
    while (Date.now() < refillBy) {
      refilled = await cachedRatings();
      if (refilled.length >= FEW.length) break;
      await page.waitForTimeout(200);
    }
    expect(refilled).toEqual(want);

    // Turning it off takes effect on the open page (its icons go) and in the popup.
    await options.uncheck("#optIn");
    await options.click("#save");
    await options.locator("#status", { hasText: "Saved. bonafide sends nothing." }).waitFor({ timeout: 10_000 });
    await options.screenshot({ path: join("test-results", "extension-options.png"), fullPage: true });
    await page.locator("[data-bonafide-domain]").first().waitFor({ state: "detached", timeout: 10_000 });
    expect(await hostsOn(page)).toEqual([]);
    await popup.reload();
    await popup.locator("#content", { hasText: "bonafide is off" }).waitFor({ timeout: 10_000 });
    await Promise.all([popup.close(), options.close(), page.close()]);
  });
});
