import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateRules } from "../../shared/rules/evaluate.ts";
import { importNginx } from "../../shared/rules/nginx-import.ts";
import { NginxSyntaxError } from "../../shared/rules/nginx-parse.ts";
import { prepareRules } from "../../shared/rules/prepare.ts";

const table = readFileSync(new URL("../../examples/rules/nginx.conf", import.meta.url), "utf8");

/** What nginx does with each URL on www.example.com, worked out from its documented matching order. */
const EXPECTED: [string, string][] = [
  ["/old-shop/a/b?x=1", "301 /shop/a/b?x=1"], // server rewrite permanent; arguments appended
  ["/promo?x=1", "302 https://promo.example.net/"], // trailing ? drops the arguments
  ["/legacy/42", "serve /catalog/item?id=42"], // server last → location /items/ last → /catalog/
  ["/index.htm", "301 /"], // = location
  ["/health", "200 ok"],
  ["/static/x.php", "serve /static/x.php"], // ^~ wins over the regex location
  ["/app/x.php", "403 "], // regex location
  ["/img/a.JPG", "serve /images/a.JPG"], // ~* location, rewrite break
  ["/IMG/a.jpg", "serve /IMG/a.jpg"], // ~* selects it; the case-sensitive rewrite does not apply
  ["/blog/2024/hello", "302 /posts/hello?year=2024"],
  ["/blog/news/amp", "serve /blog/news"], // named capture
  ["/blog/feed", "serve /feed.xml"],
  ["/blog/other/x", "serve /blog/other/x"], // the location is selected, no rewrite applies
  ["/items/abc", "serve /items/abc"],
  ["/docs/a?b=1", "302 https://docs.example.com/docs/a?b=1"], // return keeps $request_uri's arguments once
  ["/docsearch", "302 https://docs.example.com/docsearch"], // a prefix without / is a string prefix
  ["/anything", "serve /anything"],
  ["/help?lang=de", "serve /hilfe?lang=de"], // if ($arg_lang = de) inside location /
  ["/help?lang=fr", "serve /help?lang=fr"],
];

function outcomeOf(url: string, host = "www.example.com", headers: Record<string, string> = {}): string {
  const index = prepareRules({ rules: importNginx(table).rules });
  const { outcome } = evaluateRules(index, { url: `http://${host}${url}`, headers });
  switch (outcome.type) {
    case "redirect":
      return `${outcome.status} ${outcome.location}`;
    case "respond":
      return `${outcome.status} ${outcome.body}`;
    case "continue": {
      const u = new URL(outcome.url);
      return `serve ${u.pathname}${u.search}`;
    }
    default:
      return outcome.type;
  }
}

describe("importing an nginx table", () => {
  it("translates rewrite, return and every location kind into rules that give nginx's answers", () => {
    for (const [url, expected] of EXPECTED) expect(outcomeOf(url), url).toBe(expected);
  });

  it("translates if on a header, query argument, cookie, method or host into conditions", () => {
    expect(outcomeOf("/anything", "www.example.com", { "X-Old-Client": "1" })).toBe("410 upgrade your client");
    expect(outcomeOf("/anything", "www.example.com", { "X-Old-Client": "2" })).toBe("serve /anything");
    const { rules } = importNginx(
      "if ($request_method = POST) { return 405; }\nif ($cookie_beta = yes) { rewrite ^/$ /beta break; }\nif ($host = a.example) { return 301 https://b.example$request_uri; }\n",
    );
    expect(rules.map((r) => r.match)).toEqual([
      { method: "POST" },
      { cookies: { beta: "yes" }, regex: "^/$" },
      { host: "a.example" },
    ]);
  });

  it("keeps the server_name hosts: other hosts are untouched", () => {
    expect(outcomeOf("/old-shop/a", "other.example")).toBe("serve /old-shop/a");
    expect(outcomeOf("/old-shop/a", "example.com")).toBe("301 /shop/a");
  });

  it("lists what it cannot translate, with lines", () => {
    const { untranslated } = importNginx(table);
    expect(untranslated.map((u) => [u.line, u.directive.split(" ")[0]])).toEqual([
      [44, "location"],
      [48, "try_files"],
      [52, "if"],
    ]);
    expect(untranslated[0]?.reason).toContain("named");
  });

  it("refuses unsafe regexes and unknown variables, and reports syntax errors with the line", () => {
    const { rules, untranslated } = importNginx(
      "rewrite ^/(a+)\\1$ /x last;\nrewrite ^/u$ /v?ip=$remote_addr;\nreturn 301 /home;\n",
    );
    expect(untranslated.map((u) => u.line)).toEqual([1, 2]);
    expect(untranslated[0]?.reason).toContain("backreference");
    expect(rules).toHaveLength(1);
    expect(() => importNginx("location / {\n  return 301 /x;\n")).toThrow(NginxSyntaxError);
    expect(() => importNginx("location / {\n  return 301 /x;\n")).toThrow(/line 1/);
  });

  it("carries request variables in targets and return texts, with the block's default_type", () => {
    const conf = [
      "server {",
      "  server_name v.example;",
      "  rewrite ^/search$ /find?q=$arg_q? redirect;",
      "  rewrite ^/lang$ /l/$http_accept_language/$cookie_theme last;",
      "  location ~ ^/jobs/(?<id>\\d+)$ {",
      "    default_type text/html;",
      '    return 200 "<p>vacancy $1 ($id) for $arg_who</p>";',
      "  }",
      '  location = /whoami { return 200 "host $host uri $uri args $query_string ip $remote_addr"; }',
      "}",
    ].join("\n");
    const { rules, untranslated } = importNginx(conf);
    expect(untranslated.map((u) => [u.line, u.reason])).toEqual([[9, "uses $remote_addr, which rules do not have"]]);
    const index = prepareRules({ rules });
    const answer = (url: string, headers: Record<string, string> = {}) =>
      evaluateRules(index, { url: `http://v.example${url}`, headers }).outcome;
    expect(answer("/search?q=a+b&page=2")).toEqual({ type: "redirect", status: 302, location: "/find?q=a+b" });
    expect(answer("/lang", { "Accept-Language": "de", cookie: "theme=dark" })).toMatchObject({
      url: "http://v.example/l/de/dark",
    });
    expect(answer("/jobs/42?who=<i>")).toMatchObject({
      status: 200,
      body: "<p>vacancy 42 (42) for %3Ci%3E</p>",
      headers: { "content-type": "text/html" },
    });
    expect(answer("/jobs/42", {})).toMatchObject({ body: "<p>vacancy 42 (42) for </p>" });
  });
});
