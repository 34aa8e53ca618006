/**
 * @module Keeping the last N rules versions: every publish stores a whole snapshot (~14 MiB at 100,000 rules),
 * so older ones are deleted after each publish. The live version is never deleted, however old.
 */
import { deleteVersion, listVersions, readPointer } from "./store.ts";

/** Each deleted version costs ~3 KV operations of the 1,000 one invocation may make; the rest waits. */
export const MAX_PRUNED_PER_PUBLISH = 50;

/**
 * Deletes the versions that are neither among the newest `keep` nor live (as `live` says and as the pointer
 * reads now), oldest first, at most MAX_PRUNED_PER_PUBLISH of them. Returns the deleted version numbers.
 */
export async function pruneVersions(kv: KVNamespace, keep: number, live: number): Promise<number[]> {
  const [versions, pointer] = await Promise.all([listVersions(kv), readPointer(kv)]);
  const kept = new Set(versions.slice(0, keep).map((v) => v.version));
  kept.add(live);
  if (pointer) kept.add(pointer.version);
  const doomed = versions
    .filter((v) => !kept.has(v.version))
    .reverse()
    .slice(0, MAX_PRUNED_PER_PUBLISH)
    .map((v) => v.version);
  for (const version of doomed) await deleteVersion(kv, version);
  return doomed;
}
