/**
 * @module The URL-rule model: what a rules document looks like, as published through PUT /_bonafide/rules.
 *
 * Ordering (documented in the README): rules are tried by descending `priority` (default 0), then by their
 * position in the document; the first matching rule with a terminal action wins. `headers` rules are not
 * terminal: every matching one applies (in that order), wherever it stands. A `rewrite` restarts matching
 * with the new URL, at most `MAX_REWRITES` times.
 */

/** A value condition on a query parameter, header or cookie: a string = equals, true = present, false = absent. */
export type ValueCondition = string | boolean;

export interface RuleMatch {
  /** `example.com`, `*.example.com` (any subdomain, not the apex), or a list of them. Omitted = any host. */
  host?: string | string[];
  /** Exact path, e.g. `/old/page.html` (after normalisation: percent-decoded, `//` merged). */
  path?: string;
  /** String prefix, as nginx's `location /docs/`: `/docs/` matches `/docs/` and `/docs/a/b`. */
  prefix?: string;
  /** Segments with `:name` parameters (one per segment, with optional literal text around it) and a final `*`. */
  pattern?: string;
  /**
   * A regular expression on the path, run on bonafide's linear-time engine; captures as `$1`, `${name}`. A list
   * means all must match (an nginx `location ~` with a `rewrite` inside); captures come from the last one.
   * A leading `(?i)` makes one case-insensitive.
   */
  regex?: string | string[];
  /** With `regex`: match every regex case-insensitively (nginx `~*`). */
  caseInsensitive?: boolean;
  method?: string | string[];
  query?: Record<string, ValueCondition>;
  headers?: Record<string, ValueCondition>;
  cookies?: Record<string, ValueCondition>;
  /** ISO 3166 alpha-2 codes (Cloudflare's `request.cf.country`). */
  country?: string | string[];
}

export interface HeaderChanges {
  set?: Record<string, string>;
  remove?: string[];
}

export type RuleAction =
  /** Internal rewrite: matching restarts with the new URL, unless `final` (then it goes straight to the site). */
  | { type: "rewrite"; to: string; keepQuery?: boolean; final?: boolean }
  /** RFC 9110 §15.4: 301/308 permanent, 302/307 temporary (307/308 keep the method), 303 see other (GET). */
  | { type: "redirect"; to: string; status?: 301 | 302 | 303 | 307 | 308; keepQuery?: boolean }
  /** Forward to a named origin from the document's `origins`; `to` (optional) replaces the path. */
  | { type: "proxy"; origin: string; to?: string; keepQuery?: boolean }
  /** Not terminal: change request and/or response headers of whatever else happens. */
  | { type: "headers"; request?: HeaderChanges; response?: HeaderChanges }
  /** Answer at the edge with a fixed status and body. */
  | { type: "respond"; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** Stop matching and hand the request to the site unchanged (nginx: a location that only serves). */
  | { type: "pass" };

export interface Rule {
  /** Unique within the document; named in errors, in the test endpoint and in `x-bonafide-rule`. */
  id: string;
  priority?: number;
  /** Disabled rules are kept in the document but never match. */
  disabled?: boolean;
  match: RuleMatch;
  action: RuleAction;
  comment?: string;
}

export interface RulesDocument {
  /** Named upstreams for `proxy`: `{ "legacy": "https://legacy.example.com" }`. */
  origins?: Record<string, string>;
  rules: Rule[];
}

/** nginx stops after 10 internal redirects with a bare 500; bonafide stops at the same bound with a named chain. */
export const MAX_REWRITES = 10;
export const MAX_RULES = 200_000;
export const ACTION_TYPES = ["rewrite", "redirect", "proxy", "headers", "respond", "pass"] as const;
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
