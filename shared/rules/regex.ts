/**
 * @module A linear-time regular-expression engine (Thompson NFA / Pike VM with captures) for rule regexes.
 *
 * Backtracking engines (V8's RegExp, PCRE) can take exponential time on patterns like `^(a+)+$` — the class of
 * bug behind Cloudflare's 2 July 2019 outage. Here every input character is looked at once per program
 * instruction at most, so matching costs O(input × pattern) whatever the pattern. Semantics are
 * leftmost-first with greedy/lazy quantifiers, as in PCRE and JavaScript.
 */

import { type StepBudget, spendSteps } from "./budget.ts";
import {
  type CharTest,
  literalPrefixOf,
  parseRegex,
  RegexError,
  type RegexNode,
  requiredLiteralOf,
} from "./regex-parse.ts";

export { RegexError };

type Inst =
  | { op: "char"; test: CharTest }
  | { op: "split"; x: number; y: number }
  | { op: "jmp"; x: number }
  | { op: "save"; n: number }
  | { op: "bol" }
  | { op: "eol" }
  | { op: "match" };

const MAX_PROGRAM = 20_000;

/** A compiled regex: `exec` returns the groups (index 0 = whole match) or null. */
export interface SafeRegex {
  readonly source: string;
  readonly groups: number;
  readonly names: ReadonlyMap<string, number>;
  /** Literal text every match starts with when the regex is anchored with `^`, else "". */
  readonly literalPrefix: string;
  /**
   * Instructions in the compiled program (counted repetitions expanded): the VM enters each at most once per
   * input position, so this is the most steps one character of input can cost (cost.ts sums it per table).
   */
  readonly size: number;
  /** Matches `input`, charging the steps it takes to `budget` (throws `RegexLimitError` once that is spent). */
  exec(input: string, budget?: StepBudget): (string | undefined)[] | null;
}

function compileNode(node: RegexNode, prog: Inst[]): void {
  if (prog.length > MAX_PROGRAM) throw new RegexError("REGEX_TOO_LARGE", "the compiled pattern is too large");
  switch (node.t) {
    case "char":
      prog.push({ op: "char", test: node.test });
      return;
    case "bol":
    case "eol":
      prog.push({ op: node.t });
      return;
    case "cat":
      for (const item of node.items) compileNode(item, prog);
      return;
    case "group":
      if (node.index !== null) prog.push({ op: "save", n: node.index * 2 });
      compileNode(node.body, prog);
      if (node.index !== null) prog.push({ op: "save", n: node.index * 2 + 1 });
      return;
    case "alt": {
      const jumps: { op: "jmp"; x: number }[] = [];
      for (const [i, item] of node.items.entries()) {
        if (i < node.items.length - 1) {
          const split = { op: "split" as const, x: prog.length + 1, y: 0 };
          prog.push(split);
          compileNode(item, prog);
          const jmp = { op: "jmp" as const, x: 0 };
          prog.push(jmp);
          jumps.push(jmp);
          split.y = prog.length;
        } else compileNode(item, prog);
      }
      for (const j of jumps) j.x = prog.length;
      return;
    }
    case "repeat": {
      for (let i = 0; i < node.min; i++) compileNode(node.body, prog);
      const branch = (split: { x: number; y: number }, body: number, out: number) => {
        split.x = node.greedy ? body : out;
        split.y = node.greedy ? out : body;
      };
      if (node.max === Infinity) {
        const start = prog.length;
        const split = { op: "split" as const, x: 0, y: 0 };
        prog.push(split);
        compileNode(node.body, prog);
        prog.push({ op: "jmp", x: start });
        branch(split, start + 1, prog.length);
        return;
      }
      const splits: { x: number; y: number }[] = [];
      const bodies: number[] = [];
      for (let i = node.min; i < node.max; i++) {
        const split = { op: "split" as const, x: 0, y: 0 };
        prog.push(split);
        splits.push(split);
        bodies.push(prog.length);
        compileNode(node.body, prog);
      }
      for (const [i, s] of splits.entries()) branch(s, bodies[i] ?? 0, prog.length);
      return;
    }
  }
}

/** Parses and compiles `source`; throws `RegexError` (with a stable code) for what it refuses. */
export function compileSafeRegex(source: string, caseInsensitive = false): SafeRegex {
  const { ast, groups, names, caseInsensitive: folded } = parseRegex(source, caseInsensitive);
  const prog: Inst[] = [{ op: "save", n: 0 }];
  compileNode(ast, prog);
  prog.push({ op: "save", n: 1 }, { op: "match" });
  if (prog.length > MAX_PROGRAM) throw new RegexError("REGEX_TOO_LARGE", "the compiled pattern is too large");
  const anchored = ast.t === "cat" && ast.items[0]?.t === "bol";
  const slots = (groups + 1) * 2;
  const literalPrefix = folded ? "" : literalPrefixOf(ast);
  const required = folded ? "" : requiredLiteralOf(ast);
  // One generation per input position for the isolate's lifetime: an Int32Array would wrap after 2^31 positions
  // and stop deduplicating threads (the linear bound gone); a double counts exactly to 2^53.
  const seen = new Float64Array(prog.length);
  let generation = 0;

  function exec(input: string, budget?: StepBudget): (string | undefined)[] | null {
    if (required && !input.includes(required)) return null;
    const n = input.length;
    type Thread = { pc: number; caps: Int32Array };
    let steps = 0;
    const add = (list: Thread[], pc: number, caps: Int32Array, at: number): void => {
      if (seen[pc] === generation) return;
      seen[pc] = generation;
      steps++;
      const inst = prog[pc] as Inst;
      switch (inst.op) {
        case "jmp":
          add(list, inst.x, caps, at);
          return;
        case "split":
          add(list, inst.x, caps, at);
          add(list, inst.y, caps, at);
          return;
        case "save": {
          const copy = caps.slice();
          copy[inst.n] = at;
          add(list, pc + 1, copy, at);
          return;
        }
        case "bol":
          if (at === 0) add(list, pc + 1, caps, at);
          return;
        case "eol":
          if (at === n) add(list, pc + 1, caps, at);
          return;
        default:
          list.push({ pc, caps });
      }
    };
    let matched: Int32Array | null = null;
    generation++;
    let current: Thread[] = [];
    add(current, 0, new Int32Array(slots).fill(-1), 0);
    if (budget) {
      spendSteps(budget, steps);
      steps = 0;
    }
    for (let i = 0; i <= n && current.length > 0; i++) {
      generation++;
      const next: Thread[] = [];
      const code = i < n ? input.charCodeAt(i) : -1;
      for (const thread of current) {
        const inst = prog[thread.pc] as Inst;
        if (inst.op === "match") {
          matched = thread.caps;
          break; // threads after this one have lower priority (leftmost-first)
        }
        if (inst.op === "char" && code >= 0 && inst.test(code)) add(next, thread.pc + 1, thread.caps, i + 1);
      }
      if (matched === null && !anchored && i < n) add(next, 0, new Int32Array(slots).fill(-1), i + 1);
      current = next;
      if (budget) {
        // Charged per position, so a spent budget stops the match within one character's work.
        spendSteps(budget, steps);
        steps = 0;
      }
    }
    if (matched === null) return null;
    const caps = matched;
    return Array.from({ length: groups + 1 }, (_, g) => {
      const from = caps[g * 2] ?? -1;
      const to = caps[g * 2 + 1] ?? -1;
      return from >= 0 && to >= 0 ? input.slice(from, to) : undefined;
    });
  }

  return { source, groups, names, literalPrefix, size: prog.length, exec };
}
