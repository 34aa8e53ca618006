import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../../dev/services/chromium.ts";
import { enqueueJobs } from "../../origin/queue/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { type LocalStack, startLocalStack } from "../support/stack.ts";

// The status page of a running stack (`npm start` on ports of its own), opened in Debian's headless
// Chromium: it must show the queue, the live rater and the live aggregator, and a screenshot is kept
// under test-results/.

let t: TestDatabase;
let stack: LocalStack;
let statusUrl = "";
let edgeUrl = "";

beforeAll(async () => {
  t = await createTestDatabase("status_browser");
  stack = await startLocalStack(t, { BONAFIDE_REPORT_MS: "300" });
  statusUrl = stack.statusUrl;
  edgeUrl = stack.edgeUrl;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

describe("the status page in a browser", () => {
  it("shows the queue, the live rater and the live aggregator of a running stack", async () => {
    expect(stack.output()).toContain(statusUrl);
    // Work of a kind no process drains stays in the queue; a rating through the edge feeds the chart.
    await enqueueJobs(t.db, "refresh", [
      { key: "/a", clientKey: "c0a80001" },
      { key: "/b", clientKey: "c0a80001" },
      { key: "/c", clientKey: "c0a80002" },
    ]);
    await fetch(`${edgeUrl}/api/v1/rate?d=hartmann-werkzeuge.de`).then((r) => r.body?.cancel());
    // A page through the edge reaches the aggregator, which counts it among the requests it served.
    expect((await fetch(`${edgeUrl}/`)).status).toBe(200);
    const aggregatorPort = new URL(stack.aggregatorUrl).port;

    const browser = await chromium.launch({
      executablePath: await ensureChromium(),
      args: [...CHROMIUM_ARGS],
      headless: true,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      const deadline = Date.now() + 30_000;
      let raters = 0;
      let aggregator: string[] = [];
      for (;;) {
        const response = await page.goto(statusUrl);
        expect(response?.status()).toBe(200);
        raters = await page.locator("#processes tbody tr", { hasText: "rater" }).count();
        const rows = page.locator("#aggregators tbody tr");
        aggregator = (await rows.count()) === 1 ? await rows.locator("td").allTextContents() : [];
        // Wait for a heartbeat that has counted the page: served (the 8th cell) ≥ 1.
        if ((raters > 0 && Number(aggregator[7]) > 0) || Date.now() > deadline) break;
        await page.waitForTimeout(300);
      }
      expect(raters).toBe(1);
      expect(await page.locator("#processes tbody tr", { hasText: "aggregator" }).count()).toBe(0);
      // host, port, pid, started, last heartbeat, state, active requests, served, 5xx, page refreshes, RSS
      expect(aggregator[1]).toBe(aggregatorPort);
      expect(aggregator[5]).toBe("running");
      expect(aggregator[6]).toMatch(/^\d+ \/ 256$/);
      expect(Number(aggregator[7])).toBeGreaterThanOrEqual(1);
      expect(aggregator[9]).toMatch(/^\d+ \(\d+\)$/);
      expect(aggregator[10]).toMatch(/^[1-9]\d* MiB$/);
      expect(await page.title()).toBe("bonafide status");
      const queue = page.locator("#queue");
      await expect(queue.locator("tr", { hasText: "refresh" }).first().textContent()).resolves.toMatch(
        /refresh\s*ready\s*100\s*3/,
      );
      // A chart per kind of job: ratings always, and the queued "refresh" kind beside it.
      expect(await page.locator("svg.chart").count()).toBe(2);
      expect(await page.locator("h2", { hasText: "per minute" }).allTextContents()).toEqual([
        expect.stringMatching(/^Ratings per minute/),
        expect.stringMatching(/^refresh jobs per minute/),
      ]);
      expect(await page.locator("meta[http-equiv=refresh]").getAttribute("content")).toBe("5");
      mkdirSync("test-results", { recursive: true });
      const file = join("test-results", "status-page.png");
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });
});
