/**
 * @module The edge's one error model: the table of every error code the edge answers with (its status and
 * what it means), the one error class, and the one function that turns any error into the edge's error JSON
 * `{"error": {…details, code, message}}`. Nothing else writes a status for an error, and nothing decides by
 * an error's message text (as origin/aggregator/errors.ts, fastify's lib/errors.js).
 */

import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CodedError } from "../shared/coded-error.ts";
import { eventOfContext } from "./log.ts";

interface ErrorKind {
  readonly status: ContentfulStatusCode;
  /** What the code means, in the words of a message; a throw site says the specifics. */
  readonly message: string;
}

/** Every code the edge answers with: its status, and the message used when a throw site gives none. */
export const EDGE_ERRORS = {
  // The request itself
  BAD_BODY: { status: 400, message: "the body is not what this path takes" },
  BAD_COMPAT: { status: 400, message: "compat must be sitetruth" },
  BAD_DOMAIN: { status: 400, message: "give a domain such as example.com" },
  BAD_DOMAINS: { status: 400, message: '"domains" must be an array of strings' },
  BAD_FORMAT: { status: 400, message: "this format is not offered here" },
  BAD_JSON: { status: 400, message: "the body is not valid JSON" },
  BAD_PATH: { status: 400, message: "refused: the request would leave the configured origin" },
  BAD_PRIORITY: { status: 400, message: "priority must be an integer from 0 to 1000" },
  BAD_URL: { status: 400, message: "give an absolute http(s) URL" },
  NO_DOMAINS: { status: 400, message: "give at least one domain" },
  BAD_PRECONDITION: { status: 400, message: 'If-Match must be * or entity tags such as "7"' },
  BAD_VERSION: { status: 400, message: "version must be a positive integer" },
  BAD_AUTHOR: { status: 400, message: '"author" must be a string' },
  BAD_HEADERS: { status: 400, message: '"headers" must map names to strings' },
  BAD_RATING: { status: 400, message: "not a valid rating of a normalised domain" },
  RULE_EVALUATION_FAILED: { status: 400, message: "the rules cannot be applied to this URL" },
  NOT_FOUND: { status: 404, message: "no route for this method and path" },
  METHOD_NOT_ALLOWED: { status: 405, message: "this path does not take this method" },
  BODY_TOO_LARGE: { status: 413, message: "the body is over the limit; send less at once" },
  TOO_MANY_DOMAINS: { status: 413, message: "too many domains in one request; split the batch" },
  URL_TOO_LONG: { status: 414, message: "the request URL is too long; POST the domains instead" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "send the body as application/json" },
  INVALID_PURGE: { status: 422, message: "the purge request is not valid" },
  NOT_STORABLE: { status: 422, message: "the page cache may not store this page" },
  RULES_INVALID: { status: 422, message: "the rules have problems" },
  // Who is asking
  UNAUTHORIZED: { status: 401, message: "send the admin token as 'Authorization: Bearer <token>'" },
  BAD_TOKEN: { status: 401, message: "the admin token is not right" },
  /** BAD_TOKEN where an API's contract says 403 (the page cache's admin API); clients see code BAD_TOKEN. */
  BAD_TOKEN_FORBIDDEN: { status: 403, message: "the admin token is not right" },
  BAD_SIGNATURE: { status: 401, message: "push refused: bad signature" },
  ADMIN_DISABLED: { status: 403, message: "the admin API is disabled: set the secret BONAFIDE_ADMIN_TOKEN" },
  BAD_KEY: { status: 403, message: "this API key is not accepted" },
  KEY_REQUIRED: { status: 403, message: "an API key is required: add key=guest" },
  PUSH_DISABLED: { status: 403, message: "BONAFIDE_PUSH_SECRET is not configured on the edge" },
  // State and pace
  NOT_RATED: { status: 404, message: "this domain is not rated yet" },
  UNKNOWN_VERSION: { status: 404, message: "this rules version is not kept" },
  REPLAYED: { status: 409, message: "push refused: this nonce was already used" },
  SUPERSEDED: { status: 409, message: "the version was replaced at once by another" },
  VERSION_RETIRED: { status: 410, message: "this version of the API is retired" },
  PRECONDITION_FAILED: { status: 412, message: "the live version does not satisfy If-Match" },
  OVERLOAD: { status: 429, message: "too many domains asked for from your address; wait and ask again" },
  RERATE_TOO_SOON: { status: 429, message: "queued for re-rating recently; ask again later" },
  // The edge's own trouble, and what it depends on
  INTERNAL: { status: 500, message: "internal error; try again later" },
  ORIGIN_UNAVAILABLE: { status: 502, message: "the page origin did not answer; try again shortly" },
  PROXY_FAILED: { status: 502, message: "the proxy origin did not answer" },
  DATABASE_UNAVAILABLE: { status: 503, message: "the rating database did not answer; try again shortly" },
  KV_UNAVAILABLE: { status: 503, message: "the key-value store refused a call; try again" },
  LIVE_VERSION_MISSING: { status: 503, message: "the pointer names a rules version that is not stored" },
  NO_DATABASE: { status: 503, message: "the rating database is not configured here" },
  RULES_BUSY: { status: 503, message: "another publish or rollback is running here; try again" },
  RULES_UNBOUND: { status: 503, message: "the RULES KV namespace is not bound (see wrangler.toml)" },
  // What the URL rules answer (shared/rules/evaluate.ts, shared/rules/budget.ts): same codes, same statuses
  RULES_PATH_TOO_LONG: { status: 414, message: "the path is too long for the rules" },
  RULES_BUDGET_EXCEEDED: { status: 503, message: "the rules ran out of their time budget" },
  RULE_LOOP: { status: 508, message: "the rules loop" },
  RULE_CHAIN_TOO_LONG: { status: 508, message: "the rules rewrite too many times" },
  RULE_BAD_VALUE: { status: 400, message: "a request value cannot go into the rule's target" },
} as const satisfies Record<string, ErrorKind>;

export type EdgeErrorCode = keyof typeof EDGE_ERRORS;

/** The code clients see where the table keeps two statuses apart under one wire code. */
const WIRE_CODE: Partial<Record<EdgeErrorCode, string>> = { BAD_TOKEN_FORBIDDEN: "BAD_TOKEN" };

/** An error the edge answers with: `code` (from EDGE_ERRORS) decides the status; `message` says what to do. */
export class EdgeError extends CodedError<EdgeErrorCode> {
  readonly status: ContentfulStatusCode;
  readonly headers: Record<string, string>;
  /** Extra fields of the JSON error object (e.g. the live version on a 412). */
  readonly details: Record<string, unknown>;
  constructor(
    code: EdgeErrorCode,
    message: string = EDGE_ERRORS[code].message,
    options: { headers?: Record<string, string>; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.status = EDGE_ERRORS[code].status;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }

  /** The code as clients see it. */
  get wireCode(): string {
    return WIRE_CODE[this.code] ?? this.code;
  }
}

/** Any thrown value as an EdgeError: EdgeErrors as they are, anything else INTERNAL (its cause kept for the log). */
export function asEdgeError(error: unknown): EdgeError {
  return error instanceof EdgeError ? error : new EdgeError("INTERNAL", undefined, { cause: error });
}

/** The edge's error JSON for `error`, as a status, headers and body. */
export function errorAnswer(error: EdgeError): {
  status: ContentfulStatusCode;
  headers: Record<string, string>;
  body: string;
} {
  const body = JSON.stringify({ error: { ...error.details, code: error.wireCode, message: error.message } });
  return { status: error.status, headers: { ...error.headers, "content-type": "application/json" }, body };
}

/** `error` as the edge's error JSON Response (outside Hono: the rules, the rating fast path). */
export function errorResponse(error: EdgeError): Response {
  const { status, headers, body } = errorAnswer(error);
  return new Response(body, { status, headers });
}

/**
 * Hono `onError`, and the fast path's: any error becomes the edge's error JSON, and is recorded once in the
 * request's log event (edge/log.ts) — an unexpected one with its stack, shown to the client only as INTERNAL.
 */
export function handleError(thrown: unknown, c: Context): Response {
  const error = asEdgeError(thrown);
  eventOfContext(c)?.recordError(error);
  const { status, headers, body } = errorAnswer(error);
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.body(body, status);
}

/**
 * Runs one Workers KV call; its failure (one write a second per key, a 429, a brief outage) is a transient
 * upstream failure: 503 KV_UNAVAILABLE with when to come back, not "internal error".
 */
export async function kvCall<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (cause) {
    const said = cause instanceof Error ? cause.message : String(cause);
    throw new EdgeError("KV_UNAVAILABLE", `the key-value store refused a call (${said}); try again`, {
      cause,
      headers: { "retry-after": "1" },
    });
  }
}
