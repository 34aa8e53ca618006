/**
 * @module The background's one call to the edge: `POST /api/v1/rate` with domains only — no cookies, no
 * referrer, no page URL.
 */
import { type RatingView, readRatingItem } from "./ratings.ts";

export const REQUEST_TIMEOUT_MS = 10_000;

/** An edge answer the client must react to; `code` is stable (`HTTP_403`, `NETWORK`, `BAD_ANSWER`). */
export class EdgeError extends Error {
  readonly code: string;
  /** Seconds the edge asked us to wait (`Retry-After`), if it did. */
  readonly retryAfter: number | null;
  constructor(code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = "EdgeError";
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** Whether asking again later may work (network trouble, overload, server errors). */
  get transient(): boolean {
    return (
      this.code === "NETWORK" || this.code === "BAD_ANSWER" || this.code === "HTTP_429" || /^HTTP_5/.test(this.code)
    );
  }
}

function retryAfterOf(res: Response): number | null {
  const n = Number(res.headers.get("retry-after"));
  return Number.isInteger(n) && n > 0 ? Math.min(n, 3600) : null;
}

const STATUS_TEXT: Record<number, string> = {
  403: "the edge refused this extension's access; update the extension or check the endpoint",
  410: "this API version is retired; update the extension",
  429: "the edge is busy; ratings resume shortly",
};

/** Asks the edge at `endpoint` for `domains`; answers by domain. */
export async function fetchRatings(
  fetchFn: typeof fetch,
  endpoint: string,
  domains: readonly string[],
): Promise<Map<string, RatingView>> {
  let res: Response;
  try {
    res = await fetchFn(`${endpoint}/api/v1/rate`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ domains }),
      credentials: "omit",
      referrerPolicy: "no-referrer",
      cache: "no-store",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new EdgeError("NETWORK", `cannot reach ${endpoint}: ${String(error)}`);
  }
  // 503 still carries items (each W/503 to ask again); anything else not 200 is an error for the batch.
  if (res.status !== 200 && res.status !== 503) {
    await res.body?.cancel();
    const message = STATUS_TEXT[res.status] ?? `the edge answered ${res.status}`;
    throw new EdgeError(`HTTP_${res.status}`, message, retryAfterOf(res));
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new EdgeError("BAD_ANSWER", "the edge's answer is not JSON");
  }
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new EdgeError("BAD_ANSWER", "the edge's answer has no items");
  const out = new Map<string, RatingView>();
  for (const item of items) {
    const view = readRatingItem(item);
    if (view) out.set(view.domain, view);
  }
  return out;
}
