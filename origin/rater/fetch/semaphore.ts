/**
 * @module A counting semaphore whose waiters give up at a deadline: how the resolver bounds the DNS queries
 * it has in flight without letting a queue of look-ups grow older than any caller still wants the answer.
 */
import { OriginError } from "../../errors/model.ts";

/** Thrown to a waiter whose deadline passed before a slot was free. */
export class SlotTimeoutError extends OriginError<"ESLOTTIMEOUT"> {
  constructor(waitedMs: number) {
    super("ESLOTTIMEOUT", `no free slot within ${waitedMs} ms`);
  }
}

export interface Semaphore {
  /** Resolves with a release function once a slot is held; rejects with SlotTimeoutError after `waitMs`. */
  acquire(waitMs: number): Promise<() => void>;
  readonly active: number;
  readonly waiting: number;
}

interface Waiter {
  grant(): void;
}

/** A semaphore of `slots` (≥ 1) slots, handed to waiters first come, first served. */
export function createSemaphore(slots: number): Semaphore {
  let active = 0;
  const queue: Waiter[] = [];

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return; // a double release must not mint a slot
      released = true;
      const next = queue.shift();
      if (next)
        next.grant(); // the slot passes straight on: `active` stays the same
      else active--;
    };
  }

  return {
    acquire(waitMs) {
      if (active < slots) {
        active++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          grant() {
            clearTimeout(timer);
            resolve(releaser());
          },
        };
        const timer = setTimeout(() => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(new SlotTimeoutError(waitMs));
        }, waitMs);
        queue.push(waiter);
      });
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
