/**
 * @module A stale hit's refresh. With a database, ONE `page` job is queued (contract §1; the aggregators'
 * page worker renders it and pushes it back); the unique job key de-duplicates across isolates, and a
 * bounded per-isolate map of "key → not again before" (plain numbers) keeps the stale hits after the first
 * from reaching the database at all. Without a database, or when the enqueue fails, the edge refreshes the
 * page from the origin itself after answering (waitUntil), as CDNs do — still at most one at a time per key
 * per isolate. Nothing here may fail the visitor's request.
 */

import { Client } from "@planetscale/database";
import { PAGE_LANE, PAGE_PRIORITY, type PageJobPayload, pageJobKey } from "../../shared/page-jobs.ts";
import { enqueuePagesSql } from "../../shared/queue-sql.ts";
import { dropPages } from "../hot-pages.ts";
import type { Reporter } from "../log.ts";
import { DATABASE_DEADLINE_MS, withDeadline } from "../rate/deadline.ts";
import { storeFor } from "../rate/store-cache.ts";
import { bufferUpTo } from "./buffer.ts";
import { buildMeta, type StoredPageMeta, storedHeader } from "./meta.ts";
import { MAX_STORED_BYTES, pageFreshness, parseCacheTags, type WindowDefaults } from "./policy.ts";
import { freshenPage, writePage } from "./store.ts";

/** A key's refresh is not asked for again within this (a page job takes seconds; a lost one is retried after). */
export const REFRESH_EVERY_MS = 30_000;
/** Most keys remembered per isolate; the oldest is forgotten first. */
export const MAX_REMEMBERED = 10_000;

const notBefore = new Map<string, number>();

/** Whether `key`'s refresh is due in this isolate; if so it is marked as asked for now. */
export function takeRefresh(key: string, now: number): boolean {
  const until = notBefore.get(key);
  if (until !== undefined && until > now) return false;
  notBefore.delete(key);
  notBefore.set(key, now + REFRESH_EVERY_MS);
  for (const oldest of notBefore.keys()) {
    if (notBefore.size <= MAX_REMEMBERED) break;
    notBefore.delete(oldest);
  }
  return true;
}

/** After a purge the next stale hit must refresh at once. */
export function forgetRefresh(key: string): void {
  notBefore.delete(key);
}

const LANE_BYTES = new TextEncoder().encode(PAGE_LANE);

/** Queues the page job for `key` (one autocommit statement). */
export async function enqueuePageJob(databaseUrl: string, url: string, key: string, meta: StoredPageMeta) {
  const client = storeFor(`pages:${databaseUrl}`, (u) => new Client({ url: u.slice("pages:".length) }));
  const payload: PageJobPayload = {
    url,
    key,
    ...(storedHeader(meta, "etag") ? { etag: storedHeader(meta, "etag") } : {}),
    ...(storedHeader(meta, "last-modified") ? { lastModified: storedHeader(meta, "last-modified") } : {}),
  };
  await client.execute(enqueuePagesSql(1), [await pageJobKey(key), JSON.stringify(payload), LANE_BYTES, PAGE_PRIORITY]);
}

export interface DirectRefresh {
  readonly pages: KVNamespace;
  readonly key: string;
  readonly target: URL;
  /** Forwarding headers for the origin, built from the visitor's request (no cookies or credentials). */
  readonly headers: Headers;
  readonly meta: StoredPageMeta;
  readonly defaults: WindowDefaults;
  readonly timeoutMs: number;
}

/** Refreshes the page from the origin, conditionally on its validators; stores what the policy allows. */
export async function refreshFromOrigin(r: DirectRefresh): Promise<void> {
  const etag = storedHeader(r.meta, "etag");
  const lastModified = storedHeader(r.meta, "last-modified");
  if (etag) r.headers.set("if-none-match", etag);
  else if (lastModified) r.headers.set("if-modified-since", lastModified);
  const res = await fetch(r.target, {
    headers: r.headers,
    redirect: "manual",
    signal: AbortSignal.timeout(r.timeoutMs),
  });
  const now = Date.now();
  if (res.status === 304) {
    await res.body?.cancel();
    await freshenPage(r.pages, r.key, res.headers, now, r.defaults, now);
    dropPages([r.key], now, 0); // this isolate held it stale: the next hit reads the freshened copy
    return;
  }
  const freshness = pageFreshness(res.status, res.headers, r.defaults);
  if (!freshness || !res.body) {
    await res.body?.cancel();
    return;
  }
  // Never more than KV may hold in memory, whatever the origin sends without a Content-Length.
  const buffered = await bufferUpTo(res.body, MAX_STORED_BYTES);
  if (!("bytes" in buffered)) {
    await buffered.rest.cancel();
    return;
  }
  const { bytes } = buffered;
  const tags = parseCacheTags(res.headers.get("cache-tag"));
  const meta = buildMeta(res.status, res.headers, freshness, now, bytes.byteLength, tags);
  if (meta && (await writePage(r.pages, r.key, bytes, meta, tags, now))) dropPages([r.key], now, 0);
}

/**
 * The refresh of a stale page, run in waitUntil: the queue if there is a database, else (or when the
 * enqueue fails) the origin directly. Errors are logged, never thrown.
 */
export async function refreshStalePage(
  databaseUrl: string | null,
  visitorUrl: string,
  direct: DirectRefresh,
  log: Reporter,
): Promise<void> {
  if (databaseUrl) {
    try {
      // A database that does not answer in time is down for this refresh, as for every edge statement.
      await withDeadline(enqueuePageJob(databaseUrl, visitorUrl, direct.key, direct.meta), DATABASE_DEADLINE_MS);
      return;
    } catch (error) {
      log.report({ level: "warn", msg: "page refresh not queued", key: direct.key, error: String(error) });
    }
  }
  try {
    await refreshFromOrigin(direct);
  } catch (error) {
    log.report({ level: "warn", msg: "page refresh failed", key: direct.key, error: String(error) });
  }
}
