/**
 * @module How often each key was asked for lately, in fixed memory: a count-min sketch (4 rows of 8-bit
 * counters, the estimate is the smallest of a key's 4 counters), halved every 10 × capacity asks so that
 * yesterday's hot keys make room for today's (TinyLFU's "reset"). The hot tier's admission policy reads it.
 * Its size depends only on the cache's capacity, never on how many distinct keys arrive.
 */

const ROWS = 4;
const MAX_COUNT = 255;

/** FNV-1a over the UTF-16 code units, then a second hash from it for double hashing. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class FrequencySketch {
  readonly #counters: Uint8Array;
  readonly #mask: number;
  readonly #resetAfter: number;
  #additions = 0;

  constructor(capacity: number) {
    // Width per row: the next power of two ≥ 2 × capacity (at least 256), so collisions stay rare.
    let width = 256;
    while (width < capacity * 2) width *= 2;
    this.#counters = new Uint8Array(ROWS * width);
    this.#mask = width - 1;
    this.#resetAfter = Math.max(1000, capacity * 10);
  }

  #index(h: number, row: number): number {
    const h2 = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
    return row * (this.#mask + 1) + ((h + row * (h2 | 1)) & this.#mask);
  }

  increment(key: string): void {
    const h = hash(key);
    for (let row = 0; row < ROWS; row++) {
      const i = this.#index(h, row);
      const c = this.#counters[i] ?? 0;
      if (c < MAX_COUNT) this.#counters[i] = c + 1;
    }
    if (++this.#additions >= this.#resetAfter) this.#halve();
  }

  estimate(key: string): number {
    const h = hash(key);
    let min = MAX_COUNT;
    for (let row = 0; row < ROWS; row++) min = Math.min(min, this.#counters[this.#index(h, row)] ?? 0);
    return min;
  }

  #halve(): void {
    for (let i = 0; i < this.#counters.length; i++) this.#counters[i] = (this.#counters[i] ?? 0) >>> 1;
    this.#additions = 0;
  }
}
