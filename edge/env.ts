/**
 * @module The Worker's bindings: KV namespaces, vars and secrets (see wrangler.toml).
 */
export interface EdgeBindings {
  /** Ratings by domain (`r:<domain>`), push nonces (`n:<nonce>`). */
  RATINGS: KVNamespace;
  /** URL rules: immutable versions `rules:m:<n>` / `rules:c:<id>:<i>` and the pointer `rules:current`. */
  RULES: KVNamespace;
  /** `http(s)://user:pass@host` of the PlanetScale (or local SQL-over-HTTP) endpoint. Secret. */
  DATABASE_URL?: string;
  /** HMAC key the origin signs KV pushes with. Secret. */
  BONAFIDE_PUSH_SECRET?: string;
  /** Bearer token for /_bonafide admin paths. Secret; unset = admin disabled. */
  BONAFIDE_ADMIN_TOKEN?: string;
  /**
   * Rendered pages by URL (`p:<host><path>?<query>`, `p#<sha256>:…` when too long), stored from cacheable origin
   * answers and pushes; the tag index `t:<tag>:<sha256 of the page key>` (edge/pages/store.ts).
   */
  PAGES: KVNamespace;
  /** Base URL of the origin page aggregator; page paths fall through to it. Unset = no pages. */
  ORIGIN_URL?: string;
  /** Shared with the aggregator: sent as `x-bonafide-edge` so it trusts the edge's deadline and request id. Secret. */
  BONAFIDE_ORIGIN_SECRET?: string;
  RETRY_AFTER_SECONDS?: string;
  MAX_DOMAINS_PER_REQUEST?: string;
  /** Keys the SiteTruth-compatible API accepts, comma-separated (default `guest`). */
  API_KEYS?: string;
  /** Overload limits per client and isolate (domains; see edge/compat/overload.ts). */
  CLIENT_BURST_ITEMS?: string;
  CLIENT_ITEMS_PER_MINUTE?: string;
  /** New domains per minute a client may queue per isolate when the raters published no budget. */
  CLIENT_NEW_DOMAINS_PER_MINUTE?: string;
  /** How many rules versions to keep (default 20; the live one is always kept). */
  BONAFIDE_RULES_KEEP_VERSIONS?: string;
  /** Milliseconds between re-reads of the rules pointer per isolate (default 5000; 0 = every request). */
  BONAFIDE_RULES_RECHECK_MS?: string;
  /** Page cache windows (seconds) when the origin's Cache-Control names none (defaults 60 and 86400). */
  PAGES_STALE_WHILE_REVALIDATE_S?: string;
  PAGES_STALE_IF_ERROR_S?: string;
  /** Milliseconds until the origin's headers (default 30000); past it a stored page is served STALE-IF-ERROR. */
  PAGES_ORIGIN_TIMEOUT_MS?: string;
  /** Milliseconds concurrent misses for one page wait for the first one's bytes (default: the origin timeout). */
  PAGES_COALESCE_WAIT_MS?: string;
  /** Milliseconds an isolate may answer a rating from memory before asking KV again (default 5000; 0 = off). */
  BONAFIDE_HOT_TTL_MS?: string;
}

declare global {
  namespace Cloudflare {
    interface Env extends EdgeBindings {}
  }
}
