/**
 * @module Targets with substitutions (`/new/$1`, `/blog/${slug}`, `/docs/:splat`, `https://$host$request_uri`),
 * checked and compiled once at publish time so a reference to a capture that cannot exist is an error then.
 */
import type { Captures } from "./path.ts";

/** The request variables a target may use; named after nginx's so imported tables keep working. */
export const BUILTIN_VARIABLES = ["scheme", "host", "uri", "request_uri", "args", "is_args"] as const;
export type RequestVariables = Record<(typeof BUILTIN_VARIABLES)[number], string>;

type Part = string | { group: number } | { name: string } | { builtin: keyof RequestVariables };

export interface CompiledTemplate {
  /** True when the target uses no substitution at all. */
  readonly isStatic: boolean;
  /** True when the target already carries the query (`$request_uri`, `$args`): it is then not appended again. */
  readonly usesQuery: boolean;
  render(captures: Captures, vars: RequestVariables): string;
}

const TOKEN = /\$\{([A-Za-z_][A-Za-z0-9_]*|\d)\}|\$(\d)|\$([A-Za-z_][A-Za-z0-9_]*)|:([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Compiles `template`. `groups` is the regex group count, `names` the named captures and `:params` the rule
 * defines. `:name` is only a substitution when `name` is one of them (so `https://host:8080/` stays as is).
 */
export function compileTemplate(template: string, groups: number, names: ReadonlySet<string>): CompiledTemplate {
  if (!template.includes("$") && !template.includes(":")) return new StaticTemplate(template);
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    const [whole, braced, digit, bare, colon] = m;
    const at = m.index ?? 0;
    let part: Part | null;
    if (colon !== undefined) {
      part = names.has(colon) ? { name: colon } : null;
    } else {
      const ref = braced ?? digit ?? bare ?? "";
      if (/^\d$/.test(ref)) {
        const group = Number(ref);
        if (group > groups) throw new Error(`$${group} refers to a capture group the rule does not have`);
        part = { group };
      } else if (names.has(ref)) part = { name: ref };
      else if ((BUILTIN_VARIABLES as readonly string[]).includes(ref))
        part = { builtin: ref as keyof RequestVariables };
      else throw new Error(`unknown variable $${ref} (captures, :params or ${BUILTIN_VARIABLES.join(", ")})`);
    }
    if (part === null) continue;
    if (at > last) parts.push(template.slice(last, at));
    parts.push(part);
    last = at + whole.length;
  }
  if (last < template.length) parts.push(template.slice(last));
  const isStatic = parts.every((p) => typeof p === "string");
  const usesQuery = parts.some((p) => typeof p !== "string" && "builtin" in p && /args|request_uri/.test(p.builtin));
  return {
    isStatic,
    usesQuery,
    render(captures, vars) {
      let out = "";
      for (const p of parts) {
        if (typeof p === "string") out += p;
        else if ("group" in p) out += captures.positional[p.group] ?? "";
        else if ("name" in p) out += captures.named[p.name] ?? "";
        else out += vars[p.builtin];
      }
      return out;
    },
  };
}

/** A target without substitutions: no parts, no closure (most rules of a legacy table). */
class StaticTemplate implements CompiledTemplate {
  readonly isStatic = true;
  readonly usesQuery = false;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  render(): string {
    return this.text;
  }
}
