/**
 * @module One timer per page for everything its calls wait on: each attempt's timeout and each call's
 * hedge. Entries are kept in a small list (a page has a handful of calls); a single `setTimeout` is armed
 * for the earliest one, fires whatever is due and re-arms for the next. An entry cancelled when its attempt
 * ends is just dropped from the list, and the timer is cleared once the list is empty — so nothing fires
 * after calls that already answered (`AbortSignal.timeout` per attempt could not be cancelled: each one
 * fired later and built a DOMException nobody read).
 */

export interface TimerEntry {
  /** `performance.now()` time at which `fire` runs. */
  readonly due: number;
  readonly fire: () => void;
}

export class PageTimers {
  #entries: TimerEntry[] = [];
  #handle: ReturnType<typeof setTimeout> | null = null;
  #armedFor = Number.POSITIVE_INFINITY;

  /** Runs `fire` at `due` (a `performance.now()` time) unless cancelled first. */
  at(due: number, fire: () => void): TimerEntry {
    const entry: TimerEntry = { due, fire };
    this.#entries.push(entry);
    if (due < this.#armedFor) this.#arm(due);
    return entry;
  }

  /** Drops an entry (a no-op if it already fired). */
  cancel(entry: TimerEntry): void {
    const i = this.#entries.indexOf(entry);
    if (i >= 0) this.#entries.splice(i, 1);
    if (this.#entries.length === 0 && this.#handle !== null) {
      clearTimeout(this.#handle);
      this.#handle = null;
      this.#armedFor = Number.POSITIVE_INFINITY;
    }
  }

  /** Entries not yet fired or cancelled. */
  get pending(): number {
    return this.#entries.length;
  }

  #arm(due: number): void {
    if (this.#handle !== null) clearTimeout(this.#handle);
    this.#armedFor = due;
    this.#handle = setTimeout(this.#run, Math.max(0, Math.ceil(due - performance.now())));
    // Like AbortSignal.timeout: a pending page timer does not keep the process alive.
    this.#handle.unref();
  }

  #run = (): void => {
    this.#handle = null;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const due: TimerEntry[] = [];
    const rest: TimerEntry[] = [];
    for (const e of this.#entries) (e.due <= now ? due : rest).push(e);
    this.#entries = rest;
    for (const e of due) e.fire();
    // `fire` may have added or cancelled entries; arm for the earliest left, if none is armed yet.
    let next = Number.POSITIVE_INFINITY;
    for (const e of this.#entries) if (e.due < next) next = e.due;
    if (next < this.#armedFor) this.#arm(next);
  };
}

/** The page's timers, created on first use (a page without back-end calls never arms one). */
export function pageTimers(scope: { timers?: PageTimers }): PageTimers {
  if (!scope.timers) scope.timers = new PageTimers();
  return scope.timers;
}
