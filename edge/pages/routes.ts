/**
 * @module Pages at the edge: every request that is not an API or admin path falls through to the origin
 * aggregator, through the KV page cache (RFC 9111 shared-cache rules and RFC 5861 windows, policy.ts).
 * `x-bonafide-cache` says HIT (fresh), STALE (inside stale-while-revalidate: served while one refresh is
 * queued, refresh.ts), STALE-IF-ERROR (the origin failed — unreachable, timed out or 5xx — inside the
 * stale-if-error window), MISS (from the origin; concurrent misses share one origin request, coalesce.ts) or
 * BYPASS (a request the cache must not answer).
 */
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError } from "../errors.ts";
import { addEdgeHeaders, clientHeaders } from "../forward-headers.ts";
import { heldPage, holdPageFrom } from "../hot-pages.ts";
import { eventOf, reporterOf } from "../log.ts";
import { urlOnOrigin } from "../origin-url.ts";
import { ParseMemo } from "../parse-memo.ts";
import { bufferUpTo } from "./buffer.ts";
import { claim, finishDone, finishError, finishPass, MAX_SHARED_BYTES, type Mark, waitForLeader } from "./coalesce.ts";
import { ageSeconds, buildMeta, pageState, type StoredPageMeta, windowsOf } from "./meta.ts";
import { pageCacheKey, pageFreshness, parseCacheTags, usesPageCache } from "./policy.ts";
import { refreshStalePage, takeRefresh } from "./refresh.ts";
import { readPage, type StoredPage, writePageInBackground } from "./store.ts";

/** Paths the page fall-through never takes: unknown ones there are JSON 404s of the API. */
export function isPagePath(path: string): boolean {
  return !(path === "/api" || path.startsWith("/api/") || path === "/_bonafide" || path.startsWith("/_bonafide/"));
}

/** The hot tier's page metadata, parsed once per held text (a hit re-parsed it each time). */
const heldMeta = new ParseMemo<StoredPageMeta>(
  { maxEntries: 512, maxChars: 1 << 20 },
  (text) => JSON.parse(text) as StoredPageMeta,
);

type Label = "HIT" | "MISS" | "STALE" | "STALE-IF-ERROR";

function fromStore(
  body: ReadableStream | ArrayBuffer | null,
  meta: StoredPageMeta,
  head: boolean,
  now: number,
  label: Label,
): Response {
  const headers = new Headers(meta.headers as [string, string][]);
  headers.set("age", String(ageSeconds(meta, now)));
  headers.set("x-bonafide-cache", label);
  if (head && body instanceof ReadableStream) void body.cancel();
  return new Response(head ? null : body, { status: meta.status, headers });
}

/** The origin's answer, or the error it failed with (network, refused, timed out before its headers). */
async function askOrigin(target: URL, init: RequestInit, timeoutMs: number): Promise<Response | { error: unknown }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    return await fetch(target, { ...init, redirect: "manual", signal: abort.signal });
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

function originUnavailable(cause: unknown): EdgeError {
  return new EdgeError("ORIGIN_UNAVAILABLE", "the page origin did not answer; try again shortly", { cause });
}

/**
 * What serving a page reads of its request: a Hono Context (the app's route) or the page fast path's plain
 * object (edge/pages/fast-path.ts) — the same fields either way.
 */
export interface PageContext {
  readonly req: { readonly raw: Request; readonly path: string };
  readonly env: EdgeBindings;
  /** Where background work goes (`waitUntil`); the request's log event travels in it (edge/log.ts). */
  readonly executionCtx: Pick<ExecutionContext, "waitUntil">;
}

/** The handler for page paths (the app's fall-through route and the page fast path). */
export async function servePage(c: PageContext): Promise<Response> {
  const request = c.req.raw;
  const config = readEdgeConfig(c.env);
  const log = reporterOf(c.executionCtx);
  const requestId = eventOf(c.executionCtx)?.requestId ?? null;
  const originUrl = config.originUrl;
  if (!originUrl) throw new EdgeError("NOT_FOUND", `no route for ${request.method} ${c.req.path} (no ORIGIN_URL)`);
  const url = new URL(request.url);
  // Before the cache too: a path naming another host is refused, never looked up or stored.
  const target = urlOnOrigin(originUrl, url.pathname, url.search);
  // Built only when the origin is asked: a HIT never needs the forwarded header map (nor its request id).
  const originInit = (): RequestInit => ({
    method: request.method,
    headers: addEdgeHeaders(clientHeaders(request), request, config.originSecret, requestId),
    body: request.method === "GET" || request.method === "HEAD" ? null : request.body,
  });
  if (!usesPageCache(request, url)) {
    const origin = await askOrigin(target, originInit(), config.pagesOriginTimeoutMs);
    if (!(origin instanceof Response)) throw originUnavailable(origin.error);
    const out = new Headers(origin.headers);
    out.delete("cache-tag"); // the tags stay at the edge whatever the path
    out.set("x-bonafide-cache", "BYPASS");
    return new Response(origin.body, { status: origin.status, headers: out });
  }
  const head = request.method === "HEAD";
  const defaults = {
    staleWhileRevalidateS: config.pagesStaleWhileRevalidateS,
    staleIfErrorS: config.pagesStaleIfErrorS,
  };
  const key = await pageCacheKey(url);
  const now = Date.now();
  /** A page inside its stale-while-revalidate window: served STALE while one refresh is on its way. */
  const serveStale = (body: ReadableStream | ArrayBuffer, meta: StoredPageMeta): Response => {
    if (takeRefresh(key, now)) {
      const visitor = new Request(url.href.replace(/#.*$/, ""));
      c.executionCtx.waitUntil(
        refreshStalePage(
          config.databaseUrl,
          visitor.url,
          {
            pages: c.env.PAGES,
            key,
            target,
            headers: addEdgeHeaders(new Headers(), visitor, config.originSecret, requestId),
            meta,
            defaults,
            timeoutMs: config.pagesOriginTimeoutMs,
          },
          log,
        ),
      );
    }
    return fromStore(body, meta, head, now, "STALE");
  };
  // The hot tier (edge/hot-pages.ts) holds pages until their stale-while-revalidate window ends; the
  // metadata says which answer KV's copy would give: HIT, or STALE with its refresh.
  const held = config.hotTtlMs > 0 ? heldPage(key, now, config.hotTtlMs) : undefined;
  if (held) {
    const meta = heldMeta.get(held.meta);
    const state = pageState(meta, now);
    if (state === "fresh") return fromStore(held.body, meta, head, now, "HIT");
    if (state === "stale") return serveStale(held.body, meta);
  }
  const stored = await readPage(c.env.PAGES, key, "stream", log);
  let fallback: StoredPage<ReadableStream> | null = null;
  if (stored) {
    const state = pageState(stored.meta, now);
    if (state === "fresh" || state === "stale") {
      const m = stored.meta;
      let body = stored.value;
      if (config.hotTtlMs > 0 && !head) {
        const [toClient, toHot] = stored.value.tee();
        const hold = {
          nowMs: now,
          servableUntilMs: windowsOf(m).swrUntil,
          version: m.storedAt,
          ttlMs: config.hotTtlMs,
        };
        c.executionCtx.waitUntil(holdPageFrom(key, JSON.stringify(m), toHot, hold));
        body = toClient;
      }
      return state === "fresh" ? fromStore(body, m, head, now, "HIT") : serveStale(body, m);
    }
    if (state === "stale-if-error-only") fallback = stored;
    else await stored.value.cancel();
  }

  // A miss. It coalesces: one request per key and isolate asks the origin, the others wait for its bytes. A
  // HEAD asks the origin with GET, so that its answer can be stored (nginx's proxy_cache_convert_head,
  // Varnish and Cloudflare do the same): else `curl -I` would miss for ever and fill nothing.
  const role = claim(key, now, config.pagesCoalesceWaitMs);
  let mark: Mark | undefined = typeof role === "object" ? role : undefined;
  if (role === "wait") mark = await waitForLeader(key, now + config.pagesCoalesceWaitMs);
  if (mark?.state === "done") {
    await fallback?.value.cancel();
    return fromStore(head ? null : mark.bytes.slice(0), mark.meta, head, Date.now(), "MISS");
  }
  if (mark?.state === "error" && fallback)
    return fromStore(fallback.value, fallback.meta, head, Date.now(), "STALE-IF-ERROR");
  const lead = role === "lead";
  const origin = await askOrigin(
    target,
    head ? { ...originInit(), method: "GET" } : originInit(),
    config.pagesOriginTimeoutMs,
  );
  const at = Date.now();
  if (!(origin instanceof Response) || (origin.status >= 500 && fallback)) {
    if (lead) finishError(key, at);
    if (origin instanceof Response) await origin.body?.cancel();
    if (fallback) return fromStore(fallback.value, fallback.meta, head, at, "STALE-IF-ERROR");
    throw originUnavailable(origin instanceof Response ? undefined : origin.error);
  }
  await fallback?.value.cancel();
  const out = new Headers(origin.headers);
  // Like Cloudflare, the edge keeps the tags to itself.
  out.delete("cache-tag");
  out.set("x-bonafide-cache", "MISS");
  const freshness = pageFreshness(origin.status, origin.headers, defaults);
  if (!freshness || !origin.body) {
    if (lead) (origin.status >= 500 ? finishError : finishPass)(key, at);
    if (head) await origin.body?.cancel();
    return new Response(head ? null : origin.body, { status: origin.status, headers: out });
  }
  const tags = parseCacheTags(origin.headers.get("cache-tag"));
  const buffered = await bufferUpTo(origin.body, MAX_SHARED_BYTES);
  if ("bytes" in buffered) {
    const meta = buildMeta(origin.status, origin.headers, freshness, at, buffered.bytes.byteLength, tags);
    if (meta) {
      if (lead) finishDone(key, meta, buffered.bytes, at);
      c.executionCtx.waitUntil(writePageInBackground(c.env.PAGES, key, buffered.bytes.slice(0), meta, tags, at, log));
    } else if (lead) finishPass(key, at);
    return new Response(head ? null : buffered.bytes, { status: origin.status, headers: out });
  }
  // Too big to share between requests: streamed to the client and into KV at once, as it arrives.
  if (lead) finishPass(key, at);
  const length = Number(origin.headers.get("content-length") ?? Number.NaN);
  const meta = buildMeta(origin.status, origin.headers, freshness, at, Number.isInteger(length) ? length : -1, tags);
  if (!meta) {
    if (head) await buffered.rest.cancel();
    return new Response(head ? null : buffered.rest, { status: origin.status, headers: out });
  }
  if (head) {
    c.executionCtx.waitUntil(writePageInBackground(c.env.PAGES, key, buffered.rest, meta, tags, at, log));
    return new Response(null, { status: origin.status, headers: out });
  }
  const [toClient, toStore] = buffered.rest.tee();
  c.executionCtx.waitUntil(writePageInBackground(c.env.PAGES, key, toStore, meta, tags, at, log));
  return new Response(toClient, { status: origin.status, headers: out });
}
