/**
 * @module The edge's configuration, read once per isolate from the bindings, typed and with defaults filled.
 */
import type { EdgeBindings } from "./env.ts";
import { DEFAULT_HOT_TTL_MS, MAX_HOT_TTL_MS } from "./rate/hot-ratings.ts";
import { POINTER_RECHECK_MS } from "./rules/active.ts";

export interface EdgeConfig {
  readonly retryAfterSeconds: number;
  readonly maxDomainsPerRequest: number;
  readonly databaseUrl: string | null;
  readonly pushSecret: string | null;
  /** The origin page aggregator (ORIGIN_URL); null = page paths answer 404. */
  readonly originUrl: string | null;
  /** Proof that a request came through the edge, sent to ORIGIN_URL only (`BONAFIDE_ORIGIN_SECRET`); null = none. */
  readonly originSecret: string | null;
  /** Bearer token for /_bonafide admin paths; null = admin disabled (never open). */
  readonly adminToken: string | null;
  /** Keys the SiteTruth-compatible API accepts (`key=`); `API_KEYS`, comma-separated, default `guest`. */
  readonly apiKeys: ReadonlySet<string>;
  /** Per client and isolate: domains a client may ask for at once, and refilled per minute (429 beyond). */
  readonly clientBurstItems: number;
  readonly clientItemsPerMinute: number;
  /**
   * New domains per minute a client may queue per isolate when the raters published no budget lately
   * (`CLIENT_NEW_DOMAINS_PER_MINUTE`; normally rater_capacity decides, edge/rate/new-work.ts).
   */
  readonly clientNewDomainsPerMinute: number;
  /** Rules versions kept (the newest N, plus the live one whatever its age); `BONAFIDE_RULES_KEEP_VERSIONS`. */
  readonly rulesKeepVersions: number;
  /** How often an isolate re-reads the rules pointer; `BONAFIDE_RULES_RECHECK_MS` (0 = every request, for tests). */
  readonly rulesRecheckMs: number;
  /** Page cache (RFC 5861) windows used when the origin's Cache-Control names none; 0 = none. */
  readonly pagesStaleWhileRevalidateS: number;
  readonly pagesStaleIfErrorS: number;
  /** How long the edge waits for the origin's headers before it counts as failed (`PAGES_ORIGIN_TIMEOUT_MS`). */
  readonly pagesOriginTimeoutMs: number;
  /** How long concurrent misses for one page wait for the first one's bytes (`PAGES_COALESCE_WAIT_MS`). */
  readonly pagesCoalesceWaitMs: number;
  /**
   * How long an isolate answers a rating from its hot tier before asking KV again (`BONAFIDE_HOT_TTL_MS`,
   * default 5000, at most 60000; 0 = no hot tier): the bound on how stale another isolate may be.
   */
  readonly hotTtlMs: number;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function nonNegativeInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be an integer ≥ 0, got ${JSON.stringify(value)}`);
  return n;
}

function originUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
  } catch {
    // fall through to the error below
  }
  throw new Error(`ORIGIN_URL must be an http(s) URL, got ${JSON.stringify(value)}`);
}

function hotTtl(value: string | undefined): number {
  const ms = nonNegativeInt(value, DEFAULT_HOT_TTL_MS, "BONAFIDE_HOT_TTL_MS");
  if (ms > MAX_HOT_TTL_MS) throw new Error(`BONAFIDE_HOT_TTL_MS must be at most ${MAX_HOT_TTL_MS}, got ${ms}`);
  return ms;
}

const cache = new WeakMap<object, EdgeConfig>();

/** Reads and validates the bindings; memoised per env object. */
export function readEdgeConfig(env: EdgeBindings): EdgeConfig {
  const hit = cache.get(env);
  if (hit) return hit;
  const config: EdgeConfig = Object.freeze({
    retryAfterSeconds: positiveInt(env.RETRY_AFTER_SECONDS, 5, "RETRY_AFTER_SECONDS"),
    maxDomainsPerRequest: positiveInt(env.MAX_DOMAINS_PER_REQUEST, 50, "MAX_DOMAINS_PER_REQUEST"),
    databaseUrl: env.DATABASE_URL || null,
    pushSecret: env.BONAFIDE_PUSH_SECRET || null,
    originUrl: originUrl(env.ORIGIN_URL),
    originSecret: env.BONAFIDE_ORIGIN_SECRET || null,
    adminToken: env.BONAFIDE_ADMIN_TOKEN || null,
    apiKeys: new Set(
      (env.API_KEYS ?? "guest")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    ),
    clientBurstItems: positiveInt(env.CLIENT_BURST_ITEMS, 2000, "CLIENT_BURST_ITEMS"),
    clientItemsPerMinute: positiveInt(env.CLIENT_ITEMS_PER_MINUTE, 12000, "CLIENT_ITEMS_PER_MINUTE"),
    clientNewDomainsPerMinute: positiveInt(env.CLIENT_NEW_DOMAINS_PER_MINUTE, 60, "CLIENT_NEW_DOMAINS_PER_MINUTE"),
    rulesKeepVersions: positiveInt(env.BONAFIDE_RULES_KEEP_VERSIONS, 20, "BONAFIDE_RULES_KEEP_VERSIONS"),
    rulesRecheckMs: nonNegativeInt(env.BONAFIDE_RULES_RECHECK_MS, POINTER_RECHECK_MS, "BONAFIDE_RULES_RECHECK_MS"),
    pagesStaleWhileRevalidateS: nonNegativeInt(
      env.PAGES_STALE_WHILE_REVALIDATE_S,
      60,
      "PAGES_STALE_WHILE_REVALIDATE_S",
    ),
    pagesStaleIfErrorS: nonNegativeInt(env.PAGES_STALE_IF_ERROR_S, 86_400, "PAGES_STALE_IF_ERROR_S"),
    pagesOriginTimeoutMs: positiveInt(env.PAGES_ORIGIN_TIMEOUT_MS, 30_000, "PAGES_ORIGIN_TIMEOUT_MS"),
    pagesCoalesceWaitMs: positiveInt(
      env.PAGES_COALESCE_WAIT_MS,
      positiveInt(env.PAGES_ORIGIN_TIMEOUT_MS, 30_000, "PAGES_ORIGIN_TIMEOUT_MS"),
      "PAGES_COALESCE_WAIT_MS",
    ),
    hotTtlMs: hotTtl(env.BONAFIDE_HOT_TTL_MS),
  });
  cache.set(env, config);
  return config;
}
