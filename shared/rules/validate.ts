/**
 * @module Shape checks for a rules document: every problem names the rule (id and position) and what is wrong.
 */
import { CodedError } from "../coded-error.ts";
import { ACTION_TYPES, MAX_RULES, REDIRECT_STATUSES, type Rule, type RulesDocument } from "./model.ts";

/** One thing wrong with a rules document; `code` is stable, `message` says what to change. */
export interface RuleProblem {
  rule: string | null;
  index: number | null;
  code: string;
  message: string;
}

/** Thrown when a document cannot be published; carries every problem found, not just the first. */
export class RulesInvalidError extends CodedError<"RULES_INVALID"> {
  readonly problems: RuleProblem[];
  constructor(problems: RuleProblem[]) {
    const first = problems[0];
    const where = first ? `${first.rule ? `rule ${JSON.stringify(first.rule)}` : "document"}: ${first.message}` : "";
    super("RULES_INVALID", `${problems.length} problem(s) in the rules; first: ${where}`);
    this.problems = problems;
  }
}

const RULE_KEYS = new Set(["id", "priority", "disabled", "match", "action", "comment"]);
const MATCH_KEYS = new Set([
  ...["host", "path", "prefix", "pattern", "regex", "caseInsensitive", "method"],
  ...["query", "headers", "cookies", "country"],
]);
const ACTION_KEYS: Record<string, string[]> = {
  rewrite: ["to", "keepQuery", "final"],
  redirect: ["to", "status", "keepQuery"],
  proxy: ["origin", "to", "keepQuery"],
  headers: ["request", "response"],
  respond: ["status", "body", "contentType", "headers"],
  pass: [],
};
const ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown) =>
  typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));

function checkRule(raw: unknown, problem: (code: string, message: string) => void): void {
  if (!isObject(raw)) {
    problem("NOT_AN_OBJECT", "a rule must be an object with id, match and action");
    return;
  }
  for (const k of Object.keys(raw)) if (!RULE_KEYS.has(k)) problem("UNKNOWN_KEY", `unknown key ${JSON.stringify(k)}`);
  if (typeof raw.id !== "string" || !ID.test(raw.id))
    problem("BAD_ID", "id must be 1-200 characters of letters, digits and . _ : / -, starting with a letter or digit");
  if (raw.priority !== undefined && !Number.isSafeInteger(raw.priority))
    problem("BAD_PRIORITY", "priority must be an integer");
  const match = raw.match ?? {};
  if (!isObject(match)) problem("BAD_MATCH", "match must be an object");
  else {
    for (const k of Object.keys(match))
      if (!MATCH_KEYS.has(k)) problem("UNKNOWN_KEY", `unknown match key ${JSON.stringify(k)}`);
    const paths = ["path", "prefix", "pattern"].filter((k) => match[k] !== undefined);
    if (paths.length > 1) problem("BAD_MATCH", `use one of path, prefix, pattern (got ${paths.join(" and ")})`);
    for (const k of ["path", "prefix", "pattern"])
      if (match[k] !== undefined && (typeof match[k] !== "string" || !String(match[k]).startsWith("/")))
        problem("BAD_PATH", `match.${k} must be a string starting with /`);
    if (match.regex !== undefined && !isStringList(match.regex))
      problem("BAD_REGEX", "match.regex must be a string or a list of strings");
    for (const k of ["host", "method", "country"])
      if (match[k] !== undefined && !isStringList(match[k]))
        problem("BAD_MATCH", `match.${k} must be a string or a list of strings`);
    for (const k of ["query", "headers", "cookies"]) {
      const v = match[k];
      if (v === undefined) continue;
      if (!isObject(v) || !Object.values(v).every((x) => typeof x === "string" || typeof x === "boolean"))
        problem("BAD_MATCH", `match.${k} must map names to a string (equals), true (present) or false (absent)`);
    }
  }
  const action = raw.action;
  if (!isObject(action) || typeof action.type !== "string" || !(action.type in ACTION_KEYS)) {
    problem("BAD_ACTION", `action.type must be one of ${ACTION_TYPES.join(", ")}`);
    return;
  }
  for (const k of Object.keys(action))
    if (k !== "type" && !ACTION_KEYS[action.type]?.includes(k))
      problem("UNKNOWN_KEY", `unknown key ${JSON.stringify(k)} for a ${action.type} action`);
  if ((action.type === "rewrite" || action.type === "redirect") && typeof action.to !== "string")
    problem("BAD_TARGET", `a ${action.type} needs "to"`);
  if (action.type === "rewrite" && typeof action.to === "string" && !action.to.startsWith("/"))
    problem("BAD_TARGET", "a rewrite target is a path starting with /; use proxy for another host");
  if (action.type === "rewrite" && typeof action.to === "string" && action.to.startsWith("/_bonafide/"))
    problem("BAD_TARGET", "rules may not rewrite into the admin paths /_bonafide/*");
  if (
    action.type === "redirect" &&
    action.status !== undefined &&
    !(REDIRECT_STATUSES as readonly unknown[]).includes(action.status)
  )
    problem("BAD_STATUS", `redirect status must be one of ${REDIRECT_STATUSES.join(", ")}`);
  if (action.type === "proxy" && typeof action.origin !== "string") problem("BAD_ORIGIN", 'a proxy needs "origin"');
  if (
    action.type === "respond" &&
    !(Number.isInteger(action.status) && Number(action.status) >= 200 && Number(action.status) <= 599)
  )
    problem("BAD_STATUS", "respond status must be an integer 200-599");
  if (action.type === "respond" && action.body !== undefined && typeof action.body !== "string")
    problem("BAD_BODY", "respond body must be a string");
  if (action.type === "headers") {
    for (const side of ["request", "response"]) {
      const ch = action[side];
      if (ch === undefined) continue;
      const ok =
        isObject(ch) &&
        (ch.set === undefined || (isObject(ch.set) && Object.values(ch.set).every((v) => typeof v === "string"))) &&
        (ch.remove === undefined || (Array.isArray(ch.remove) && ch.remove.every((v) => typeof v === "string")));
      if (!ok) problem("BAD_HEADERS", `action.${side} must be { set?: {name: value}, remove?: [names] }`);
    }
  }
}

/** Checks the document's shape; returns it typed with every problem found (an empty list = valid shape). */
export function validateRulesDocument(input: unknown): { document: RulesDocument; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const empty: RulesDocument = { rules: [] };
  if (!isObject(input) || !Array.isArray(input.rules)) {
    problems.push({
      rule: null,
      index: null,
      code: "BAD_DOCUMENT",
      message: 'expected { "rules": [ … ], "origins"?: { … } }',
    });
    return { document: empty, problems };
  }
  if (input.rules.length > MAX_RULES)
    problems.push({ rule: null, index: null, code: "TOO_MANY_RULES", message: `at most ${MAX_RULES} rules` });
  if (input.origins !== undefined) {
    const ok =
      isObject(input.origins) &&
      Object.values(input.origins).every((v) => typeof v === "string" && /^https?:\/\/[^/]/.test(v));
    if (!ok)
      problems.push({
        rule: null,
        index: null,
        code: "BAD_ORIGINS",
        message: "origins must map names to http(s) URLs",
      });
  }
  const seen = new Set<string>();
  input.rules.forEach((raw: unknown, index: number) => {
    const id = isObject(raw) && typeof raw.id === "string" ? raw.id : null;
    const problem = (code: string, message: string) => problems.push({ rule: id, index, code, message });
    checkRule(raw, problem);
    if (id !== null && seen.has(id)) problem("DUPLICATE_ID", `id ${JSON.stringify(id)} is used by an earlier rule`);
    if (id !== null) seen.add(id);
  });
  return { document: input as unknown as RulesDocument & { rules: Rule[] }, problems };
}
