/**
 * @module Publish-time warnings for exact-path rules that can never apply because an earlier rule without
 * conditions already takes every request they would (duplicates are common in grown legacy tables).
 */
import type { CompiledRule } from "./compile-rule.ts";
import type { RuleIndex } from "./rule-index.ts";
import type { RuleProblem } from "./validate.ts";

/** At most this many warnings are listed; the count of the rest is reported in one more line. */
export const MAX_WARNINGS = 100;

function covers(earlier: CompiledRule, host: string): boolean {
  // An exact host is covered by any rule the index offers for it; a wildcard or any-host rule only by the same
  // wildcard or by any host.
  if (host !== "" && !host.startsWith("*.")) return true;
  return earlier.hosts.includes("") || earlier.hosts.includes(host);
}

/** Exact-path rules shadowed by an earlier unconditional terminal rule, as warnings (code SHADOWED). */
export function findShadowedRules(index: RuleIndex): RuleProblem[] {
  const warnings: RuleProblem[] = [];
  let more = 0;
  const positions = new Map(index.document.rules.map((r, i) => [r.id, i]));
  for (const rule of index.rules) {
    if (!("exact" in rule.placement) || rule.rule.action.type === "headers") continue;
    const path = rule.placement.exact;
    const shadowing = rule.hosts.map((host) => {
      const sample = host === "" ? "shadow-check.invalid" : host.replace(/^\*\./, "shadow-check.");
      return index
        .candidates(sample, path)
        .find(
          (c) =>
            c.order < rule.order &&
            c.unconditional &&
            c.rule.action.type !== "headers" &&
            covers(c, host) &&
            c.matchPath(path) !== null,
        );
    });
    const by = shadowing[0];
    if (!by || shadowing.some((s) => s === undefined)) continue;
    if (warnings.length >= MAX_WARNINGS) {
      more++;
      continue;
    }
    warnings.push({
      rule: rule.rule.id,
      index: positions.get(rule.rule.id) ?? null,
      code: "SHADOWED",
      message: `never applies: rule ${JSON.stringify(by.rule.id)} comes first and takes every request for ${path}`,
    });
  }
  if (more > 0)
    warnings.push({ rule: null, index: null, code: "SHADOWED", message: `and ${more} more shadowed rules` });
  return warnings;
}
