/**
 * @module One rule compiled once: its path matcher (exact, prefix, pattern, linear-time regex), its conditions
 * and its targets, so that matching a request does no parsing at all.
 */
import { CodedError } from "../coded-error.ts";
import { MAX_REGEX_PATH_LENGTH, RegexLimitError, type StepBudget } from "./budget.ts";
import { bodyEscaper } from "./escape.ts";
import type { Rule, ValueCondition } from "./model.ts";
import { type Captures, compilePattern, NO_CAPTURES } from "./path.ts";
import { compileSafeRegex, RegexError, type SafeRegex } from "./regex.ts";
import { type CompiledTemplate, compileTemplate } from "./template.ts";

/** What conditions look at; built once per request by `toMatchRequest`. */
export interface MatchRequest {
  method: string;
  host: string;
  path: string;
  query: URLSearchParams;
  header(name: string): string | null;
  cookie(name: string): string | null;
  country: string | null;
}

export interface CompiledRule {
  readonly rule: Rule;
  /** Position in evaluation order (priority, then document order). */
  readonly order: number;
  /** Where the index files it: `exact` by path, else in the trie under these literal segments. */
  readonly placement: { exact: string } | { segments: string[] };
  readonly hosts: string[];
  /** Static text of an exact path or prefix target, used by the publish-time loop check. */
  readonly samplePath: string | null;
  readonly target: CompiledTemplate | null;
  /** A `respond` body with variables, and how its values are escaped for its content type; null = fixed text. */
  readonly body: { template: CompiledTemplate; escaper: (value: string) => string } | null;
  /** No method/query/header/cookie/country condition: the path (and host) alone decide. */
  readonly unconditional: boolean;
  /** Instructions in this rule's regex programs together (0 without a regex): its steps per path character. */
  readonly regexCost: number;
  /**
   * Captures if `path` matches. With a `budget` (every request has one), regexes charge their steps to it and a
   * path over MAX_REGEX_PATH_LENGTH is refused before any regex looks at it (`RegexLimitError`).
   */
  matchPath(path: string, budget?: StepBudget): Captures | null;
  matchConditions(req: MatchRequest): boolean;
}

/** A rule that cannot be compiled; `code` is stable. */
export class RuleCompileError extends CodedError {}

const list = (v: string | string[] | undefined): string[] | null =>
  v === undefined ? null : Array.isArray(v) ? v : [v];

function valueTest(conds: Record<string, ValueCondition> | undefined, lower: boolean) {
  if (!conds) return null;
  const entries = Object.entries(conds).map(([k, v]) => [lower ? k.toLowerCase() : k, v] as const);
  return (read: (name: string) => string | null) =>
    entries.every(([name, want]) => {
      const got = read(name);
      return want === true ? got !== null : want === false ? got === null : got === want;
    });
}

function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, "");
  if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h) && h !== "*")
    throw new RuleCompileError(
      "BAD_HOST",
      `host ${JSON.stringify(host)} must be a name like example.com or *.example.com`,
    );
  return h === "*" ? "" : h;
}

// Shared by the many rules that need nothing of their own (100,000 closures would cost tens of MB).
const NO_NAMES: ReadonlySet<string> = new Set();
const ANY_HOST: string[] = [""];
const matchAnyPath = (): Captures => NO_CAPTURES;
const matchAlways = (): boolean => true;

const segmentsOf = (literal: string): string[] => literal.slice(1).split("/").slice(0, -1);

/** Compiles `rule`; throws `RuleCompileError` naming the problem (the caller names the rule). */
export function compileRule(rule: Rule, order: number, origins: ReadonlySet<string>): CompiledRule {
  const m = rule.match ?? {};
  const regexes: SafeRegex[] = (list(m.regex) ?? []).map((source) => {
    try {
      return compileSafeRegex(source, m.caseInsensitive === true);
    } catch (e) {
      const code = e instanceof RegexError ? e.code : "BAD_REGEX";
      throw new RuleCompileError(code, `regex ${JSON.stringify(source)}: ${(e as Error).message}`);
    }
  });
  // Captures come from the last regex (nginx: a rewrite's $1 is its own, not its location's).
  const regex = regexes.at(-1) ?? null;
  const literalPrefix = regexes.reduce(
    (best, r) => (r.literalPrefix.length > best.length ? r.literalPrefix : best),
    "",
  );
  let pattern: ReturnType<typeof compilePattern> | null = null;
  if (m.pattern !== undefined) {
    try {
      pattern = compilePattern(m.pattern);
    } catch (e) {
      throw new RuleCompileError("BAD_PATTERN", `pattern ${JSON.stringify(m.pattern)}: ${(e as Error).message}`);
    }
  }
  const names: ReadonlySet<string> =
    regex || pattern ? new Set<string>([...(regex?.names.keys() ?? []), ...(pattern?.params ?? [])]) : NO_NAMES;
  const action = rule.action;
  let target: CompiledTemplate | null = null;
  const to = "to" in action ? action.to : undefined;
  if (to !== undefined) {
    try {
      target = compileTemplate(to, regex?.groups ?? 0, names);
    } catch (e) {
      throw new RuleCompileError("BAD_TARGET", `target ${JSON.stringify(to)}: ${(e as Error).message}`);
    }
  }
  let body: CompiledRule["body"] = null;
  if (action.type === "respond" && typeof action.body === "string" && action.body.includes("$")) {
    const template = compileTemplate(action.body, regex?.groups ?? 0, names, { body: true });
    if (!template.isStatic) {
      const escaper = bodyEscaper(action.contentType);
      if (!escaper)
        throw new RuleCompileError(
          "BAD_BODY",
          `a body with variables needs a contentType whose values bonafide can escape (text/plain, text/html, an XML type or application/json), not ${JSON.stringify(action.contentType)}`,
        );
      body = { template, escaper };
    }
  }
  if (action.type === "proxy" && !origins.has(action.origin))
    throw new RuleCompileError(
      "UNKNOWN_ORIGIN",
      `origin ${JSON.stringify(action.origin)} is not in the document's origins`,
    );

  const prefix = m.prefix;
  const exact = m.path;
  const placement =
    exact !== undefined
      ? { exact }
      : {
          segments:
            prefix !== undefined
              ? segmentsOf(prefix)
              : pattern
                ? pattern.staticSegments
                : segmentsOf(literalPrefix || "/"),
        };
  // Exact rules are only ever reached through the index's hash map, which has compared the path already.
  const pathTest: ((path: string) => Captures | null) | null =
    exact !== undefined
      ? null
      : prefix !== undefined
        ? (p) => (p.startsWith(prefix) ? NO_CAPTURES : null)
        : pattern
          ? pattern.match
          : null;
  const matchPath = !regex
    ? (pathTest ?? matchAnyPath)
    : (path: string, budget?: StepBudget): Captures | null => {
        const base = pathTest ? pathTest(path) : NO_CAPTURES;
        if (!base) return null;
        if (budget && path.length > MAX_REGEX_PATH_LENGTH)
          throw new RegexLimitError(
            "RULES_PATH_TOO_LONG",
            `the path is ${path.length} characters; URL rules' regexes look at paths of at most ${MAX_REGEX_PATH_LENGTH}`,
          );
        for (let i = 0; i < regexes.length - 1; i++) if (!regexes[i]?.exec(path, budget)) return null;
        const groups = regex.exec(path, budget);
        if (!groups) return null;
        const named: Record<string, string | undefined> = { ...base.named };
        for (const [name, g] of regex.names) named[name] = groups[g];
        return { positional: groups, named };
      };

  const methods = list(m.method)?.map((x) => x.toUpperCase()) ?? null;
  const countries = list(m.country)?.map((x) => x.toUpperCase()) ?? null;
  const query = valueTest(m.query, false);
  const headers = valueTest(m.headers, true);
  const cookies = valueTest(m.cookies, false);
  const matchConditions =
    !methods && !countries && !query && !headers && !cookies
      ? matchAlways
      : (req: MatchRequest): boolean =>
          (!methods || methods.includes(req.method)) &&
          (!countries || (req.country !== null && countries.includes(req.country))) &&
          (!query || query((n) => req.query.get(n))) &&
          (!headers || headers((n) => req.header(n))) &&
          (!cookies || cookies((n) => req.cookie(n)));

  const hosts = m.host === undefined ? ANY_HOST : (list(m.host) ?? []).map(normalizeHost);
  // A URL this rule matches, for the publish-time loop check; for a regex, its literal prefix (plus "x") if that
  // matches, else none (such rules are bounded at request time).
  const regexSample = [`${literalPrefix}x`, literalPrefix].find((p) => p && matchPath(p) !== null) ?? null;
  const samplePath =
    exact ?? (prefix !== undefined ? `${prefix}x` : (m.pattern?.replace(/:[A-Za-z_]\w*|\*/g, "x") ?? regexSample));
  const unconditional = matchConditions === matchAlways;
  const regexCost = regexes.reduce((sum, r) => sum + r.size, 0);
  return {
    rule,
    order,
    placement,
    hosts,
    samplePath,
    target,
    body,
    unconditional,
    regexCost,
    matchPath,
    matchConditions,
  };
}
