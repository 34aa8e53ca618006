/**
 * @module Named back-ends: a profile (timeouts, retries, required by default, hedging, slow start) and
 * several servers with least-in-flight balancing. A server that just failed is avoided for a short while
 * (passive health), and retries and hedges go to a server not yet tried for this call. A server coming back
 * after being avoided gets a share of new calls that ramps up over `slowStartMs` (nginx's `slow_start`).
 */
import { AggregatorError } from "./errors.ts";
import { LatencyWindow } from "./latency.ts";

/**
 * Hedged requests ("The Tail at Scale"): when an idempotent call's first try is still unanswered after a
 * delay, a second try goes to another server; the first answer wins, the other is aborted.
 */
export interface HedgeProfile {
  /**
   * Fixed delay before the hedge, ms. With `percentile` too, the floor under the observed delay (and the
   * delay used until enough calls were observed).
   */
  readonly afterMs?: number;
  /** Hedge after this percentile of the back-end's recent answered tries (default 95 without `afterMs`). */
  readonly percentile?: number;
}

export interface BackendProfile {
  /** Request timeout per attempt, ms (Frontik's default was 2 s). */
  readonly timeoutMs?: number;
  /** Connect timeout per attempt, ms (Frontik: 0.2 s). */
  readonly connectTimeoutMs?: number;
  /** Attempts for idempotent calls, including the first. */
  readonly maxTries?: number;
  /** Whether a failure of this back-end fails the page (502/504) unless the call says otherwise. */
  readonly required?: boolean;
  /** Hedged requests for idempotent calls (GET/HEAD, or marked `idempotent`); off (null) by default. */
  readonly hedge?: HedgeProfile | null;
  /** How long a failed server (connect error or 5xx) is avoided, ms. */
  readonly avoidMs?: number;
  /** Over how long a server coming back ramps up to its full share of new calls, ms (0: at once). */
  readonly slowStartMs?: number;
}

export interface BackendDefinition extends BackendProfile {
  readonly name: string;
  /** Origins, e.g. `http://10.0.0.5:8080`. */
  readonly servers: readonly string[];
}

export interface Server {
  readonly origin: string;
  inFlight: number;
  /** Until when (epoch ms) to avoid this server after a connect error or 5xx. */
  avoidUntil: number;
  /** Since when (epoch ms) the server ramps up after being avoided; 0 if it never was. */
  rampFrom: number;
  /** Slow start's turn counter: a ramping server takes a turn each time it reaches 1. */
  credit: number;
  readonly avoidMs: number;
  readonly slowStartMs: number;
}

export interface Backend extends Required<BackendProfile> {
  readonly name: string;
  readonly servers: readonly Server[];
  /** Recent answered tries, for `hedge.percentile`. */
  readonly latency: LatencyWindow;
}

export const DEFAULT_PROFILE: Required<BackendProfile> = Object.freeze({
  timeoutMs: 2000,
  connectTimeoutMs: 200,
  maxTries: 2,
  required: true,
  hedge: null,
  avoidMs: 2000,
  slowStartMs: 0,
});

/** A server starting its slow start gets this fraction of its full share (Envoy's min_weight_percent). */
const SLOW_START_FLOOR = 0.1;

export interface BackendRegistry {
  get(name: string): Backend;
  list(): readonly Backend[];
}

/** Builds the registry; server origins are validated here so a typo fails at start, not per request. */
export function createBackendRegistry(definitions: readonly BackendDefinition[]): BackendRegistry {
  const map = new Map<string, Backend>();
  for (const d of definitions) {
    if (d.servers.length === 0) throw new Error(`back-end ${d.name} has no servers`);
    const profile = { ...DEFAULT_PROFILE, ...stripUndefined(d) };
    checkProfile(d.name, profile);
    const servers = d.servers.map((s): Server => {
      const url = new URL(s);
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new Error(`back-end ${d.name}: ${s} is not http(s)`);
      const { avoidMs, slowStartMs } = profile;
      return { origin: url.origin, inFlight: 0, avoidUntil: 0, rampFrom: 0, credit: 0, avoidMs, slowStartMs };
    });
    map.set(d.name, { ...profile, name: d.name, servers, latency: new LatencyWindow() });
  }
  return {
    get(name) {
      const b = map.get(name);
      if (!b) throw new AggregatorError("UNKNOWN_BACKEND", `no back-end named ${JSON.stringify(name)} is configured`);
      return b;
    },
    list: () => [...map.values()],
  };
}

const nonNegative = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** A bad profile value fails at start, naming the back-end and the option. */
function checkProfile(name: string, p: Required<BackendProfile>): void {
  for (const key of ["timeoutMs", "connectTimeoutMs", "avoidMs", "slowStartMs"] as const)
    if (!nonNegative(p[key])) throw new Error(`back-end ${name}: ${key} must be a number ≥ 0, not ${String(p[key])}`);
  if (!Number.isInteger(p.maxTries) || p.maxTries < 1)
    throw new Error(`back-end ${name}: maxTries must be an integer ≥ 1, not ${String(p.maxTries)}`);
  const h = p.hedge;
  if (h === null) return;
  if (typeof h !== "object") throw new Error(`back-end ${name}: hedge must be an object like { percentile: 95 }`);
  if (h.afterMs !== undefined && !nonNegative(h.afterMs))
    throw new Error(`back-end ${name}: hedge.afterMs must be a number ≥ 0, not ${String(h.afterMs)}`);
  if (h.percentile !== undefined && !(typeof h.percentile === "number" && h.percentile > 0 && h.percentile < 100))
    throw new Error(`back-end ${name}: hedge.percentile must be between 0 and 100, not ${String(h.percentile)}`);
}

/** The hedge delay for a call starting now, ms, or null when the back-end does not hedge (yet). */
export function hedgeDelayMs(backend: Backend): number | null {
  const h = backend.hedge;
  if (!h) return null;
  const floor = h.afterMs ?? null;
  if (h.percentile === undefined && floor !== null) return floor;
  const observed = backend.latency.percentile(h.percentile ?? 95);
  if (observed === null) return floor;
  return Math.max(observed, floor ?? 0);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

let rotor = 0;

/**
 * A server's share of new calls during its slow start, from SLOW_START_FLOOR up to 1 at the end of the
 * window (1 when it never failed or has no slow start).
 */
export function slowStartWeight(server: Server, now = Date.now()): number {
  if (server.slowStartMs <= 0 || server.rampFrom === 0) return 1;
  const w = (now - server.rampFrom) / server.slowStartMs;
  return w >= 1 ? 1 : Math.max(SLOW_START_FLOOR, w);
}

/**
 * Picks a server: healthy before avoided, untried before tried, then fewest in flight; ties rotate so
 * equal servers share the load evenly. A server in its slow start with weight w gets a turn on w/n of the
 * picks (n servers): its credit grows by w/n per pick and a turn costs 1 — deterministic, so the share
 * does not depend on how it happens to line up with the tie rotation; outside its turns it is passed over
 * unless every other server is avoided or already tried.
 */
export function pickServer(backend: Backend, tried: ReadonlySet<string>, now = Date.now()): Server {
  const n = backend.servers.length;
  const start = rotor++ % n;
  let best: Server | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = backend.servers[(start + i) % n];
    if (!s) continue;
    let ramp = 0;
    if (s.rampFrom !== 0 && s.avoidUntil <= now) {
      const w = slowStartWeight(s, now);
      if (w < 1) {
        s.credit += w / n;
        if (s.credit >= 1) {
          s.credit -= 1;
          ramp = -0.5; // its turn: it wins a tie
        } else ramp = 1e5;
      } else {
        s.rampFrom = 0; // fully back
        s.credit = 0;
      }
    }
    const score = (s.avoidUntil > now ? 1e9 : 0) + (tried.has(s.origin) ? 1e6 : 0) + s.inFlight + ramp;
    if (score < bestScore) {
      best = s;
      bestScore = score;
    }
  }
  if (!best) throw new Error("unreachable: a back-end always has a server");
  return best;
}

/**
 * Records an attempt's outcome for passive health. A failure avoids the server for `avoidMs`, and its
 * slow start begins when that ends; an answer during the avoidance ends it early, the ramp starting then.
 */
export function noteServerResult(server: Server, healthy: boolean, now = Date.now()): void {
  if (!healthy) {
    server.avoidUntil = now + server.avoidMs;
    if (server.slowStartMs > 0) {
      server.rampFrom = server.avoidUntil;
      server.credit = 0;
    }
  } else if (server.avoidUntil !== 0) {
    if (server.avoidUntil > now && server.slowStartMs > 0) server.rampFrom = now;
    server.avoidUntil = 0;
  }
}

/**
 * Parses `name=http://a:1|http://b:2,other=http://c:3` (BONAFIDE_BACKENDS) into server lists.
 * Throws naming the bad entry.
 */
export function parseBackendServers(spec: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const entry of spec
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf("=");
    const name = entry.slice(0, eq).trim();
    if (eq <= 0 || !/^[a-z][a-z0-9-]*$/i.test(name))
      throw new Error(`BONAFIDE_BACKENDS: bad entry ${JSON.stringify(entry)}`);
    const servers = entry
      .slice(eq + 1)
      .split("|")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const s of servers) {
      try {
        new URL(s);
      } catch {
        throw new Error(`BONAFIDE_BACKENDS: ${JSON.stringify(s)} is not a URL`);
      }
    }
    out[name] = servers;
  }
  return out;
}
