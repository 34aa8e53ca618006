/**
 * @module A page served from the cache carries the headers the origin sent with it: a HIT that dropped
 * `Content-Disposition`, `Content-Security-Policy`, `X-Frame-Options` or `X-Content-Type-Options` would turn
 * a download into an inline page or make a page frameable for every visitor the cache answers. Headers that
 * do not fit beside the page are never dropped: the page is then not stored. The edge keeps the origin's
 * Cache-Tag to itself on every path.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signedHeaders } from "../../shared/signing.ts";
import { callEdge, get, PUSH_SECRET } from "./helpers.ts";

const origin = (env as unknown as { ORIGIN_URL: string }).ORIGIN_URL;
async function originHits(path: string): Promise<number> {
  return Number(await (await fetch(`${origin}/_hits?path=${encodeURIComponent(path)}`)).text());
}
const unique = (prefix: string) => `${prefix}/${crypto.randomUUID()}`;
const SAFETY = ["content-security-policy", "x-frame-options", "x-content-type-options", "content-disposition"];

describe("headers of a cached page", () => {
  it("serves a HIT with the origin's end-to-end headers, without per-response ones", async () => {
    const path = unique("/secure");
    const miss = await get(path);
    expect(miss.headers.get("x-bonafide-cache")).toBe("MISS");
    await miss.text();
    const hit = await get(path);
    expect(hit.headers.get("x-bonafide-cache")).toBe("HIT");
    for (const name of SAFETY) expect(hit.headers.get(name), name).toBe(miss.headers.get(name));
    expect(hit.headers.has("x-request-id")).toBe(false); // the origin's id of another response
    await hit.text();
    expect(await originHits(path)).toBe(1);
  });

  it("does not store a page whose headers do not fit beside it, rather than serve it without them", async () => {
    const path = unique("/secure");
    for (let i = 0; i < 2; i++) {
      const res = await get(`${path}?csp=2000`);
      expect(res.headers.get("x-bonafide-cache")).toBe("MISS");
      expect(res.headers.get("content-security-policy")?.length).toBe(2000);
      await res.text();
    }
    expect(await originHits(path)).toBe(2);
  });

  it("keeps the origin's Cache-Tag from a bypassed request too", async () => {
    const res = await get(`${unique("/swr")}?_debug=x`);
    expect(res.headers.get("x-bonafide-cache")).toBe("BYPASS");
    expect(res.headers.has("cache-tag")).toBe(false);
    await res.text();
  });
});

describe("the page push's headers", () => {
  const PATH = "/_bonafide/internal/pages";
  async function push(payload: unknown) {
    const body = JSON.stringify(payload);
    const headers = await signedHeaders(PUSH_SECRET, { method: "POST", path: PATH, body });
    return callEdge(
      new Request(`https://edge.test${PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      }),
    );
  }
  const page = (url: string, headers: [string, string][]) => ({
    url,
    renderedAt: Date.now(),
    status: 200,
    headers: [["cache-control", "public, s-maxage=60"], ...headers],
    body: btoa("<p>pushed</p>"),
  });

  it("serves a pushed page with its pushed end-to-end headers; 422 when they do not fit", async () => {
    const url = `https://edge.test${unique("/pushed")}`;
    const stored = await push(
      page(url, [
        ["x-frame-options", "DENY"],
        ["content-disposition", "attachment"],
      ]),
    );
    expect(await stored.json()).toEqual({ stored: 1 });
    const hit = await callEdge(new Request(url), { DATABASE_URL: "" });
    expect(hit.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(hit.headers.get("x-frame-options")).toBe("DENY");
    expect(hit.headers.get("content-disposition")).toBe("attachment");
    await hit.text();
    const big = await push(
      page(`https://edge.test${unique("/pushed")}`, [["content-security-policy", "x".repeat(1500)]]),
    );
    expect(big.status).toBe(422);
  });
});
