/**
 * @module The signed page push (contract §2): stored and served, refused with a bad signature or a replayed
 * nonce, skipped when older, 422 when the policy says not storable, and `notModified` moving only freshness.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { pageCacheKey } from "../../edge/pages/policy.ts";
import { signedHeaders } from "../../shared/signing.ts";
import { callEdge, PUSH_SECRET } from "./helpers.ts";

const PATH = "/_bonafide/internal/pages";
const unique = (prefix: string) => `https://edge.test${prefix}/${crypto.randomUUID()}`;
const CACHED = "public, s-maxage=60, stale-while-revalidate=600";

async function push(payload: unknown, o: { secret?: string; headers?: Record<string, string> } = {}) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const headers = o.headers ?? (await signedHeaders(o.secret ?? PUSH_SECRET, { method: "POST", path: PATH, body }));
  return callEdge(
    new Request(`https://edge.test${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
  );
}

function rendered(url: string, html: string, renderedAt: number, headers: [string, string][] = []) {
  return {
    url,
    renderedAt,
    status: 200,
    headers: [["content-type", "text/html"], ["cache-control", CACHED], ["etag", '"r1"'], ...headers],
    body: btoa(html),
  };
}

const visit = (url: string, overrides = {}) => callEdge(new Request(url), { DATABASE_URL: "", ...overrides });

describe("the page push", () => {
  it("stores a pushed page under the key recomputed from its URL, served as HIT with its Age", async () => {
    const url = unique("/pushed");
    const res = await push(rendered(`${url}?b=2&a=1`, "<p>pushed</p>", Date.now() - 5_000, [["cache-tag", "Jobs"]]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 1 });
    const hit = await visit(`${url}?a=1&b=2`);
    expect(hit.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(Number(hit.headers.get("age"))).toBeGreaterThanOrEqual(5);
    expect(hit.headers.get("etag")).toBe('"r1"');
    expect(hit.headers.has("cache-tag")).toBe(false);
    expect(await hit.text()).toBe("<p>pushed</p>");
  });

  it("refuses a bad signature (401) and a replayed nonce (409)", async () => {
    const url = unique("/pushed");
    const payload = rendered(url, "<p>x</p>", Date.now());
    expect((await push(payload, { secret: "not-the-secret" })).status).toBe(401);
    expect((await push(payload, { headers: {} })).status).toBe(401);
    const body = JSON.stringify(payload);
    const headers = await signedHeaders(PUSH_SECRET, { method: "POST", path: PATH, body });
    expect((await push(body, { headers })).status).toBe(200);
    const again = await push(body, { headers });
    expect(again.status).toBe(409);
    // Signed for the rating push's path: refused here.
    const other = await signedHeaders(PUSH_SECRET, { method: "POST", path: "/_bonafide/internal/ratings", body });
    expect((await push(body, { headers: other })).status).toBe(401);
  });

  it("never stores an older (or equally old) page over a newer one", async () => {
    const url = unique("/pushed");
    const at = Date.now() - 1_000;
    expect(await (await push(rendered(url, "<p>new</p>", at))).json()).toEqual({ stored: 1 });
    expect(await (await push(rendered(url, "<p>old</p>", at - 60_000))).json()).toEqual({ skipped: 1 });
    expect(await (await push(rendered(url, "<p>twin</p>", at))).json()).toEqual({ skipped: 1 });
    expect(await (await visit(url)).text()).toBe("<p>new</p>");
  });

  it("applies the MISS rules to the pushed headers: not storable is 422", async () => {
    for (const headers of [
      [["cache-control", "private, max-age=60"]],
      [
        ["cache-control", CACHED],
        ["set-cookie", "a=1"],
      ],
      [
        ["cache-control", CACHED],
        ["vary", "cookie"],
      ],
    ] as [string, string][][]) {
      const res = await push({ url: unique("/pushed"), renderedAt: Date.now(), status: 200, headers, body: "" });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_STORABLE");
    }
  });

  it("refuses bad bodies with 400 naming the field, a renderedAt in the future, and oversized pushes with 413", async () => {
    const url = unique("/pushed");
    const cases: [unknown, RegExp][] = [
      ["not json", /JSON/],
      [{ ...rendered(url, "x", Date.now()), url: "/relative" }, /"url"/],
      [{ ...rendered(url, "x", Date.now()), renderedAt: "yesterday" }, /"renderedAt"/],
      [rendered(url, "x", Date.now() + 3_600_000), /future/],
      [{ ...rendered(url, "x", Date.now()), status: 99 }, /"status"/],
      [{ ...rendered(url, "x", Date.now()), headers: [["bad name", "x"]] }, /headers\[0\]/],
      [{ ...rendered(url, "x", Date.now()), body: "***" }, /base64/],
    ];
    for (const [payload, message] of cases) {
      const res = await push(payload);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const huge = await callEdge(
      new Request(`https://edge.test${PATH}`, {
        method: "POST",
        headers: {
          "content-length": String(9 * 1024 * 1024),
          ...(await signedHeaders(PUSH_SECRET, { method: "POST", path: PATH, body: "" })),
        },
        body: "x",
      }),
    );
    expect(huge.status).toBe(413);
  });

  it("notModified keeps the stored body and moves only freshness and Age", async () => {
    const url = unique("/pushed");
    const key = await pageCacheKey(new URL(url));
    // Rendered 10 minutes ago with a 60 s lifetime: stale now.
    await push(rendered(url, "<p>kept</p>", Date.now() - 600_000, [["cache-tag", "kept"]]));
    const stale = await visit(url, { ORIGIN_URL: "http://127.0.0.1:9" });
    expect(stale.headers.get("x-bonafide-cache")).toBe("STALE");
    await stale.text();
    const res = await push({
      url,
      renderedAt: Date.now() - 2_000,
      notModified: true,
      headers: [
        ["cache-control", "public, s-maxage=300"],
        ["etag", '"r1"'],
      ],
    });
    expect(await res.json()).toEqual({ stored: 1 });
    const hit = await visit(url);
    expect(hit.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(Number(hit.headers.get("age"))).toBeLessThan(10);
    expect(hit.headers.get("cache-control")).toBe("public, s-maxage=300");
    expect(await hit.text()).toBe("<p>kept</p>");
    const stored = await env.PAGES.getWithMetadata<{ tags?: string[] }>(key);
    expect(stored.metadata?.tags).toEqual(["kept"]);
    // Nothing stored: nothing to freshen.
    const none = await push({ url: unique("/pushed"), renderedAt: Date.now(), notModified: true, headers: [] });
    expect(await none.json()).toEqual({ skipped: 1 });
  });
});
