/**
 * @module The origin's one error model. Every error the origin throws on purpose is an OriginError: a
 * stable, typed `code` that callers decide on (never the message text), the subclass's name, and a message
 * for people. Where an origin error becomes an HTTP answer — the status server and its console — the status
 * comes from one table, STATUS_ERRORS, and one function writes the answer (`statusErrorAnswer`). The aggregator
 * answers from its own table (origin/aggregator/errors.ts, the model for this one), and its AggregatorError
 * is an OriginError too. As fastify's lib/errors.js and undici's lib/core/errors.js do it.
 *
 * Subclasses keep their names (`instanceof UsageError`, `name: "FetchError"` in logs) and add what they
 * carry (a status, a `permanent` flag); test/origin/errors.test.ts fails on an origin error class that
 * does not extend OriginError, and on an error answer written by hand.
 */
import { CodedError } from "../../shared/coded-error.ts";

/** The base of every origin error: `code` is what a caller may match on (shared/coded-error.ts is its root). */
export class OriginError<Code extends string = string> extends CodedError<Code> {}

/** Every code the status server and its console answer with, and its HTTP status. */
export const STATUS_ERRORS = {
  // The console's input (origin/console/store.ts; the CLI `npx bonafide jobs` exits 2 on a 400)
  USAGE: 400,
  BAD_KIND: 400,
  BAD_JOB_ID: 400,
  BAD_CLIENT: 400,
  JOB_NOT_FOUND: 404,
  JOB_LEASED: 409,
  JOB_NOT_DEAD: 409,
  // The request
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  // Who is asking
  STATUS_TOKEN_REQUIRED: 401,
  ADMIN_TOKEN_REQUIRED: 401,
  STATUS_LOOPBACK_ONLY: 403,
  ACTIONS_DISABLED: 403,
  CSRF_REFUSED: 403,
  CSRF_TOKEN_INVALID: 403,
  // The server itself
  STATUS_FAILED: 503,
} as const;

export type StatusErrorCode = keyof typeof STATUS_ERRORS;

/** An error the status server answers with its table status (a console refusal, a bad request). */
export class StatusError extends OriginError<StatusErrorCode> {
  get status(): (typeof STATUS_ERRORS)[StatusErrorCode] {
    return STATUS_ERRORS[this.code];
  }
}

/** The status server's answer to `error`: its table status and `{"error":{"code","message"}}` (server.ts sends it). */
export function statusErrorAnswer(error: StatusError): { status: number; body: string } {
  return { status: error.status, body: `${JSON.stringify({ error: { code: error.code, message: error.message } })}\n` };
}
