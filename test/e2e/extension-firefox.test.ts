import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SITES } from "../../demo/rated-web/web.ts";
import { buildExtension } from "../../scripts/build-extension.ts";
import { adsPage } from "../support/ad-pages.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { ensureFirefox, type Firefox, launchFirefox } from "../support/firefox.ts";
import { poll } from "../support/poll.ts";
import { descendants, isAlive } from "../support/process-tree.ts";
import { type LocalStack, startLocalStack } from "../support/stack.ts";

// bonafide's extension, built as `npm run build:extension` builds it, installed unpacked (as a temporary
// add-on) into Debian's Firefox ESR, headless, driven over WebDriver BiDi by test/support/firefox.ts, against
// a running stack of its own: the options page opens on install and nothing is sent before opt-in; after
// opt-in the ads page gets a W beside each ad, and every W turns into the letter its demo site was built to
// get. Screenshots go to test-results/ beside the Chromium test's.

const EXTENSION_ID = "bonafide@bonafide.example";
// Fixed through the profile so the test knows the options page's address (moz-extension://<uuid>/…).
const uuid = randomUUID();
const OPTIONS_URL = `moz-extension://${uuid}/options.html`;

let t: TestDatabase;
let stack: LocalStack;
let tmp = "";
let pages: Server;
let pageUrl = "";
let firefox: Firefox;
let optionsContext = "";

interface Icon {
  domain: string;
  /** The host element's data-rating. */
  rating: string;
  /** The letter drawn inside the icon's (open) Shadow DOM. */
  letter: string;
}

/** Evaluates `expression` (it may be a promise) in a browsing context; returns its value through JSON. */
async function evaluate<T>(context: string, expression: string): Promise<T> {
  const r = await firefox.bidi.send<{
    type: string;
    result?: { type: string; value?: string };
    exceptionDetails?: { text?: string };
  }>("script.evaluate", {
    expression: `(async () => JSON.stringify(await (${expression})))()`,
    target: { context },
    awaitPromise: true,
  });
  if (r.type !== "success") throw new Error(`evaluate failed: ${r.exceptionDetails?.text ?? JSON.stringify(r)}`);
  return (r.result?.type === "string" ? JSON.parse(r.result.value ?? "null") : undefined) as T;
}

async function contexts(): Promise<{ context: string; url: string }[]> {
  return (await firefox.bidi.send<{ contexts: { context: string; url: string }[] }>("browsingContext.getTree", {}))
    .contexts;
}

/** A new tab at `url`, loaded, with a 1000×900 viewport. */
async function openTab(url: string): Promise<string> {
  const { context } = await firefox.bidi.send<{ context: string }>("browsingContext.create", { type: "tab" });
  await firefox.bidi.send("browsingContext.setViewport", { context, viewport: { width: 1000, height: 900 } });
  await firefox.bidi.send("browsingContext.navigate", { context, url, wait: "complete" });
  return context;
}

async function iconsOn(context: string): Promise<Icon[]> {
  return evaluate<Icon[]>(
    context,
    `[...document.querySelectorAll("[data-bonafide-domain]")].map((e) => ({
      domain: e.getAttribute("data-bonafide-domain") ?? "",
      rating: e.getAttribute("data-rating") ?? "",
      letter: e.shadowRoot?.querySelector(".icon")?.textContent ?? "",
    }))`,
  );
}

/**
 * What the popup would show for the active tab (the one openTab opened last), asked as the popup asks,
 * through the background: null while no content script in it answers.
 */
async function listActiveTab(): Promise<{ pageDomain: string | null; ratings: unknown[] } | null> {
  return evaluate(
    optionsContext,
    `browser.tabs.query({ active: true }).then(([tab]) =>
      tab ? browser.runtime.sendMessage({ type: "bonafide:list-tab", tabId: tab.id }) : null)`,
  );
}

async function screenshot(context: string, name: string): Promise<string> {
  const { data } = await firefox.bidi.send<{ data: string }>("browsingContext.captureScreenshot", {
    context,
    origin: "document",
  });
  mkdirSync("test-results", { recursive: true });
  const file = join("test-results", name);
  writeFileSync(file, Buffer.from(data, "base64"));
  return file;
}

const byDomain = (list: { domain: string; rating: string }[]) =>
  [...list].sort((a, b) => a.domain.localeCompare(b.domain)).map((h) => `${h.domain} ${h.rating}`);

beforeAll(async () => {
  t = await createTestDatabase("extension_firefox");
  tmp = mkdtempSync(join(tmpdir(), "bonafide-ext-ff-"));
  stack = await startLocalStack(t);
  const { folder } = await buildExtension(join(tmp, "dist"));
  pages = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(adsPage());
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/ads.html`;

  firefox = await launchFirefox({
    executable: await ensureFirefox(),
    prefs: { "extensions.webextensions.uuids": JSON.stringify({ [EXTENSION_ID]: uuid }) },
  });
  const installed = await firefox.bidi.send<{ extension: string }>("webExtension.install", {
    extensionData: { type: "path", path: folder },
  });
  expect(installed.extension).toBe(EXTENSION_ID);
  // A fresh install opens the options page (consent first); wait for it so no test races its load.
  const found = await poll(
    async () => (await contexts()).find((c) => c.url === OPTIONS_URL),
    (c) => c !== undefined,
    20_000,
  );
  if (!found) throw new Error(`Firefox did not open ${OPTIONS_URL} on install: ${JSON.stringify(await contexts())}`);
  optionsContext = found.context;
  await poll(
    () => evaluate<string>(optionsContext, "document.readyState"),
    (s) => s === "complete",
    10_000,
  );
}, 150_000);

afterAll(async () => {
  await firefox?.close();
  pages?.close();
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
  await t?.drop();
});

describe("the extension in Firefox ESR against a running stack", () => {
  it("opens its options page on install and sends nothing before opt-in", async () => {
    expect(await evaluate<boolean>(optionsContext, `document.querySelector("#optIn").checked`)).toBe(false);
    const tab = await openTab(pageUrl);
    try {
      // The event that the content script has started in the tab (and read its settings, asked for before
      // it listens): it answers the popup's question about the tab, twice. Still no icon, no job queued.
      for (let answers = 0; answers < 2; answers++) {
        const reply = await poll(listActiveTab, (r) => r !== null, 20_000);
        expect(reply?.ratings).toEqual([]);
      }
      expect(await iconsOn(tab)).toEqual([]);
      const [rows] = await t.db.query("SELECT COUNT(*) AS n FROM job WHERE kind = 'rate'");
      expect(Number((rows as { n: number }[])[0]?.n)).toBe(0);
    } finally {
      await firefox.bidi.send("browsingContext.close", { context: tab });
    }
  });

  it("after opt-in, paints W beside every ad and turns each into the demo site's letter", async () => {
    // Opt in on the options page: the endpoint, the consent box, Save (DOM clicks fire the page's own handlers).
    await evaluate(
      optionsContext,
      `(() => {
        document.querySelector("#endpoint").value = ${JSON.stringify(stack.edgeUrl)};
        const optIn = document.querySelector("#optIn");
        if (!optIn.checked) optIn.click();
        document.querySelector("#save").click();
        return true;
      })()`,
    );
    // Saving is asynchronous (storage.local): wait for the confirmation rather than reading it at once.
    const status = await poll(
      () => evaluate<string>(optionsContext, `document.querySelector("#status").textContent`),
      (s) => s.startsWith("Saved"),
      10_000,
    );
    expect(status).toBe("Saved. Ratings appear on pages you open or reload.");

    const tab = await openTab(pageUrl);
    const want = DEMO_SITES.map((s) => ({ domain: s.domain, rating: s.expected.rating }));
    // First the W icons (the domains are unknown to a fresh stack) …
    const first = await poll(
      () => iconsOn(tab),
      (icons) => icons.length >= want.length,
      20_000,
    );
    expect(first.map((h) => h.domain).sort()).toEqual(want.map((w) => w.domain).sort());
    expect(first.some((h) => h.rating === "W")).toBe(true);
    expect(await evaluate<number>(tab, `document.querySelectorAll("#plain [data-bonafide-domain]").length`)).toBe(0);
    await screenshot(tab, "extension-firefox-waiting.png");

    // … then, re-asked every 5 s, the letters: on the host element and drawn inside its Shadow DOM.
    const now = await poll(
      () => iconsOn(tab),
      (icons) => icons.every((h) => h.rating !== "W" && h.letter === h.rating),
      90_000,
    );
    if (now.some((h) => h.rating === "W")) {
      // Once seen in CI under the full suite (every site still W after 90 s, passing alone): say where the
      // jobs stood and what the stack last said, so the next failure names its cause.
      const [jobs] = await t.db.query(
        "SELECT kind, state, attempts, COUNT(*) AS n FROM job GROUP BY kind, state, attempts",
      );
      console.error(
        `still W after 90 s; jobs: ${JSON.stringify(jobs)}\nstack output (tail):\n${stack.output().slice(-4000)}`,
      );
    }
    expect(byDomain(now)).toEqual(byDomain(want));
    expect(now.map((h) => h.letter)).toEqual(now.map((h) => h.rating));

    // Finished ratings are cached in the extension's storage.local (read from its own options page).
    const cached = await evaluate<string[]>(
      optionsContext,
      `browser.storage.local.get(null).then((all) => Object.entries(all)
        .filter(([k]) => k.startsWith("R-"))
        .map(([k, v]) => k.slice(2) + " " + v.rating))`,
    );
    expect(cached.sort()).toEqual(byDomain(want));

    const file = await screenshot(tab, "extension-firefox-ratings.png");
    expect(statSync(file).size).toBeGreaterThan(5_000);
    await firefox.bidi.send("browsingContext.close", { context: tab });
  });

  it("closes Firefox with its whole process tree", async () => {
    const pid = firefox.process.pid ?? 0;
    const tree = descendants(pid);
    // Content processes: Firefox is multi-process, so the check below is not vacuous.
    expect(tree.length).toBeGreaterThan(0);
    await firefox.close();
    expect([pid, ...tree].filter(isAlive)).toEqual([]);
  });
});
