/**
 * @module Named back-ends: a profile (timeouts, retries, required by default) and several servers with
 * least-in-flight balancing. A server that just failed is avoided for a short while (passive health),
 * and retries go to a server not yet tried for this call.
 */
import { AggregatorError } from "./errors.ts";

export interface BackendProfile {
  /** Request timeout per attempt, ms (Frontik's default was 2 s). */
  readonly timeoutMs?: number;
  /** Connect timeout per attempt, ms (Frontik: 0.2 s). */
  readonly connectTimeoutMs?: number;
  /** Attempts for idempotent calls, including the first. */
  readonly maxTries?: number;
  /** Whether a failure of this back-end fails the page (502/504) unless the call says otherwise. */
  readonly required?: boolean;
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
}

export interface Backend extends Required<BackendProfile> {
  readonly name: string;
  readonly servers: readonly Server[];
}

export const DEFAULT_PROFILE: Required<BackendProfile> = Object.freeze({
  timeoutMs: 2000,
  connectTimeoutMs: 200,
  maxTries: 2,
  required: true,
});

const AVOID_MS = 2000;

export interface BackendRegistry {
  get(name: string): Backend;
  list(): readonly Backend[];
}

/** Builds the registry; server origins are validated here so a typo fails at start, not per request. */
export function createBackendRegistry(definitions: readonly BackendDefinition[]): BackendRegistry {
  const map = new Map<string, Backend>();
  for (const d of definitions) {
    if (d.servers.length === 0) throw new Error(`back-end ${d.name} has no servers`);
    const servers = d.servers.map((s) => {
      const url = new URL(s);
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new Error(`back-end ${d.name}: ${s} is not http(s)`);
      return { origin: url.origin, inFlight: 0, avoidUntil: 0 };
    });
    map.set(d.name, { ...DEFAULT_PROFILE, ...stripUndefined(d), name: d.name, servers });
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

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

let rotor = 0;

/**
 * Picks a server: healthy before avoided, untried before tried, then fewest in flight; ties rotate so
 * equal servers share the load evenly.
 */
export function pickServer(backend: Backend, tried: ReadonlySet<string>, now = Date.now()): Server {
  const n = backend.servers.length;
  const start = rotor++ % n;
  let best: Server | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = backend.servers[(start + i) % n];
    if (!s) continue;
    const score = (s.avoidUntil > now ? 1e9 : 0) + (tried.has(s.origin) ? 1e6 : 0) + s.inFlight;
    if (score < bestScore) {
      best = s;
      bestScore = score;
    }
  }
  if (!best) throw new Error("unreachable: a back-end always has a server");
  return best;
}

/** Records an attempt's outcome for passive health. */
export function noteServerResult(server: Server, healthy: boolean, now = Date.now()): void {
  server.avoidUntil = healthy ? 0 : now + AVOID_MS;
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
