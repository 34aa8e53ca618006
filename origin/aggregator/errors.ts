/**
 * @module The aggregator's errors: one class with a stable `code` and the HTTP status it answers with.
 */
import { OriginError } from "../errors/model.ts";

/** Stable codes; the status each one becomes in the one place that turns errors into answers (server.ts). */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  DEBUG_UNAUTHORIZED: 401,
  BACKEND_UNAUTHORIZED: 401,
  BACKEND_FORBIDDEN: 403,
  NOT_FOUND: 404,
  BACKEND_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  BACKEND_FAILED: 502,
  OVERLOADED: 503,
  BACKEND_TIMEOUT: 504,
  DEADLINE_EXCEEDED: 504,
  UNKNOWN_BACKEND: 500,
  RENDER_FAILED: 500,
  HANDLER_FAILED: 500,
} as const;

export type AggregatorErrorCode = keyof typeof ERROR_STATUS;

/** An error the aggregator answers with `status`; `message` says what happened and what to do. */
export class AggregatorError extends OriginError<AggregatorErrorCode> {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    code: AggregatorErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(code, message, options);
    this.status = ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }
}

/** Why a back-end call failed, as it appears in error nodes, debug output and metrics. */
export type CallFailure =
  | "timeout" // our timeout or the page deadline expired while waiting
  | "deadline" // no time was left to even start the call
  | "connect" // could not connect / connection reset
  | "status" // the back-end answered with an error status (>= 500, or >= 400 when not accepted)
  | "parse" // the body could not be parsed as its content type says
  | "aborted"; // the client went away and the page was cancelled
