/**
 * @module Reads SiteTruth's v3 query — `url=…&url=…&key=K[&format=json|xml][&priority=n]` — into the same
 * RateRequest bonafide's own API resolves, with SiteTruth's status codes for what is wrong with it.
 *
 * SiteTruth-era clients (Ad Limiter in Firefox ESR) send every uncached host of a page in one GET, without
 * batching, and SiteTruth accepted that. So this path takes as many `url` values as a URL the platform
 * accepts can carry, and the URL length is the only bound on their number.
 */
import type { EdgeConfig } from "../config.ts";
import { EdgeError } from "../errors.ts";
import type { RateRequest } from "../rate/parse-request.ts";
import { checkApiKey } from "./guard.ts";

/**
 * The longest request URL a Worker is given: "URLs have a limit of 16 KB" (Cloudflare Workers limits,
 * https://developers.cloudflare.com/workers/platform/limits/; Cloudflare's network itself
 * answers 414 only past 32 KB, https://developers.cloudflare.com/support/troubleshooting/http-status-codes/4xx-client-error/error-414/).
 * A URL is ASCII once percent-encoded, so characters are bytes. At ~25 characters per `url=host&` this is
 * some 650 hosts; the shortest possible values (`url=a.co&`) bound a request at ~1,800 domains.
 */
export const LEGACY_MAX_URL_LENGTH = 16 * 1024;

/** SiteTruth's `priority`: the rank of the search result, min 0, default 1 (research/rating.md §1.4). */
function parsePriority(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    throw new EdgeError("BAD_PRIORITY", "priority must be an integer from 0 to 1000");
  }
  return n;
}

/** What the v3 parser reads of a request: Hono's Context, or the rating fast path's (edge/rate/fast-path.ts). */
export interface V3Context {
  readonly req: {
    readonly url: string;
    query(name: string): string | undefined;
    queries(name: string): string[] | undefined;
  };
}

/** Parses a v3 request; throws EdgeError 400 / 403 / 414 for what the client must fix. */
export function parseV3Request(c: V3Context, config: EdgeConfig): RateRequest {
  // 414 first, as SiteTruth's "request too long"; beyond this length Cloudflare would not run the Worker at all.
  const length = c.req.url.length;
  if (length > LEGACY_MAX_URL_LENGTH) {
    throw new EdgeError(
      "URL_TOO_LONG",
      `request URL is ${length} characters, over the limit of ${LEGACY_MAX_URL_LENGTH} (Cloudflare's URL limit for Workers); ` +
        "send the url values in two or more requests",
    );
  }
  const inputs = c.req.queries("url") ?? [];
  checkApiKey(config, c.req.query("key"), true);
  if (inputs.length === 0) {
    throw new EdgeError("NO_DOMAINS", "give at least one url value: ?url=example.com&key=guest");
  }
  const format = c.req.query("format") ?? "xml"; // v1 clients knew only XML; it stayed the default
  if (format !== "xml" && format !== "json") {
    throw new EdgeError("BAD_FORMAT", `format must be json or xml, got ${JSON.stringify(format)}`);
  }
  return { inputs, format, flavour: "sitetruth", rank: parsePriority(c.req.query("priority")) };
}
