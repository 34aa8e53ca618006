/**
 * @module What the edge stores beside a page's bytes in KV metadata (limited to 1 KiB), and what follows
 * from it at a given moment: its state (fresh, stale, stale-if-error only, expired), its `Age` and how long
 * KV must keep it.
 */
import { type Freshness, NOT_STORED_HEADERS, STORED_HEADERS } from "./policy.ts";

/** Workers KV refuses metadata whose JSON is longer than this many bytes. */
export const KV_MAX_METADATA_BYTES = 1024;
/** KV put's minimum expirationTtl. */
export const KV_MIN_TTL_SECONDS = 60;

/** Stored beside the body. Times are epoch ms. */
export interface StoredPageMeta {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** When the page was rendered (a push's `renderedAt`) or received from the origin. */
  readonly storedAt: number;
  /** The age the origin reported when it was stored (seconds). */
  readonly initialAge?: number;
  /** Fresh until then (named `expiresAt` since the first version of the page cache). */
  readonly expiresAt: number;
  /** Stale windows past `expiresAt` (seconds). */
  readonly swr?: number;
  readonly sie?: number;
  /** Body size in bytes. */
  readonly bytes?: number;
  /** The page's `Cache-Tag`s; absent when they did not fit (they are still in the tag index). */
  readonly tags?: readonly string[];
  readonly tagsOmitted?: true;
}

export type PageState = "fresh" | "stale" | "stale-if-error-only" | "expired";

const encoder = new TextEncoder();

function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/**
 * The end-to-end headers a stored page is served with: every header of the origin's answer except the
 * per-hop, per-response and never-shared ones (policy.ts NOT_STORED_HEADERS, and those its `Connection`
 * names), the most used first. A HIT must carry what the MISS carried: a dropped `Content-Disposition`,
 * `Content-Security-Policy`, `X-Frame-Options` or `X-Content-Type-Options` would turn a download into an
 * inline page, or make a page frameable, for every visitor the cache answers.
 */
export function headersToStore(headers: Headers): [string, string][] {
  const perHop = new Set(
    (headers.get("connection") ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept: [string, string][] = [];
  for (const name of STORED_HEADERS) {
    const v = headers.get(name);
    if (v !== null) kept.push([name, v]);
  }
  for (const [name, value] of headers)
    if (!STORED_HEADERS.includes(name) && !NOT_STORED_HEADERS.has(name) && !perHop.has(name)) kept.push([name, value]);
  return kept;
}

/**
 * The metadata for a page with `status`, `headers`, `freshness` and `tags`, stored (rendered) at `storedAt`,
 * fitted into KV's 1 KiB: tags go first (they stay findable through the tag index). Headers are never
 * dropped to make room (a page served without its origin's headers is another page): when they do not fit,
 * null — the page is not stored, and is passed through from the origin each time.
 */
export function buildMeta(
  status: number,
  headers: Headers,
  freshness: Freshness,
  storedAt: number,
  bytes: number,
  tags: readonly string[],
): StoredPageMeta | null {
  const base = {
    status,
    headers: headersToStore(headers),
    storedAt,
    initialAge: freshness.initialAgeS,
    expiresAt: storedAt + (freshness.lifetimeS - freshness.initialAgeS) * 1000,
    swr: freshness.staleWhileRevalidateS,
    sie: freshness.staleIfErrorS,
    bytes,
  };
  const withTags: StoredPageMeta = tags.length > 0 ? { ...base, tags } : base;
  if (jsonBytes(withTags) <= KV_MAX_METADATA_BYTES) return withTags;
  const meta: StoredPageMeta = tags.length > 0 ? { ...base, tagsOmitted: true } : base;
  return jsonBytes(meta) <= KV_MAX_METADATA_BYTES ? meta : null;
}

/** Metadata read back from KV, or null when it is not a page's (checked: KV holds what older code wrote too). */
export function readMeta(value: unknown): StoredPageMeta | null {
  const m = value as Partial<StoredPageMeta> | null;
  if (!m || typeof m !== "object") return null;
  if (!Number.isInteger(m.status) || !Number.isFinite(m.storedAt) || !Number.isFinite(m.expiresAt)) return null;
  if (!Array.isArray(m.headers)) return null;
  return m as StoredPageMeta;
}

/** Until when each window lasts (epoch ms). */
export function windowsOf(meta: StoredPageMeta): { freshUntil: number; swrUntil: number; sieUntil: number } {
  return {
    freshUntil: meta.expiresAt,
    swrUntil: meta.expiresAt + (meta.swr ?? 0) * 1000,
    sieUntil: meta.expiresAt + (meta.sie ?? 0) * 1000,
  };
}

/** The page's state at `now`. */
export function pageState(meta: StoredPageMeta, now: number): PageState {
  const w = windowsOf(meta);
  if (now < w.freshUntil) return "fresh";
  if (now < w.swrUntil) return "stale";
  if (now < w.sieUntil) return "stale-if-error-only";
  return "expired";
}

/** `Age` (RFC 9111 §4.2.3): the age the origin reported plus the time since it was stored, in seconds. */
export function ageSeconds(meta: StoredPageMeta, now: number): number {
  return (meta.initialAge ?? 0) + Math.max(0, Math.floor((now - meta.storedAt) / 1000));
}

/** KV expirationTtl that keeps the page for as long as either stale window allows, or null when both passed. */
export function kvTtlSeconds(meta: StoredPageMeta, now: number): number | null {
  const w = windowsOf(meta);
  const until = Math.max(w.freshUntil, w.swrUntil, w.sieUntil);
  if (until <= now) return null;
  return Math.max(KV_MIN_TTL_SECONDS, Math.ceil((until - now) / 1000));
}

/** The header value `name` stored with the page, if any. */
export function storedHeader(meta: StoredPageMeta, name: string): string | undefined {
  return meta.headers.find(([n]) => n === name)?.[1];
}
