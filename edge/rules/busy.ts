/**
 * @module "Busy since" marks for work that must not overlap within an isolate (building a rules index, a
 * publish), and waiting for one on the request's own timer. A mark is plain data: a request never awaits a
 * promise another request's I/O settles (ARCHITECTURE.md, "What may live in module scope").
 */

export interface BusyMark {
  /** Tells the request that set the mark from a later one that took it over. */
  readonly owner: number;
  /** Date.now() past which the mark no longer stands: its request is presumed cancelled (client gone). */
  readonly until: number;
}

/** How often a waiting request looks at a mark again. */
const POLL_MS = 10;

let lastOwner = 0;

/** A mark that stands for at most `limitMs`. */
export function newMark(limitMs: number): BusyMark {
  lastOwner += 1;
  return { owner: lastOwner, until: Date.now() + limitMs };
}

/** Whether `mark` still stands: set, and not past its limit. */
export function isLive(mark: BusyMark | null | undefined): mark is BusyMark {
  return mark != null && Date.now() < mark.until;
}

/**
 * Waits while `busy()` holds, at most `maxMs` (counted in polls, so a clock frozen by a test cannot stall
 * it); true once it no longer holds, false when the time ran out.
 */
export async function waitWhile(busy: () => boolean, maxMs: number): Promise<boolean> {
  for (let waited = 0; busy(); waited += POLL_MS) {
    if (waited >= maxMs) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
