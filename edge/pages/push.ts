/**
 * @module `POST /_bonafide/internal/pages` (contract §2): the aggregator's page refresh pushes a rendered page
 * (or "not modified") into the page cache, signed exactly like the rating push (edge/push/signed.ts). The
 * key is recomputed from the URL (a key is never trusted), the pushed headers pass the same storability and
 * freshness rules as a MISS (not storable → 422), and an older page never replaces a newer one
 * (renderedAt ≤ the stored page's storedAt → `{"skipped": 1}`).
 */
import { Hono } from "hono";
import { MAX_CLOCK_SKEW_MS } from "../../shared/signing.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError } from "../errors.ts";
import { dropPages, holdPage } from "../hot-pages.ts";
import { authenticateSigned, precheckSigned } from "../push/signed.ts";
import { readBodyText } from "../read-body.ts";
import { forget } from "./coalesce.ts";
import { buildMeta, windowsOf } from "./meta.ts";
import { pageCacheKey, pageFreshness, parseCacheTags } from "./policy.ts";
import { freshenPage, readPage, writePage } from "./store.ts";

export const PAGE_PUSH_PATH = "/_bonafide/internal/pages";
/** The encoded body's limit (base64 of a page of up to 6 MiB). */
export const MAX_PAGE_PUSH_BYTES = 8 * 1024 * 1024;
const MAX_PUSH_HEADERS = 100;
const MAX_HEADER_VALUE_CHARS = 8192;

interface PagePush {
  readonly url: URL;
  readonly renderedAt: number;
  readonly headers: Headers;
  readonly page: { readonly status: number; readonly bytes: Uint8Array } | null;
}

function bad(message: string): EdgeError {
  return new EdgeError("BAD_BODY", message);
}

function parseHeaders(value: unknown): Headers {
  if (!Array.isArray(value) || value.length > MAX_PUSH_HEADERS)
    throw bad(`"headers" must be an array of at most ${MAX_PUSH_HEADERS} [name, value] pairs`);
  const headers = new Headers();
  value.forEach((pair, i) => {
    const ok =
      Array.isArray(pair) &&
      pair.length === 2 &&
      typeof pair[0] === "string" &&
      /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(pair[0]) &&
      typeof pair[1] === "string" &&
      pair[1].length <= MAX_HEADER_VALUE_CHARS &&
      !/[\r\n\0]/.test(pair[1]);
    if (!ok) throw bad(`headers[${i}] must be a [name, value] pair of a valid header`);
    headers.append(pair[0], pair[1]);
  });
  return headers;
}

function decodeBase64(value: unknown): Uint8Array {
  if (typeof value !== "string") throw bad(`"body" must be the page's bytes in base64`);
  try {
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    throw bad(`"body" is not valid base64`);
  }
}

/** The push, checked field by field; 400 naming the field that is wrong. */
export function parsePagePush(text: string, now: number): PagePush {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EdgeError("BAD_JSON", "the body is not valid JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw bad("the body must be a JSON object");
  let url: URL;
  try {
    url = new URL(String(parsed.url));
  } catch {
    throw bad(`"url" must be an absolute http(s) URL`);
  }
  if (typeof parsed.url !== "string" || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw bad(`"url" must be an absolute http(s) URL`);
  const renderedAt = parsed.renderedAt;
  if (typeof renderedAt !== "number" || !Number.isSafeInteger(renderedAt) || renderedAt <= 0)
    throw bad(`"renderedAt" must be the time the page was rendered, in epoch milliseconds`);
  if (renderedAt > now + MAX_CLOCK_SKEW_MS)
    throw bad(`"renderedAt" is in the future by more than ${MAX_CLOCK_SKEW_MS / 1000} s: check the clocks`);
  const headers = parseHeaders(parsed.headers);
  if (parsed.notModified === true) return { url, renderedAt, headers, page: null };
  if (parsed.notModified !== undefined && parsed.notModified !== false)
    throw bad(`"notModified" must be true or absent`);
  const status = parsed.status;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599)
    throw bad(`"status" must be an HTTP status from 200 to 599`);
  return { url, renderedAt, headers, page: { status, bytes: decodeBase64(parsed.body) } };
}

function notStorable(): EdgeError {
  return new EdgeError(
    "NOT_STORABLE",
    "the page cache may not store this page: its Cache-Control, status, Set-Cookie or Vary forbid it, or its headers are over the 1 KiB kept beside a page",
  );
}

export const pagePushRoutes = new Hono<{ Bindings: EdgeBindings }>();

pagePushRoutes.post("/pages", async (c) => {
  const signed = precheckSigned(c);
  const text = await readBodyText(c.req.raw, MAX_PAGE_PUSH_BYTES, "a page push");
  await authenticateSigned(c.env, signed, PAGE_PUSH_PATH, text);
  const now = Date.now();
  const push = parsePagePush(text, now);
  const config = readEdgeConfig(c.env);
  const defaults = {
    staleWhileRevalidateS: config.pagesStaleWhileRevalidateS,
    staleIfErrorS: config.pagesStaleIfErrorS,
  };
  const key = await pageCacheKey(push.url);
  if (!push.page) {
    const result = await freshenPage(c.env.PAGES, key, push.headers, push.renderedAt, defaults, now);
    if (result === "not-storable") throw notStorable();
    if (result !== "freshened") return c.json({ skipped: 1 });
    forget(key);
    dropPages([key], now, 0); // its freshness moved; the next hit holds the new one
    return c.json({ stored: 1 });
  }
  const freshness = pageFreshness(push.page.status, push.headers, defaults);
  if (!freshness) throw notStorable();
  const current = await readPage(c.env.PAGES, key, "stream");
  await current?.value.cancel();
  if (current && push.renderedAt <= current.meta.storedAt) return c.json({ skipped: 1 });
  const tags = parseCacheTags(push.headers.get("cache-tag"));
  const { bytes } = push.page;
  const meta = buildMeta(push.page.status, push.headers, freshness, push.renderedAt, bytes.byteLength, tags);
  if (!meta) throw notStorable();
  const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (!(await writePage(c.env.PAGES, key, body, meta, tags, now))) return c.json({ skipped: 1 });
  forget(key);
  // This isolate answers the new page at once (a newer version replaces what it held); others within the hot TTL.
  dropPages([key], now, 0);
  holdPage(key, JSON.stringify(meta), body, {
    nowMs: now,
    servableUntilMs: windowsOf(meta).swrUntil,
    version: meta.storedAt,
    ttlMs: config.hotTtlMs,
  });
  return c.json({ stored: 1 });
});
