/**
 * @module A back-end's recent latency, for hedging after its observed percentile: the last WINDOW answered
 * attempts in a fixed ring (no growth however many calls go by), their sorted copy refreshed every
 * RESORT_EVERY observations, so a percentile costs an array read, and a sort of 256 numbers is paid once
 * per 16 calls.
 */

const WINDOW = 256;
const RESORT_EVERY = 16;
/** Below this many observations there is no estimate (a hedge then waits for the fixed delay, if any). */
export const MIN_SAMPLES = 20;

export class LatencyWindow {
  readonly #ring = new Float64Array(WINDOW);
  readonly #sorted = new Float64Array(WINDOW);
  #next = 0;
  #count = 0;
  #sortedCount = 0;
  #sinceSort = 0;

  /** Records one attempt's duration, ms. */
  observe(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.#ring[this.#next] = ms;
    this.#next = (this.#next + 1) % WINDOW;
    if (this.#count < WINDOW) this.#count++;
    this.#sinceSort++;
  }

  /** The `p`-th percentile (0 < p < 100) of the window, or null with fewer than MIN_SAMPLES. */
  percentile(p: number): number | null {
    if (this.#count < MIN_SAMPLES) return null;
    if (this.#sinceSort >= RESORT_EVERY || this.#sortedCount < MIN_SAMPLES) {
      this.#sorted.set(this.#ring.subarray(0, this.#count));
      this.#sorted.subarray(0, this.#count).sort();
      this.#sortedCount = this.#count;
      this.#sinceSort = 0;
    }
    const i = Math.min(this.#sortedCount - 1, Math.floor((p / 100) * this.#sortedCount));
    return this.#sorted[i] ?? null;
  }

  /** How many observations the window holds (at most its fixed size). */
  get size(): number {
    return this.#count;
  }
}
