/**
 * @module The bounds on regex work per request: how long a path the rule regexes will look at, and a step budget
 * that every regex execution of one request's evaluation (rewrite rounds included) draws from.
 *
 * The Pike VM (regex.ts) is linear, but linear in program size × path length, summed over every regex a path
 * meets: 200 regexes of 1,818 instructions on an 8,000-character path took 35–51 s. Publishing bounds the
 * program sizes (cost.ts); these bound the other two factors at request time. A budget is plain data made for
 * one evaluation and dropped with it: nothing here is shared between requests.
 */
import { CodedError } from "../coded-error.ts";

/**
 * Paths longer than this are not fed to regexes (the request is answered 414 when a regex rule would have to
 * look at it). 2,048 is the practical URL limit browsers, sitemaps (sitemaps.org: "less than 2,048
 * characters") and search engines work with; a real page path is far shorter.
 */
export const MAX_REGEX_PATH_LENGTH = 2048;

/**
 * The most regex instructions that may be live on any one path, summed over every regex rule that path can be
 * tested against (cost.ts refuses a table above it). One path character costs at most this many steps.
 */
export const MAX_TABLE_REGEX_COST = 1000;

/** The most instructions one rule's regexes may compile to: an ordinary nginx regex is 10–60. */
export const MAX_RULE_REGEX_COST = 500;

/**
 * Regex steps (instructions entered by the VM) one request may spend, across all rules and rewrite rounds: one
 * full round of a table at the limit on a path at the limit (2,049,000), so that one round always completes on
 * any path the edge accepts and only rewrite chains over long paths can run out. The VM runs 17–40 M steps a
 * second (`npm run bench -- rules-attack`), so a request spends at most about 50–120 ms in regexes.
 */
export const REGEX_STEP_BUDGET = MAX_TABLE_REGEX_COST * (MAX_REGEX_PATH_LENGTH + 1);

/** What one request's evaluation may still spend; `used` is reported with the evaluation. */
export interface StepBudget {
  readonly limit: number;
  used: number;
}

/** A fresh budget for one evaluation. */
export const newStepBudget = (limit = REGEX_STEP_BUDGET): StepBudget => ({ limit, used: 0 });

/** Why a request's evaluation stopped before its rules decided; `code` is stable, `status` is the answer. */
export class RegexLimitError extends CodedError<"RULES_PATH_TOO_LONG" | "RULES_BUDGET_EXCEEDED"> {
  readonly status: 414 | 503;
  constructor(code: RegexLimitError["code"], message: string) {
    super(code, message);
    this.status = code === "RULES_PATH_TOO_LONG" ? 414 : 503;
  }
}

/** Adds `steps` to the budget; throws once it is spent (the VM calls this once per input character). */
export function spendSteps(budget: StepBudget, steps: number): void {
  budget.used += steps;
  if (budget.used > budget.limit)
    throw new RegexLimitError(
      "RULES_BUDGET_EXCEEDED",
      `the URL rules' regexes used up this request's budget of ${budget.limit} steps`,
    );
}
