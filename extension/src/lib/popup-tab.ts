/**
 * @module Which tab the popup lists. Opened from the toolbar it lists the active tab of its window; opened
 * as a page of its own (`popup.html?tab=ID`, as the browser test opens it, where the active tab is the
 * popup itself) it lists the tab named. Only the extension can open its pages, so this exposes nothing.
 */

/** The tab id in `?tab=ID` (a non-negative integer), or null when there is none or it is malformed. */
export function readTabParam(search: string): number | null {
  const raw = new URLSearchParams(search).get("tab");
  if (raw === null || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
