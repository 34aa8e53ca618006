/**
 * @module Ads in frames: the content script runs in every frame of a page (most ads are drawn in iframes —
 * AdSense, Ad Manager, DoubleClick, Taboola/Outbrain widgets — cross-origin or about:blank/srcdoc frames
 * the ad script writes), each frame painting its own links. The rules here are the pure part: which frames
 * are worth a scan, the URL a frame's links are judged against, the background's per-tab register of the
 * frames that have rated something (kept in storage.session: in memory, per browser session, never on
 * disk) and the popup's list merged over a tab's frames.
 */
import type { ListReply } from "./messages.ts";
import { isFinal } from "./ratings.ts";

/** A frame smaller than this (CSS px, either side) is a tracking pixel or a hidden frame: not scanned yet. */
export const MIN_FRAME_WIDTH = 20;
export const MIN_FRAME_HEIGHT = 10;
/** Frames remembered per tab: a page with more frames that rated something lists the first ones only. */
export const MAX_FRAMES_PER_TAB = 200;

/** Whether a frame of `width`×`height` is worth scanning now; the top frame always is. */
export function frameWorthScanning(isTop: boolean, width: number, height: number): boolean {
  return isTop || (width >= MIN_FRAME_WIDTH && height >= MIN_FRAME_HEIGHT);
}

/**
 * The URL a frame's links are judged against (a site's links to itself are not rated): the frame's own
 * for http(s) frames; for about:blank, about:srcdoc, blob: and data: frames, which an ad script writes, the
 * base URL they inherit from the page that made them when that is http(s).
 */
export function frameDocumentUrl(locationHref: string, baseUri: string): string {
  const web = (u: string) => /^https?:/i.test(u);
  if (web(locationHref)) return locationHref;
  return web(baseUri) ? baseUri : locationHref;
}

/** What the background keeps for a frame that has rated something: the domains it shows as X. */
export interface FrameEntry {
  bad: string[];
}

const FRAME_PREFIX = "F-";

/** The storage.session key of a tab's frame: one key per frame, so frames reporting at once never race. */
export function frameKey(tabId: number, frameId: number): string {
  return `${FRAME_PREFIX}${tabId}-${frameId}`;
}

/** The frames of `tabId` among storage.session's `entries`, by frame id, ascending (the top frame is 0). */
export function tabFrames(entries: Record<string, unknown>, tabId: number): Map<number, FrameEntry> {
  const prefix = `${FRAME_PREFIX}${tabId}-`;
  const found: [number, FrameEntry][] = [];
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(prefix)) continue;
    const raw = key.slice(prefix.length);
    if (!/^\d{1,10}$/.test(raw)) continue;
    const bad = (value as { bad?: unknown } | null)?.bad;
    found.push([Number(raw), { bad: Array.isArray(bad) ? bad.filter((d) => typeof d === "string") : [] }]);
  }
  return new Map(found.sort((a, b) => a[0] - b[0]));
}

/** The toolbar badge of a tab: how many different domains its frames show as X ("" for none). */
export function badgeText(frames: Iterable<FrameEntry>): string {
  const bad = new Set<string>();
  for (const f of frames) for (const d of f.bad) bad.add(d);
  return bad.size ? String(Math.min(bad.size, 9999)) : "";
}

/**
 * The popup's list for a tab from its frames' replies (null: the frame did not answer — gone, or no
 * content script there), merged by domain with the links of every frame summed; a finished rating wins
 * over a W another frame still waits on. The page domain is the first answering frame's (the top frame is
 * asked first). Null when no frame answered at all.
 */
export function mergeListReplies(replies: readonly (ListReply | null)[]): ListReply | null {
  const answered = replies.filter((r): r is ListReply => r !== null && Array.isArray(r.ratings));
  if (answered.length === 0) return null;
  const merged = new Map<string, ListReply["ratings"][number]>();
  for (const reply of answered) {
    for (const { view, links } of reply.ratings) {
      const seen = merged.get(view.domain);
      if (!seen) merged.set(view.domain, { view, links });
      else {
        const better = !isFinal(seen.view) && isFinal(view) ? view : seen.view;
        merged.set(view.domain, { view: better, links: seen.links + links });
      }
    }
  }
  return { pageDomain: answered[0]?.pageDomain ?? null, ratings: [...merged.values()] };
}
