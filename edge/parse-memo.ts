/**
 * @module Parsed values by the exact text they were parsed from, for the hot tier's held strings: a hit hands
 * the same string instance back each time, so a lookup hashes it once (V8 keeps a string's hash) and
 * compares by identity, and a hot hit no longer re-parses its JSON. Values are deep-frozen plain data, so no
 * request can change what the next one reads. Bounded in entries and in text characters (a text the hot tier
 * has dropped stays alive here until the memo is emptied); emptied when full (a miss costs only the parse).
 */

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class ParseMemo<T> {
  readonly #byText = new Map<string, T>();
  readonly #maxEntries: number;
  readonly #maxChars: number;
  readonly #parse: (text: string) => T;
  #chars = 0;

  /** `parse` must be pure: its result is kept (frozen) and handed to every later caller of the same text. */
  constructor(limits: { maxEntries: number; maxChars: number }, parse: (text: string) => T) {
    this.#maxEntries = limits.maxEntries;
    this.#maxChars = limits.maxChars;
    this.#parse = parse;
  }

  /** `text` parsed, once per text while it stays in the memo; throws what `parse` throws (nothing is kept). */
  get(text: string): T {
    if (this.#byText.has(text)) return this.#byText.get(text) as T;
    const value = deepFreeze(this.#parse(text));
    if (text.length > this.#maxChars) return value;
    if (this.#byText.size >= this.#maxEntries || this.#chars + text.length > this.#maxChars) {
      this.#byText.clear();
      this.#chars = 0;
    }
    this.#byText.set(text, value);
    this.#chars += text.length;
    return value;
  }
}
