import { describe, expect, it } from "vitest";
import {
  MAX_REGEX_PATH_LENGTH,
  MAX_RULE_REGEX_COST,
  MAX_TABLE_REGEX_COST,
  REGEX_STEP_BUDGET,
} from "../../shared/rules/budget.ts";
import { worstRegexLoad } from "../../shared/rules/cost.ts";
import { evaluateRules } from "../../shared/rules/evaluate.ts";
import type { Rule } from "../../shared/rules/model.ts";
import { prepareRules } from "../../shared/rules/prepare.ts";
import { compileSafeRegex } from "../../shared/rules/regex.ts";
import { createRuleIndex } from "../../shared/rules/rule-index.ts";
import { RulesInvalidError } from "../../shared/rules/validate.ts";
import { denyRule as deny, hostileRules as hostile, limitRules } from "../support/regex-attack.ts";

function problemsOf(rules: Rule[]) {
  try {
    prepareRules({ rules });
  } catch (e) {
    if (e instanceof RulesInvalidError) return e.problems;
    throw e;
  }
  return [];
}

describe("the regex cost model at publish", () => {
  it("measures a program by its instructions, counted repeats expanded, and bounds the steps per character by it", () => {
    const ordinary = compileSafeRegex("^/vacancy/(\\d+)/?$");
    const counted = compileSafeRegex("^/(?:x|[a-z]{1,300})+$");
    expect(ordinary.size).toBeLessThan(30);
    expect(counted.size).toBeGreaterThan(600);
    const input = `/${"a".repeat(1000)}!`;
    const budget = { limit: Number.POSITIVE_INFINITY, used: 0 };
    expect(counted.exec(input, budget)).toBeNull();
    expect(budget.used).toBeGreaterThan(100 * input.length); // up to 300 threads alive per character
    expect(budget.used).toBeLessThanOrEqual(counted.size * (input.length + 1));
  });

  it("refuses the issue's table, naming each rule: each program too large, and all of them on every request", () => {
    const problems = problemsOf(hostile(200));
    const tooCostly = problems.filter((p) => p.code === "REGEX_TOO_COSTLY");
    const table = problems.filter((p) => p.code === "REGEX_TABLE_TOO_COSTLY");
    expect(tooCostly.map((p) => p.rule)).toEqual(hostile(200).map((r) => r.id));
    expect(tooCostly[0]?.message).toContain(`over the limit of ${MAX_RULE_REGEX_COST}`);
    expect(table).toHaveLength(200);
    expect(table[7]).toMatchObject({ rule: "h7", index: 7 });
    expect(table[7]?.message).toMatch(/^200 regex rules can all be tried on one request \(any host, paths under \/\)/);
  });

  it("sums what one request can meet — its host, *.parents and any host, along its trie path — and no more", () => {
    const cheap = (id: string, regex: string, host?: string) => deny(id, regex, host);
    // 60 unanchored regexes of ~20 instructions run on every request: over the table limit.
    const unanchored = Array.from({ length: 60 }, (_, i) => cheap(`u${i}`, `\\.(php|asp|cgi)${i}x?y?z?$`));
    expect(problemsOf(unanchored).map((p) => p.code)).toContain("REGEX_TABLE_TOO_COSTLY");
    // The same regexes behind distinct literal segments, or on distinct hosts, never meet on one request.
    const prefixed = unanchored.map((r, i) => cheap(r.id, `^/s${i}/.*\\.(php|asp|cgi)x?y?z?$`));
    expect(problemsOf(prefixed)).toEqual([]);
    const hosted = unanchored.map((r, i) => cheap(r.id, String(r.match.regex), `site${i}.example`));
    expect(problemsOf(hosted)).toEqual([]);
    const load = (rules: Rule[]) => worstRegexLoad(createRuleIndex({ rules }).index);
    const size = compileSafeRegex("^/a/.*x$").size;
    const chain = [
      cheap("any", "^/a/.*x$"),
      cheap("wild", "^/a/.*x$", "*.example.com"),
      cheap("host", "^/a/b/.*x$", "shop.example.com"),
      cheap("elsewhere", "^/c/.*x$", "shop.example.com"),
      cheap("other-host", "^/a/.*x$", "other.example.org"),
    ];
    expect(load(chain)).toMatchObject({
      cost: size * 2 + compileSafeRegex("^/a/b/.*x$").size,
      host: "shop.example.com",
    });
    expect(
      load(chain)
        .rules.map((r) => r.rule.id)
        .sort(),
    ).toEqual(["any", "host", "wild"]);
  });

  it("still publishes 100,000 ordinary rules with typical nginx regexes", () => {
    const rules: Rule[] = Array.from({ length: 100_000 }, (_, i) =>
      i % 100 === 0
        ? deny(`re${i}`, `^/archive-${i}/(\\d+)-[a-z-]+\\.html$`)
        : i % 10 === 1
          ? { id: `p${i}`, match: { prefix: `/old-${i}/` }, action: { type: "redirect", to: "/new/" } }
          : { id: `e${i}`, match: { path: `/de/article-${i}.html` }, action: { type: "redirect", to: `/a/${i}` } },
    );
    const typical = ["^/vacancy/(\\d+)/?$", "\\.(php|aspx?)$", "(?i)^/wp-(admin|login)", "^/(en|de|fr)/(.*)/$"];
    rules.push(...typical.map((regex, i) => deny(`typical-${i}`, regex)));
    const index = prepareRules({ rules });
    expect(index.rules).toHaveLength(100_004);
    expect(worstRegexLoad(index).cost).toBeLessThan(MAX_TABLE_REGEX_COST / 4);
  });
});

describe("the step budget per request", () => {
  it("lets a table just under the limits finish one round on the longest accepted hostile path", () => {
    const index = prepareRules({ rules: limitRules() });
    expect(worstRegexLoad(index).cost).toBeGreaterThan(MAX_TABLE_REGEX_COST * 0.85);
    const path = `/${"a".repeat(MAX_REGEX_PATH_LENGTH - 2)}!`;
    const result = evaluateRules(index, { url: `https://x.test${path}` });
    expect(result.outcome).toEqual({ type: "continue", url: `https://x.test${path}` });
    expect(result.regexSteps).toBeGreaterThan(200 * path.length); // both heavy regexes ran on every character
    expect(result.regexSteps).toBeLessThanOrEqual(MAX_TABLE_REGEX_COST * (path.length + 1));
    expect(result.regexSteps).toBeLessThanOrEqual(REGEX_STEP_BUDGET);
  });

  it("shares one budget across rewrite rounds and answers 503 when a chain of long paths spends it", () => {
    const index = prepareRules({ rules: limitRules() });
    const short = evaluateRules(index, { url: "https://x.test/r0/aaaa" });
    expect(short.outcome).toMatchObject({ type: "continue", url: "https://x.test/r10/aaaa" });
    const long = evaluateRules(index, { url: `https://x.test/r0/${"a".repeat(2000)}` });
    expect(long.outcome).toMatchObject({ type: "error", status: 503, code: "RULES_BUDGET_EXCEEDED" });
    expect(long.regexSteps).toBeGreaterThan(REGEX_STEP_BUDGET);
    expect(long.regexSteps).toBeLessThan(REGEX_STEP_BUDGET + MAX_TABLE_REGEX_COST); // stopped within a character
    expect(long.steps.length).toBeGreaterThan(2); // it got through several rounds first
    // A budget given by the caller is the one spent (the CLI and tests can ask for less).
    const tight = evaluateRules(index, { url: `https://x.test/${"a".repeat(100)}` }, { limit: 1000, used: 0 });
    expect(tight.outcome).toMatchObject({ status: 503, code: "RULES_BUDGET_EXCEEDED" });
  });

  it("answers 414 for a path over the limit only when a regex rule would have to look at it", () => {
    const index = prepareRules({
      rules: [
        { id: "docs", match: { prefix: "/docs/" }, action: { type: "redirect", to: "/d/" } },
        deny("php", "\\.php$"),
      ],
    });
    const long = "a".repeat(MAX_REGEX_PATH_LENGTH);
    expect(evaluateRules(index, { url: `https://x.test/docs/${long}` }).outcome).toMatchObject({ type: "redirect" });
    const refused = evaluateRules(index, { url: `https://x.test/x/${long}.php` });
    expect(refused.outcome).toMatchObject({ type: "error", status: 414, code: "RULES_PATH_TOO_LONG" });
    expect(refused.regexSteps).toBe(0);
    expect(evaluateRules(index, { url: `https://x.test/${long.slice(10)}.php` }).outcome).toMatchObject({
      type: "respond",
      status: 403,
    });
  });
});
