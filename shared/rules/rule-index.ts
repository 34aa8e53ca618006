/**
 * @module The rule index: per host, exact paths in a hash map and everything else in a segment trie keyed by
 * its literal leading segments, so a lookup touches only the rules that could match — not a scan.
 */
import { type CompiledRule, compileRule, RuleCompileError } from "./compile-rule.ts";
import type { Rule, RulesDocument } from "./model.ts";
import type { RuleProblem } from "./validate.ts";

interface TrieNode {
  children: Map<string, TrieNode> | null;
  rules: CompiledRule[];
}

interface HostBucket {
  /** One rule, or several in order when rules share a path (a bare rule saves an array per path). */
  exact: Map<string, CompiledRule | CompiledRule[]>;
  trie: TrieNode;
}

export interface RuleIndex {
  readonly document: RulesDocument;
  readonly rules: readonly CompiledRule[];
  readonly origins: ReadonlyMap<string, string>;
  /** Rules that may match `host` + `path`, in evaluation order; conditions and patterns are not yet checked. */
  candidates(host: string, path: string): CompiledRule[];
}

const newNode = (): TrieNode => ({ children: null, rules: [] });

function bucketFor(buckets: Map<string, HostBucket>, host: string): HostBucket {
  let bucket = buckets.get(host);
  if (!bucket) {
    bucket = { exact: new Map(), trie: newNode() };
    buckets.set(host, bucket);
  }
  return bucket;
}

function insert(bucket: HostBucket, rule: CompiledRule): void {
  if ("exact" in rule.placement) {
    const held = bucket.exact.get(rule.placement.exact);
    if (!held) bucket.exact.set(rule.placement.exact, rule);
    else if (Array.isArray(held)) held.push(rule);
    else bucket.exact.set(rule.placement.exact, [held, rule]);
    return;
  }
  let node = bucket.trie;
  for (const segment of rule.placement.segments) {
    node.children ??= new Map();
    let child = node.children.get(segment);
    if (!child) {
      child = newNode();
      node.children.set(segment, child);
    }
    node = child;
  }
  node.rules.push(rule);
}

/** The host keys a request host can match: itself, then `*.parent` for each parent, then any host (""). */
export function hostKeys(host: string): string[] {
  const keys = [host];
  let dot = host.indexOf(".");
  while (dot >= 0) {
    keys.push(`*${host.slice(dot)}`);
    dot = host.indexOf(".", dot + 1);
  }
  keys.push("");
  return keys;
}

/** Evaluation order: higher `priority` first, then document order (a stable sort keeps it). */
export function orderRules(rules: readonly Rule[]): Rule[] {
  return rules.filter((r) => !r.disabled).sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
}

/**
 * Compiles and indexes a validated document. Problems (bad regex, unknown origin …) are collected per rule;
 * the index is only usable when the returned list is empty.
 */
export function createRuleIndex(document: RulesDocument): { index: RuleIndex; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const originNames = new Set(Object.keys(document.origins ?? {}));
  const buckets = new Map<string, HostBucket>();
  const compiled: CompiledRule[] = [];
  let positions: Map<Rule, number> | null = null; // only needed to name problems
  for (const rule of orderRules(document.rules)) {
    try {
      const c = compileRule(rule, compiled.length, originNames);
      compiled.push(c);
      for (const host of c.hosts) insert(bucketFor(buckets, host), c);
    } catch (e) {
      const code = e instanceof RuleCompileError ? e.code : "BAD_RULE";
      positions ??= new Map(document.rules.map((r, i) => [r, i]));
      problems.push({ rule: rule.id, index: positions.get(rule) ?? null, code, message: (e as Error).message });
    }
  }
  const anyHost = buckets.get("");
  const single = buckets.size === 1 && anyHost !== undefined;

  function candidates(host: string, path: string): CompiledRule[] {
    const out: CompiledRule[] = [];
    let sources = 0;
    const segments = path.slice(1).split("/");
    for (const key of single ? [""] : hostKeys(host)) {
      const bucket = buckets.get(key);
      if (!bucket) continue;
      const exact = bucket.exact.get(path);
      if (exact) {
        if (Array.isArray(exact)) out.push(...exact);
        else out.push(exact);
        sources++;
      }
      let node: TrieNode | undefined = bucket.trie;
      for (let i = 0; node; i++) {
        if (node.rules.length > 0) {
          out.push(...node.rules);
          sources++;
        }
        const segment = segments[i];
        node = segment === undefined || i === segments.length - 1 ? undefined : node.children?.get(segment);
      }
    }
    if (sources > 1) out.sort((a, b) => a.order - b.order);
    return out;
  }

  const index: RuleIndex = {
    document,
    rules: compiled,
    origins: new Map(Object.entries(document.origins ?? {})),
    candidates,
  };
  return { index, problems };
}
