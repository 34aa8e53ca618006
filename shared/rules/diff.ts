/**
 * @module What changes between two rules documents, by rule id: added, removed, changed, and moved (order
 * matters: first match wins).
 */
import type { Rule, RulesDocument } from "./model.ts";

export interface RulesDiff {
  added: string[];
  removed: string[];
  changed: string[];
  /** Rules present in both whose position relative to the others changed. */
  moved: string[];
  originsChanged: string[];
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Differences from `live` to `next`. */
export function diffRules(live: RulesDocument, next: RulesDocument): RulesDiff {
  const before = new Map<string, Rule>(live.rules.map((r) => [r.id, r]));
  const after = new Map<string, Rule>(next.rules.map((r) => [r.id, r]));
  const added = next.rules.filter((r) => !before.has(r.id)).map((r) => r.id);
  const removed = live.rules.filter((r) => !after.has(r.id)).map((r) => r.id);
  const changed = next.rules
    .filter((r) => {
      const old = before.get(r.id);
      return old !== undefined && canonical(old) !== canonical(r);
    })
    .map((r) => r.id);
  const keptBefore = live.rules.filter((r) => after.has(r.id)).map((r) => r.id);
  const keptAfter = next.rules.filter((r) => before.has(r.id)).map((r) => r.id);
  const moved = keptAfter.filter((id, i) => keptBefore[i] !== id);
  const names = new Set([...Object.keys(live.origins ?? {}), ...Object.keys(next.origins ?? {})]);
  const originsChanged = [...names].filter((n) => live.origins?.[n] !== next.origins?.[n]);
  return { added, removed, changed, moved, originsChanged };
}

/** True when nothing differs. */
export function isEmptyDiff(diff: RulesDiff): boolean {
  return Object.values(diff).every((list) => list.length === 0);
}
