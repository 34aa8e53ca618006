/**
 * @module The background (Chrome: service worker; Firefox: event page): answers the content scripts' rate
 * requests from the cache, else in batches from the edge. Holds no state that matters when it is
 * stopped: the cache is in storage.local and retries are driven by the content scripts.
 */
import { createBatcher } from "./lib/batcher.ts";
import { api, type MessageSender } from "./lib/browser.ts";
import { EdgeError, fetchRatings } from "./lib/edge-client.ts";
import { domainOf } from "./lib/links.ts";
import { isBadgeMessage, isRateMessage, type RateReply } from "./lib/messages.ts";
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

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (isRateMessage(message)) {
    rate(message.domains, sender).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, code: "INTERNAL", message: String(error) } satisfies RateReply),
    );
    return true; // the answer comes asynchronously
  }
  if (isBadgeMessage(message) && sender.tab?.id !== undefined && api.action) {
    void api.action.setBadgeBackgroundColor({ tabId: sender.tab.id, color: "#b3261e" });
    void api.action.setBadgeText({ tabId: sender.tab.id, text: message.text.slice(0, 4) });
  }
  return undefined;
});

// Opt-in before anything: a fresh install opens the options page, which asks.
api.runtime.onInstalled.addListener((details) => {
  if (details.reason === "install") void api.runtime.openOptionsPage();
});
