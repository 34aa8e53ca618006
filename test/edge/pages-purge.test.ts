/**
 * @module Purge (contract §4) by URL, prefix and tag, soft and hard; its 4xx for bad bodies and tokens; and
 * the status endpoint (contract §3). Pages come from the real origin on loopback (test/support/page-origin.ts:
 * `/swr/*` pages carry the `Cache-Tag`s of their `tags` query parameter and answer 304 to their ETag).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callEdge } from "./helpers.ts";

const TOKEN = "test-admin-token";
const origin = (env as unknown as { ORIGIN_URL: string }).ORIGIN_URL;
async function originHits(path: string): Promise<number> {
  return Number(await (await fetch(`${origin}/_hits?path=${encodeURIComponent(path)}`)).text());
}

const visit = (url: string) => callEdge(new Request(url), { DATABASE_URL: "" });
async function cacheOf(url: string): Promise<string | null> {
  const res = await visit(url);
  await res.text();
  return res.headers.get("x-bonafide-cache");
}

function admin(path: string, init: RequestInit = {}, token: string | null = TOKEN): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  return callEdge(new Request(`https://edge.test/_bonafide/pages${path}`, { ...init, headers }));
}
const purge = (body: unknown, token: string | null = TOKEN) =>
  admin("/purge", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }, token);
async function status(url: string): Promise<Record<string, unknown>> {
  return (await (await admin(`/status?url=${encodeURIComponent(url)}`)).json()) as Record<string, unknown>;
}

/** A page under /swr/<id>/ fetched once through the edge (MISS → stored). */
async function cached(dir: string, name: string, tags?: string): Promise<string> {
  const url = `https://edge.test${dir}/${name}${tags ? `?tags=${tags}` : ""}`;
  expect(await cacheOf(url)).toBe("MISS");
  expect(await cacheOf(url)).toBe("HIT");
  return url;
}

describe("purge", () => {
  it("by URL, hard: the next request is a MISS", async () => {
    const dir = `/swr/${crypto.randomUUID()}`;
    const url = await cached(dir, "a");
    const res = await purge({ urls: [url] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ purged: 1 });
    expect(await cacheOf(url)).toBe("MISS");
    expect(await originHits(`${dir}/a`)).toBe(2);
    expect(await (await purge({ urls: [`${url}-never-stored`] })).json()).toEqual({ purged: 0 });
  });

  it("by URL, soft: served STALE while refreshed, then HIT", async () => {
    const dir = `/swr/${crypto.randomUUID()}`;
    const url = await cached(dir, "a");
    expect(await (await purge({ urls: [url], soft: true })).json()).toEqual({ purged: 1 });
    expect((await status(url)).state).toBe("stale");
    expect(await cacheOf(url)).toBe("STALE"); // and the refresh (no database: from the origin, 304)
    expect(await cacheOf(url)).toBe("HIT");
    expect(await originHits(`${dir}/a`)).toBe(2);
  });

  it("by prefix: the pages under it, not their neighbours", async () => {
    const dir = `/swr/${crypto.randomUUID()}`;
    const a = await cached(`${dir}/docs`, "a");
    const b = await cached(`${dir}/docs`, "b");
    const other = await cached(`${dir}/blog`, "c");
    expect(await (await purge({ prefixes: [`https://EDGE.test${dir}/docs/`] })).json()).toEqual({ purged: 2 });
    expect(await cacheOf(a)).toBe("MISS");
    expect(await cacheOf(b)).toBe("MISS");
    expect(await cacheOf(other)).toBe("HIT");
  });

  it("by tag (case-insensitive), hard and soft, also pages keyed by the hash of a long URL", async () => {
    const id = crypto.randomUUID().slice(0, 8);
    const dir = `/swr/${crypto.randomUUID()}`;
    const tagged = await cached(dir, "a", `grp-${id},other-${id}`);
    const long = await cached(dir, `${"x".repeat(600)}`, `grp-${id}`);
    const untagged = await cached(dir, "b", `else-${id}`);
    // A longer tag sharing the prefix is a different tag.
    const longerTag = await cached(dir, "c", `grp-${id}:more`);
    expect((await status(tagged)).tags).toEqual([`grp-${id}`, `other-${id}`]);

    expect(await (await purge({ tags: [`GRP-${id}`], soft: true })).json()).toEqual({ purged: 2 });
    expect(await cacheOf(tagged)).toBe("STALE");
    expect(await cacheOf(long)).toBe("STALE");

    expect(await (await purge({ tags: [`grp-${id}`] })).json()).toEqual({ purged: 2 });
    expect(await cacheOf(tagged)).toBe("MISS");
    expect(await cacheOf(long)).toBe("MISS");
    expect(await cacheOf(untagged)).toBe("HIT");
    expect(await cacheOf(longerTag)).toBe("HIT");
    // The hard purge removed the index entries; the pages stored again wrote new ones.
    expect(await (await purge({ tags: [`other-${id}`] })).json()).toEqual({ purged: 1 });
  });

  it("keeps tags that do not fit in KV's 1 KiB of metadata in the tag index only, still purgeable", async () => {
    const id = crypto.randomUUID().slice(0, 8);
    const many = Array.from({ length: 40 }, (_, i) => `t${i}-${id}-${"x".repeat(100)}`);
    const url = await cached(`/swr/${crypto.randomUUID()}`, "a", many.join(","));
    const s = await status(url);
    expect(s).toMatchObject({ state: "fresh", tags: [], tagsOmitted: true });
    // At most 32 tags are kept per page: the 33rd names nothing.
    expect(await (await purge({ tags: [many[32]] })).json()).toEqual({ purged: 0 });
    expect(await (await purge({ tags: [many[31]] })).json()).toEqual({ purged: 1 });
    expect(await cacheOf(url)).toBe("MISS");
  });

  it("answers 401 without a token and 403 with a wrong one", async () => {
    const none = await purge({ urls: ["https://edge.test/x"] }, null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect((await purge({ urls: ["https://edge.test/x"] }, "wrong")).status).toBe(403);
    expect((await admin("/status?url=https://edge.test/x", {}, "wrong")).status).toBe(403);
  });

  it("answers 400 to a body that is not JSON and 422 naming the field of a bad shape", async () => {
    expect((await purge("{not json")).status).toBe(400);
    const cases: [unknown, string][] = [
      [[], "body"],
      [{}, "urls"],
      [{ urls: "https://edge.test/" }, "urls"],
      [{ urls: ["/relative"] }, "urls[0]"],
      [{ prefixes: ["https://edge.test/", 5] }, "prefixes[1]"],
      [{ tags: ["a,b"] }, "tags[0]"],
      [{ urls: ["https://edge.test/"], soft: "yes" }, "soft"],
      [{ url: ["https://edge.test/"] }, "url"],
      [{ urls: Array.from({ length: 101 }, (_, i) => `https://edge.test/${i}`) }, "urls"],
    ];
    expect((await purge({ urls: ["https://edge.test/".padEnd(70_000, "x")] })).status).toBe(413);
    for (const [body, field] of cases) {
      const res = await purge(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = ((await res.json()) as { error: { code: string; message: string; field: string } }).error;
      expect(error.field).toBe(field);
      expect(error.message.startsWith(`${field}:`)).toBe(true);
    }
  });
});

describe("page status", () => {
  it("says what the edge holds for a URL and how fresh it is", async () => {
    const url = `https://edge.test/swr/${crypto.randomUUID()}?tags=st`;
    expect(await status(url)).toMatchObject({ stored: false, state: "absent", tags: [] });
    await cacheOf(url);
    const s = await status(url);
    expect(s).toMatchObject({ url, stored: true, status: 200, state: "fresh", tags: ["st"] });
    expect(s.bytes).toBeGreaterThan(0);
    const storedAt = Date.parse(String(s.storedAt));
    expect(Date.parse(String(s.freshUntil)) - storedAt).toBe(120_000);
    expect(Date.parse(String(s.staleWhileRevalidateUntil)) - storedAt).toBe(720_000);
    expect(Date.parse(String(s.staleIfErrorUntil)) - storedAt).toBe(3_720_000);
    expect((await admin("/status?url=/relative")).status).toBe(400);
    expect((await admin("/status")).status).toBe(400);
  });
});
