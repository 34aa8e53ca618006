/**
 * @module One publish or rollback at a time per isolate and namespace: the If-Match check and the pointer
 * write of one request are never interleaved with another's in the same isolate. KV has no compare-and-set,
 * so across isolates and locations this narrows the race but cannot close it (see ARCHITECTURE.md, "Publishing
 * concurrently"). The lock is a plain "held since" mark that a waiting request polls on its own timer, never a
 * promise chain: a request must not await a promise another request's I/O settles.
 */
import { EdgeError } from "../errors.ts";
import { type BusyMark, isLive, newMark, waitWhile } from "./busy.ts";

/**
 * Longest a publish may hold the lock; past it the holder is presumed cancelled (its client went away) and the
 * lock is free again, and a request that waited that long is refused rather than kept waiting.
 */
export const RULES_LOCK_LIMIT_MS = 60_000;

const holders = new WeakMap<KVNamespace, BusyMark>();

/** Runs `task` once no other task for `kv` runs in this isolate; 503 RULES_BUSY if that takes too long. */
export async function withRulesLock<T>(kv: KVNamespace, task: () => Promise<T>): Promise<T> {
  const free = await waitWhile(() => isLive(holders.get(kv)), RULES_LOCK_LIMIT_MS);
  if (!free)
    throw new EdgeError("RULES_BUSY", "another publish or rollback is running here; try again", {
      headers: { "retry-after": "5" },
    });
  const mark = newMark(RULES_LOCK_LIMIT_MS);
  holders.set(kv, mark);
  try {
    return await task();
  } finally {
    if (holders.get(kv) === mark) holders.delete(kv);
  }
}
