/**
 * @module One publish or rollback at a time per isolate and namespace: the If-Match check and the pointer
 * write of one request are never interleaved with another's in the same isolate. KV has no compare-and-set,
 * so across isolates and locations this narrows the race but cannot close it (see ARCHITECTURE.md, "Publishing
 * concurrently").
 */

const tails = new WeakMap<KVNamespace, Promise<unknown>>();

/** Runs `task` after every earlier task for `kv` in this isolate has settled. */
export function withRulesLock<T>(kv: KVNamespace, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(kv) ?? Promise.resolve();
  const run = previous.then(task, task);
  tails.set(
    kv,
    run.catch(() => {}),
  );
  return run;
}
