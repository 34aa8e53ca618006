/**
 * @module Text into the evidence page's HTML: everything that comes from a rating (a hostile site's name, a
 * reason's detail, a URL) goes through `esc`, so it can only ever be text, never markup.
 */
import { formatDate, isIsoDate } from "../../shared/human-time.ts";

/** `value` as HTML text: every character that could open markup or leave an attribute is escaped. */
export const esc = (value: unknown): string => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain-data record from the stored evidence, or undefined. */
export type Rec = Record<string, unknown>;
export const list = (value: unknown): Rec[] =>
  Array.isArray(value) ? value.filter((v): v is Rec => Boolean(v) && typeof v === "object") : [];
export const rec = (value: unknown): Rec | undefined =>
  value && typeof value === "object" ? (value as Rec) : undefined;

/** Text for people: an ISO date or timestamp (older ratings' details carry them) as a date, else as is. */
export const humanText = (value: unknown): string => {
  const text = String(value ?? "");
  return isIsoDate(text) ? formatDate(text) : text;
};

/** "correct the VAT ID" → "Correct the VAT ID." */
export const sentence = (text: string): string => {
  const t = text.trim();
  if (!t) return t;
  return `${t[0]?.toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;
};
