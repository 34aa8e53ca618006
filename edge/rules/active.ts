/**
 * @module The live rule index of this isolate: built once per rules version and reused by every request; the
 * KV pointer is re-checked at most every POINTER_RECHECK_MS, by one request while the others serve what the
 * isolate knows (stale-while-revalidate: an older version, or "none published"). Module scope holds plain
 * data only — the index, its version, whether the pointer was ever read, when, and a "building since" mark —
 * never a promise: a request that needs fresh data reads KV itself, and one that finds a build under way
 * serves what the isolate knows or, when it knows nothing yet (first build, publish), waits on its own timer
 * (research/edge.md §1b.5; ARCHITECTURE.md, "What may live in module scope").
 */
import { createRuleIndex, type RuleIndex } from "../../shared/rules/rule-index.ts";
import { LOG_LINE, type Problem, type Reporter } from "../log.ts";
import { type BusyMark, isLive, newMark, waitWhile } from "./busy.ts";
import { readPointer, readVersion } from "./store.ts";

/** How stale an isolate's view of the pointer may get (KV itself adds up to ~60 s between locations). */
export const POINTER_RECHECK_MS = 5_000;
/**
 * How long a mark stands for reading and building a version (~1 s at 100,000 rules) and for a publish (which
 * also reads the request body). Past it the request holding it is presumed cancelled — a client that goes
 * away stops its Worker invocation mid-read — and another request takes over rather than wait for ever.
 */
export const BUILD_LIMIT_MS = 10_000;
export const PUBLISH_LIMIT_MS = 60_000;

export interface ActiveRules {
  version: number;
  index: RuleIndex;
}

interface IsolateState {
  current: ActiveRules | null;
  /**
   * Whether `current` is what a pointer read found (null then means "none published") rather than "not read
   * yet" or "being replaced by a publish": only then may requests serve it while another one re-checks.
   */
  known: boolean;
  checkedAt: number;
  /** Set while one request reads a new version or publishes (at most one document in memory at a time). */
  building: BusyMark | null;
}

// Keyed by the KV binding so that tests (and any second namespace) never see each other's rules.
const states = new WeakMap<KVNamespace, IsolateState>();

function stateOf(kv: KVNamespace): IsolateState {
  let state = states.get(kv);
  if (!state) {
    state = { current: null, known: false, checkedAt: Number.NEGATIVE_INFINITY, building: null };
    states.set(kv, state);
  }
  return state;
}

function failure(msg: string, error: unknown): Problem {
  return { level: "error", msg, error: String(error) };
}

/**
 * Reads the pointer and, if it names another version, that version's document, and builds its index, all
 * with this request's own reads. Holding `mark` makes this request the only one reading a document; if a
 * publish took the mark over meanwhile, what was read is dropped (the publish decides what is live).
 */
async function loadLive(kv: KVNamespace, state: IsolateState, mark: BusyMark, log: Reporter): Promise<void> {
  const pointer = await readPointer(kv);
  if (state.building !== mark) return;
  if (!pointer) {
    state.current = null;
    state.known = true;
    return;
  }
  if (pointer.version === state.current?.version) {
    state.known = true;
    return;
  }
  const document = await readVersion(kv, pointer.version);
  if (!document) throw new Error(`the pointer names rules version ${pointer.version}, which is not stored`);
  if (state.building !== mark) return;
  // Let go of the old index before building the new one: at 100,000 rules two indexes and a document would
  // crowd the isolate's 128 MB. The build is synchronous, so no request ever sees the gap.
  state.current = null;
  state.known = false;
  const { index, problems } = createRuleIndex(document);
  if (problems.length > 0) log.report({ level: "error", msg: "stored rules have problems", problems });
  state.current = { version: pointer.version, index };
  state.known = true;
}

/** Re-reads the pointer for this request; a version switch is built here unless another request is at it. */
async function refresh(kv: KVNamespace, state: IsolateState, log: Reporter): Promise<ActiveRules | null> {
  // Claimed before the read, so that requests within the interval serve what they know meanwhile.
  state.checkedAt = Date.now();
  // Another request is re-reading: serve what the isolate knows, "none published" included.
  if (isLive(state.building)) return state.known ? state.current : awaitBuild(kv, state, log);
  const mark = newMark(BUILD_LIMIT_MS);
  state.building = mark;
  try {
    await loadLive(kv, state, mark, log);
  } catch (error) {
    // Keep serving the rules we have: a KV hiccup must not switch redirects off or fail requests.
    log.report(failure("rules refresh failed", error));
  } finally {
    if (state.building === mark) state.building = null;
  }
  return state.current;
}

/** Nothing known yet and another request is reading or publishing: wait on this request's timer, bounded. */
async function awaitBuild(kv: KVNamespace, state: IsolateState, log: Reporter): Promise<ActiveRules | null> {
  await waitWhile(() => !state.known && isLive(state.building), PUBLISH_LIMIT_MS);
  if (state.known) return state.current;
  // The builder failed or was cancelled: then read for ourselves (or, still held past the limit, serve none).
  return isLive(state.building) ? null : refresh(kv, state, log);
}

/**
 * The live rules (null = none published), refreshing from KV when the last check is older than `recheckMs`;
 * what goes wrong meanwhile is reported to the request's log event.
 */
export function getActiveRules(
  kv: KVNamespace,
  recheckMs = POINTER_RECHECK_MS,
  log: Reporter = LOG_LINE,
): Promise<ActiveRules | null> | ActiveRules | null {
  const state = stateOf(kv);
  if (!state.known && isLive(state.building)) return awaitBuild(kv, state, log); // a publish or first build
  if (Date.now() - state.checkedAt < recheckMs) return state.current;
  return refresh(kv, state, log);
}

/**
 * Publish or roll back in this isolate: the live index is let go first (an old and a new 100,000-rule index
 * plus the request body would crowd 128 MB), requests arriving meanwhile wait, and the new index is live the
 * moment `build` returns it. If `build` returns null (refused) or fails, the live version is reloaded from KV.
 */
export async function replaceActiveRules<T>(
  kv: KVNamespace,
  build: () => Promise<{ active: ActiveRules | null; result: T }>,
  log: Reporter = LOG_LINE,
): Promise<T> {
  const state = stateOf(kv);
  // A request may be reading a new version right now: let it finish, so that only one document is in memory.
  await waitWhile(() => isLive(state.building), BUILD_LIMIT_MS);
  const mark = newMark(PUBLISH_LIMIT_MS);
  state.building = mark;
  state.current = null;
  state.known = false;
  try {
    const { active, result } = await build();
    if (active && state.building === mark) {
      state.current = active;
      state.known = true;
      state.checkedAt = Date.now();
    }
    return result;
  } finally {
    // Refused or failed: nothing new is live, so read what is (the pointer did not move).
    if (!state.known && state.building === mark)
      await loadLive(kv, state, mark, log).catch((error: unknown) => log.report(failure("rules reload failed", error)));
    if (state.building === mark) state.building = null;
  }
}
