/**
 * @module The edge's one error type and the one place that turns errors into HTTP answers.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An error the client caused or must react to; `code` is stable, `message` says what to do. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly headers: Record<string, string>;
  /** Extra fields of the JSON error object (e.g. the live version on a 412). */
  readonly details: Record<string, unknown>;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { headers?: Record<string, string>; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }
}

/** Hono `onError`: ApiErrors become their status; anything else a 500 without internals, logged once. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
    return c.json({ error: { ...error.details, code: error.code, message: error.message } }, error.status);
  }
  // Workers KV failing a call (its one write a second per key, a 429 "Too Many Requests", or a brief
  // outage) is a transient upstream failure: say so and when to come back, not "internal error".
  if (/^KV (GET|PUT|DELETE|LIST)\b.*failed/i.test(String(error?.message))) {
    console.error(JSON.stringify({ level: "warn", msg: "KV call failed", error: String(error.message) }));
    c.header("retry-after", "1");
    return c.json(
      {
        error: { code: "KV_UNAVAILABLE", message: `the key-value store refused a call (${error.message}); try again` },
      },
      503,
    );
  }
  console.error(JSON.stringify({ level: "error", msg: "unhandled edge error", error: String(error?.stack ?? error) }));
  return c.json({ error: { code: "INTERNAL", message: "internal error; try again later" } }, 500);
}
