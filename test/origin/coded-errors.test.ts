/**
 * @module The one root of bonafide's errors (shared/coded-error.ts): every error class of the edge and of
 * the code both sides share extends CodedError, directly or through EdgeError, and keeps its name and code
 * (the origin's classes are checked the same way, through OriginError, in test/origin/errors.test.ts; the
 * edge's instances inside workerd in test/edge/coded-errors.test.ts).
 */
import { describe, expect, it } from "vitest";
import { OriginError } from "../../origin/errors/model.ts";
import { CodedError } from "../../shared/coded-error.ts";
import { RegexLimitError } from "../../shared/rules/budget.ts";
import { RuleCompileError } from "../../shared/rules/compile-rule.ts";
import { NginxSyntaxError } from "../../shared/rules/nginx-parse.ts";
import { RegexError } from "../../shared/rules/regex-parse.ts";
import { TemplateValueError } from "../../shared/rules/template.ts";
import { RulesInvalidError } from "../../shared/rules/validate.ts";
import { errorClasses, sourcesUnder } from "../support/error-classes.ts";

const classes = errorClasses(sourcesUnder(["edge", "shared"]));

describe("the edge's and shared code's error classes", () => {
  it("finds them", () => {
    expect(classes.map((c) => c.name)).toEqual(
      expect.arrayContaining(["CodedError", "EdgeError", "RulesInvalidError", "RegexLimitError"]),
    );
  });

  it.each(classes.map((c) => [`${c.path} ${c.name}`, c]))("%s is a CodedError", (_, c) => {
    if (c.name === "CodedError") return;
    expect(c.chain).toContain("CodedError");
  });

  it("keeps each class's name, code, status and cause", () => {
    const cases: [CodedError, string, string][] = [
      [new NginxSyntaxError("unexpected }", 7), "NginxSyntaxError", "NGINX_SYNTAX"],
      [new TemplateValueError("no"), "TemplateValueError", "RULE_BAD_VALUE"],
      [new RuleCompileError("BAD_RULE", "no"), "RuleCompileError", "BAD_RULE"],
      [
        new RulesInvalidError([{ rule: "r", index: 0, code: "BAD_RULE", message: "bad" }]),
        "RulesInvalidError",
        "RULES_INVALID",
      ],
      [new RegexError("REGEX_SYNTAX", "no"), "RegexError", "REGEX_SYNTAX"],
      [new RegexLimitError("RULES_PATH_TOO_LONG", "long"), "RegexLimitError", "RULES_PATH_TOO_LONG"],
      [new OriginError("X", "x"), "OriginError", "X"],
    ];
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(CodedError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ name, code });
    }
    expect(new NginxSyntaxError("unexpected }", 7).message).toBe("line 7: unexpected }");
    expect(new RegexLimitError("RULES_BUDGET_EXCEEDED", "x").status).toBe(503);
    const cause = new Error("socket closed");
    expect(new OriginError("X", "x", { cause }).cause).toBe(cause);
    expect(new CodedError("X", "x")).not.toHaveProperty("cause");
  });
});
