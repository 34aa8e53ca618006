/**
 * @module Tiny option parsing for the CLI commands: `--name value`, `--name=value`, flags and positionals.
 */

export interface ParsedArgs {
  /** The last value of each valued option. */
  options: Map<string, string>;
  /** Every value of each valued option, in order (`--url a --url b`). */
  lists: Map<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

/** Splits `args`; names in `valued` take a value, any other `--x` is a flag. */
export function parseArgs(args: readonly string[], valued: readonly string[]): ParsedArgs {
  const options = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!valued.includes(name)) {
      flags.add(name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    options.set(name, value);
    lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { options, lists, flags, positionals };
}

/** A positive integer option, or `fallback`; throws a clear message otherwise. */
export function intOption(parsed: ParsedArgs, name: string, fallback: number, max = 10_000): number {
  const raw = parsed.options.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`--${name} must be an integer from 1 to ${max}, got ${raw}`);
  return n;
}
