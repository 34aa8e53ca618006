/**
 * @module `npm run bench -- rules-attack`: wall time of issue 11's regex attack (200 rules of
 * `^/(xN|[a-z]{1,300})+[0-9]{1,300}q$`, then `GET /` + 8,000 `a`s + `!`) with the request bounds and without
 * them (the old per-request work: every candidate regex run to the end, no length limit), in one process.
 * Publishing refuses that table now; a version stored before the limits still loads, so it is timed here too.
 */
import { MAX_REGEX_PATH_LENGTH, REGEX_STEP_BUDGET } from "../shared/rules/budget.ts";
import { worstRegexLoad } from "../shared/rules/cost.ts";
import { evaluateRules } from "../shared/rules/evaluate.ts";
import { normalizePath } from "../shared/rules/path.ts";
import { prepareRules } from "../shared/rules/prepare.ts";
import { createRuleIndex, type RuleIndex } from "../shared/rules/rule-index.ts";
import { hostileRules, limitRules } from "../test/support/regex-attack.ts";

/** Rules whose unbounded run is timed; the rest is extrapolated (every rule costs the same, only xN differs). */
const BASELINE_RULES = Number(process.env.BENCH_ATTACK_BASELINE_RULES ?? 10);
const hostile = hostileRules(200);
const attack = `https://edge.test/${"a".repeat(8000)}!`;

function timed(label: string, index: RuleIndex, url: string): number {
  const start = performance.now();
  const { outcome, regexSteps } = evaluateRules(index, { url });
  const ms = performance.now() - start;
  const what = outcome.type === "error" ? `${outcome.status} ${outcome.code}` : outcome.type;
  console.log(`${label.padEnd(64)} ${ms.toFixed(1).padStart(8)} ms  ${String(regexSteps).padStart(9)} steps  ${what}`);
  return ms;
}

console.log(
  `limits: paths ≤ ${MAX_REGEX_PATH_LENGTH} characters for regexes, ${REGEX_STEP_BUDGET} steps per request\n`,
);
const stored = createRuleIndex({ rules: hostile }).index;
const path = normalizePath(new URL(attack).pathname);
const subset = stored.rules.slice(0, BASELINE_RULES);
const start = performance.now();
for (const rule of subset) rule.matchPath(path); // no budget: the engine as it ran before the bounds
const unbounded = ((performance.now() - start) * stored.rules.length) / subset.length;
console.log(
  `${"issue's table, issue's path, unbounded (old per-request work)".padEnd(64)} ${unbounded.toFixed(0).padStart(8)} ms` +
    `  (${subset.length} rules timed, ×${stored.rules.length / subset.length})`,
);
const after = [
  timed("issue's table (stored before the limits), issue's path", stored, attack),
  timed(
    "issue's table (stored before the limits), longest accepted path",
    stored,
    `https://edge.test/${"a".repeat(MAX_REGEX_PATH_LENGTH - 2)}!`,
  ),
];
const limit = prepareRules({ rules: limitRules() });
console.log(`\na published table at the limit: ${worstRegexLoad(limit).cost} instructions per path character`);
after.push(
  timed(
    "table at the limit, longest accepted hostile path (one round)",
    limit,
    `https://edge.test/${"a".repeat(MAX_REGEX_PATH_LENGTH - 2)}!`,
  ),
  timed(
    "table at the limit, rewrite chain over long paths (budget spent)",
    limit,
    `https://edge.test/r0/${"a".repeat(2000)}`,
  ),
);
const worst = Math.max(...after);
console.log(`\nrules-attack: ${worst.toFixed(0)} ms vs ${unbounded.toFixed(0)} ms = ${(unbounded / worst).toFixed(0)}`);
