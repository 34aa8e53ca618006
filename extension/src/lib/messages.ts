/**
 * @module Messages between the content script, the background and the popup.
 */
import type { RatingView } from "./ratings.ts";

/** Content script → background: rate these registrable domains (cache first, then the edge). */
export interface RateMessage {
  type: "bonafide:rate";
  domains: string[];
}
export type RateReply = { ok: true; items: RatingView[] } | { ok: false; code: string; message: string };

/** Background → one frame's content script: what have you rated in this frame? */
export interface ListMessage {
  type: "bonafide:list";
}
export interface ListReply {
  pageDomain: string | null;
  ratings: { view: RatingView; links: number }[];
}

/** Popup → background: the ratings of every frame of this tab, merged by domain (a ListReply, or null). */
export interface ListTabMessage {
  type: "bonafide:list-tab";
  tabId: number;
}

/**
 * Content script → background: this frame has rated links, and these of its domains are X (for the
 * toolbar badge). The background keeps it per tab and frame (sender.tab.id, sender.frameId) so the popup
 * can ask every such frame; `gone` (sent on pagehide) drops the frame.
 */
export interface FrameMessage {
  type: "bonafide:frame";
  bad: string[];
  gone?: boolean;
}

export function isRateMessage(m: unknown): m is RateMessage {
  const v = m as RateMessage | null;
  return (
    typeof v === "object" &&
    v !== null &&
    v.type === "bonafide:rate" &&
    Array.isArray(v.domains) &&
    v.domains.every((d) => typeof d === "string")
  );
}

export function isListMessage(m: unknown): m is ListMessage {
  return typeof m === "object" && m !== null && (m as ListMessage).type === "bonafide:list";
}

export function isListTabMessage(m: unknown): m is ListTabMessage {
  const v = m as ListTabMessage | null;
  return (
    typeof v === "object" &&
    v !== null &&
    v.type === "bonafide:list-tab" &&
    Number.isSafeInteger(v.tabId) &&
    v.tabId >= 0
  );
}

export function isFrameMessage(m: unknown): m is FrameMessage {
  const v = m as FrameMessage | null;
  return (
    typeof v === "object" &&
    v !== null &&
    v.type === "bonafide:frame" &&
    Array.isArray(v.bad) &&
    v.bad.every((d) => typeof d === "string") &&
    (v.gone === undefined || typeof v.gone === "boolean")
  );
}
