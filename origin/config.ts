/**
 * @module The origin's configuration: read from the environment once, validated, defaults filled, frozen.
 * Nothing else in origin/ reads process.env.
 */
import { hostname } from "node:os";
import { type DbTarget, parseDatabaseUrl } from "./db/pool.ts";

export interface OriginConfig {
  readonly database: DbTarget;
  readonly databaseUrl: string;
  /** Base URL of the edge the rater pushes ratings to. */
  readonly edgeUrl: string;
  /** HMAC secret shared with the edge; without it ratings are stored but not pushed. */
  readonly pushSecret: string | null;
  /** curl --connect-to mappings: the only way the rater may reach a loopback address. */
  readonly connectTo: string;
  readonly rater: {
    readonly concurrency: number;
    readonly pollMs: number;
    readonly leaseMs: number;
    readonly heartbeatMs: number;
    readonly maintenanceMs: number;
    readonly maxPages: number;
    readonly pageTimeoutMs: number;
    readonly siteTimeoutMs: number;
    readonly userAgent: string;
    /** Recycle (drain and replace) the process after this many ratings; 0 = never. */
    readonly recycleAfter: number;
    /** Recycle when the resident set exceeds this many MiB; 0 = never. */
    readonly maxRssMb: number;
    /** PEM file of an extra root CA the rater trusts (the local stack's test CA); null in production. */
    readonly trustCaFile: string | null;
    /** Blacklist feed (file path or http(s) URL, one domain or URL per line); null = none consulted. */
    readonly blacklistFeed: string | null;
    /** Business-register feed (JSON array of entries; file or URL); null = none consulted. */
    readonly registryFeed: string | null;
    /** RDAP bootstrap file (RFC 9224), e.g. https://data.iana.org/rdap/dns.json; null = domain age not asked. */
    readonly rdapBootstrapUrl: string | null;
    /** Bounded work (origin/rater/rerate.ts, prune.ts, capacity.ts). */
    readonly bounds: WorkBounds;
  };
  /** Process registry and status pages. */
  readonly ops: {
    /** How often each process writes its row in `origin_process`. */
    readonly reportMs: number;
    readonly statusHost: string;
    readonly statusPort: number;
    /** Bearer token for the status pages; without one they answer loopback clients only. */
    readonly statusToken: string | null;
  };
  /** The page aggregator (origin/aggregator/main.ts). */
  readonly aggregator: {
    readonly host: string;
    readonly port: number;
    /** Pages in flight above which new requests get 503. */
    readonly maxActive: number;
    /** Page budget when the caller sends no X-Deadline-Timeout-Ms (a smaller incoming one wins). */
    readonly pageTimeoutMs: number;
    /** Retries one page may spend across all its back-end calls. */
    readonly retryBudget: number;
    readonly renderThreads: number;
    readonly cacheBytes: number;
    /** Unset = debug mode disabled. */
    readonly debugToken: string | null;
    /** `name=url|url,…`; empty = the demonstration job board's back-ends, started in-process. */
    readonly backends: string;
    readonly shutdownMs: number;
  };
  /** The local stack (`npm start`): ports and how many raters. */
  readonly stack: {
    readonly edgePort: number;
    readonly psdbPort: number;
    readonly demoPort: number;
    readonly raters: number;
    readonly adminToken: string | null;
    readonly statePath: string;
  };
  readonly host: string;
}

/** How much work the raters keep: what is re-rated, how long dead jobs stay, what one client may queue. */
export interface WorkBounds {
  /** Re-rate at expiry only ratings asked within this many days; prune them this long after expiry. */
  readonly askWindowDays: number;
  /** Keep dead jobs this many days (their domain has its U/error rating meanwhile). */
  readonly deadJobRetentionDays: number;
  /** Share of the raters' capacity one client may fill with new domains per edge isolate, in percent. */
  readonly clientSharePercent: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

export const DEFAULT_DATABASE_URL = "mysql://root@127.0.0.1:3306/bonafide";
export const USER_AGENT =
  "bonafide-rater/0.1 (+https://github.com/bonafide/bonafide#rater; identity check of business sites)";

/** Reads `env` (default: the process environment) into a frozen configuration; throws naming the bad variable. */
export function readOriginConfig(env: Env = process.env): OriginConfig {
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const edgeUrl = (env.BONAFIDE_EDGE_URL || "http://127.0.0.1:8787").replace(/\/+$/, "");
  try {
    new URL(edgeUrl);
  } catch {
    throw new Error(`BONAFIDE_EDGE_URL is not a URL: ${JSON.stringify(edgeUrl)}`);
  }
  return Object.freeze({
    database: parseDatabaseUrl(databaseUrl),
    databaseUrl,
    edgeUrl,
    pushSecret: env.BONAFIDE_PUSH_SECRET || null,
    connectTo: env.BONAFIDE_CONNECT_TO ?? "",
    rater: Object.freeze({
      concurrency: int(env, "RATER_CONCURRENCY", 16),
      pollMs: int(env, "RATER_POLL_MS", 200, 10),
      leaseMs: int(env, "RATER_LEASE_MS", 120_000, 1000),
      heartbeatMs: int(env, "RATER_HEARTBEAT_MS", 30_000, 100),
      maintenanceMs: int(env, "RATER_MAINTENANCE_MS", 5_000, 100),
      maxPages: int(env, "RATER_MAX_PAGES", 20),
      pageTimeoutMs: int(env, "RATER_PAGE_TIMEOUT_MS", 10_000, 100),
      siteTimeoutMs: int(env, "RATER_SITE_TIMEOUT_MS", 60_000, 1000),
      userAgent: env.BONAFIDE_USER_AGENT || USER_AGENT,
      recycleAfter: int(env, "RATER_RECYCLE_AFTER", 1000, 0),
      maxRssMb: int(env, "RATER_MAX_RSS_MB", 1024, 0),
      trustCaFile: env.BONAFIDE_TRUST_CA_FILE || null,
      blacklistFeed: env.BONAFIDE_BLACKLIST_FEED || null,
      registryFeed: env.BONAFIDE_REGISTRY_FEED || null,
      rdapBootstrapUrl: env.BONAFIDE_RDAP_BOOTSTRAP_URL || null,
      bounds: Object.freeze({
        askWindowDays: int(env, "RATER_ASK_WINDOW_DAYS", 30),
        deadJobRetentionDays: int(env, "RATER_DEAD_JOB_RETENTION_DAYS", 7),
        clientSharePercent: int(env, "RATER_CLIENT_SHARE_PERCENT", 25),
      }),
    }),
    ops: Object.freeze({
      reportMs: int(env, "BONAFIDE_REPORT_MS", 5_000, 100),
      statusHost: env.BONAFIDE_STATUS_HOST || "127.0.0.1",
      statusPort: int(env, "BONAFIDE_STATUS_PORT", 8789, 0),
      statusToken: env.BONAFIDE_STATUS_TOKEN || null,
    }),
    aggregator: Object.freeze({
      host: env.BONAFIDE_AGGREGATOR_HOST || "127.0.0.1",
      port: int(env, "BONAFIDE_AGGREGATOR_PORT", 8788, 0),
      maxActive: int(env, "AGGREGATOR_MAX_ACTIVE", 256),
      pageTimeoutMs: int(env, "AGGREGATOR_PAGE_TIMEOUT_MS", 5_000, 10),
      retryBudget: int(env, "AGGREGATOR_RETRY_BUDGET", 3, 0),
      renderThreads: int(env, "AGGREGATOR_RENDER_THREADS", 2),
      cacheBytes: int(env, "AGGREGATOR_CACHE_MB", 32, 0) * 1024 * 1024,
      debugToken: env.BONAFIDE_DEBUG_TOKEN || null,
      backends: env.BONAFIDE_BACKENDS ?? "",
      shutdownMs: int(env, "AGGREGATOR_SHUTDOWN_MS", 10_000, 0),
    }),
    stack: Object.freeze({
      edgePort: int(env, "BONAFIDE_EDGE_PORT", 8787),
      psdbPort: int(env, "BONAFIDE_PSDB_PORT", 8790),
      demoPort: int(env, "BONAFIDE_DEMO_PORT", 18080, 0),
      raters: int(env, "BONAFIDE_RATERS", 2),
      adminToken: env.BONAFIDE_ADMIN_TOKEN || null,
      statePath: env.BONAFIDE_STATE_DIR || ".wrangler/state",
    }),
    host: hostname(),
  });
}
