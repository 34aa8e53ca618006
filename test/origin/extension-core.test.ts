import { describe, expect, it } from "vitest";
import { resolveLinkTarget } from "../../extension/src/lib/ad-links.ts";
import {
  badgeText,
  frameDocumentUrl,
  frameKey,
  frameWorthScanning,
  mergeListReplies,
  tabFrames,
} from "../../extension/src/lib/frames.ts";
import { classifyLink, domainOf } from "../../extension/src/lib/links.ts";
import { isFrameMessage, isListTabMessage, type ListReply } from "../../extension/src/lib/messages.ts";
import { readTabParam } from "../../extension/src/lib/popup-tab.ts";
import {
  expiredCacheKeys,
  isCacheFresh,
  isFinal,
  type Letter,
  readRatingItem,
  waitingView,
} from "../../extension/src/lib/ratings.ts";
import { chunkList, GIVE_UP_MS, nextAskAt, planRetries, RETRY_MS } from "../../extension/src/lib/schedule.ts";
import { parseEndpoint, readSettings } from "../../extension/src/lib/settings.ts";

// The extension's pure parts: where a link really goes, which links are rated, the retry schedule, the
// cache rules and the settings.

const SHOP = "https://www.shop-example.co.uk/landing?x=1";
const enc = encodeURIComponent;

describe("unwrapping ad-click redirectors", () => {
  const cases: [string, string, string, boolean][] = [
    ["Google Ads adurl", `https://www.googleadservices.com/pagead/aclk?sa=L&ai=C&adurl=${enc(SHOP)}`, SHOP, true],
    ["Google /aclk", `https://www.google.com/aclk?sa=l&ai=D&adurl=${enc(SHOP)}`, SHOP, true],
    [
      "DoubleClick landing after ?",
      `https://ad.doubleclick.net/ddm/trackclk/N1.2/B3;dc_trk_aid=4;?${SHOP}`,
      SHOP,
      true,
    ],
    ["DoubleClick adurl", `https://adclick.g.doubleclick.net/pcs/click?xai=A&adurl=${enc(SHOP)}`, SHOP, true],
    ["Bing a1+base64url", `https://www.bing.com/aclk?ld=e8&u=a1${Buffer.from(SHOP).toString("base64url")}`, SHOP, true],
    ["Bing /ck/a", `https://www.bing.com/ck/a?!&&p=1&u=a1${Buffer.from(SHOP).toString("base64url")}&ntb=1`, SHOP, true],
    ["MSN click", `https://clk.msn.com/aclick?u=${enc(SHOP)}`, SHOP, true],
    ["Yahoo RU= in the path", `https://r.search.yahoo.com/_ylt=A/RV=2/RU=${enc(SHOP)}/RK=2/RS=x-`, SHOP, false],
    ["Taboola redir", `https://trc.taboola.com/pub/log/3/click?redir=${enc(SHOP)}`, SHOP, true],
    ["Outbrain redir", `https://paid.outbrain.com/network/redir?p=1&url=${enc(SHOP)}`, SHOP, true],
    [
      "nested: Google Ads → DoubleClick → shop",
      `https://www.googleadservices.com/pagead/aclk?adurl=${enc(`https://ad.doubleclick.net/ddm/clk/1;2;?${SHOP}`)}`,
      SHOP,
      true,
    ],
  ];
  for (const [name, href, target, ad] of cases) {
    it(`unwraps ${name}`, () => {
      expect(resolveLinkTarget(href)).toEqual({ url: new URL(target).href, ad });
    });
  }

  it("treats Google's /url?q= search redirect as a link, not an ad", () => {
    expect(resolveLinkTarget(`https://www.google.com/url?q=${enc(SHOP)}&sa=U`)).toEqual({ url: SHOP, ad: false });
  });

  it("keeps unknown hosts and relative links as they are, and refuses what leads nowhere", () => {
    expect(resolveLinkTarget("/next?page=2", "https://news.example.org/a")).toEqual({
      url: "https://news.example.org/next?page=2",
      ad: false,
    });
    expect(resolveLinkTarget("mailto:a@b.com")).toBeNull();
    expect(resolveLinkTarget("javascript:void(0)")).toBeNull();
    expect(resolveLinkTarget("http://[::1")).toBeNull();
    // an ad path whose target cannot be read is still an ad, rated by the redirector's own domain
    expect(resolveLinkTarget("https://www.bing.com/aclk?ld=e8&u=%%%")).toMatchObject({ ad: true });
  });
});

describe("which links get a rating", () => {
  const page = "https://news.example.org/article";
  const plain = { sponsored: false, inAdWidget: false };

  it("rates ads by the advertiser's registrable domain and plain links only in 'all' mode", () => {
    const ad = { ...plain, href: `https://www.googleadservices.com/pagead/aclk?adurl=${enc(SHOP)}` };
    expect(classifyLink(ad, page, "ads")).toEqual({ domain: "shop-example.co.uk", ad: true });
    const link = { ...plain, href: "https://blog.other-site.com/post" };
    expect(classifyLink(link, page, "ads")).toBeNull();
    expect(classifyLink(link, page, "all")).toEqual({ domain: "other-site.com", ad: false });
  });

  it("counts rel=sponsored, ad widgets and Google's data-pcu as ads", () => {
    expect(classifyLink({ ...plain, sponsored: true, href: SHOP }, page, "ads")?.ad).toBe(true);
    expect(classifyLink({ ...plain, inAdWidget: true, href: SHOP }, page, "ads")?.ad).toBe(true);
    const google = { ...plain, href: "https://www.google.com/aclk?x=1", dataTarget: "https://advertiser.com/" };
    expect(classifyLink(google, page, "ads")).toEqual({ domain: "advertiser.com", ad: true });
  });

  it("skips links to the page's own site and what cannot be rated (IP literals, localhost)", () => {
    expect(classifyLink({ ...plain, href: "https://www.example.org/" }, page, "all")).toBeNull();
    expect(classifyLink({ ...plain, sponsored: true, href: "http://10.0.0.1/" }, page, "ads")).toBeNull();
    expect(classifyLink({ ...plain, sponsored: true, href: "http://printer.local/" }, page, "ads")).toBeNull();
    expect(domainOf("https://user.github.io/x")).toBe("user.github.io");
  });
});

describe("batching and the retry schedule", () => {
  it("chunks at 50 domains, order kept", () => {
    const list = Array.from({ length: 120 }, (_, i) => `d${i}.com`);
    const chunks = chunkList(list);
    expect(chunks.map((c) => c.length)).toEqual([50, 50, 20]);
    expect(chunks.flat()).toEqual(list);
  });

  it("re-asks W items every 5 s and gives up after 2 minutes", () => {
    const t0 = 1_000_000;
    const pending = new Map([
      ["due.com", { firstAskedMs: t0, nextAskMs: t0 + RETRY_MS }],
      ["later.com", { firstAskedMs: t0 + 3_000, nextAskMs: t0 + 8_000 }],
      ["old.com", { firstAskedMs: t0 - GIVE_UP_MS, nextAskMs: t0 }],
    ]);
    const plan = planRetries(pending, t0 + RETRY_MS);
    expect(plan.ask).toEqual(["due.com"]);
    expect(plan.timedOut).toEqual(["old.com"]);
    expect(plan.nextTickMs).toBe(t0 + 8_000);
    expect(planRetries(new Map(), t0).nextTickMs).toBeNull();
  });

  it("never re-asks sooner than 5 s, and honours a longer Retry-After", () => {
    expect(nextAskAt(0, null)).toBe(RETRY_MS);
    expect(nextAskAt(0, 1)).toBe(RETRY_MS);
    expect(nextAskAt(0, 30)).toBe(30_000);
  });
});

describe("ratings and the cache", () => {
  const item = {
    domain: "shop.de",
    status: 200,
    rating: "Q",
    ratingInfo: "unverified",
    reasons: [{ code: "address_found", weight: 2, detail: "Hauptstr. 1" }, { nope: 1 }],
    business: { legalName: "Shop GmbH", countryCode: "DE" },
    expiresAt: "2030-01-01T00:00:00.000Z",
    retryAfter: null,
  };

  it("reads API items defensively", () => {
    expect(readRatingItem(item)).toMatchObject({
      domain: "shop.de",
      rating: "Q",
      reasons: [{ code: "address_found", detail: "Hauptstr. 1" }],
      business: { legalName: "Shop GmbH", countryCode: "DE" },
    });
    expect(readRatingItem({ ...item, rating: "Z" })).toBeNull();
    expect(readRatingItem("Q")).toBeNull();
    expect(readRatingItem(null)).toBeNull();
  });

  it("keeps finished ratings until expiresAt and never caches W", () => {
    const view = readRatingItem(item) ?? undefined;
    const now = Date.parse("2029-12-31T23:59:59.000Z");
    expect(isCacheFresh(view, now)).toBe(true);
    expect(isCacheFresh(view, Date.parse("2030-01-01T00:00:00.000Z"))).toBe(false);
    const w = readRatingItem({ ...item, status: 202, rating: "W", expiresAt: null, retryAfter: 5 }) ?? undefined;
    expect(w && isFinal(w)).toBe(false);
    expect(isCacheFresh(w, now)).toBe(false);
    const stored = { "R-shop.de": item, "R-old.de": { ...item, domain: "old.de", expiresAt: "2001-01-01T00:00:00Z" } };
    expect(expiredCacheKeys({ ...stored, settings: { optIn: true } }, now)).toEqual(["R-old.de"]);
  });
});

describe("settings", () => {
  it("is off until the user opts in, with a checked endpoint", () => {
    expect(readSettings(undefined)).toEqual({ optIn: false, endpoint: "http://127.0.0.1:8787", mode: "ads" });
    expect(readSettings({ optIn: "yes", mode: "everything", endpoint: "ftp://x" })).toMatchObject({
      optIn: false,
      mode: "ads",
      endpoint: "http://127.0.0.1:8787",
    });
    expect(parseEndpoint(" https://edge.bonafide.example/ ")).toBe("https://edge.bonafide.example");
    expect(parseEndpoint("https://user:pw@edge.example")).toBeNull();
    expect(parseEndpoint("not a url")).toBeNull();
  });
});

describe("the popup's tab", () => {
  it("is the tab named in ?tab=ID, and nothing when the parameter is absent or malformed", () => {
    expect(readTabParam("?tab=1234")).toBe(1234);
    expect(readTabParam("?x=1&tab=0")).toBe(0);
    for (const search of ["", "?", "?tab=", "?tab=-1", "?tab=1.5", "?tab=12abc", "?tab=99999999999", "?tab=0x10"])
      expect(readTabParam(search)).toBeNull();
  });
});

describe("ads in frames", () => {
  it("scans the top frame always, other frames only when big enough to show an ad", () => {
    expect(frameWorthScanning(true, 0, 0)).toBe(true);
    expect(frameWorthScanning(false, 728, 90)).toBe(true);
    expect(frameWorthScanning(false, 20, 10)).toBe(true);
    // tracking pixels and hidden (display: none) frames
    expect(frameWorthScanning(false, 1, 1)).toBe(false);
    expect(frameWorthScanning(false, 0, 0)).toBe(false);
    expect(frameWorthScanning(false, 300, 0)).toBe(false);
    expect(frameWorthScanning(false, 19, 250)).toBe(false);
  });

  it("judges about:blank, srcdoc and blob frames' links against the page that wrote them", () => {
    const page = "https://news.example.org/story";
    expect(frameDocumentUrl("https://ads.example.net/frame", page)).toBe("https://ads.example.net/frame");
    expect(frameDocumentUrl("about:blank", page)).toBe(page);
    expect(frameDocumentUrl("about:srcdoc", page)).toBe(page);
    expect(frameDocumentUrl("blob:https://news.example.org/0b1c", page)).toBe(page);
    expect(frameDocumentUrl("about:blank", "about:blank")).toBe("about:blank");
    // so a link back to the page's own site is still not rated from inside its about:blank frame
    const facts = { href: "https://www.example.org/subscribe", sponsored: true, inAdWidget: false };
    expect(classifyLink(facts, frameDocumentUrl("about:blank", page), "ads")).toBeNull();
    expect(classifyLink(facts, "about:blank", "ads")).toEqual({ domain: "example.org", ad: true });
  });

  it("keeps a key per tab and frame, and reads back one tab's frames only", () => {
    expect(frameKey(12, 0)).toBe("F-12-0");
    const entries = {
      [frameKey(12, 7)]: { bad: ["bad.example", 3] },
      [frameKey(12, 0)]: { bad: [] },
      [frameKey(123, 1)]: { bad: ["other-tab.example"] },
      "F-12-x": { bad: ["junk.example"] },
      "R-example.com": { rating: "A" },
      [frameKey(12, 9)]: null,
    };
    const frames = tabFrames(entries, 12);
    expect([...frames.keys()]).toEqual([0, 7, 9]);
    expect(frames.get(7)).toEqual({ bad: ["bad.example"] });
    expect(frames.get(9)).toEqual({ bad: [] });
    expect([...tabFrames(entries, 123).keys()]).toEqual([1]);
    expect(tabFrames(entries, 1).size).toBe(0);
  });

  it("badges the number of different X domains over all of a tab's frames", () => {
    expect(badgeText([])).toBe("");
    expect(badgeText([{ bad: [] }, { bad: [] }])).toBe("");
    expect(badgeText([{ bad: ["a.example", "b.example"] }, { bad: ["b.example", "c.example"] }, { bad: [] }])).toBe(
      "3",
    );
  });

  it("merges the frames' lists by domain, summing links; a finished letter wins over W", () => {
    const view = (domain: string, rating: Letter) => ({ ...waitingView(domain), rating, status: 200 });
    const top: ListReply = {
      pageDomain: "news.example.org",
      ratings: [
        { view: view("shop.example", "X"), links: 1 },
        { view: waitingView("late.example"), links: 1 },
      ],
    };
    const adFrame: ListReply = {
      pageDomain: null,
      ratings: [
        { view: view("shop.example", "X"), links: 2 },
        { view: view("late.example", "A"), links: 1 },
        { view: view("frame-only.example", "Q"), links: 1 },
      ],
    };
    const merged = mergeListReplies([top, null, adFrame]);
    expect(merged?.pageDomain).toBe("news.example.org");
    expect(merged?.ratings.map((r) => `${r.view.domain} ${r.view.rating} ${r.links}`)).toEqual([
      "shop.example X 3",
      "late.example A 2",
      "frame-only.example Q 1",
    ]);
    // the top frame gone silent: the frames that answered still make the list
    expect(mergeListReplies([null, adFrame])?.ratings).toHaveLength(3);
    expect(mergeListReplies([null, null])).toBeNull();
    expect(mergeListReplies([])).toBeNull();
  });

  it("accepts only well-formed frame and list-tab messages", () => {
    expect(isFrameMessage({ type: "bonafide:frame", bad: ["a.example"] })).toBe(true);
    expect(isFrameMessage({ type: "bonafide:frame", bad: [], gone: true })).toBe(true);
    expect(isFrameMessage({ type: "bonafide:frame", bad: [1] })).toBe(false);
    expect(isFrameMessage({ type: "bonafide:frame", bad: [], gone: "yes" })).toBe(false);
    expect(isFrameMessage({ type: "bonafide:badge", text: "1" })).toBe(false);
    expect(isListTabMessage({ type: "bonafide:list-tab", tabId: 4 })).toBe(true);
    for (const tabId of [-1, 1.5, "4", Number.NaN, undefined]) {
      expect(isListTabMessage({ type: "bonafide:list-tab", tabId })).toBe(false);
    }
  });
});
