/** @module Reading a register's JSON defensively: a missing or mistyped field throws, and the client makes that "unavailable". */

export type Json = Record<string, unknown>;

/** `value` as an object, else throws naming `what`. */
export function obj(value: unknown, what: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError(`${what} is not an object`);
  return value as Json;
}

/** A non-empty trimmed string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** `value` as a required string, else throws naming `what`. */
export function reqStr(value: unknown, what: string): string {
  const s = str(value);
  if (s === undefined) throw new TypeError(`${what} is missing`);
  return s;
}

/** The defined strings of `values`, bounded in length (a register's words go into reasons). */
export function strings(...values: unknown[]): string[] {
  return values
    .map(str)
    .filter((s): s is string => s !== undefined)
    .map((s) => s.slice(0, 200));
}
