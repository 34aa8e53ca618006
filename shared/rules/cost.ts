/**
 * @module The publish-time cost model of a table's regexes: what one path character can cost, per rule and for
 * the worst set of regex rules a single request can be tested against, refused above the limits in budget.ts.
 *
 * A rule's cost is the size of its compiled programs (regex.ts `size`: the VM enters each instruction at most
 * once per input position, so live threads and steps per character are bounded by it). A request meets the
 * rules the index hands it (rule-index.ts): those of its host, of each `*.parent` and of any host, and in each
 * of those the rules filed at every trie node along its leading path segments, plus the exact rules of its
 * path. Regexes with no literal `^/prefix/` and no host sit at the root of the any-host trie: every request
 * meets them. The worst such set, times the path length, is what one anonymous request can make the edge do.
 */
import { MAX_RULE_REGEX_COST, MAX_TABLE_REGEX_COST } from "./budget.ts";
import type { CompiledRule } from "./compile-rule.ts";
import { hostKeys, type RuleIndex } from "./rule-index.ts";
import type { RuleProblem } from "./validate.ts";

/** Regex rules that can all run on one request, and their summed cost (steps per path character). */
export interface RegexLoad {
  cost: number;
  rules: CompiledRule[];
  /** Where they meet: host key ("" = any host) and leading path, for the message. */
  host: string;
  path: string;
}

interface Node {
  cost: number;
  rules: CompiledRule[];
  /** Exact-path regex rules under this node, grouped by path: only one path's group runs on a request. */
  exact: Map<string, { cost: number; rules: CompiledRule[] }>;
}

const nodeOf = (nodes: Map<string, Node>, key: string): Node => {
  let node = nodes.get(key);
  if (!node) {
    node = { cost: 0, rules: [], exact: new Map() };
    nodes.set(key, node);
  }
  return node;
};

/** The worst set within one host bucket: the trie path whose nodes, plus one exact path below it, cost most. */
function worstInBucket(rules: CompiledRule[]): { cost: number; rules: CompiledRule[]; path: string } {
  const nodes = new Map<string, Node>();
  for (const rule of rules) {
    if ("exact" in rule.placement) {
      const exact = rule.placement.exact;
      // The index walks the trie along every segment but the last before it looks at the exact map.
      const parent = exact.slice(1).split("/").slice(0, -1).join("/");
      const group = nodeOf(nodes, parent).exact.get(exact) ?? { cost: 0, rules: [] };
      group.cost += rule.regexCost;
      group.rules.push(rule);
      nodeOf(nodes, parent).exact.set(exact, group);
    } else {
      const node = nodeOf(nodes, rule.placement.segments.join("/"));
      node.cost += rule.regexCost;
      node.rules.push(rule);
    }
  }
  // Costs first, rules only for the winner: listing every node's rules would be quadratic in a large table.
  const along = (key: string) => {
    const segments = key === "" ? [] : key.split("/");
    return Array.from({ length: segments.length + 1 }, (_, depth) => nodes.get(segments.slice(0, depth).join("/")));
  };
  const heaviest = (node: Node) =>
    [...node.exact.values()].reduce((a, b) => (b.cost > a.cost ? b : a), { cost: 0, rules: [] as CompiledRule[] });
  let worstKey = "";
  let worstCost = 0;
  for (const [key, node] of nodes) {
    const cost = along(key).reduce((sum, n) => sum + (n?.cost ?? 0), 0) + heaviest(node).cost;
    if (cost > worstCost) [worstKey, worstCost] = [key, cost];
  }
  const worstNode = nodes.get(worstKey);
  const worstRules = along(worstKey).flatMap((n) => n?.rules ?? []);
  if (worstNode) worstRules.push(...heaviest(worstNode).rules);
  return { cost: worstCost, rules: worstRules, path: `/${worstKey}${worstKey ? "/" : ""}` };
}

/** The most costly set of regex rules one request can meet in `index`. */
export function worstRegexLoad(index: RuleIndex): RegexLoad {
  const byHost = new Map<string, CompiledRule[]>();
  for (const rule of index.rules) {
    if (rule.regexCost === 0) continue;
    for (const host of rule.hosts) {
      const list = byHost.get(host) ?? [];
      list.push(rule);
      byHost.set(host, list);
    }
  }
  const buckets = new Map([...byHost].map(([host, rules]) => [host, worstInBucket(rules)]));
  // A request host that reaches a bucket also reaches its `*.parent` buckets and the any-host one.
  const chainOf = (key: string) =>
    key === "" ? [""] : hostKeys(key.startsWith("*.") ? `x${key.slice(1)}` : key).filter((k) => buckets.has(k));
  let worstKey = "";
  let worstCost = 0;
  for (const key of buckets.keys()) {
    const cost = chainOf(key).reduce((sum, k) => sum + (buckets.get(k)?.cost ?? 0), 0);
    if (cost > worstCost) [worstKey, worstCost] = [key, cost];
  }
  const rules = chainOf(worstKey).flatMap((k) => buckets.get(k)?.rules ?? []);
  return { cost: worstCost, rules, host: worstKey, path: buckets.get(worstKey)?.path ?? "/" };
}

/**
 * Problems for rules whose regexes are too costly on their own, and for every rule of a set one request can
 * meet that costs more than MAX_TABLE_REGEX_COST together. Empty when the table is within both limits.
 */
export function findCostlyRegexes(index: RuleIndex): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const positions = new Map(index.document.rules.map((r, i) => [r.id, i]));
  const problem = (rule: CompiledRule, code: string, message: string) =>
    problems.push({ rule: rule.rule.id, index: positions.get(rule.rule.id) ?? null, code, message });
  for (const rule of index.rules) {
    if (rule.regexCost > MAX_RULE_REGEX_COST)
      problem(
        rule,
        "REGEX_TOO_COSTLY",
        `its regexes compile to ${rule.regexCost} instructions, over the limit of ${MAX_RULE_REGEX_COST}; each ` +
          "costs a step per path character, and a counted repeat such as {1,300} is one copy per count: use + or *",
      );
  }
  const worst = worstRegexLoad(index);
  if (worst.cost > MAX_TABLE_REGEX_COST) {
    const where = `${worst.host ? `host ${worst.host}` : "any host"}, paths under ${worst.path}`;
    for (const rule of worst.rules)
      problem(
        rule,
        "REGEX_TABLE_TOO_COSTLY",
        `${worst.rules.length} regex rules can all be tried on one request (${where}): together ${worst.cost} ` +
          `instructions per path character, over the limit of ${MAX_TABLE_REGEX_COST}; this rule's share is ` +
          `${rule.regexCost}. Start regexes with distinct literal segments (^/section/…) or give them hosts, so ` +
          "the index tells them apart, or merge them",
      );
  }
  return problems;
}
