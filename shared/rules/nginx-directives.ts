/**
 * @module One nginx rewrite-module directive at a time (`rewrite`, `return`, `if`) → a bonafide rule or condition,
 * following ngx_http_rewrite_module's documented semantics.
 */
import type { Rule, RuleAction, RuleMatch } from "./model.ts";
import type { NginxDirective } from "./nginx-parse.ts";
import { compileSafeRegex } from "./regex.ts";
import { BUILTIN_VARIABLES, VARIABLE_FAMILIES } from "./template.ts";

/** How a translator reports: a rule built with a stable id, or a line it cannot translate. */
export interface TranslateContext {
  skip(d: NginxDirective, reason: string): void;
  rule(d: NginxDirective, match: RuleMatch, action: RuleAction, suffix?: string): Rule;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*|\d)\}?/g;

const FAMILY = new RegExp(`^(${VARIABLE_FAMILIES.join("|")})_[A-Za-z0-9_]+$`);

/** Unknown nginx variables cannot be translated; captures, $arg_/$http_/$cookie_ and the request variables can. */
function unknownVariable(value: string, names: ReadonlySet<string>): string | null {
  for (const m of value.matchAll(VARIABLE)) {
    const v = m[1] ?? "";
    if (/^\d$/.test(v) || names.has(v) || FAMILY.test(v)) continue;
    if (!(BUILTIN_VARIABLES as readonly string[]).includes(v)) return v;
  }
  return null;
}

/** The named captures of the regexes a block's match already has (a `location ~` whose `return` uses them). */
function namesOf(base: RuleMatch): Set<string> {
  const regexes = base.regex === undefined ? [] : Array.isArray(base.regex) ? base.regex : [base.regex];
  const last = regexes.at(-1);
  if (last === undefined) return new Set();
  try {
    return new Set(compileSafeRegex(last).names.keys());
  } catch {
    return new Set();
  }
}

export function translateRewrite(ctx: TranslateContext, d: NginxDirective, base: RuleMatch): Rule | null {
  const [regex, replacement, flag] = d.args;
  if (!regex || !replacement || (flag && !["last", "break", "redirect", "permanent"].includes(flag))) {
    ctx.skip(d, "expected rewrite REGEX REPLACEMENT [last|break|redirect|permanent]");
    return null;
  }
  let names: ReadonlySet<string>;
  try {
    names = new Set(compileSafeRegex(regex).names.keys());
  } catch (e) {
    ctx.skip(d, `regex refused: ${(e as Error).message}`);
    return null;
  }
  const unknown = unknownVariable(replacement, names);
  if (unknown) {
    ctx.skip(d, `uses $${unknown}, which rules do not have`);
    return null;
  }
  // nginx: a replacement ending in "?" drops the original arguments; otherwise they are appended.
  const keepQuery = !replacement.endsWith("?");
  const to = keepQuery ? replacement : replacement.slice(0, -1);
  const regexes =
    base.regex === undefined ? regex : [...(Array.isArray(base.regex) ? base.regex : [base.regex]), regex];
  const match = { ...base, regex: regexes };
  const absolute = /^(https?:\/\/|\$scheme|\$\{scheme\})/.test(to);
  if (flag === "permanent" || flag === "redirect" || absolute) {
    return ctx.rule(d, match, { type: "redirect", to, status: flag === "permanent" ? 301 : 302, keepQuery });
  }
  if (!to.startsWith("/")) {
    ctx.skip(d, "the replacement is neither a path nor an absolute URL");
    return null;
  }
  return ctx.rule(d, match, { type: "rewrite", to, keepQuery, final: flag === "break" });
}

/**
 * `return`: a redirect, or a fixed answer whose text may use variables (`return 200 "vacancy $1"`) — its
 * `contentType` is the block's `default_type` as nginx's would be (text/plain when none is known).
 */
export function translateReturn(
  ctx: TranslateContext,
  d: NginxDirective,
  base: RuleMatch,
  contentType?: string,
): Rule | null {
  const [first, second] = d.args;
  if (first && /^https?:\/\/|^\$scheme/.test(first) && second === undefined)
    return ctx.rule(d, base, { type: "redirect", to: first, status: 302, keepQuery: false });
  const status = Number(first);
  if (!first || !/^\d{3}$/.test(first) || status < 200 || status > 599) {
    ctx.skip(d, "expected return CODE [URL|TEXT] or return URL");
    return null;
  }
  const unknown = unknownVariable(second ?? "", namesOf(base));
  if (unknown) {
    ctx.skip(d, `uses $${unknown}, which rules do not have`);
    return null;
  }
  if (REDIRECTS.has(status) && second !== undefined) {
    const action = { type: "redirect", to: second, status: status as 301, keepQuery: false } as const;
    return ctx.rule(d, base, action);
  }
  const action: RuleAction = { type: "respond", status, body: second ?? "" };
  if (contentType !== undefined) action.contentType = contentType;
  return ctx.rule(d, base, action);
}

/** `if ($var = value)` on the host, method, a header, a query argument or a cookie, as extra conditions. */
export function ifCondition(d: NginxDirective, base: RuleMatch): RuleMatch | null {
  const m = /^\(\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S(?:.*\S)?)\s*\)$/.exec(d.args.join(" ").trim());
  if (!m?.[1] || !m[2]) return null;
  const [name, value] = [m[1], m[2]];
  const field = /^(http|arg|cookie)_(.+)$/.exec(name);
  if (name === "host") {
    const hosts = base.host === undefined ? null : Array.isArray(base.host) ? base.host : [base.host];
    return hosts && !hosts.includes(value.toLowerCase()) ? null : { ...base, host: value.toLowerCase() };
  }
  if (name === "request_method") return { ...base, method: value.toUpperCase() };
  if (!field?.[1] || !field[2]) return null;
  if (field[1] === "http") return { ...base, headers: { ...base.headers, [field[2].replace(/_/g, "-")]: value } };
  if (field[1] === "arg") return { ...base, query: { ...base.query, [field[2]]: value } };
  return { ...base, cookies: { ...base.cookies, [field[2]]: value } };
}
