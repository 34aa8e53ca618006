/**
 * @module Times for people: "5 December 2026, 12:00 UTC" and "in 13 days" / "3 hours ago" instead of ISO
 * timestamps. Pure and locale-free (English, UTC) so the Worker and the CLI print the same words.
 */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const pad = (n: number) => String(n).padStart(2, "0");

function parse(value: string | Date): Date | undefined {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "5 December 2026" (UTC); the input unchanged if it is not a date. */
export function formatDate(value: string | Date): string {
  const d = parse(value);
  return d ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : String(value);
}

/** "5 December 2026, 12:00 UTC"; the input unchanged if it is not a date. */
export function formatDateTime(value: string | Date): string {
  const d = parse(value);
  return d ? `${formatDate(d)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC` : String(value);
}

const UNITS: [limitMs: number, unitMs: number, name: string][] = [
  [90_000, 1000, "second"],
  [90 * 60_000, 60_000, "minute"],
  [36 * 3600_000, 3600_000, "hour"],
  [60 * 86_400_000, 86_400_000, "day"],
  [730 * 86_400_000, 30.44 * 86_400_000, "month"],
  [Number.POSITIVE_INFINITY, 365.25 * 86_400_000, "year"],
];

/** "in 13 days", "3 hours ago", "just now": `value` relative to `now`, rounded to the nearest whole unit. */
export function relativeTime(value: string | Date, now: Date): string {
  const d = parse(value);
  if (!d) return "";
  const delta = d.getTime() - now.getTime();
  const abs = Math.abs(delta);
  if (abs < 45_000) return "just now";
  const [, unitMs, name] = UNITS.find(([limit]) => abs < limit) ?? UNITS[UNITS.length - 1] ?? [0, 1, "day"];
  const n = Math.max(1, Math.round(abs / unitMs));
  const words = `${n} ${name}${n === 1 ? "" : "s"}`;
  return delta > 0 ? `in ${words}` : `${words} ago`;
}

/** "5 December 2026, 12:00 UTC (in 13 days)". */
export function formatWhen(value: string | Date, now: Date): string {
  const relative = relativeTime(value, now);
  return relative ? `${formatDateTime(value)} (${relative})` : formatDateTime(value);
}

/** Whether a text is nothing but an ISO 8601 date or timestamp (as older ratings' details are). */
export const isIsoDate = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text);
