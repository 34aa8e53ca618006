/**
 * @module Option parsing for the CLI commands, on `node:util`'s parseArgs: `--name value`, `--name=value`,
 * declared flags and positionals. Strict: an option a command does not take (a typo such as `--proceses 2`)
 * is a usage error, never silently ignored.
 */
import { parseArgs as parseNodeArgs } from "node:util";
import { OriginError } from "../errors/model.ts";

/** Bad input: the command prints the message and exits 2 (origin/cli/main.ts). */
export class UsageError extends OriginError<"USAGE"> {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("USAGE", message, options);
  }
}

export interface ParsedArgs {
  /** The last value of each valued option. */
  options: Map<string, string>;
  /** Every value of each valued option, in order (`--url a --url b`). */
  lists: Map<string, string[]>;
  /** The flags given (only declared ones, and `help`/`-h`). */
  flags: Set<string>;
  positionals: string[];
}

/** `node:util`'s messages name the option in quotes; ours say what to do in a few words. */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? "";
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option}`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
    return /argument missing|ambiguous/.test(error.message) ? `${option} needs a value` : error.message;
  return error.message;
}

/**
 * Splits `args`: names in `valued` take a value, names in `flags` (and `help`, `-h`) do not; anything else
 * starting with `--` throws a UsageError.
 */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  flags: readonly string[] = [],
): ParsedArgs {
  const spec: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const name of flags) spec[name] = { type: "boolean" };
  for (const name of valued) spec[name] = { type: "string", multiple: true };
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: [...args], options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }));
  }
  const options = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const given = new Set<string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) {
      const values = value.map(String);
      lists.set(name, values);
      const last = values.at(-1);
      if (last !== undefined) options.set(name, last);
    } else if (value === true) given.add(name);
  }
  return { options, lists, flags: given, positionals: parsed.positionals };
}

/** A positive integer option, or `fallback`; throws a clear message otherwise. */
export function intOption(parsed: ParsedArgs, name: string, fallback: number, max = 10_000): number {
  const raw = parsed.options.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name} must be an integer from 1 to ${max}, got ${raw}`);
  return n;
}
