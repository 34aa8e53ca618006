/**
 * @module The one root of bonafide's errors (shared/coded-error.ts): every error class of the edge and of
 * the code both sides share extends CodedError, directly or through EdgeError, and keeps its name and code
 * (the origin's classes are checked the same way, through OriginError, in test/origin/errors.test.ts; the
 * edge's instances inside workerd in test/edge/coded-errors.test.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OriginError } from "../../origin/errors/model.ts";
import { CodedError } from "../../shared/coded-error.ts";
import { RegexLimitError } from "../../shared/rules/budget.ts";
import { RuleCompileError } from "../../shared/rules/compile-rule.ts";
import { NginxSyntaxError } from "../../shared/rules/nginx-parse.ts";
import { RegexError } from "../../shared/rules/regex-parse.ts";
import { TemplateValueError } from "../../shared/rules/template.ts";
import { RulesInvalidError } from "../../shared/rules/validate.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Every module under `dirs` (relative to the repository), as `[path, text]`. */
function sources(...dirs: string[]): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) out.push([relative(ROOT, path), readFileSync(path, "utf8")]);
    }
  };
  for (const dir of dirs) walk(join(ROOT, dir));
  return out;
}

// `class Name<…> extends Base`: the type parameters may say `extends` themselves.
const CLASS = /\bclass\s+(\w+)\s*(?:<(?:[^<>]|<[^<>]*>)*>)?\s*extends\s+([\w.]+)/g;
const classes = sources("edge", "shared").flatMap(([path, text]) =>
  [...text.matchAll(CLASS)].map((m) => ({ path, name: m[1] as string, base: m[2] as string })),
);

describe("the edge's and shared code's error classes", () => {
  const byName = new Map(classes.map((c) => [c.name, c]));
  const chain = (name: string): string[] => {
    const seen: string[] = [];
    for (let c = byName.get(name); c && !seen.includes(c.base); c = byName.get(c.base)) seen.push(c.base);
    return seen;
  };
  const errorClasses = classes.filter((c) => /Error$/.test(chain(c.name).at(-1) ?? ""));

  it("finds them", () => {
    expect(errorClasses.map((c) => c.name)).toEqual(
      expect.arrayContaining(["CodedError", "EdgeError", "RulesInvalidError", "RegexLimitError"]),
    );
  });

  it.each(errorClasses.map((c) => [`${c.path} ${c.name}`, c.name]))("%s is a CodedError", (_, name) => {
    if (name === "CodedError") return;
    expect(chain(name)).toContain("CodedError");
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
