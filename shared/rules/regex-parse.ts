/**
 * @module Parser for the regular expressions rules may use: the PCRE/JS subset nginx tables need, without the
 * features that cannot run in linear time (backreferences, lookaround) — see regex.ts for the engine.
 */
import { CodedError } from "../coded-error.ts";

export type CharTest = (code: number) => boolean;

export type RegexNode =
  | { t: "char"; test: CharTest; lit?: string }
  | { t: "cat"; items: RegexNode[] }
  | { t: "alt"; items: RegexNode[] }
  | { t: "group"; index: number | null; body: RegexNode }
  | { t: "repeat"; body: RegexNode; min: number; max: number; greedy: boolean }
  | { t: "bol" }
  | { t: "eol" };

/** Why a regular expression was refused; `code` is stable. */
export class RegexError extends CodedError<"REGEX_SYNTAX" | "REGEX_UNSUPPORTED" | "REGEX_TOO_LARGE"> {}

export const MAX_REGEX_LENGTH = 1000;
const MAX_REPEAT = 1000;

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace: CharTest = (c) => c === 32 || (c >= 9 && c <= 13);
const CLASS_ESCAPES: Record<string, CharTest> = {
  d: isDigit,
  w: isWord,
  s: isSpace,
  D: (c) => !isDigit(c),
  W: (c) => !isWord(c),
  S: (c) => !isSpace(c),
};
const CONTROL: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, "0": 0 };

function foldCase(test: CharTest): CharTest {
  return (c) => test(c) || (c >= 65 && c <= 90 && test(c + 32)) || (c >= 97 && c <= 122 && test(c - 32));
}

/** Parses `source`; the result's group count excludes group 0 (the whole match). */
export function parseRegex(
  source: string,
  caseInsensitive = false,
): { ast: RegexNode; groups: number; names: Map<string, number>; caseInsensitive: boolean } {
  if (source.length > MAX_REGEX_LENGTH) throw new RegexError("REGEX_TOO_LARGE", `longer than ${MAX_REGEX_LENGTH}`);
  let pos = 0;
  // PCRE's leading (?i), as nginx users write it; other inline flags are refused below.
  if (source.startsWith("(?i)")) {
    caseInsensitive = true;
    pos = 4;
  }
  let groups = 0;
  const names = new Map<string, number>();
  const fail = (code: RegexError["code"], what: string): never => {
    throw new RegexError(code, `${what} at offset ${pos}`);
  };
  const char = (test: CharTest, lit?: string): RegexNode =>
    caseInsensitive
      ? { t: "char", test: foldCase(test) }
      : lit === undefined
        ? { t: "char", test }
        : { t: "char", test, lit };
  const literal = (code: number): RegexNode => char((c) => c === code, String.fromCharCode(code));

  function readEscape(inClass: boolean): { test: CharTest; code?: number } {
    const e = source[pos++];
    if (e === undefined) return fail("REGEX_SYNTAX", "trailing backslash");
    const cls = CLASS_ESCAPES[e];
    if (cls) return { test: cls };
    if (e in CONTROL) {
      const code = CONTROL[e] ?? 0;
      return { test: (c) => c === code, code };
    }
    if (e === "x" || e === "u") {
      const len = e === "x" ? 2 : 4;
      const hex = source.slice(pos, pos + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail("REGEX_SYNTAX", `bad \\${e} escape`);
      pos += len;
      const code = Number.parseInt(hex, 16);
      return { test: (c) => c === code, code };
    }
    if (/[1-9]/.test(e)) fail("REGEX_UNSUPPORTED", "backreferences cannot run in linear time");
    if (!inClass && (e === "b" || e === "B")) fail("REGEX_UNSUPPORTED", "word boundaries are not supported");
    if (/[A-Za-z]/.test(e)) fail("REGEX_SYNTAX", `unknown escape \\${e}`);
    const code = e.charCodeAt(0);
    return { test: (c) => c === code, code };
  }

  function parseClass(): RegexNode {
    const negate = source[pos] === "^";
    if (negate) pos++;
    const tests: CharTest[] = [];
    let first = true;
    while (pos < source.length && (source[pos] !== "]" || first)) {
      first = false;
      let lo: { test: CharTest; code?: number };
      if (source[pos] === "\\") {
        pos++;
        lo = readEscape(true);
      } else {
        const code = source.charCodeAt(pos++);
        lo = { test: (c) => c === code, code };
      }
      if (source[pos] === "-" && source[pos + 1] !== "]" && pos + 1 < source.length && lo.code !== undefined) {
        pos++;
        let hi: { test: CharTest; code?: number };
        if (source[pos] === "\\") {
          pos++;
          hi = readEscape(true);
        } else hi = { test: () => false, code: source.charCodeAt(pos++) };
        const from = lo.code;
        const to = hi.code;
        if (to === undefined || to < from) fail("REGEX_SYNTAX", "bad range in character class");
        tests.push((c) => c >= from && c <= (to as number));
      } else tests.push(lo.test);
    }
    if (source[pos] !== "]") fail("REGEX_SYNTAX", "unterminated character class");
    pos++;
    const any: CharTest = (c) => tests.some((t) => t(c));
    return char(negate ? (c) => !any(c) : any);
  }

  function parseAtom(): RegexNode {
    const ch = source[pos++];
    if (ch === "(") {
      let index: number | null = ++groups;
      if (source[pos] === "?") {
        const rest = source.slice(pos + 1);
        const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
        if (rest.startsWith(":")) {
          groups--;
          index = null;
          pos += 2;
        } else if (named?.[1]) {
          names.set(named[1], index);
          pos += 1 + named[0].length;
        } else fail("REGEX_UNSUPPORTED", "lookaround and inline flags are not supported");
      }
      const body = parseAlt();
      if (source[pos] !== ")") fail("REGEX_SYNTAX", "missing )");
      pos++;
      return { t: "group", index, body };
    }
    if (ch === "[") return parseClass();
    if (ch === ".") return char((c) => c !== 10);
    if (ch === "^") return { t: "bol" };
    if (ch === "$") return { t: "eol" };
    if (ch === "\\") {
      const e = readEscape(false);
      return e.code !== undefined ? literal(e.code) : char(e.test);
    }
    if (ch === "*" || ch === "+" || ch === "?") return fail("REGEX_SYNTAX", "nothing to repeat");
    if (ch === ")") return fail("REGEX_SYNTAX", "unbalanced )");
    return literal((ch ?? "").charCodeAt(0));
  }

  function parseRepeat(): RegexNode {
    let node = parseAtom();
    for (;;) {
      const q = source[pos];
      let min: number;
      let max: number;
      if (q === "*" || q === "+" || q === "?") {
        pos++;
        [min, max] = q === "*" ? [0, Infinity] : q === "+" ? [1, Infinity] : [0, 1];
      } else if (q === "{") {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
        if (!m) return node;
        pos += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
          fail("REGEX_TOO_LARGE", "repeat count over 1000");
        if (max < min) fail("REGEX_SYNTAX", "bad repeat range");
      } else return node;
      if (node.t === "bol" || node.t === "eol") fail("REGEX_SYNTAX", "nothing to repeat");
      if (node.t === "repeat") fail("REGEX_UNSUPPORTED", "possessive or stacked quantifiers are not supported");
      const greedy = source[pos] !== "?";
      if (!greedy) pos++;
      node = { t: "repeat", body: node, min, max, greedy };
    }
  }

  function parseCat(): RegexNode {
    const items: RegexNode[] = [];
    while (pos < source.length && source[pos] !== "|" && source[pos] !== ")") items.push(parseRepeat());
    return { t: "cat", items };
  }

  function parseAlt(): RegexNode {
    const items = [parseCat()];
    while (source[pos] === "|") {
      pos++;
      items.push(parseCat());
    }
    return items.length === 1 ? (items[0] as RegexNode) : { t: "alt", items };
  }

  const ast = parseAlt();
  if (pos < source.length) fail("REGEX_SYNTAX", "unbalanced )");
  return { ast, groups, names, caseInsensitive };
}

/** The literal text an anchored regex must start with (`^/old/(.*)` → `/old/`), for indexing; "" if none. */
export function literalPrefixOf(ast: RegexNode): string {
  if (ast.t !== "cat" || ast.items[0]?.t !== "bol") return "";
  let prefix = "";
  for (const item of ast.items.slice(1)) {
    if (item.t !== "char" || item.lit === undefined) break;
    prefix += item.lit;
  }
  return prefix;
}

/**
 * The longest literal text every match must contain (`\\.php$` → `.php`), for a cheap `includes` check that
 * skips the engine on most paths; "" if the pattern has none at its top level.
 */
export function requiredLiteralOf(ast: RegexNode): string {
  if (ast.t !== "cat") return "";
  let best = "";
  let run = "";
  for (const item of ast.items) {
    if (item.t === "char" && item.lit !== undefined) run += item.lit;
    else if (item.t !== "bol" && item.t !== "eol") run = "";
    if (run.length > best.length) best = run;
  }
  return best;
}
