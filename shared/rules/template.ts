/**
 * @module Targets and `respond` bodies with substitutions (`/new/$1`, `/blog/${slug}`, `/docs/:splat`,
 * `https://$host$request_uri`, `/find?q=$arg_q`, `vacancy $1`), checked and compiled once at publish time so a
 * reference to a capture that cannot exist is an error then.
 *
 * The variables are nginx's, with nginx's values: `$arg_NAME` the raw (not decoded) value of the first NAME
 * query parameter (name compared case-insensitively, empty when absent), `$http_NAME` the request header NAME
 * with `_` read as `-`, `$cookie_NAME` the first NAME cookie, and the fixed ones in BUILTIN_VARIABLES.
 *
 * Two adversaries shape rendering. A value in a URL target is a request's text: controls and spaces are
 * percent-encoded (no CR/LF can reach a Location), and a value inside the host part of an absolute target may
 * only be one DNS label, or — right after a complete host — start the path, so it can pick a subdomain or a
 * path but never another site (`TemplateValueError`, answered 400). Whether a redirect may leave the site at
 * all is decided by the target as written (`startsWithVariable`, see evaluate.ts). A value in a body is
 * escaped for the body's content type by the caller's `escape` (reflected XSS).
 */
import { CodedError } from "../coded-error.ts";
import type { Captures } from "./path.ts";

/** The fixed request variables a target may use; named after nginx's so imported tables keep working. */
export const BUILTIN_VARIABLES = ["scheme", "host", "uri", "request_uri", "args", "query_string", "is_args"] as const;
/** nginx's variable families: `$arg_q`, `$http_x_forwarded_proto`, `$cookie_session`. */
export const VARIABLE_FAMILIES = ["arg", "http", "cookie"] as const;
type Builtin = (typeof BUILTIN_VARIABLES)[number];
type Family = (typeof VARIABLE_FAMILIES)[number];

/** What a template reads of the request; built once per matching round by the evaluator. */
export interface RequestVariables extends Record<Builtin, string> {
  /** The raw value of the first query parameter `name` (case-insensitive), "" when absent. */
  arg(name: string): string;
  /** The request header `name` (lower case, with dashes), "" when absent. */
  header(name: string): string;
  /** The first cookie `name`, "" when absent. */
  cookie(name: string): string;
}

/** A value a URL target cannot take (it would change the target's site); answered 400 `RULE_BAD_VALUE`. */
export class TemplateValueError extends CodedError<"RULE_BAD_VALUE"> {
  constructor(message: string) {
    super("RULE_BAD_VALUE", message);
  }
}

type Sub =
  | { group: number }
  | { name: string }
  | { builtin: Builtin }
  | { family: Family; key: string; variable: string };
/** A substitution and, in a URL target's host part, what its value may be. */
type Part = string | { sub: Sub; host: "label" | "tail" | null };

export interface CompiledTemplate {
  /** True when the target uses no substitution at all. */
  readonly isStatic: boolean;
  /** True when the target already carries the query (`$request_uri`, `$args`): it is then not appended again. */
  readonly usesQuery: boolean;
  /**
   * True when the text starts with a value the request controls (a capture, `$arg_…`, `$uri`, …; not `$scheme`
   * or `$host`): the operator handed the whole target to the request, so a redirect may go to another site.
   */
  readonly startsWithVariable: boolean;
  /** The target as a URL: values' controls and spaces percent-encoded, host-part values checked. */
  render(captures: Captures, vars: RequestVariables): string;
  /** The text with every substituted value passed through `escapeValue` (a body: HTML, JSON string, or as is). */
  renderText(captures: Captures, vars: RequestVariables, escapeValue: (value: string) => string): string;
}

const TOKEN = /\$\{([A-Za-z_][A-Za-z0-9_]*|\d)\}|\$(\d)|\$([A-Za-z_][A-Za-z0-9_]*)|:([A-Za-z_][A-Za-z0-9_]*)/g;
const TRUSTED: ReadonlySet<string> = new Set(["scheme", "host"]);
const FAMILY = /^(arg|http|cookie)_([A-Za-z0-9_]+)$/;

export interface TemplateOptions {
  /**
   * A `respond` body: `:name` is never a substitution, and a `$…` that names nothing the rule has (`$5` without
   * five groups, `$HOME`) stays as written, so bodies published before bodies took variables read the same.
   */
  body?: boolean;
}

function resolve(ref: string, groups: number, names: ReadonlySet<string>): Sub | string {
  if (/^\d$/.test(ref)) {
    const group = Number(ref);
    return group > groups ? `$${group} refers to a capture group the rule does not have` : { group };
  }
  if (names.has(ref)) return { name: ref };
  if ((BUILTIN_VARIABLES as readonly string[]).includes(ref)) return { builtin: ref as Builtin };
  const family = FAMILY.exec(ref);
  if (family?.[1] && family[2]) {
    const f = family[1] as Family;
    const key =
      f === "http" ? family[2].toLowerCase().replace(/_/g, "-") : f === "arg" ? family[2].toLowerCase() : family[2];
    return { family: f, key, variable: ref };
  }
  return `unknown variable $${ref} (captures, :params, $arg_NAME, $http_NAME, $cookie_NAME or ${BUILTIN_VARIABLES.join(", ")})`;
}

/**
 * Compiles `template`. `groups` is the regex group count, `names` the named captures and `:params` the rule
 * defines. `:name` is only a substitution when `name` is one of them (so `https://host:8080/` stays as is).
 */
export function compileTemplate(
  template: string,
  groups: number,
  names: ReadonlySet<string>,
  options: TemplateOptions = {},
): CompiledTemplate {
  if (!template.includes("$") && (options.body || !template.includes(":"))) return new StaticTemplate(template);
  const subs: (string | Sub)[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    const [whole, braced, digit, bare, colon] = m;
    const at = m.index ?? 0;
    let sub: Sub | null;
    if (colon !== undefined) {
      sub = !options.body && names.has(colon) ? { name: colon } : null;
    } else {
      const found = resolve(braced ?? digit ?? bare ?? "", groups, names);
      if (typeof found === "string") {
        if (!options.body) throw new Error(found);
        sub = null;
      } else sub = found;
    }
    if (sub === null) continue;
    if (at > last) subs.push(template.slice(last, at));
    subs.push(sub);
    last = at + whole.length;
  }
  if (last < template.length) subs.push(template.slice(last));
  const isStatic = subs.every((p) => typeof p === "string");
  if (isStatic) return new StaticTemplate(template);
  const parts = options.body ? subs.map((s) => (typeof s === "string" ? s : { sub: s, host: null })) : hostRoles(subs);
  const usesQuery = subs.some(
    (p) => typeof p !== "string" && "builtin" in p && /args|request_uri|query_string/.test(p.builtin),
  );
  const first = subs[0];
  const startsWithVariable = first !== undefined && typeof first !== "string" && !isTrusted(first);
  return {
    isStatic,
    usesQuery,
    startsWithVariable,
    render(captures, vars) {
      let out = "";
      for (const p of parts) {
        if (typeof p === "string") {
          out += p;
          continue;
        }
        const value = substituted(p.sub, captures, vars);
        if (p.host === "label" && !/^[A-Za-z0-9-]*$/.test(value))
          throw new TemplateValueError(
            `${describe(p.sub)} is in the target's host name, where only one DNS label (letters, digits, -) may go`,
          );
        if (p.host === "tail" && !/^(?:[/?#\\]|$)/.test(value))
          throw new TemplateValueError(`${describe(p.sub)} follows the target's host, so it must start with / ? or #`);
        out += encodeControls(value);
      }
      return out;
    },
    renderText(captures, vars, escapeValue) {
      let out = "";
      for (const p of parts) out += typeof p === "string" ? p : escapeValue(substituted(p.sub, captures, vars));
      return out;
    },
  };
}

/** C0 controls (CR, LF, tab…), space and DEL as %XX: a value never adds a header line or a second word. */
function encodeControls(value: string): string {
  let out = "";
  for (const c of value) {
    const code = c.charCodeAt(0);
    out += code <= 0x20 || code === 0x7f ? `%${code.toString(16).toUpperCase().padStart(2, "0")}` : c;
  }
  return out;
}

const isTrusted = (s: Sub): boolean => "builtin" in s && TRUSTED.has(s.builtin);

function substituted(s: Sub, captures: Captures, vars: RequestVariables): string {
  if ("group" in s) return captures.positional[s.group] ?? "";
  if ("name" in s) return captures.named[s.name] ?? "";
  if ("builtin" in s) return vars[s.builtin];
  return s.family === "arg" ? vars.arg(s.key) : s.family === "http" ? vars.header(s.key) : vars.cookie(s.key);
}

function describe(s: Sub): string {
  if ("group" in s) return `$${s.group}`;
  if ("name" in s) return `$${s.name}`;
  if ("builtin" in s) return `$${s.builtin}`;
  return `$${s.variable}`;
}

/**
 * Marks the request-controlled values that stand in an absolute target's host part (after `scheme://`,
 * `$scheme://` or a leading `//`, up to the first `/ ? # \\` of the text as written): one with host text before it
 * and none after it ends the host (`https://shop.example$request_uri`) — "tail"; any other is part of the
 * name (`https://$arg_lang.example.com/`) — "label".
 */
function hostRoles(subs: (string | Sub)[]): Part[] {
  const parts: Part[] = subs.map((s) => (typeof s === "string" ? s : { sub: s, host: null }));
  // The target cell by cell: a literal character, "t" for $scheme/$host, a part's index for a request's value.
  const cells = subs.flatMap((s, index): (string | number)[] =>
    typeof s === "string" ? [...s] : isTrusted(s) ? ["t"] : [index],
  );
  const lead = cells
    .slice(0, 40)
    .map((c) => (typeof c === "string" ? c : " "))
    .join("");
  const scheme = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\//.exec(lead);
  if (!scheme) return parts;
  const rest = cells.slice(scheme[0].length);
  const end = rest.findIndex((c) => typeof c === "string" && /[/?#\\]/.test(c));
  const host = end === -1 ? rest : rest.slice(0, end);
  host.forEach((cell, p) => {
    const part = typeof cell === "number" ? parts[cell] : undefined;
    if (!part || typeof part === "string") return;
    const textBefore = host.slice(0, p).some((c) => typeof c === "string");
    const textAfter = host.slice(p + 1).some((c) => typeof c === "string");
    part.host = textBefore && !textAfter ? "tail" : "label";
  });
  return parts;
}

/** A target without substitutions: no parts, no closure (most rules of a legacy table). */
class StaticTemplate implements CompiledTemplate {
  readonly isStatic = true;
  readonly usesQuery = false;
  readonly startsWithVariable = false;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  render(): string {
    return this.text;
  }
  renderText(): string {
    return this.text;
  }
}
