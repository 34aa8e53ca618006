import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Rule, RulesDocument } from "../../shared/rules/model.ts";
import { callEdge } from "./helpers.ts";

const TOKEN = "test-admin-token";
const ECHO = (env as unknown as { TEST_ECHO_URL: string }).TEST_ECHO_URL;

function admin(method: string, path: string, body?: unknown, token: string | null = TOKEN, overrides = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  return callEdge(new Request(`https://edge.test/_bonafide/rules${path}`, init), overrides);
}

async function publish(document: RulesDocument): Promise<number> {
  const res = await admin("PUT", "", document);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { version: number }).version;
}

const req = (path: string, init: RequestInit = {}) => callEdge(new Request(`https://edge.test${path}`, init));

const rules: Rule[] = [
  { id: "old-page", match: { path: "/old.html" }, action: { type: "redirect", to: "/new.html", status: 301 } },
  {
    id: "temp",
    match: { prefix: "/sale/" },
    action: { type: "redirect", to: "/offers/", status: 307, keepQuery: false },
  },
  {
    id: "see-other",
    match: { path: "/form", method: "POST" },
    action: { type: "redirect", to: "/thanks", status: 303 },
  },
  {
    id: "perm-308",
    match: { pattern: "/blog/:year/:slug" },
    action: { type: "redirect", to: "/posts/:slug?y=:year", status: 308 },
  },
  {
    id: "found",
    match: { regex: "^/item-(\\d+)\\.html$" },
    action: { type: "redirect", to: "/items/$1", status: 302 },
  },
  {
    id: "host",
    match: { host: "old.example.com", prefix: "/" },
    action: { type: "redirect", to: "https://new.example.com$request_uri" },
  },
  {
    id: "wild",
    match: { host: "*.example.org", path: "/" },
    action: { type: "respond", status: 200, body: "subdomain" },
  },
  { id: "meta-alias", match: { path: "/about-api" }, action: { type: "rewrite", to: "/api/v1/meta" } },
  { id: "chain-1", match: { path: "/step1" }, action: { type: "rewrite", to: "/step2" } },
  { id: "chain-2", match: { path: "/step2" }, action: { type: "rewrite", to: "/about-api" } },
  { id: "proxy", match: { prefix: "/legacy/" }, action: { type: "proxy", origin: "echo" } },
  { id: "proxy-re", match: { regex: "^/old-app/(.*)$" }, action: { type: "proxy", origin: "echo", to: "/app/$1" } },
  {
    id: "robots",
    match: { path: "/robots.txt" },
    action: { type: "respond", status: 200, body: "User-agent: *\nDisallow:\n" },
  },
  {
    id: "gone",
    match: { path: "/gone" },
    action: { type: "respond", status: 410, body: "gone", contentType: "text/html" },
  },
  {
    id: "beta",
    match: { path: "/beta", headers: { "x-beta": "1" } },
    action: { type: "respond", status: 200, body: "beta" },
  },
  {
    id: "q",
    match: { path: "/q", query: { v: "2", debug: false } },
    action: { type: "respond", status: 200, body: "v2" },
  },
  { id: "ck", match: { path: "/ck", cookies: { plan: "pro" } }, action: { type: "respond", status: 200, body: "pro" } },
  { id: "geo", match: { path: "/geo", country: "DE" }, action: { type: "respond", status: 200, body: "de" } },
  {
    id: "sec-headers",
    match: { prefix: "/" },
    action: {
      type: "headers",
      request: { set: { "x-from-edge": "yes" }, remove: ["x-drop-me"] },
      response: { set: { "x-frame-options": "DENY" }, remove: ["set-cookie"] },
    },
  },
  // Header-dependent, so the publish-time loop check (which sends no headers) lets it through to test the runtime bound.
  {
    id: "grow",
    match: { regex: "^/g/(.*)$", headers: { "x-grow": "1" } },
    action: { type: "rewrite", to: "/g/g/$1" },
  },
  {
    id: "block-admin-lookalike",
    match: { prefix: "/_bonafide/" },
    action: { type: "respond", status: 503, body: "no" },
  },
];
const doc: RulesDocument = { origins: { echo: ECHO }, rules };

describe("admin auth on /_bonafide/rules", () => {
  it("is disabled (403) without a configured token, 401 without or with a wrong token, 200 with the right one", async () => {
    const disabled = await admin("GET", "", undefined, TOKEN, { BONAFIDE_ADMIN_TOKEN: "" });
    expect(disabled.status).toBe(403);
    expect(((await disabled.json()) as { error: { code: string } }).error.code).toBe("ADMIN_DISABLED");
    const none = await admin("GET", "", undefined, null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const wrong = await admin("GET", "", undefined, "test-admin-tokem");
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("BAD_TOKEN");
    expect((await admin("PUT", "", doc, "nope")).status).toBe(401);
    const right = await admin("GET", "");
    expect(right.status).toBe(200);
  });
});

describe("publishing, the rules at work, versions and rollback", () => {
  it("refuses an invalid document with 422 naming each rule, and a rewrite loop, without touching the live set; warns of shadowed rules", async () => {
    const before = await ((await admin("GET", "")) as Response).json();
    const bad = await admin("PUT", "", {
      rules: [
        { id: "x", match: { path: "nope" }, action: { type: "redirect", to: "/y" } },
        { id: "y", match: { regex: "^(a)\\1" }, action: { type: "pass" } },
      ],
    });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { problems: { rule: string; code: string }[] } };
    expect(body.error.problems).toEqual([expect.objectContaining({ rule: "x", code: "BAD_PATH" })]);
    const loop = await admin("PUT", "", {
      rules: [
        { id: "a", match: { path: "/a" }, action: { type: "rewrite", to: "/b" } },
        { id: "b", match: { path: "/b" }, action: { type: "rewrite", to: "/a" } },
      ],
    });
    expect(loop.status).toBe(422);
    expect(JSON.stringify(await loop.json())).toContain("RULE_LOOP");
    expect(await (await admin("GET", "")).json()).toEqual(before); // refused documents changed nothing
    expect((await admin("PUT", "", "{not json")).status).toBe(400);
    const shadowed = await admin("PUT", "?comment=dup", {
      rules: [
        { id: "first", match: { path: "/d" }, action: { type: "pass" } },
        { id: "second", match: { path: "/d" }, action: { type: "pass" } },
      ],
    });
    expect(shadowed.status).toBe(201);
    expect(((await shadowed.json()) as { warnings: { rule: string }[] }).warnings).toEqual([
      expect.objectContaining({ rule: "second", code: "SHADOWED" }),
    ]);
  });

  it("applies every action and condition before the app, naming the rule in x-bonafide-rule", async () => {
    const version = await publish(doc);
    const current = (await (await admin("GET", "")).json()) as { version: number; rules: Rule[] };
    expect(current.version).toBe(version);
    expect(current.rules).toHaveLength(rules.length);

    // Requests no terminal rule takes go on to the app with only the headers rule applied.
    const onlyHeaders = async (path: string, init: RequestInit = {}) =>
      (await req(path, init)).headers.get("x-bonafide-rule") === "sec-headers";
    const redirect = async (path: string, init: RequestInit = {}) => {
      const res = await req(path, init);
      return [res.status, res.headers.get("location"), res.headers.get("x-bonafide-rule")];
    };
    expect(await redirect("/old.html?a=1")).toEqual([301, "/new.html?a=1", "sec-headers, old-page"]);
    expect(await redirect("/sale/shoes?x=1")).toEqual([307, "/offers/", "sec-headers, temp"]);
    expect(await redirect("/form", { method: "POST", body: "a=1" })).toEqual([
      303,
      "/thanks",
      "sec-headers, see-other",
    ]);
    expect(await onlyHeaders("/form")).toBe(true); // GET: no rule but the headers one; the app answers
    expect(await redirect("/blog/2024/hello")).toEqual([308, "/posts/hello?y=2024", "sec-headers, perm-308"]);
    expect(await redirect("/item-7.html")).toEqual([302, "/items/7", "sec-headers, found"]);
    expect(await redirect("/x?y=1", { headers: { host: "old.example.com" } })).toEqual([
      301,
      "https://new.example.com/x?y=1",
      "sec-headers, host",
    ]);

    const text = async (path: string, init: RequestInit = {}) => {
      const res = await req(path, init);
      return [res.status, await res.text()];
    };
    expect(await text("/", { headers: { host: "a.b.example.org" } })).toEqual([200, "subdomain"]);
    expect((await req("/", { headers: { host: "example.org" } })).headers.get("x-bonafide-rule")).toBe("sec-headers");
    expect(await text("/robots.txt")).toEqual([200, "User-agent: *\nDisallow:\n"]);
    const gone = await req("/gone");
    expect([gone.status, gone.headers.get("content-type"), gone.headers.get("x-frame-options")]).toEqual([
      410,
      "text/html",
      "DENY",
    ]);
    expect(await text("/beta", { headers: { "x-beta": "1" } })).toEqual([200, "beta"]);
    expect(await onlyHeaders("/beta")).toBe(true);
    expect(await text("/q?v=2")).toEqual([200, "v2"]);
    expect(await onlyHeaders("/q?v=2&debug=1")).toBe(true);
    expect(await text("/ck", { headers: { cookie: "a=b; plan=pro" } })).toEqual([200, "pro"]);
    expect(await onlyHeaders("/ck", { headers: { cookie: "plan=free" } })).toBe(true);
    expect(await text("/geo", { headers: { "cf-ipcountry": "DE" } })).toEqual([200, "de"]);
    expect(await onlyHeaders("/geo", { headers: { "cf-ipcountry": "FR" } })).toBe(true);

    // Rewrites re-enter the app: /step1 → /step2 → /about-api → /api/v1/meta, answered by the rating API.
    const meta = await req("/step1");
    expect(meta.status).toBe(200);
    expect(((await meta.json()) as { apiVersion: string }).apiVersion).toBeTruthy();
    expect(meta.headers.get("x-bonafide-rule")).toBe("sec-headers, chain-1, chain-2, meta-alias");
    expect(meta.headers.get("x-bonafide-rules-version")).toBe(String(version));
  });

  it("proxies to a named origin with the request's method, body, query and changed headers", async () => {
    await publish(doc);
    const res = await req("/legacy/page?q=1", {
      method: "PUT",
      body: "payload",
      headers: { "x-drop-me": "1", "x-keep": "2", host: "shop.test" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-echo")).toBe("1");
    expect(res.headers.get("set-cookie")).toBeNull(); // removed by the headers rule
    expect(res.headers.get("x-bonafide-rule")).toBe("sec-headers, proxy");
    const echo = (await res.json()) as {
      method: string;
      path: string;
      query: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(echo).toMatchObject({ method: "PUT", path: "/legacy/page", query: "?q=1", body: "payload" });
    expect(echo.headers).toMatchObject({ "x-from-edge": "yes", "x-keep": "2", "x-forwarded-host": "shop.test" });
    expect(echo.headers["x-drop-me"]).toBeUndefined();
    const substituted = (await (await req("/old-app/a/b")).json()) as { path: string };
    expect(substituted.path).toBe("/app/a/b");
    const moved = await req("/legacy/moved");
    expect([moved.status, moved.headers.get("location")]).toEqual([302, "/elsewhere"]);
  });

  it("runs before the page cache and the origin fall-through: a rewrite reaches the origin with the new path", async () => {
    await publish({
      rules: [
        { id: "page-move", match: { path: "/old-page" }, action: { type: "rewrite", to: "/new-page", final: true } },
        { id: "page-gone", match: { path: "/gone-page" }, action: { type: "redirect", to: "/new-page", status: 301 } },
      ],
    });
    const page = await callEdge(new Request("https://edge.test/old-page?x=1"), { ORIGIN_URL: ECHO });
    expect(page.status).toBe(200);
    expect(page.headers.get("x-bonafide-rule")).toBe("page-move");
    expect(page.headers.get("x-bonafide-cache")).not.toBeNull(); // the page layer answered
    expect(((await page.json()) as { path: string; query: string }).path).toBe("/new-page");
    const moved = await callEdge(new Request("https://edge.test/gone-page"), { ORIGIN_URL: ECHO });
    expect([moved.status, moved.headers.get("x-bonafide-cache")]).toEqual([301, null]); // answered before it
  });

  it("orders by priority then position, and a pass rule stops matching; country comes from request.cf", async () => {
    await publish({
      rules: [
        { id: "keep", match: { prefix: "/keep/" }, action: { type: "pass" } },
        { id: "all", match: { prefix: "/" }, action: { type: "respond", status: 503, body: "closed" } },
        { id: "vip", priority: 5, match: { path: "/keep/vip" }, action: { type: "respond", status: 200, body: "vip" } },
        {
          id: "at",
          priority: 9,
          match: { prefix: "/", country: "AT" },
          action: { type: "respond", status: 200, body: "at" },
        },
      ],
    });
    const kept = await req("/api/v1/meta?via=/keep/");
    expect([kept.status, await kept.text()]).toEqual([503, "closed"]);
    const passed = await req("/keep/x");
    expect(passed.headers.get("x-bonafide-rule")).toBe("keep"); // the app answered, not "all"
    expect(passed.status).not.toBe(503);
    expect(await (await req("/keep/vip")).text()).toBe("vip"); // priority 5 before the earlier "keep"
    const austria = await callEdge(new Request("https://edge.test/anything", { cf: { country: "AT" } }));
    expect(await austria.text()).toBe("at");
  });

  it("stops a runaway rewrite chain with 508 naming the chain, and never applies rules to /_bonafide/*", async () => {
    await publish(doc);
    const res = await req("/g/x", { headers: { "x-grow": "1" } });
    expect(res.status).toBe(508);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RULE_CHAIN_TOO_LONG");
    expect(body.error.message).toContain("grow → grow");
    expect((await admin("GET", "/versions")).status).toBe(200); // the prefix /_bonafide/ rule did not apply
  });

  it("keeps every version immutable, lists them and rolls back atomically", async () => {
    const v1 = await publish({
      rules: [{ id: "one", match: { path: "/v" }, action: { type: "respond", status: 200, body: "1" } }],
    });
    const v2 = await publish({
      rules: [{ id: "two", match: { path: "/v" }, action: { type: "respond", status: 200, body: "2" } }],
    });
    expect(v2).toBeGreaterThan(v1);
    expect(await (await req("/v")).text()).toBe("2");
    const list = (await (await admin("GET", "/versions")).json()) as {
      current: number;
      versions: { version: number; count: number }[];
    };
    expect(list.current).toBe(v2);
    expect(list.versions.map((v) => v.version).slice(0, 2)).toEqual([v2, v1]);
    const old = (await (await admin("GET", `/versions/${v1}`)).json()) as { rules: Rule[] };
    expect(old.rules[0]?.id).toBe("one");
    const back = await admin("POST", "/rollback", { version: v1 });
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ version: v1, previous: v2 });
    expect(await (await req("/v")).text()).toBe("1");
    // A refused publish leaves the live rules serving.
    expect((await admin("PUT", "", { rules: [{ id: "bad", match: {}, action: { type: "nope" } }] })).status).toBe(422);
    expect(await (await req("/v")).text()).toBe("1");
    expect((await admin("POST", "/rollback", { version: 9999 })).status).toBe(404);
    expect((await admin("POST", "/rollback", { version: "x" })).status).toBe(400);
    expect((await admin("GET", "/versions/9999")).status).toBe(404);
    // The pointer and the snapshots live in the RULES namespace.
    expect(await env.RULES.get("rules:current", "json")).toMatchObject({ version: v1 });
  });
});

describe("POST /_bonafide/rules/test", () => {
  it("says which rule matched, every step of the chain and the outcome, against live or proposed rules", async () => {
    const version = await publish(doc);
    const res = await admin("POST", "/test", { url: "https://edge.test/step1?x=1", headers: { "X-Beta": "0" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      version: number;
      matched: string;
      steps: { rule: string; to?: string }[];
      outcome: unknown;
    };
    expect(body.version).toBe(version);
    expect(body.matched).toBe("chain-1");
    expect(body.steps.map((s) => s.rule)).toEqual(["sec-headers", "chain-1", "chain-2", "meta-alias"]);
    expect(body.outcome).toEqual({ type: "continue", url: "https://edge.test/api/v1/meta?x=1" });
    const proposed = await admin("POST", "/test", {
      url: "https://shop.test/a",
      rules: [
        { id: "p", match: { host: "shop.test", path: "/a" }, action: { type: "redirect", to: "/b", status: 302 } },
      ],
    });
    expect(await proposed.json()).toMatchObject({
      version: null,
      matched: "p",
      outcome: { type: "redirect", status: 302, location: "/b" },
    });
    expect((await admin("POST", "/test", { url: "not a url" })).status).toBe(400);
    expect((await admin("POST", "/test", { url: "https://x.test/", rules: [{ id: 1 }] })).status).toBe(422);
  });
});
