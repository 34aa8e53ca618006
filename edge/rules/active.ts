/**
 * @module The live rule index of this isolate: built once per rules version and reused by every request; the
 * KV pointer is re-checked at most every POINTER_RECHECK_MS, by one request at a time (single flight).
 */
import { createRuleIndex, type RuleIndex } from "../../shared/rules/rule-index.ts";
import { readPointer, readVersion } from "./store.ts";

/** How stale an isolate's view of the pointer may get (KV itself adds up to ~60 s between locations). */
export const POINTER_RECHECK_MS = 5_000;

export interface ActiveRules {
  version: number;
  index: RuleIndex;
}

interface IsolateState {
  current: ActiveRules | null;
  checkedAt: number;
  loading: Promise<ActiveRules | null> | null;
}

// Keyed by the KV binding so that tests (and any second namespace) never see each other's rules.
const states = new WeakMap<KVNamespace, IsolateState>();

function stateOf(kv: KVNamespace): IsolateState {
  let state = states.get(kv);
  if (!state) {
    state = { current: null, checkedAt: Number.NEGATIVE_INFINITY, loading: null };
    states.set(kv, state);
  }
  return state;
}

async function refresh(kv: KVNamespace, state: IsolateState): Promise<ActiveRules | null> {
  try {
    const pointer = await readPointer(kv);
    if (!pointer) state.current = null;
    else if (pointer.version !== state.current?.version) {
      const document = await readVersion(kv, pointer.version);
      if (!document) throw new Error(`the pointer names rules version ${pointer.version}, which is not stored`);
      // Let go of the old index before building the new one: at 100,000 rules two indexes and a document
      // would crowd the isolate's 128 MB. Requests arriving meanwhile wait for the new one (getActiveRules).
      state.current = null;
      const { index, problems } = createRuleIndex(document);
      if (problems.length > 0)
        console.error(JSON.stringify({ level: "error", msg: "stored rules have problems", problems }));
      state.current = { version: pointer.version, index };
    }
  } catch (error) {
    // Keep serving the rules we have: a KV hiccup must not switch redirects off or fail requests.
    console.error(JSON.stringify({ level: "error", msg: "rules refresh failed", error: String(error) }));
  }
  state.checkedAt = Date.now();
  return state.current;
}

/** The live rules (null = none published), refreshing from KV when the last check is older than the bound. */
export function getActiveRules(
  kv: KVNamespace,
  recheckMs = POINTER_RECHECK_MS,
): Promise<ActiveRules | null> | ActiveRules | null {
  const state = stateOf(kv);
  if (state.loading && !state.current) return state.loading; // a version switch is being built
  if (Date.now() - state.checkedAt < recheckMs) return state.current;
  if (!state.loading) {
    state.loading = refresh(kv, state).finally(() => {
      state.loading = null;
    });
  }
  return state.loading;
}

/**
 * Publish or roll back in this isolate: the live index is let go first (an old and a new 100,000-rule index
 * plus the request body would crowd 128 MB), requests arriving meanwhile wait, and the new index is live the
 * moment `build` returns it. If `build` returns null (refused) or fails, the live version is reloaded from KV.
 */
export async function replaceActiveRules<T>(
  kv: KVNamespace,
  build: () => Promise<{ active: ActiveRules | null; result: T }>,
): Promise<T> {
  const state = stateOf(kv);
  await state.loading;
  state.current = null;
  let settle: (active: ActiveRules | null) => void = () => {};
  state.loading = new Promise<ActiveRules | null>((resolve) => {
    settle = resolve;
  });
  try {
    const { active, result } = await build();
    if (active) {
      state.current = active;
      state.checkedAt = Date.now();
    }
    return result;
  } finally {
    // Refused or failed: nothing new is live, so read what is (the pointer did not move).
    const current = state.current ?? (await refresh(kv, state));
    state.loading = null;
    settle(current);
  }
}
