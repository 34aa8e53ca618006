/**
 * @module The content script: finds the links to rate, paints an icon beside each, asks the background for
 * ratings and re-asks W items every 5 s for up to 2 minutes. Retries live here, not in the background, so
 * closing the tab stops them (Nagle's design, research/rating.md §5.3). Does nothing before opt-in.
 *
 * It runs in every frame (ads are mostly drawn in iframes), each frame on its own links; a tracking pixel
 * or hidden frame is not scanned until it grows (lib/frames.ts). A frame that has rated links tells the
 * background (its X domains, for the badge), so the popup can ask it; a frame without any sends nothing.
 */
import { createIconHost, HOST_ATTRIBUTE, paintIcon } from "./content/paint.ts";
import { api } from "./lib/browser.ts";
import { frameDocumentUrl, frameWorthScanning } from "./lib/frames.ts";
import { AD_WIDGET_SELECTOR, classifyLink, domainOf } from "./lib/links.ts";
import type { ListReply, RateReply } from "./lib/messages.ts";
import { type FrameMessage, isListMessage } from "./lib/messages.ts";
import { errorView, isFinal, type RatingView, timedOutView, unavailableView, waitingView } from "./lib/ratings.ts";
import { MAX_LINKS_PER_SCAN, nextAskAt, type PendingDomain, planRetries, RESCAN_DEBOUNCE_MS } from "./lib/schedule.ts";
import { DEFAULT_SETTINGS, evidenceUrl, readSettings, SETTINGS_KEY, type Settings } from "./lib/settings.ts";

let settings: Settings = { ...DEFAULT_SETTINGS };
const views = new Map<string, RatingView>();
const hosts = new Map<string, Set<HTMLElement>>();
let marked = new WeakMap<HTMLAnchorElement, { href: string; host: HTMLElement | null }>();
const pending = new Map<string, PendingDomain>();
/** Domains whose answer is on its way, so a re-scan meanwhile does not ask for them twice. */
const asking = new Set<string>();
let tickTimer: ReturnType<typeof setTimeout> | null = null;
let scanTimer: ReturnType<typeof setTimeout> | null = null;
let observer: MutationObserver | null = null;
/** The X domains last told to the background, joined; null while this frame has told it nothing. */
let reported: string | null = null;
let waitingToGrow = false;
const isTop = window === window.top;

/** The URL this frame's links are judged against (about:blank / srcdoc frames: their creator's). */
function pageUrl(): string {
  return frameDocumentUrl(location.href, document.baseURI);
}

function show(domain: string, view: RatingView): void {
  views.set(domain, view);
  for (const host of hosts.get(domain) ?? []) paintIcon(host, view, evidenceUrl(settings, domain));
}

function send(message: FrameMessage): void {
  void api.runtime.sendMessage(message).catch(() => undefined);
}

/** Tells the background this frame has rated links, and which of their domains are X (when that changed). */
function report(): void {
  const bad = [...views.values()].filter((v) => v.rating === "X").map((v) => v.domain);
  const now = bad.sort().join(" ");
  if (now === reported) return;
  reported = now;
  send({ type: "bonafide:frame", bad });
}

/** The frame's page goes (navigation, removal, closing): the background forgets the frame. */
function reportGone(): void {
  if (reported === null) return;
  reported = null;
  send({ type: "bonafide:frame", bad: [], gone: true });
}

function scheduleTick(atMs: number | null): void {
  if (tickTimer !== null) clearTimeout(tickTimer);
  tickTimer = atMs === null ? null : setTimeout(tick, Math.max(0, atMs - Date.now()));
}

async function ask(domains: string[]): Promise<void> {
  if (domains.length === 0) return;
  const now = Date.now();
  for (const d of domains) asking.add(d);
  let reply: RateReply;
  try {
    reply = (await api.runtime.sendMessage({ type: "bonafide:rate", domains })) as RateReply;
  } catch (error) {
    reply = { ok: false, code: "NETWORK", message: String(error) };
  } finally {
    for (const d of domains) asking.delete(d);
  }
  if (!reply.ok) {
    if (reply.code === "NOT_OPTED_IN" || reply.code === "PRIVATE") return;
    // The background itself failed (it was being restarted, say): ask again in 5 s.
    reply = { ok: true, items: domains.map((d) => unavailableView(d, null)) };
  }
  const byDomain = new Map(reply.items.map((v) => [v.domain, v]));
  for (const d of domains) {
    const view = byDomain.get(d) ?? errorView(d, "the edge gave no answer for this domain");
    if (isFinal(view)) pending.delete(d);
    else {
      const firstAskedMs = pending.get(d)?.firstAskedMs ?? now;
      pending.set(d, { firstAskedMs, nextAskMs: nextAskAt(now, view.retryAfter) });
    }
    show(d, view);
  }
  report();
  scheduleTick(planRetries(pending, Date.now()).nextTickMs);
}

function tick(): void {
  tickTimer = null;
  const plan = planRetries(pending, Date.now());
  for (const d of plan.timedOut) {
    pending.delete(d);
    show(d, timedOutView(d));
  }
  if (plan.ask.length) void ask(plan.ask);
  else scheduleTick(plan.nextTickMs);
}

function scan(): void {
  scanTimer = null;
  if (!settings.optIn) return;
  // Icons whose links the page removed (single-page apps) are forgotten, so the popup counts what is there.
  for (const set of hosts.values()) for (const host of set) if (!host.isConnected) set.delete(host);
  const anchors = [...document.querySelectorAll<HTMLAnchorElement>("a[href]")].slice(0, MAX_LINKS_PER_SCAN);
  const url = pageUrl();
  const fresh = new Set<string>();
  for (const a of anchors) {
    const seen = marked.get(a);
    if (seen && seen.href === a.href) continue;
    if (seen?.host) seen.host.remove();
    const link = classifyLink(
      {
        href: a.href,
        sponsored: /\bsponsored\b/i.test(a.rel),
        inAdWidget: a.closest(AD_WIDGET_SELECTOR) !== null,
        dataTarget: a.getAttribute("data-pcu"),
      },
      url,
      settings.mode,
    );
    if (!link) {
      marked.set(a, { href: a.href, host: null });
      continue;
    }
    const host = createIconHost(a, link.domain);
    marked.set(a, { href: a.href, host });
    const set = hosts.get(link.domain) ?? new Set<HTMLElement>();
    hosts.set(link.domain, set);
    set.add(host);
    const known = views.get(link.domain);
    paintIcon(host, known ?? waitingView(link.domain), evidenceUrl(settings, link.domain));
    if (!known && !pending.has(link.domain) && !asking.has(link.domain)) fresh.add(link.domain);
  }
  void ask([...fresh]);
}

/** Re-scans a changing page at most once per RESCAN_DEBOUNCE_MS: mutations in between join that scan. */
function scheduleScan(): void {
  if (scanTimer === null) scanTimer = setTimeout(scan, RESCAN_DEBOUNCE_MS);
}

function isOurs(node: Node): boolean {
  return node instanceof Element && node.hasAttribute(HOST_ATTRIBUTE);
}

/** A tracking pixel or hidden frame waits, with one resize listener, until it is big enough to show an ad. */
function onResize(): void {
  if (!frameWorthScanning(isTop, window.innerWidth, window.innerHeight)) return;
  window.removeEventListener("resize", onResize);
  waitingToGrow = false;
  if (settings.optIn) start();
}

function start(): void {
  if (!frameWorthScanning(isTop, window.innerWidth, window.innerHeight)) {
    if (!waitingToGrow) window.addEventListener("resize", onResize);
    waitingToGrow = true;
    return;
  }
  scan();
  observer ??= new MutationObserver((records) => {
    // Our own icons going in must not trigger another scan.
    const relevant = records.some((r) => r.type === "attributes" || [...r.addedNodes].some((n) => !isOurs(n)));
    if (relevant) scheduleScan();
  });
  // The document, not its root element: an ad script's document.open() + write() replaces the root.
  observer.observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["href"],
  });
}

function stop(): void {
  observer?.disconnect();
  observer = null;
  scheduleTick(null);
  pending.clear();
  for (const set of hosts.values()) for (const host of set) host.remove();
  hosts.clear();
  views.clear();
  marked = new WeakMap();
  reportGone();
}

api.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (!isListMessage(message)) return undefined;
  const reply: ListReply = {
    pageDomain: domainOf(pageUrl()),
    ratings: [...views.entries()].map(([d, view]) => ({ view, links: hosts.get(d)?.size ?? 0 })),
  };
  sendResponse(reply);
  return undefined;
});

api.storage.onChanged.addListener((changes, area) => {
  if (area !== "local" || !(SETTINGS_KEY in changes)) return;
  const next = readSettings(changes[SETTINGS_KEY]?.newValue);
  const restart = next.optIn !== settings.optIn || next.mode !== settings.mode || next.endpoint !== settings.endpoint;
  settings = next;
  if (restart) {
    stop();
    if (settings.optIn) start();
  }
});

// Leaving the page (or into the back/forward cache): the background forgets this frame until it is back.
window.addEventListener("pagehide", reportGone);
window.addEventListener("pageshow", (event) => {
  if (event.persisted && views.size > 0) report();
});

// Never in a private window, whatever the settings say.
if (!api.extension?.inIncognitoContext) {
  void api.storage.local.get(SETTINGS_KEY).then((stored) => {
    settings = readSettings(stored[SETTINGS_KEY]);
    if (settings.optIn) start();
  });
}
