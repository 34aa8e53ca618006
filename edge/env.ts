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
  /** Rendered pages by URL (`p:<host><path>?<query>`), stored from cacheable origin answers. */
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
  /** Milliseconds an isolate may answer a rating from memory before asking KV again (default 5000; 0 = off). */
  BONAFIDE_HOT_TTL_MS?: string;
}

declare global {
  namespace Cloudflare {
    interface Env extends EdgeBindings {}
  }
}
