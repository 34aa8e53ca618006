/**
 * @module The page fast path (edge/pages/fast-path.ts) against the app's own fall-through route, inside
 * workerd: for a page HIT, a page the cache must not keep (BYPASS), a redirect, a refused path, the origin
 * down and no origin configured, the Worker's answer and the app's are the same — status, every header,
 * body (the stand-in origin numbers its answers, `#n`, which is all that is allowed to differ). The clock is
 * held still so `Age` cannot differ. What the fast path must not take it leaves to the app.
 */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getPath } from "hono/utils/url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EdgeBindings } from "../../edge/env.ts";
import worker, { app } from "../../edge/index.ts";
import { fastPage } from "../../edge/pages/fast-path.ts";
import { PUSH_SECRET } from "./helpers.ts";

/** A request and its path as edge/index.ts hands them to the fast path. */
function routed(url: string, init?: RequestInit): [Request, string] {
  const request = new Request(url, init);
  return [request, getPath(request)];
}

const NOW = Date.parse("2026-12-01T12:00:00.000Z");

interface Whole {
  status: number;
  headers: [string, string][];
  body: string;
}

async function whole(res: Response): Promise<Whole> {
  const body = (await res.text()).replace(/ #\d+<\/p>$/, " #n</p>");
  return { status: res.status, headers: [...res.headers].sort(), body };
}

/** The same request through the Worker (fast path) and through the app alone (Hono's route). */
async function both(path: string, init: RequestInit = {}, overrides: Partial<EdgeBindings> = {}) {
  const bindings = { ...env, BONAFIDE_PUSH_SECRET: PUSH_SECRET, ...overrides } as EdgeBindings;
  const run = async (call: (req: Request, ctx: ExecutionContext) => Promise<Response> | Response) => {
    const ctx = createExecutionContext();
    const res = await call(new Request(`https://edge.test${path}`, init), ctx);
    const out = await whole(res);
    await waitOnExecutionContext(ctx);
    return out;
  };
  const fast = await run((req, ctx) => worker.fetch(req, bindings, ctx));
  const slow = await run((req, ctx) => app.fetch(req, bindings, ctx));
  return { fast, slow };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a page GET answered by the fast path is the app's answer", () => {
  const id = crypto.randomUUID();
  const cases: [string, string, RequestInit, Partial<EdgeBindings>, RegExp][] = [
    ["a page HIT", `/cached/${id}`, {}, {}, /^200 HIT /],
    ["a page HIT with a query", `/cached/${id}?b=2&a=1`, {}, {}, /^200 HIT /],
    ["a private page (not kept: MISS)", `/private/${id}`, {}, {}, /^200 MISS /],
    ["a page asked with a cookie", `/cached/${id}-c`, { headers: { cookie: "session=1" } }, {}, /^200 /],
    ["a redirect", "/moved", {}, {}, /^301 /],
    ["the origin's 404", `/gone/${id}`, {}, {}, /^404 /],
    [
      "the origin down (502)",
      `/cached/${id}-down`,
      {},
      { ORIGIN_URL: "http://127.0.0.1:9" },
      /^502 .*ORIGIN_UNAVAILABLE/,
    ],
    ["no origin configured (404)", `/cached/${id}-none`, {}, { ORIGIN_URL: "" }, /^404 .*NOT_FOUND/],
    ["a broken configuration (500)", `/cached/${id}`, {}, { PAGES_STALE_IF_ERROR_S: "lots" }, /^500 .*INTERNAL/],
  ];
  for (const [name, path, init, overrides, shows] of cases) {
    it(name, async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: NOW });
      // Once through the app first, so both compared asks meet the same state (KV, the hot tier).
      await both(path, init, overrides);
      const { fast, slow } = await both(path, init, overrides);
      expect(fast).toEqual(slow);
      const cache = fast.headers.find(([k]) => k === "x-bonafide-cache")?.[1] ?? "-";
      expect(`${fast.status} ${cache} ${fast.body}`).toMatch(shows);
    });
  }
});

describe("what the page fast path leaves to the app", () => {
  const ctx = createExecutionContext();
  const bindings = env as EdgeBindings;
  it.each([
    ["HEAD", "/cached/x"],
    ["POST", "/echo/form"],
    ["GET", "/api"],
    ["GET", "/api/v1/meta"],
    ["GET", "/api/v1/rate?d=x.de"],
    ["GET", "/_bonafide/pages/status"],
    ["GET", "/fcgi/rateapiv3.fcgi?url=x.de"],
    ["GET", "/fcgi"],
    ["GET", "/cgi-bin/rateapi.cgi"],
    ["GET", "/rating/x.de"],
  ])("%s %s", (method, path) => {
    expect(fastPage(...routed(`https://edge.test${path}`, { method }), bindings, ctx)).toBeNull();
  });

  it.each(["/", "/cached/x", "/search?q=a", "/ratings-of-things"])("takes GET %s", (path) => {
    // "/ratings-of-things" starts with /rating: left to the app too, which serves it as a page all the same.
    const taken = fastPage(...routed(`https://edge.test${path}`), { ...bindings, ORIGIN_URL: "" }, ctx);
    expect(taken === null).toBe(path.startsWith("/rating"));
    void taken?.catch(() => undefined);
  });

  it("a HEAD is still answered by the app, without a body", async () => {
    const { fast, slow } = await both(`/cached/${crypto.randomUUID()}`, { method: "HEAD" });
    expect(fast.body).toBe("");
    expect(fast.status).toBe(slow.status);
  });
});
