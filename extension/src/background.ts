/**
 * @module The background (Chrome: service worker; Firefox: event page): answers the content scripts' rate
 * requests from the cache, else in batches from the edge. Holds no state that matters when it is
 * stopped: the cache is in storage.local, retries are driven by the content scripts, and which frames of
 * which tab have rated something (for the popup and the badge) is in storage.session.
 */
import { createBatcher } from "./lib/batcher.ts";
import { api, type MessageSender } from "./lib/browser.ts";
import { EdgeError, fetchRatings } from "./lib/edge-client.ts";
import { badgeText, type FrameEntry, frameKey, MAX_FRAMES_PER_TAB, mergeListReplies, tabFrames } from "./lib/frames.ts";
import { domainOf } from "./lib/links.ts";
import { isFrameMessage, isListTabMessage, isRateMessage, type ListReply, type RateReply } from "./lib/messages.ts";
import {
  cacheKey,
  errorView,
  expiredCacheKeys,
  isCacheable,
  isCacheFresh,
  type RatingView,
  readRatingItem,
  unavailableView,
} from "./lib/ratings.ts";
import { readSettings, SETTINGS_KEY } from "./lib/settings.ts";

const MAX_DOMAINS_PER_MESSAGE = 500;
const PRUNE_EVERY_MS = 3_600_000;
const PRUNED_AT_KEY = "prunedAt";

const batchers = new Map<string, ReturnType<typeof createBatcher<RatingView>>>();
function batcherFor(endpoint: string) {
  let b = batchers.get(endpoint);
  if (!b) {
    b = createBatcher<RatingView>((domains) => fetchRatings(fetch, endpoint, domains));
    batchers.set(endpoint, b);
  }
  return b;
}

/** Removes expired ratings at most once an hour, as Ad Limiter purged at most once per TTL. */
async function pruneCache(nowMs: number): Promise<void> {
  const all = await api.storage.local.get(null);
  const last = typeof all[PRUNED_AT_KEY] === "number" ? (all[PRUNED_AT_KEY] as number) : 0;
  if (nowMs - last < PRUNE_EVERY_MS) return;
  const expired = expiredCacheKeys(all, nowMs);
  if (expired.length) await api.storage.local.remove(expired);
  await api.storage.local.set({ [PRUNED_AT_KEY]: nowMs });
}

async function rate(domains: string[], sender: MessageSender): Promise<RateReply> {
  // Private windows: nothing at all (the manifest already keeps the extension out of them).
  if (sender.tab?.incognito) return { ok: false, code: "PRIVATE", message: "not in private windows" };
  const settings = readSettings((await api.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  if (!settings.optIn) return { ok: false, code: "NOT_OPTED_IN", message: "turn bonafide on in its options first" };
  // Only registrable domains may leave the browser: anything else the content script sent is dropped.
  const wanted = [...new Set(domains)].filter((d) => domainOf(d) === d).slice(0, MAX_DOMAINS_PER_MESSAGE);
  const nowMs = Date.now();
  const cached = await api.storage.local.get(wanted.map(cacheKey));
  const found = new Map<string, RatingView>();
  for (const d of wanted) {
    const view = readRatingItem(cached[cacheKey(d)]) ?? undefined;
    if (isCacheFresh(view, nowMs)) found.set(d, view);
  }
  const missing = wanted.filter((d) => !found.has(d));
  const answers = await batcherFor(settings.endpoint).request(missing);
  const toCache: Record<string, RatingView> = {};
  for (const [d, answer] of answers) {
    if (answer instanceof Error) {
      // A failed request: its domains are W to ask again when that may help, else U / error for good.
      const transient = !(answer instanceof EdgeError) || answer.transient;
      const retryAfter = answer instanceof EdgeError ? answer.retryAfter : null;
      found.set(d, transient ? unavailableView(d, retryAfter) : errorView(d, answer.message));
      continue;
    }
    found.set(d, answer);
    if (isCacheable(answer, nowMs)) toCache[cacheKey(d)] = answer;
  }
  if (Object.keys(toCache).length) await api.storage.local.set(toCache);
  void pruneCache(nowMs).catch(() => undefined);
  return { ok: true, items: wanted.flatMap((d) => found.get(d) ?? []) };
}

/** The register's changes one after another, so two frames reporting at once cannot leave a stale badge. */
let registerQueue: Promise<unknown> = Promise.resolve();
function inOrder<T>(work: () => Promise<T>): Promise<T> {
  const next = registerQueue.then(work);
  registerQueue = next.catch(() => undefined);
  return next;
}

async function showBadge(tabId: number, frames: Iterable<FrameEntry>): Promise<void> {
  if (!api.action) return;
  await api.action.setBadgeBackgroundColor({ tabId, color: "#b3261e" });
  await api.action.setBadgeText({ tabId, text: badgeText(frames) });
}

/** A frame has rated links (or is gone): note it under its tab, and redraw the tab's badge. */
function recordFrame(tabId: number, frameId: number, bad: string[], gone: boolean): Promise<void> {
  return inOrder(async () => {
    const key = frameKey(tabId, frameId);
    if (gone) await api.storage.session.remove(key);
    else {
      const known = tabFrames(await api.storage.session.get(null), tabId);
      if (!known.has(frameId) && known.size >= MAX_FRAMES_PER_TAB) return;
      const entry: FrameEntry = { bad: [...new Set(bad)].filter((d) => domainOf(d) === d).slice(0, 500) };
      await api.storage.session.set({ [key]: entry });
    }
    await showBadge(tabId, tabFrames(await api.storage.session.get(null), tabId).values());
  });
}

function forgetTab(tabId: number): Promise<void> {
  return inOrder(async () => {
    const keys = [...tabFrames(await api.storage.session.get(null), tabId).keys()].map((f) => frameKey(tabId, f));
    if (keys.length) await api.storage.session.remove(keys);
  });
}

/**
 * The popup's list for a tab: every frame that has rated something is asked (the top frame always), each
 * on its own, and the answers merged by domain. A frame that no longer answers (navigated away, removed)
 * is dropped from the register; a frame whose new page answers speaks for that page.
 */
async function listTab(tabId: number): Promise<ListReply | null> {
  const known = tabFrames(await api.storage.session.get(null), tabId);
  const frameIds = [0, ...[...known.keys()].filter((f) => f !== 0)];
  const replies = await Promise.all(
    frameIds.map((frameId) =>
      api.tabs
        .sendMessage(tabId, { type: "bonafide:list" }, { frameId })
        .then((r) => (r ?? null) as ListReply | null)
        .catch(() => null),
    ),
  );
  const silent = frameIds.filter((f, i) => f !== 0 && replies[i] === null && known.has(f));
  for (const f of silent) await recordFrame(tabId, f, [], true);
  return mergeListReplies(replies);
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (isRateMessage(message)) {
    rate(message.domains, sender).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, code: "INTERNAL", message: String(error) } satisfies RateReply),
    );
    return true; // the answer comes asynchronously
  }
  if (isFrameMessage(message)) {
    const tabId = sender.tab?.id;
    // Nothing is kept for private windows (the manifest already keeps the extension out of them).
    if (tabId !== undefined && tabId >= 0 && !sender.tab?.incognito) {
      void recordFrame(tabId, sender.frameId ?? 0, message.bad, message.gone === true).catch(() => undefined);
    }
    return undefined;
  }
  // From the popup (an extension page) only, not from content scripts.
  if (isListTabMessage(message) && sender.url?.startsWith(api.runtime.getURL(""))) {
    listTab(message.tabId).then(sendResponse, () => sendResponse(null));
    return true;
  }
  return undefined;
});

api.tabs.onRemoved.addListener((tabId) => {
  void forgetTab(tabId).catch(() => undefined);
});

// Opt-in before anything: a fresh install opens the options page, which asks.
api.runtime.onInstalled.addListener((details) => {
  if (details.reason === "install") void api.runtime.openOptionsPage();
});
