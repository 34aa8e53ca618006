import { describe, expect, it } from "vitest";
import { evaluateRules, type RuleRequest } from "../../shared/rules/evaluate.ts";
import type { Rule, RulesDocument } from "../../shared/rules/model.ts";
import { prepareRules } from "../../shared/rules/prepare.ts";
import { compileSafeRegex } from "../../shared/rules/regex.ts";
import { findShadowedRules } from "../../shared/rules/shadowing.ts";
import { RulesInvalidError } from "../../shared/rules/validate.ts";

function run(doc: RulesDocument, req: RuleRequest | string) {
  const index = prepareRules(doc);
  return evaluateRules(index, typeof req === "string" ? { url: req } : req);
}

function problemsOf(doc: unknown) {
  try {
    prepareRules(doc);
  } catch (e) {
    if (e instanceof RulesInvalidError) return e.problems;
    throw e;
  }
  return [];
}

const redirect = (id: string, match: Rule["match"], to: string, extra: Partial<Rule> = {}): Rule => ({
  id,
  match,
  action: { type: "redirect", to, status: 301 },
  ...extra,
});

describe("the linear-time regex engine", () => {
  it("agrees with JavaScript's RegExp on captures, alternation order and lazy quantifiers", () => {
    const cases: [string, string][] = [
      ["^/old/(.*)$", "/old/a/b"],
      ["\\.php$", "/x/index.php"],
      ["^/a(b|bc)(c?)$", "/abc"],
      ["(a+?)(a*)", "xaaa"],
      ["^/item-(\\d+)\\.html$", "/item-42.html"],
      ["[^/]+$", "/a/bc"],
      ["^/x{2,3}", "/xxxx"],
      ["a|ab|abc", "zabc"],
      ["^/(?<y>\\d{4})/(\\w+)?", "/2024/"],
    ];
    for (const [source, input] of cases) {
      const js = new RegExp(source).exec(input);
      expect(compileSafeRegex(source).exec(input), source).toEqual(js ? [...js] : null);
    }
  });

  it("runs a catastrophic-backtracking pattern in linear time", () => {
    // V8 needs seconds for this input (research edge.md §2.8: 8 s at 27 characters); the Pike VM steps once per char.
    expect(compileSafeRegex("^(a+)+$").exec(`${"a".repeat(5000)}!`)).toBeNull();
    expect(compileSafeRegex("^(a|aa)+$").exec("a".repeat(5000))?.[0]).toHaveLength(5000);
  });

  it("refuses backreferences, lookaround and malformed patterns with a code", () => {
    for (const [source, code] of [
      ["(a)\\1", "REGEX_UNSUPPORTED"],
      ["(?=a)", "REGEX_UNSUPPORTED"],
      ["[z-a]", "REGEX_SYNTAX"],
      ["(", "REGEX_SYNTAX"],
    ]) {
      expect(() => compileSafeRegex(source as string), source).toThrow(expect.objectContaining({ code }));
    }
  });
});

describe("matching and actions", () => {
  const doc: RulesDocument = {
    origins: { legacy: "http://legacy.internal:8080/base" },
    rules: [
      redirect("exact", { path: "/old.html" }, "/new.html"),
      redirect("prefix", { prefix: "/docs/" }, "https://docs.example.com$uri"),
      {
        id: "pattern",
        match: { pattern: "/blog/:year/:slug.html" },
        action: { type: "redirect", to: "/posts/:year/:slug", status: 308 },
      },
      { id: "splat", match: { pattern: "/files/*" }, action: { type: "rewrite", to: "/static/:splat", final: true } },
      {
        id: "regex",
        match: { regex: "^/item-(\\d+)\\.html$" },
        action: { type: "redirect", to: "/items/$1", status: 302 },
      },
      {
        id: "named",
        match: { regex: "^/u/(?<user>[a-z]+)$" },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a rule target's ${name} substitution, not a JS template
        action: { type: "redirect", to: "/users/${user}", keepQuery: false },
      },
      { id: "proxy", match: { prefix: "/legacy/" }, action: { type: "proxy", origin: "legacy" } },
      {
        id: "fixed",
        match: { path: "/robots.txt" },
        action: { type: "respond", status: 200, body: "User-agent: *\n" },
      },
      {
        id: "hdr",
        match: { prefix: "/" },
        action: { type: "headers", request: { set: { "x-a": "1" } }, response: { set: { "x-frame-options": "DENY" } } },
      },
      { id: "pass-api", match: { prefix: "/api/" }, action: { type: "pass" } },
    ],
  };

  it("redirects exact paths, prefixes, :params, regex groups and named groups with the right status", () => {
    expect(run(doc, "https://a.test/old.html?x=1").outcome).toEqual({
      type: "redirect",
      status: 301,
      location: "/new.html?x=1",
    });
    expect(run(doc, "https://a.test/docs/a/b").outcome).toMatchObject({
      location: "https://docs.example.com/docs/a/b",
    });
    expect(run(doc, "https://a.test/blog/2024/hello.html").outcome).toEqual({
      type: "redirect",
      status: 308,
      location: "/posts/2024/hello",
    });
    expect(run(doc, "https://a.test/item-42.html").outcome).toMatchObject({ status: 302, location: "/items/42" });
    expect(run(doc, "https://a.test/u/ann?ref=x").outcome).toMatchObject({ location: "/users/ann" });
    expect(run(doc, "https://a.test/blog/2024/x/hello.html").outcome.type).toBe("continue");
  });

  it("rewrites with a splat, proxies to a named origin, answers fixed responses and collects header rules", () => {
    const rewrite = run(doc, "https://a.test/files/a/b.zip");
    expect(rewrite.outcome).toEqual({ type: "continue", url: "https://a.test/static/a/b.zip" });
    expect(rewrite.request.set).toEqual({ "x-a": "1" });
    expect(rewrite.response.set).toEqual({ "x-frame-options": "DENY" });
    expect(rewrite.applied).toEqual(["hdr", "splat"]);
    expect(run(doc, "https://a.test/legacy/p?q=1").outcome).toEqual({
      type: "proxy",
      origin: "legacy",
      url: "http://legacy.internal:8080/base/legacy/p?q=1",
    });
    expect(run(doc, "https://a.test/robots.txt").outcome).toMatchObject({
      type: "respond",
      status: 200,
      body: "User-agent: *\n",
    });
    expect(run(doc, "https://a.test/api/x").applied).toEqual(["hdr", "pass-api"]);
  });

  it("matches hosts, methods, query, headers, cookies and country", () => {
    const rules: Rule[] = [
      redirect("host", { host: "old.example.com", prefix: "/" }, "https://new.example.com$request_uri"),
      redirect("wild", { host: "*.shop.example", path: "/" }, "/welcome"),
      redirect("method", { path: "/form", method: "POST" }, "/form-post"),
      redirect("query", { path: "/q", query: { a: "1", b: true, c: false } }, "/q-hit"),
      redirect("header", { path: "/h", headers: { "X-Beta": "yes" } }, "/h-hit"),
      redirect("cookie", { path: "/c", cookies: { session: true } }, "/c-hit"),
      redirect("country", { path: "/g", country: ["DE", "AT"] }, "/de"),
    ];
    const d = { rules };
    expect(run(d, { url: "https://x.test/a?b", headers: { Host: "old.example.com:8787" } }).outcome).toMatchObject({
      location: "https://new.example.com/a?b",
    });
    expect(run(d, { url: "https://deep.a.shop.example/" }).applied).toEqual(["wild"]);
    expect(run(d, { url: "https://shop.example/" }).applied).toEqual([]);
    expect(run(d, { url: "https://x.test/form", method: "post" }).applied).toEqual(["method"]);
    expect(run(d, { url: "https://x.test/form" }).applied).toEqual([]);
    expect(run(d, "https://x.test/q?a=1&b=").applied).toEqual(["query"]);
    expect(run(d, "https://x.test/q?a=1&b=&c=3").applied).toEqual([]);
    expect(run(d, "https://x.test/q?a=2&b").applied).toEqual([]);
    expect(run(d, { url: "https://x.test/h", headers: { "x-beta": "yes" } }).applied).toEqual(["header"]);
    expect(run(d, { url: "https://x.test/h", headers: { "x-beta": "no" } }).applied).toEqual([]);
    expect(run(d, { url: "https://x.test/c", headers: { cookie: "a=1; session=abc" } }).applied).toEqual(["cookie"]);
    expect(run(d, { url: "https://x.test/c", headers: { cookie: "a=1" } }).applied).toEqual([]);
    expect(run(d, { url: "https://x.test/g", country: "de" }).applied).toEqual(["country"]);
    expect(run(d, { url: "https://x.test/g", country: "FR" }).applied).toEqual([]);
  });

  it("tries higher priority first, then document order, and skips disabled rules", () => {
    const rules: Rule[] = [
      redirect("first-in-file", { prefix: "/a/" }, "/one"),
      redirect("exact-later", { path: "/a/b" }, "/two"),
      redirect("urgent", { pattern: "/a/:x" }, "/three", { priority: 10 }),
      redirect("off", { path: "/a/b" }, "/zero", { priority: 99, disabled: true }),
    ];
    expect(run({ rules }, "https://x.test/a/b").applied).toEqual(["urgent"]);
    expect(run({ rules: rules.slice(0, 2) }, "https://x.test/a/b").applied).toEqual(["first-in-file"]);
    expect(run({ rules: [rules[1] as Rule, rules[0] as Rule] }, "https://x.test/a/b").applied).toEqual(["exact-later"]);
  });

  it("follows rewrite chains, keeps or drops the query, and normalises the path first", () => {
    const rules: Rule[] = [
      { id: "r1", match: { path: "/a" }, action: { type: "rewrite", to: "/b?from=a" } },
      { id: "r2", match: { path: "/b" }, action: { type: "rewrite", to: "/c", keepQuery: false } },
      redirect("end", { path: "/c" }, "/done"),
    ];
    const result = run({ rules }, "https://x.test//a?z=1");
    expect(result.steps.map((s) => [s.rule, s.to])).toEqual([
      ["r1", "https://x.test/b?from=a&z=1"],
      ["r2", "https://x.test/c"],
      ["end", "/done"],
    ]);
    expect(run({ rules }, "https://x.test/%61").applied[0]).toBe("r1");
  });

  it("keeps substituted targets on this host even when a capture starts with a slash", () => {
    const rules: Rule[] = [
      { id: "rw", match: { regex: "^/go(.*)$" }, action: { type: "rewrite", to: "/$1", final: true } },
      redirect("rd", { regex: "^/jump(.*)$" }, "/$1"),
    ];
    expect(run({ rules }, "https://x.test/go/evil.example/x").outcome).toEqual({
      type: "continue",
      url: "https://x.test/evil.example/x",
    });
    expect(run({ rules }, "https://x.test/jump/evil.example/x").outcome).toMatchObject({ location: "/evil.example/x" });
  });
});

describe("validation names the rule and the problem", () => {
  it("reports shape problems, duplicate ids, unsafe regexes, unknown captures and unknown origins together", () => {
    const problems = problemsOf({
      rules: [
        { id: "ok", match: { path: "/a" }, action: { type: "pass" } },
        { id: "ok", match: { path: "/b" }, action: { type: "pass" } },
        { id: "typo", match: { path: "/c" }, action: { type: "redirct", to: "/x" } },
        { id: "bad-status", match: { path: "/d" }, action: { type: "redirect", to: "/x", status: 200 } },
        { id: "two-paths", match: { path: "/e", prefix: "/e" }, action: { type: "pass" } },
      ],
    });
    expect(problems.map((p) => [p.rule, p.index, p.code])).toEqual([
      ["ok", 1, "DUPLICATE_ID"],
      ["typo", 2, "BAD_ACTION"],
      ["bad-status", 3, "BAD_STATUS"],
      ["two-paths", 4, "BAD_MATCH"],
    ]);
    const compiled = problemsOf({
      rules: [
        { id: "backref", match: { regex: "^/(a)\\1" }, action: { type: "pass" } },
        { id: "capture", match: { path: "/x" }, action: { type: "redirect", to: "/y/$1" } },
        { id: "origin", match: { path: "/z" }, action: { type: "proxy", origin: "nowhere" } },
        { id: "params", match: { pattern: "/:a-:b" }, action: { type: "pass" } },
      ],
    });
    expect(compiled.map((p) => [p.rule, p.code])).toEqual([
      ["backref", "REGEX_UNSUPPORTED"],
      ["capture", "BAD_TARGET"],
      ["origin", "UNKNOWN_ORIGIN"],
      ["params", "BAD_PATTERN"],
    ]);
    expect(compiled[1]?.message).toContain("$1");
  });

  it("refuses rewrite loops at publish time and stops unforeseeable ones at request time with the chain", () => {
    const loop = problemsOf({
      rules: [
        { id: "a-to-b", match: { path: "/a" }, action: { type: "rewrite", to: "/b" } },
        { id: "b-to-a", match: { pattern: "/:x" }, action: { type: "rewrite", to: "/a" } },
      ],
    });
    expect(loop.map((p) => p.code)).toContain("RULE_LOOP");
    expect(loop[0]?.message).toContain("a-to-b");
    // Regex rules are sampled through their literal prefix: /old/x → /new/x → /old/x.
    const regexLoop = problemsOf({
      rules: [
        { id: "old-new", match: { regex: "^/old/(.*)$" }, action: { type: "rewrite", to: "/new/$1" } },
        { id: "new-old", match: { regex: "^/new/(.*)$" }, action: { type: "rewrite", to: "/old/$1" } },
      ],
    });
    expect(regexLoop.map((p) => [p.rule, p.code])).toEqual([
      ["old-new", "RULE_LOOP"],
      ["new-old", "RULE_LOOP"],
    ]);
    // A chain that depends on a header is not sampled; the request-time bound catches it with a named chain.
    const index = prepareRules({
      rules: [
        {
          id: "grow",
          match: { regex: "^/g(.*)$", headers: { "x-grow": "1" } },
          action: { type: "rewrite", to: "/gg$1" },
        },
      ],
    });
    const result = evaluateRules(index, { url: "https://x.test/g", headers: { "X-Grow": "1" } });
    expect(result.outcome).toMatchObject({ type: "error", status: 508, code: "RULE_CHAIN_TOO_LONG" });
    expect(result.steps).toHaveLength(11); // 10 rewrites pass; the 11th is refused
    const ten: Rule[] = Array.from({ length: 10 }, (_, i) => ({
      id: `s${i}`,
      match: { path: `/s${i}` },
      action: { type: "rewrite" as const, to: `/s${i + 1}` },
    }));
    const end = prepareRules({ rules: [...ten, redirect("end", { path: "/s10" }, "/done")] });
    expect(evaluateRules(end, { url: "https://x.test/s0" }).outcome).toMatchObject({ type: "redirect" });
  });

  it("warns about exact rules an earlier unconditional rule always takes, but not about conditional ones", () => {
    const index = prepareRules({
      rules: [
        redirect("first", { path: "/a" }, "/x"),
        redirect("dup", { path: "/a" }, "/y"),
        redirect("prefix", { host: "shop.test", prefix: "/old/" }, "/new/"),
        redirect("under-prefix", { host: "shop.test", path: "/old/page" }, "/z"),
        redirect("other-host", { host: "blog.test", path: "/old/page" }, "/z"),
        redirect("only-post", { path: "/b", method: "POST" }, "/x"),
        redirect("b", { path: "/b" }, "/y"),
      ],
    });
    expect(findShadowedRules(index).map((w) => [w.rule, w.code])).toEqual([
      ["dup", "SHADOWED"],
      ["under-prefix", "SHADOWED"],
    ]);
  });
});

describe("request variables in targets and respond bodies", () => {
  const doc = (rules: Rule[]): RulesDocument => ({ rules });
  const go = (to: string, match: Rule["match"] = { path: "/go" }, keepQuery = false): Rule => ({
    id: "go",
    match,
    action: { type: "redirect", to, status: 302, keepQuery },
  });
  const location = (rules: Rule[], url: string, headers: Record<string, string> = {}) => {
    const { outcome } = run(doc(rules), { url, headers });
    return outcome.type === "redirect" ? outcome.location : `${outcome.type} ${JSON.stringify(outcome)}`;
  };

  it("substitutes $arg_ (raw, first, case-insensitive name), $http_ and $cookie_ as nginx does", () => {
    const r = [go("/find?q=$arg_q&ua=$http_x_client&s=$cookie_sid&qs=$query_string")];
    expect(location(r, "https://x.test/go?Q=a%20b&q=second", { "X-Client": "c1", cookie: "sid=1; sid=2" })).toBe(
      "/find?q=a%20b&ua=c1&s=1&qs=Q=a%20b&q=second",
    );
    expect(location(r, "https://x.test/go")).toBe("/find?q=&ua=&s=&qs=");
    expect(location(r, "https://x.test/go?q")).toBe("/find?q=&ua=&s=&qs=q");
  });

  it("keeps a relative target on this site whatever the value holds", () => {
    const r = [go("/$arg_next")];
    for (const next of [
      "//evil.example",
      "/\\evil.example",
      ".//evil.example",
      "%2F%2Fevil.example",
      "/%09/evil.example",
    ])
      expect(location(r, `https://x.test/go?next=${next}`), next).toMatch(/^\/(?![/\\])/);
    expect(location([go("/a$http_x")], "https://x.test/go", { x: "b\tc" })).toBe("/ab%09c");
  });

  it("lets a target that starts with the variable go to another http(s) site, and nowhere else", () => {
    const r = [go("$arg_next")];
    expect(location(r, "https://x.test/go?next=https://other.example/p")).toBe("https://other.example/p");
    const { outcome } = run(doc(r), "https://x.test/go?next=javascript:alert(1)");
    expect(outcome).toMatchObject({ type: "error", status: 400, code: "RULE_BAD_VALUE" });
  });

  it("lets a value in an absolute target's host pick a subdomain or a path, never another site", () => {
    const sub = [go("https://$arg_lang.example.com/")];
    expect(location(sub, "https://x.test/go?lang=de")).toBe("https://de.example.com/");
    for (const lang of ["evil.com%23", "evil.com/", "a@evil.com", "evil.com:1"])
      expect(run(doc(sub), `https://x.test/go?lang=${lang}`).outcome, lang).toMatchObject({ status: 400 });
    const tail = [go("https://shop.example$arg_p")];
    expect(location(tail, "https://x.test/go?p=/cart")).toBe("https://shop.example/cart");
    for (const p of [".evil.com", "@evil.com", ":81"])
      expect(run(doc(tail), `https://x.test/go?p=${p}`).outcome, p).toMatchObject({ status: 400 });
    expect(location([go("https://shop.example$request_uri")], "https://x.test/go?a=1")).toBe(
      "https://shop.example/go?a=1",
    );
  });

  it("escapes values in a respond body for its content type", () => {
    const respond = (body: string, contentType?: string): Rule => ({
      id: "r",
      match: { regex: "^/jobs/(\\d+)$" },
      action: { type: "respond", status: 200, body, ...(contentType ? { contentType } : {}) },
    });
    const body = (rule: Rule, url: string) => {
      const { outcome } = run(doc([rule]), url);
      return outcome.type === "respond" ? [outcome.body, outcome.headers["x-content-type-options"]] : outcome;
    };
    const q = "?q=%3Cb%3E&x=<script>'\"";
    expect(body(respond("vacancy $1 $arg_x"), `https://x.test/jobs/7${q}`)).toEqual([
      "vacancy 7 %3Cscript%3E%27%22", // the URL parser encodes ' " < > in a query
      "nosniff",
    ]);
    const html = run(doc([respond("<p>$http_x</p>", "text/html")]), {
      url: "https://x.test/jobs/7",
      headers: { x: `<script>alert('x')</script>&"` },
    }).outcome;
    expect(html).toMatchObject({ body: "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</p>" });
    const json = run(doc([respond('{"q":"$http_x"}', "application/json")]), {
      url: "https://x.test/jobs/7",
      headers: { x: `"},"admin":true,"x":"</script>` },
    }).outcome;
    expect(json.type === "respond" && JSON.parse(json.body)).toEqual({ q: `"},"admin":true,"x":"</script>` });
    expect(json).toMatchObject({ body: expect.not.stringContaining("</script>") });
    // Bodies written before bodies took variables read the same: $5 (no such group), $HOME, a:b
    expect(body(respond("costs $5 in $HOME a:b"), "https://x.test/jobs/7")).toEqual([
      "costs $5 in $HOME a:b",
      undefined,
    ]);
  });

  it("refuses unknown variables in targets and variables in bodies it cannot escape", () => {
    expect(problemsOf(doc([go("/x?$request_method")])).map((p) => p.code)).toEqual(["BAD_TARGET"]);
    const js: Rule = {
      id: "js",
      match: { path: "/a.js" },
      action: { type: "respond", status: 200, body: "var q='$arg_q'", contentType: "text/javascript" },
    };
    expect(problemsOf(doc([js])).map((p) => p.code)).toEqual(["BAD_BODY"]);
  });
});
