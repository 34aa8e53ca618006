/**
 * @module Pages at the edge: every request that is not an API or admin path falls through to the origin
 * aggregator, streamed both ways; a cacheable answer (RFC 9111 shared-cache rules, see policy.ts) is
 * stored in the PAGES KV namespace while it streams to the client, and served from KV until it expires.
 * `x-bonafide-cache` says HIT, MISS or BYPASS. (Stale-while-revalidate and purge come later.)
 */
import type { Context } from "hono";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { ApiError } from "../errors.ts";
import { addEdgeHeaders, clientHeaders } from "../forward-headers.ts";
import { heldPage, holdPageFrom } from "../hot-pages.ts";
import { urlOnOrigin } from "../origin-url.ts";
import { pageCacheKey, type StoredPageMeta, storableSeconds, storedMeta, usesPageCache } from "./policy.ts";

/** Paths the page fall-through never takes: unknown ones there are JSON 404s of the API. */
export function isPagePath(path: string): boolean {
  return !(path === "/api" || path.startsWith("/api/") || path === "/_bonafide" || path.startsWith("/_bonafide/"));
}

/** Until the origin's headers arrive; the aggregator's own page budget is far shorter. */
const ORIGIN_TIMEOUT_MS = 30_000;

/** KV put's minimum expirationTtl; freshness itself is decided by `expiresAt` in the metadata. */
const KV_MIN_TTL_SECONDS = 60;

function fromStore(
  body: ReadableStream | ArrayBuffer | null,
  meta: StoredPageMeta,
  head: boolean,
  now: number,
): Response {
  const headers = new Headers(meta.headers as [string, string][]);
  headers.set("age", String(Math.max(0, Math.floor((now - meta.storedAt) / 1000))));
  headers.set("x-bonafide-cache", "HIT");
  if (head && body instanceof ReadableStream) void body.cancel();
  return new Response(head ? null : body, { status: meta.status, headers });
}

/** The stored page, or null when KV cannot be read now: the cache only saves work, so the origin answers. */
async function readStored(
  pages: KVNamespace,
  key: string,
): Promise<KVNamespaceGetWithMetadataResult<ReadableStream, StoredPageMeta> | null> {
  try {
    return await pages.getWithMetadata<StoredPageMeta>(key, { type: "stream" });
  } catch (error) {
    console.error(JSON.stringify({ level: "warn", msg: "page cache read failed", key, error: String(error) }));
    return null;
  }
}

/** The Hono handler for page paths. */
export async function servePage(c: Context<{ Bindings: EdgeBindings }>): Promise<Response> {
  const request = c.req.raw;
  const config = readEdgeConfig(c.env);
  const originUrl = config.originUrl;
  if (!originUrl) throw new ApiError(404, "NOT_FOUND", `no route for ${request.method} ${c.req.path} (no ORIGIN_URL)`);
  const url = new URL(request.url);
  // Before the cache too: a path naming another host is refused, never looked up or stored.
  const target = urlOnOrigin(originUrl, url.pathname, url.search);
  const cacheable = usesPageCache(request);
  const key = await pageCacheKey(url);
  const now = Date.now();
  if (cacheable) {
    // The hot tier (edge/hot-pages.ts) holds fresh pages only, so what it answers is what KV would: a HIT.
    const held = config.hotTtlMs > 0 ? heldPage(key, now, config.hotTtlMs) : undefined;
    if (held) return fromStore(held.body, JSON.parse(held.meta), request.method === "HEAD", now);
    const hit = await readStored(c.env.PAGES, key);
    if (hit?.value && hit.metadata && hit.metadata.expiresAt > now) {
      const m = hit.metadata;
      if (config.hotTtlMs <= 0) return fromStore(hit.value, m, request.method === "HEAD", now);
      const [toClient, toHot] = hit.value.tee();
      const hold = { nowMs: now, freshUntilMs: m.expiresAt, version: m.storedAt, ttlMs: config.hotTtlMs };
      c.executionCtx.waitUntil(holdPageFrom(key, JSON.stringify(m), toHot, hold));
      return fromStore(toClient, m, request.method === "HEAD", now);
    }
    if (hit?.value) await hit.value.cancel();
  }
  const headers = addEdgeHeaders(clientHeaders(request), request, config.originSecret);
  let origin: Response;
  try {
    origin = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? null : request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(ORIGIN_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiError(502, "ORIGIN_UNAVAILABLE", "the page origin did not answer; try again shortly", {
      cause: error,
    });
  }
  const seconds = cacheable && request.method === "GET" ? storableSeconds(origin) : null;
  const out = new Headers(origin.headers);
  out.set("x-bonafide-cache", cacheable ? "MISS" : "BYPASS");
  if (seconds === null || !origin.body) return new Response(origin.body, { status: origin.status, headers: out });
  // Stream to the client and into KV at once; the client never waits for the store.
  const [toClient, toStore] = origin.body.tee();
  const meta = storedMeta(origin, seconds, now);
  c.executionCtx.waitUntil(
    c.env.PAGES.put(key, toStore, { expirationTtl: Math.max(KV_MIN_TTL_SECONDS, seconds), metadata: meta }).catch(
      (error: unknown) =>
        console.error(JSON.stringify({ level: "warn", msg: "page store failed", key, error: String(error) })),
    ),
  );
  return new Response(toClient, { status: origin.status, headers: out });
}
