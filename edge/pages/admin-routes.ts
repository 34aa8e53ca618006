/**
 * @module The page cache's admin API (admin bearer token; a wrong token is 403 by contract §3–4):
 * `GET /_bonafide/pages/status?url=` — what the edge holds for a URL and how fresh it is — and
 * `POST /_bonafide/pages/purge` — by URL, prefix or tag, soft or hard (purge.ts).
 */
import { Hono } from "hono";
import { requireAdminToken } from "../admin/auth.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError } from "../errors.ts";
import { readBodyText } from "../read-body.ts";
import { ageSeconds, pageState, windowsOf } from "./meta.ts";
import { pageCacheKey } from "./policy.ts";
import { parsePurge, purgePages } from "./purge.ts";
import { readPage } from "./store.ts";

const MAX_PURGE_BODY_BYTES = 64 * 1024;

export const pagesAdminRoutes = new Hono<{ Bindings: EdgeBindings }>();
pagesAdminRoutes.use("*", requireAdminToken({ wrongTokenStatus: 403 }));

const iso = (ms: number) => new Date(ms).toISOString();

pagesAdminRoutes.get("/status", async (c) => {
  const given = c.req.query("url");
  let url: URL;
  try {
    if (!given || !/^https?:\/\//i.test(given)) throw new Error();
    url = new URL(given);
  } catch {
    throw new EdgeError("BAD_URL", "url: give the page's absolute http(s) URL, ?url=https://host/path");
  }
  const key = await pageCacheKey(url);
  const page = await readPage(c.env.PAGES, key, "stream");
  await page?.value.cancel();
  if (!page) {
    return c.json({
      url: url.href,
      key,
      stored: false,
      status: null,
      storedAt: null,
      age: null,
      freshUntil: null,
      staleWhileRevalidateUntil: null,
      staleIfErrorUntil: null,
      state: "absent",
      tags: [],
      bytes: null,
    });
  }
  const now = Date.now();
  const { meta } = page;
  const w = windowsOf(meta);
  return c.json({
    url: url.href,
    key,
    stored: true,
    status: meta.status,
    storedAt: iso(meta.storedAt),
    age: ageSeconds(meta, now),
    freshUntil: iso(w.freshUntil),
    staleWhileRevalidateUntil: iso(w.swrUntil),
    staleIfErrorUntil: iso(w.sieUntil),
    state: pageState(meta, now),
    tags: meta.tags ?? [],
    ...(meta.tagsOmitted ? { tagsOmitted: true } : {}),
    bytes: meta.bytes !== undefined && meta.bytes >= 0 ? meta.bytes : null,
  });
});

pagesAdminRoutes.post("/purge", async (c) => {
  const request = await parsePurge(await readBodyText(c.req.raw, MAX_PURGE_BODY_BYTES, "a purge"));
  const result = await purgePages(c.env.PAGES, request, Date.now(), readEdgeConfig(c.env).hotTtlMs);
  if (!result.truncated) return c.json({ purged: result.purged });
  return c.json({
    purged: result.purged,
    truncated: true,
    message: "more pages matched than one request may touch; send the same purge again for the rest",
  });
});
