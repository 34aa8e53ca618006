/**
 * @module The origin's configuration: read from the environment once, validated, defaults filled, frozen.
 * Nothing else in origin/ reads process.env.
 */
import { Resolver } from "node:dns";
import { availableParallelism, hostname } from "node:os";
import { redactUrl } from "../shared/redact.ts";
import { type DbTarget, parseDatabaseUrl } from "./db/pool.ts";
import { DB_ROLES } from "./db/roles.ts";
import { DEFAULT_USER_HOST, type RoleLogin, roleUserName } from "./db/users.ts";
import type { ResolverOptions } from "./rater/fetch/resolver.ts";
import { DEFAULT_REGISTER_SETTINGS, REGISTER_IDS, type RegisterSettings } from "./rater/sources/registers/index.ts";

export interface OriginConfig {
  readonly database: DbTarget;
  readonly databaseUrl: string;
  /** The migrator's credential (DDL, CREATE USER): BONAFIDE_ADMIN_DATABASE_URL, else DATABASE_URL. */
  readonly adminDatabase: DbTarget;
  /**
   * The role users the migrator creates or updates (origin/db/users.ts): one per BONAFIDE_DB_PASSWORD_<ROLE>
   * set (EDGE, RATER, AGGREGATOR, STATUS, CLI), named BONAFIDE_DB_USER_<ROLE> or `<database>_<role>`,
   * allowed from BONAFIDE_DB_USER_HOST (default `%`). A role without a password is left alone.
   */
  readonly roleUsers: { readonly host: string; readonly logins: readonly RoleLogin[] };
  /** Base URL of the edge the rater pushes ratings to. */
  readonly edgeUrl: string;
  /** HMAC secret shared with the edge; without it ratings are stored but not pushed. */
  readonly pushSecret: string | null;
  /** curl --connect-to mappings: the only way the rater may reach a loopback address. */
  readonly connectTo: string;
  readonly rater: RaterConfig;
  /** Process registry and status pages. */
  readonly ops: OpsConfig;
  /** The page aggregator (origin/aggregator/run.ts). */
  readonly aggregator: AggregatorConfig;
  /** The local stack (`npm start`): ports and how many raters. */
  readonly stack: StackConfig;
  readonly host: string;
}

/** The page aggregator's settings (origin/aggregator/run.ts; settings.ts derives the server's defaults from them). */
export interface AggregatorConfig {
  readonly host: string;
  readonly port: number;
  /** Pages in flight above which new requests get 503. */
  readonly maxActive: number;
  /** Page budget when the caller sends no X-Deadline-Timeout-Ms (a smaller incoming one wins). */
  readonly pageTimeoutMs: number;
  /** Retries one page may spend across all its back-end calls. */
  readonly retryBudget: number;
  readonly renderThreads: number;
  /** What renders .tsx templates (BONAFIDE_TSX_RUNTIME): bonafide's string runtime, or hono/jsx to compare. */
  readonly tsxRuntime: TsxRuntime;
  readonly cacheBytes: number;
  /** Unset = debug mode disabled. */
  readonly debugToken: string | null;
  /** BONAFIDE_ORIGIN_SECRET, shared with the edge: without it, callers' deadline and request id are ignored. */
  readonly edgeSecret: string | null;
  /** `name=url|url,…`; empty = the site's demonstration back-ends, started in-process (AggregatorSite). */
  readonly backends: string;
  readonly shutdownMs: number;
  /** The page-refresh worker (origin/aggregator/refresh/): `page` jobs drained beside serving. */
  readonly refresh: {
    /** AGGREGATOR_REFRESH=off (or `--no-refresh`) opts out; on by default. */
    readonly enabled: boolean;
    /** Pages refreshed at once per process: background work, kept small. */
    readonly concurrency: number;
    readonly pollMs: number;
    readonly leaseMs: number;
    /** Base of a failed refresh's back-off (doubling per attempt, capped at an hour). */
    readonly retryBaseMs: number;
    /** Live requests in flight at or above which no refresh is claimed (default: a quarter of maxActive). */
    readonly busyActive: number;
  };
}

/** A rater process's settings (origin/rater/main.ts, `npx bonafide check-site`). */
export interface RaterConfig {
  readonly concurrency: number;
  readonly pollMs: number;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly maintenanceMs: number;
  /** Base of a failed rating's retry backoff (doubling per attempt, capped at an hour). */
  readonly retryBaseMs: number;
  /** How one site is read (origin/rater/crawl.ts, site-fetcher.ts). */
  readonly crawl: CrawlConfig;
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
  /** Public business registers (origin/rater/sources/registers/): BONAFIDE_REGISTERS and their URLs, key, limits. */
  readonly registers: Readonly<RegisterSettings>;
  /** The rater's resolver (origin/rater/fetch/resolver.ts), BONAFIDE_DNS_*. */
  readonly dns: Readonly<ResolverOptions>;
  /** Bounded work (origin/rater/rerate.ts, prune.ts, capacity.ts). */
  readonly bounds: WorkBounds;
}

/** How a rater reads one site: the crawl's limits (RATER_MAX_PAGES, RATER_CRAWL_*, RATER_PAGE_*, RATER_SITE_*). */
export interface CrawlConfig {
  /** Pages read per site, the home page included. */
  readonly maxPages: number;
  /** Requests in flight at once to one site. */
  readonly concurrency: number;
  /** Decoded bytes kept of one page; the rest is never downloaded. */
  readonly pageMaxBytes: number;
  readonly pageTimeoutMs: number;
  /** The whole site's deadline; also how long a draining rater waits for its last ratings. */
  readonly siteTimeoutMs: number;
  /** The product token the rater obeys in robots.txt (RFC 9309 §2.2.1). */
  readonly userAgentToken: string;
  /** Worker threads that parse heavy pages off the event loop (origin/rater/parse-pool.ts). */
  readonly parseThreads: number;
}

/** The process registry and the status server's settings. */
export interface OpsConfig {
  /** How often each process writes its row in `origin_process`. */
  readonly reportMs: number;
  readonly statusHost: string;
  readonly statusPort: number;
  /** Bearer token for the status pages; without one they answer loopback clients only. */
  readonly statusToken: string | null;
}

/** The local stack's own settings (`npm start`, origin/stack/main.ts); the CLI reads its admin token too. */
export interface StackConfig {
  readonly edgePort: number;
  readonly psdbPort: number;
  readonly demoPort: number;
  readonly raters: number;
  readonly adminToken: string | null;
  readonly statePath: string;
  /** BONAFIDE_VERBOSE: every line of every child, not only the interesting ones. */
  readonly verbose: boolean;
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

/** An on/off switch: on, off, true, false, 1, 0, yes, no; unset = `fallback`. */
function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? "").trim().toLowerCase();
  if (raw === "") return fallback;
  if (["on", "true", "1", "yes"].includes(raw)) return true;
  if (["off", "false", "0", "no"].includes(raw)) return false;
  throw new Error(`${name} must be on or off, got ${JSON.stringify(env[name])}`);
}

export const DEFAULT_DATABASE_URL = "mysql://root@127.0.0.1:3306/bonafide";
export const USER_AGENT =
  "bonafide-rater/0.1 (+https://github.com/bonafide/bonafide#rater; identity check of business sites)";

/** `BONAFIDE_DNS_SERVERS`: `ip`, `ip:port` or `[ipv6]:port`, comma-separated; empty = the system's. */
function dnsServers(env: Env): string[] {
  const servers = (env.BONAFIDE_DNS_SERVERS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  try {
    new Resolver().setServers(servers); // node:dns's own parser decides what it accepts
  } catch (error) {
    throw new Error(
      `BONAFIDE_DNS_SERVERS: ${(error as Error).message} (expected ip, ip:port or [ipv6]:port, comma-separated)`,
    );
  }
  return servers;
}

function dnsConfig(env: Env): Readonly<ResolverOptions> {
  const minTtlS = int(env, "BONAFIDE_DNS_MIN_TTL_S", 30, 0);
  const maxTtlS = int(env, "BONAFIDE_DNS_MAX_TTL_S", 600, 0);
  if (maxTtlS < minTtlS)
    throw new Error(`BONAFIDE_DNS_MAX_TTL_S (${maxTtlS}) is below BONAFIDE_DNS_MIN_TTL_S (${minTtlS})`);
  return Object.freeze({
    servers: dnsServers(env),
    maxInFlight: int(env, "BONAFIDE_DNS_MAX_IN_FLIGHT", 16),
    queryTimeoutMs: int(env, "BONAFIDE_DNS_QUERY_TIMEOUT_MS", 1_500, 10),
    tries: int(env, "BONAFIDE_DNS_TRIES", 3),
    lookupTimeoutMs: int(env, "BONAFIDE_DNS_LOOKUP_TIMEOUT_MS", 4_000, 10),
    minTtlS,
    maxTtlS,
    negativeTtlS: int(env, "BONAFIDE_DNS_NEGATIVE_TTL_S", 60, 0),
    cacheSize: int(env, "BONAFIDE_DNS_CACHE_SIZE", 10_000),
  });
}

function httpUrl(env: Env, name: string, fallback: string): string {
  const value = env[name] || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: ${JSON.stringify(redactUrl(value))}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${name} must be an http(s) URL`);
  if (url.username || url.password) throw new Error(`${name} must not carry credentials`);
  return value.replace(/\/+$/, "");
}

/** BONAFIDE_REGISTERS (comma-separated ids; unset = none) and each register's URL, key and rate. */
function registerConfig(env: Env): Readonly<RegisterSettings> {
  const registers = (env.BONAFIDE_REGISTERS ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  for (const id of registers) {
    if (!(REGISTER_IDS as readonly string[]).includes(id))
      throw new Error(`BONAFIDE_REGISTERS: unknown register ${JSON.stringify(id)} (known: ${REGISTER_IDS.join(", ")})`);
  }
  const d = DEFAULT_REGISTER_SETTINGS;
  return Object.freeze({
    registers: Object.freeze([...new Set(registers)]),
    gleifUrl: httpUrl(env, "BONAFIDE_GLEIF_URL", d.gleifUrl),
    viesUrl: httpUrl(env, "BONAFIDE_VIES_URL", d.viesUrl),
    companiesHouseUrl: httpUrl(env, "BONAFIDE_COMPANIES_HOUSE_URL", d.companiesHouseUrl),
    companiesHouseKey: env.BONAFIDE_COMPANIES_HOUSE_KEY || null,
    perMinute: Object.freeze({
      gleif: int(env, "BONAFIDE_GLEIF_PER_MINUTE", d.perMinute.gleif ?? 30),
      vies: int(env, "BONAFIDE_VIES_PER_MINUTE", d.perMinute.vies ?? 30),
      "companies-house": int(env, "BONAFIDE_COMPANIES_HOUSE_PER_MINUTE", d.perMinute["companies-house"] ?? 60),
    }),
    timeoutMs: int(env, "BONAFIDE_REGISTER_TIMEOUT_MS", d.timeoutMs, 100),
  });
}

/** RFC 9309's product token: letters, `_` and `-` only. */
function robotsToken(env: Env, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!/^[A-Za-z_-]+$/.test(value))
    throw new Error(`${name} must be letters, _ and - only, got ${JSON.stringify(value)}`);
  return value;
}

function readCrawlConfig(env: Env): CrawlConfig {
  return Object.freeze({
    maxPages: int(env, "RATER_MAX_PAGES", 20),
    concurrency: int(env, "RATER_CRAWL_CONCURRENCY", 4),
    pageMaxBytes: int(env, "RATER_PAGE_MAX_BYTES", 1_048_576, 1024),
    pageTimeoutMs: int(env, "RATER_PAGE_TIMEOUT_MS", 10_000, 100),
    siteTimeoutMs: int(env, "RATER_SITE_TIMEOUT_MS", 60_000, 1000),
    userAgentToken: robotsToken(env, "RATER_ROBOTS_TOKEN", "bonafide"),
    parseThreads: int(env, "RATER_PARSE_THREADS", 2),
  });
}

/** The rater's settings: RATER_*, the feeds and registers, BONAFIDE_DNS_*, the crawl; throws a bad setting. */
export function readRaterConfig(env: Env = process.env): RaterConfig {
  return asBadSetting(() => resolveRaterConfig(env));
}

function resolveRaterConfig(env: Env): RaterConfig {
  return Object.freeze({
    concurrency: int(env, "RATER_CONCURRENCY", 16),
    pollMs: int(env, "RATER_POLL_MS", 200, 10),
    leaseMs: int(env, "RATER_LEASE_MS", 120_000, 1000),
    heartbeatMs: int(env, "RATER_HEARTBEAT_MS", 30_000, 100),
    maintenanceMs: int(env, "RATER_MAINTENANCE_MS", 5_000, 100),
    retryBaseMs: int(env, "RATER_RETRY_BASE_MS", 30_000, 10),
    crawl: readCrawlConfig(env),
    userAgent: env.BONAFIDE_USER_AGENT || USER_AGENT,
    recycleAfter: int(env, "RATER_RECYCLE_AFTER", 1000, 0),
    maxRssMb: int(env, "RATER_MAX_RSS_MB", 1024, 0),
    trustCaFile: env.BONAFIDE_TRUST_CA_FILE || null,
    blacklistFeed: env.BONAFIDE_BLACKLIST_FEED || null,
    registryFeed: env.BONAFIDE_REGISTRY_FEED || null,
    rdapBootstrapUrl: env.BONAFIDE_RDAP_BOOTSTRAP_URL || null,
    registers: registerConfig(env),
    dns: dnsConfig(env),
    bounds: Object.freeze({
      askWindowDays: int(env, "RATER_ASK_WINDOW_DAYS", 30),
      deadJobRetentionDays: int(env, "RATER_DEAD_JOB_RETENTION_DAYS", 7),
      clientSharePercent: int(env, "RATER_CLIENT_SHARE_PERCENT", 25),
    }),
  });
}

/** What renders .tsx templates: bonafide's runtime (hono/jsx's bytes, cheaper), or hono/jsx itself. */
export type TsxRuntime = "bonafide" | "hono";

/**
 * BONAFIDE_TSX_RUNTIME, checked: `hono` or `bonafide` (the default). Read on its own too, where the .tsx
 * loader is registered before the rest of the configuration (origin/aggregator/run.ts, main.ts).
 */
export function readTsxRuntime(env: Env = process.env): TsxRuntime {
  const value = env.BONAFIDE_TSX_RUNTIME || "bonafide";
  if (value !== "bonafide" && value !== "hono")
    throw new Error(`BONAFIDE_TSX_RUNTIME must be bonafide or hono, not ${JSON.stringify(value)}`);
  return value;
}

/**
 * Render threads when AGGREGATOR_RENDER_THREADS is unset: one core is the event loop's, the rest render
 * (at least one). On a 2-core box one thread beat two and three (bench/aggregator-log.md, step 3).
 */
export function defaultRenderThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The aggregator's settings: BONAFIDE_AGGREGATOR_*, AGGREGATOR_*, BONAFIDE_BACKENDS, BONAFIDE_DEBUG_TOKEN,
 * BONAFIDE_ORIGIN_SECRET. `readAggregatorConfig({})` is every default (origin/aggregator/settings.ts).
 */
export function readAggregatorConfig(env: Env): AggregatorConfig {
  return Object.freeze({
    host: env.BONAFIDE_AGGREGATOR_HOST || "127.0.0.1",
    port: int(env, "BONAFIDE_AGGREGATOR_PORT", 8788, 0),
    maxActive: int(env, "AGGREGATOR_MAX_ACTIVE", 256),
    pageTimeoutMs: int(env, "AGGREGATOR_PAGE_TIMEOUT_MS", 5_000, 10),
    retryBudget: int(env, "AGGREGATOR_RETRY_BUDGET", 3, 0),
    renderThreads: int(env, "AGGREGATOR_RENDER_THREADS", defaultRenderThreads()),
    tsxRuntime: readTsxRuntime(env),
    cacheBytes: int(env, "AGGREGATOR_CACHE_MB", 32, 0) * 1024 * 1024,
    debugToken: env.BONAFIDE_DEBUG_TOKEN || null,
    edgeSecret: env.BONAFIDE_ORIGIN_SECRET || null,
    backends: env.BONAFIDE_BACKENDS ?? "",
    shutdownMs: int(env, "AGGREGATOR_SHUTDOWN_MS", 10_000, 0),
    refresh: Object.freeze({
      enabled: onOff(env, "AGGREGATOR_REFRESH", true),
      concurrency: int(env, "AGGREGATOR_REFRESH_CONCURRENCY", 2),
      pollMs: int(env, "AGGREGATOR_REFRESH_POLL_MS", 500, 10),
      leaseMs: int(env, "AGGREGATOR_REFRESH_LEASE_MS", 60_000, 1000),
      retryBaseMs: int(env, "AGGREGATOR_REFRESH_RETRY_BASE_MS", 30_000, 10),
      busyActive: int(
        env,
        "AGGREGATOR_REFRESH_BUSY_ACTIVE",
        Math.max(1, Math.floor(int(env, "AGGREGATOR_MAX_ACTIVE", 256) / 4)),
      ),
    }),
  });
}

function readOpsConfig(env: Env): OpsConfig {
  return Object.freeze({
    reportMs: int(env, "BONAFIDE_REPORT_MS", 5_000, 100),
    statusHost: env.BONAFIDE_STATUS_HOST || "127.0.0.1",
    statusPort: int(env, "BONAFIDE_STATUS_PORT", 8789, 0),
    statusToken: env.BONAFIDE_STATUS_TOKEN || null,
  });
}

function readStackConfig(env: Env): StackConfig {
  return Object.freeze({
    edgePort: int(env, "BONAFIDE_EDGE_PORT", 8787),
    psdbPort: int(env, "BONAFIDE_PSDB_PORT", 8790),
    demoPort: int(env, "BONAFIDE_DEMO_PORT", 18080, 0),
    raters: int(env, "BONAFIDE_RATERS", 2),
    adminToken: env.BONAFIDE_ADMIN_TOKEN || null,
    statePath: env.BONAFIDE_STATE_DIR || ".wrangler/state",
    verbose: onOff(env, "BONAFIDE_VERBOSE", false),
  });
}

/**
 * The environment a supervised child starts with: this process's, plus `settings` a command line chose
 * (`npx bonafide rater --concurrency 8` passes RATER_CONCURRENCY). The child resolves its own configuration
 * from it, once, like any process.
 */
export function inheritedEnvironment(settings: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...settings };
}

/**
 * An error of a configuration reader: its message names the variable. Entry points print it as one line,
 * `bad setting: …`, and exit 2 (origin/process/lifecycle.ts, origin/cli/main.ts): restarting cannot help.
 */
export function isBadSetting(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === "BAD_SETTING";
}

function asBadSetting<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { code: "BAD_SETTING" });
  }
}

/** Reads `env` (default: the process environment) into a frozen configuration; throws naming the bad variable. */
export function readOriginConfig(env: Env = process.env): OriginConfig {
  return asBadSetting(() => resolveOriginConfig(env));
}

function resolveOriginConfig(env: Env): OriginConfig {
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const edgeUrl = (env.BONAFIDE_EDGE_URL || "http://127.0.0.1:8787").replace(/\/+$/, "");
  let edge: URL;
  try {
    edge = new URL(edgeUrl);
  } catch {
    throw new Error(`BONAFIDE_EDGE_URL is not a URL: ${JSON.stringify(redactUrl(edgeUrl))}`);
  }
  // The edge authenticates by token and signature, never by user information, which fetch refuses anyway
  // and which would then travel in every message that names the edge.
  if (edge.username || edge.password)
    throw new Error(`BONAFIDE_EDGE_URL must not carry credentials: ${JSON.stringify(redactUrl(edgeUrl))}`);
  const database = parseDatabaseUrl(databaseUrl);
  const adminDatabase = env.BONAFIDE_ADMIN_DATABASE_URL
    ? parseDatabaseUrl(env.BONAFIDE_ADMIN_DATABASE_URL, "BONAFIDE_ADMIN_DATABASE_URL")
    : database;
  const logins = DB_ROLES.flatMap((role): RoleLogin[] => {
    const password = env[`BONAFIDE_DB_PASSWORD_${role.toUpperCase()}`];
    const user = env[`BONAFIDE_DB_USER_${role.toUpperCase()}`] || roleUserName(adminDatabase.database, role);
    return password ? [{ role, user, password }] : [];
  });
  return Object.freeze({
    database,
    databaseUrl,
    adminDatabase,
    roleUsers: Object.freeze({ host: env.BONAFIDE_DB_USER_HOST || DEFAULT_USER_HOST, logins: Object.freeze(logins) }),
    edgeUrl,
    pushSecret: env.BONAFIDE_PUSH_SECRET || null,
    connectTo: env.BONAFIDE_CONNECT_TO ?? "",
    rater: resolveRaterConfig(env),
    ops: readOpsConfig(env),
    aggregator: readAggregatorConfig(env),
    stack: readStackConfig(env),
    host: hostname(),
  });
}
