/**
 * @module The operator console in Debian's headless Chromium, on a real status server and MariaDB: failures
 * that will be retried on the page with a chart that has a legend, axes and hover values; a job's page; an
 * action refused without the admin token and with a forged CSRF token; logging in; retry, cancel a lane,
 * pause and resume; the audit trail. Screenshots of each step go to test-results/console/.
 */
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RowDataPacket } from "mysql2/promise";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../../dev/services/chromium.ts";
import { claimJobs, enqueueJobs, tagNewJobs } from "../../origin/queue/index.ts";
import { failJob } from "../../origin/queue/lease.ts";
import { JobState } from "../../origin/queue/types.ts";
import { type StatusServer, startStatusServer } from "../../origin/status/server.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const ADMIN = "browser-console-admin-token";
const OUT_DIR = join("test-results", "console");
let t: TestDatabase;
let status: StatusServer;
let browser: Browser;
let base = "";

beforeAll(async () => {
  t = await createTestDatabase("console_browser");
  status = await startStatusServer({
    db: t.db,
    host: "127.0.0.1",
    port: 0,
    token: null,
    adminToken: ADMIN,
    shareMs: 0,
  });
  base = status.url.replace(/\/status$/, "");
  browser = await chromium.launch({ executablePath: await ensureChromium(), args: [...CHROMIUM_ARGS], headless: true });
  mkdirSync(OUT_DIR, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await status?.close();
  await t?.drop();
});

async function shot(page: Page, name: string): Promise<void> {
  const file = join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size).toBeGreaterThan(5_000);
}

async function jobId(key: string): Promise<string> {
  const [rows] = await t.db.query<RowDataPacket[]>("SELECT id FROM job WHERE kind = 'rate' AND job_key = ?", [key]);
  return String(rows[0]?.id);
}

describe("the console in a browser", () => {
  it("shows retried failures and a job, refuses actions without the token or CSRF token, then acts and audits", async () => {
    // Ratings failing and being retried (the real queue's failJob, as the rater calls it), one dead job, and
    // an import's waiting jobs.
    await enqueueJobs(t.db, "rate", [
      ...["slow-a.example", "slow-b.example", "slow-c.example"].map((key) => ({
        key,
        clientKey: "c0a80001",
        maxAttempts: 5,
      })),
      { key: "gone-for-good.example", clientKey: "c0a80001", maxAttempts: 1 },
      ...["import-1.example", "import-2.example", "import-3.example"].map((key) => ({
        key,
        clientKey: "import",
        priority: 150,
      })),
    ]);
    const claimed = await claimJobs(t.db, { kind: "rate", owner: "rater@box-1:4242", limit: 4 });
    for (const job of claimed) {
      const error = Object.assign(new Error(`connect ETIMEDOUT ${job.key}:443`), { code: "FETCH_TIMEOUT" });
      expect(
        await failJob(t.db, job, { error: error.message, code: error.code, stack: error.stack, retryInMs: 600_000 }),
      ).toBe(job.key === "gone-for-good.example" ? "dead" : "retry");
    }
    const dead = await jobId("gone-for-good.example");

    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    await page.goto(`${base}/status`);
    // Failures that will be retried, by error kind with the latest example; the chart's legend, axes, hover.
    const failures = page.locator("#failures tbody tr", { hasText: "FETCH_TIMEOUT" });
    await expect
      .poll(() => failures.locator("td").allTextContents())
      .toEqual(["rate", "FETCH_TIMEOUT", "3", "1", expect.stringMatching(/\.example: connect ETIMEDOUT/)]);
    const chart = page.locator("svg.chart", { hasText: "failed, will be retried" });
    expect(await chart.locator(".legend text").allTextContents()).toEqual([
      "failed, will be retried",
      "failed for good (dead)",
    ]);
    expect(await chart.locator("text.axis").allTextContents()).toEqual(["attempts / min", "minute (UTC)"]);
    // Hover values: each bar's <title> (the minute may have turned since the failures: sum over the bars).
    const titles = await chart.locator("g.bar > title").allTextContents();
    expect(titles).toHaveLength(60);
    const sum = (re: RegExp) => titles.reduce((n, text) => n + Number(re.exec(text)?.[1] ?? 0), 0);
    expect(sum(/(\d+) failed, will be retried/)).toBe(3);
    expect(sum(/(\d+) failed for good/)).toBe(1);
    const busy = titles.findIndex((text) => !/: 0 failed, will be retried, 0 failed/.test(text));
    await chart.locator("g.bar").nth(busy).hover();
    expect(await page.locator("#login-hint").textContent()).toMatch(/Log in with the admin token/);
    await shot(page, "1-status-failures");

    // A job's page: state, attempts, last error with its stack, history.
    await page.goto(`${base}/jobs/${dead}`);
    expect(await page.locator("#job-state").textContent()).toBe("dead");
    expect(await page.locator("#last-error").textContent()).toMatch(/ETIMEDOUT gone-for-good\.example/);
    expect(await page.locator("#last-stack").textContent()).toMatch(/console-browser\.test\.ts/);
    expect(await page.locator("#history tbody tr td").nth(1).textContent()).toBe("dead");
    await shot(page, "2-job-dead");

    // Not logged in: the page offers no button, and a post from the page itself is refused (401).
    expect(await page.locator("form.act").count()).toBe(0);
    // (The page's CSP allows no script fetches, so the post is a form, as a forged one would be.)
    const [anonymous] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/retry")),
      page.evaluate(
        `(() => { const f = document.createElement("form"); f.method = "post"; f.action = ${JSON.stringify(`/api/jobs/${dead}/retry`)}; document.body.append(f); f.submit(); })()`,
      ),
    ]);
    expect(anonymous.status()).toBe(401);
    await page.waitForURL(/\/retry$/);
    expect(await page.textContent("body")).toMatch(/ADMIN_TOKEN_REQUIRED/);
    await shot(page, "3-refused-without-token");

    // A wrong token does not log in.
    await page.goto(`${base}/login?back=/jobs/${dead}`);
    await page.fill('input[name="token"]', "not-the-token");
    await page.click('button[type="submit"]');
    expect(await page.locator("#login-error").textContent()).toMatch(/not the admin token/);
    await shot(page, "4-login-refused");
    await page.fill('input[name="token"]', ADMIN);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${base}/jobs/${dead}`);

    // Logged in, but a forged CSRF token is refused (403) and changes nothing.
    await page
      .locator('form.act input[name="csrf"]')
      .first()
      .evaluate((field) => {
        (field as unknown as { value: string }).value = "forged";
      });
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/retry")),
      page.click("text=Retry this job"),
    ]);
    expect(refused.status()).toBe(403);
    expect(await page.textContent("body")).toMatch(/CSRF_TOKEN_INVALID/);
    await shot(page, "5-csrf-refused");
    const [still] = await t.db.query<RowDataPacket[]>("SELECT state FROM job WHERE id = ?", [dead]);
    expect(Number(still[0]?.state)).toBe(JobState.Dead);

    // Retry: back on the queue, new, with the retry in its history.
    await page.goto(`${base}/jobs/${dead}`);
    await page.click("text=Retry this job");
    await page.waitForURL(`${base}/jobs/${dead}`);
    expect(await page.locator("#job-state").textContent()).toBe("new");
    expect(await page.locator("#history tbody tr td").nth(1).textContent()).toBe("retried");
    await shot(page, "6-job-retried");

    // A client's lane (the import), with places in the claim order; cancel it.
    await tagNewJobs(t.db, "rate");
    await page.goto(`${base}/lanes/rate/import`);
    expect(await page.locator("#lane tbody tr").count()).toBe(3);
    expect(await page.locator("#lane tbody tr td:nth-child(6)").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d+$/)]),
    );
    await shot(page, "7-lane-import");
    await page.click("text=Cancel this lane's waiting jobs");
    // Back to the lane, addressed by its key's hex as the console's links are.
    await page.waitForURL(`${base}/lanes/rate/${Buffer.from("import").toString("hex")}`);
    expect(await page.locator("#lane").textContent()).toBe("This lane has no jobs.");
    await shot(page, "8-lane-cancelled");

    // Pause the kind: the page says so, claims stop; resume.
    await page.goto(`${base}/status`);
    await page.locator("#kinds tbody tr", { hasText: "rate" }).locator("text=Pause").click();
    await page.waitForURL(`${base}/status`);
    expect(await page.locator("#paused-rate").textContent()).toMatch(/rate is paused.*nothing of this kind is claimed/);
    await shot(page, "9-paused");
    expect(await claimJobs(t.db, { kind: "rate", owner: "test", limit: 10 })).toEqual([]);
    await page.locator("#paused-rate").locator("text=Resume rate").click();
    await page.waitForURL(`${base}/status`);
    expect(await page.locator("#paused-rate").count()).toBe(0);

    // The audit trail: every action, newest first, with who (the token's fingerprint, never the token).
    const audit = await page
      .locator("#audit tbody tr")
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].slice(1, 4).map((td) => td.textContent)));
    expect(audit.map((r) => r[1])).toEqual(["resume", "pause", "cancel-lane", "retry"]);
    expect(audit[0]?.[0]).toMatch(/^token [0-9a-f]{12} from loopback$/);
    expect(await page.textContent("body")).not.toContain(ADMIN);
    await page.locator("#audit").scrollIntoViewIfNeeded();
    await shot(page, "10-audit");
    await page.close();
  }, 90_000);
});
