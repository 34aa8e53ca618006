/**
 * @module Reads SiteTruth's v3 query — `url=…&url=…&key=K[&format=json|xml][&priority=n]` — into the same
 * RateRequest bonafide's own API resolves, with SiteTruth's status codes for what is wrong with it.
 */
import type { Context } from "hono";
import type { EdgeConfig } from "../config.ts";
import { ApiError } from "../errors.ts";
import { MAX_URL_LENGTH, type RateRequest } from "../rate/parse-request.ts";
import { checkApiKey } from "./guard.ts";

/** SiteTruth's `priority`: the rank of the search result, min 0, default 1 (research/rating.md §1.4). */
function parsePriority(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    throw new ApiError(400, "BAD_PRIORITY", "priority must be an integer from 0 to 1000");
  }
  return n;
}

/** Parses a v3 request; throws ApiError 400 / 403 / 414 for what the client must fix. */
export function parseV3Request(c: Context, config: EdgeConfig): RateRequest {
  // 414 first: SiteTruth's "request too long" covers both a long URL and too many url= values.
  if (c.req.url.length > MAX_URL_LENGTH) {
    throw new ApiError(414, "URL_TOO_LONG", `request URL over ${MAX_URL_LENGTH} characters; ask in smaller batches`);
  }
  const inputs = c.req.queries("url") ?? [];
  if (inputs.length > config.maxDomainsPerRequest) {
    throw new ApiError(
      414,
      "TOO_MANY_DOMAINS",
      `at most ${config.maxDomainsPerRequest} url values per request, got ${inputs.length}; split the batch`,
    );
  }
  checkApiKey(config, c.req.query("key"), true);
  if (inputs.length === 0) {
    throw new ApiError(400, "NO_DOMAINS", "give at least one url value: ?url=example.com&key=guest");
  }
  const format = c.req.query("format") ?? "xml"; // v1 clients knew only XML; it stayed the default
  if (format !== "xml" && format !== "json") {
    throw new ApiError(400, "BAD_FORMAT", `format must be json or xml, got ${JSON.stringify(format)}`);
  }
  return { inputs, format, flavour: "sitetruth", rank: parsePriority(c.req.query("priority")) };
}
