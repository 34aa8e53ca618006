/**
 * @module Who may ask and how much: the API key check (403) and the per-client overload limit (429).
 */
import type { EdgeConfig } from "../config.ts";
import { EdgeError } from "../errors.ts";
import { isolateBuckets } from "./overload.ts";

/**
 * Refuses a key not in the configured list with 403, as SiteTruth did. With `required` false (bonafide's
 * own v1 path) an absent key is fine; a wrong one is still refused, so a client learns it is wrong.
 */
export function checkApiKey(config: EdgeConfig, key: string | undefined, required: boolean): void {
  if (key === undefined || key === "") {
    if (!required) return;
    throw new EdgeError("KEY_REQUIRED", "an API key is required: add key=guest (or your own key) to the query");
  }
  if (!config.apiKeys.has(key)) {
    throw new EdgeError("BAD_KEY", "this API key is not accepted; update the client or ask for a key");
  }
}

/** Charges `clientKey` one token per domain asked for; 429 with Retry-After when its bucket is empty. */
export function chargeClient(config: EdgeConfig, clientKey: string, domains: number, nowMs = Date.now()): void {
  const result = isolateBuckets.take(
    clientKey,
    { burst: config.clientBurstItems, perMinute: config.clientItemsPerMinute },
    domains,
    nowMs,
  );
  if (!result.ok) {
    throw new EdgeError(
      "OVERLOAD",
      `too many domains asked for from your address; wait ${result.retryAfterSeconds} s and ask again`,
      { headers: { "retry-after": String(result.retryAfterSeconds) } },
    );
  }
}
