/**
 * @module Everything a rules document must pass before it is published: shape, compilation (including the
 * linear-time regex check), the regex cost limits (cost.ts) and a rewrite-loop check, all problems reported
 * at once and named by rule.
 */
import { findCostlyRegexes } from "./cost.ts";
import { evaluateRules } from "./evaluate.ts";
import { createRuleIndex, type RuleIndex } from "./rule-index.ts";
import { type RuleProblem, RulesInvalidError, validateRulesDocument } from "./validate.ts";

/**
 * Follows the rewrite chain that starts at each rewrite rule's own sample URL (its exact path, its prefix
 * plus a segment, its pattern with `x` for each parameter, or a regex's literal prefix when that matches) on
 * its first host, with no headers, cookies or query. A chain that revisits a URL or outgrows the bound is a
 * problem of the rule it starts from. Chains this cannot reach are bounded at request time (508 naming them).
 */
export function findRewriteLoops(index: RuleIndex): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const positions = new Map(index.document.rules.map((r, i) => [r.id, i]));
  for (const rule of index.rules) {
    if (rule.rule.action.type !== "rewrite" || rule.samplePath === null) continue;
    const host = (rule.hosts[0] || "rules.invalid").replace(/^\*\./, "sample.");
    let sample: string;
    try {
      sample = new URL(rule.samplePath, `https://${host}`).href;
    } catch {
      continue;
    }
    const { outcome } = evaluateRules(index, { url: sample, method: "GET" });
    // A sample sends no query, headers or cookies, so a value refused at request time (400) says nothing here.
    if (outcome.type === "error" && outcome.status !== 400) {
      problems.push({
        rule: rule.rule.id,
        index: positions.get(rule.rule.id) ?? null,
        code: outcome.code,
        message: outcome.message,
      });
    }
  }
  return problems;
}

/** Validates, compiles, cost- and loop-checks `input`; returns the index or throws `RulesInvalidError`. */
export function prepareRules(input: unknown): RuleIndex {
  const { document, problems } = validateRulesDocument(input);
  if (problems.length > 0) throw new RulesInvalidError(problems);
  const built = createRuleIndex(document);
  if (built.problems.length > 0) throw new RulesInvalidError(built.problems);
  const costly = findCostlyRegexes(built.index);
  if (costly.length > 0) throw new RulesInvalidError(costly);
  const loops = findRewriteLoops(built.index);
  if (loops.length > 0) throw new RulesInvalidError(loops);
  return built.index;
}
