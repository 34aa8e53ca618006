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

/** Popup → content script: what have you rated on this page? */
export interface ListMessage {
  type: "bonafide:list";
}
export interface ListReply {
  pageDomain: string | null;
  ratings: { view: RatingView; links: number }[];
}

/** Content script → background: the tab's count of X ratings, for the toolbar badge. */
export interface BadgeMessage {
  type: "bonafide:badge";
  text: string;
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

export function isBadgeMessage(m: unknown): m is BadgeMessage {
  return typeof m === "object" && m !== null && (m as BadgeMessage).type === "bonafide:badge";
}
