/**
 * @module The one implementation behind every rating answer — bonafide's v1 (JSON, XML) and SiteTruth's v3
 * shapes, whether asked on `/api/v1/rate?compat=sitetruth` or `/fcgi/rateapiv3.fcgi`: charge the client,
 * resolve (never waiting on a rating), encode, and set the headers a client and a cache need.
 */
import type { Context } from "hono";
import { clientKeyForAddress } from "../../shared/domain.ts";
import { encodeJson, encodeSiteTruthJson, encodeSiteTruthXml, encodeXml } from "../../shared/protocol.ts";
import type { RateItem } from "../../shared/rating.ts";
import { chargeClient } from "../compat/guard.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { eventOf, LOG_LINE } from "../log.ts";
import { ParseMemo } from "../parse-memo.ts";
import { admitNewDomains } from "./new-work.ts";
import type { RateRequest } from "./parse-request.ts";
import { expiresAtMs, resolveRatings } from "./resolve.ts";
import { createRatingStore, PRIORITY_USER_WAITING } from "./store.ts";
import { storeFor } from "./store-cache.ts";

const MAX_RANK_SPREAD = 20;

/** Fairness keys by client address (an isolate sees the same few addresses again and again). */
const clientKeys = new ParseMemo<string>({ maxEntries: 4096, maxChars: 1 << 18 }, clientKeyForAddress);

function encode(request: RateRequest, items: RateItem[], now: Date): { body: string; type: string } {
  if (request.flavour === "sitetruth") {
    return request.format === "xml"
      ? { body: encodeSiteTruthXml(items), type: "application/xml; charset=utf-8" }
      : { body: encodeSiteTruthJson(items), type: "application/json; charset=utf-8" };
  }
  return request.format === "xml"
    ? { body: encodeXml(items, now), type: "application/xml; charset=utf-8" }
    : { body: encodeJson(items, now), type: "application/json; charset=utf-8" };
}

/** Clients may cache the answer until its soonest-expiring item; not at all while anything is pending. */
function cacheControl(items: RateItem[], now: Date): string {
  if (items.some((i) => i.status !== 200 && i.status !== 400)) return "private, no-store";
  const nowMs = now.getTime();
  let ttl = Number.POSITIVE_INFINITY;
  for (const i of items)
    if (i.expiresAt)
      ttl = Math.min(ttl, Math.max(0, Math.floor((expiresAtMs(i as { expiresAt: string }) - nowMs) / 1000)));
  return `private, max-age=${Number.isFinite(ttl) ? ttl : 3600}`;
}

/** What answerRate needs of a request's context: Hono's Context, or the rating fast path's (fast-path.ts). */
export interface RateContext {
  readonly env: EdgeBindings;
  readonly req: { header(name: string): string | undefined };
  readonly executionCtx: { waitUntil(promise: Promise<unknown>): void };
}

/** An answer before it is a Response: Hono's `c.body` and the fast path make it one each their way. */
export interface RateAnswer {
  body: string;
  status: 200 | 429 | 503;
  headers: Record<string, string>;
}

/** Answers a parsed rate request. */
export async function answerRate(c: Context<{ Bindings: EdgeBindings }>, request: RateRequest): Promise<Response> {
  const { body, status, headers } = await rateAnswer(c, request);
  return c.body(body, status, headers);
}

/** The answer to a parsed rate request: charge the client, resolve, encode, headers. */
export async function rateAnswer(c: RateContext, request: RateRequest): Promise<RateAnswer> {
  const config = readEdgeConfig(c.env);
  const event = eventOf(c.executionCtx);
  const log = event ?? LOG_LINE;
  const address = c.req.header("cf-connecting-ip");
  const clientKey = address ? clientKeys.get(address) : clientKeyForAddress(address);
  chargeClient(config, clientKey, request.inputs.length);
  const now = new Date();
  const store = config.databaseUrl ? storeFor(config.databaseUrl, createRatingStore) : null;
  const { items, sources, fromHot } = await resolveRatings(
    {
      kv: c.env.RATINGS,
      store,
      now,
      retryAfterSeconds: config.retryAfterSeconds,
      waitUntil: (p) => c.executionCtx.waitUntil(p),
      log: (problem) => log.report(problem),
      hotTtlMs: config.hotTtlMs,
      admitNew: store
        ? (domains, deadlineMs) =>
            admitNewDomains(store, clientKey, domains, {
              fallbackPerMinute: config.clientNewDomainsPerMinute,
              maxPerRequest: config.maxDomainsPerRequest,
              deadlineMs,
              nowMs: now.getTime(),
              log,
            })
        : undefined,
    },
    request.inputs,
    clientKey,
    PRIORITY_USER_WAITING + Math.min(request.rank, MAX_RANK_SPREAD),
  );
  event?.countItems(sources, fromHot);
  const { body, type } = encode(request, items, now);
  const unavailable = items.filter((i) => i.status === 503);
  const headers: Record<string, string> = {
    "content-type": type,
    "cache-control": cacheControl(items, now),
    vary: "Accept",
    "x-bonafide-source": sources.join(","),
  };
  const retryAfter = items.map((i) => i.retryAfter ?? 0).filter((n) => n > 0);
  if (retryAfter.length) headers["retry-after"] = String(Math.min(...retryAfter));
  // Every item that needed the database failed: the whole answer is a 503 the client should retry. SiteTruth's
  // clients get 200 with each such item U / error / "503" (shared/protocol.ts): never W, which means queued.
  const answerable = items.filter((i) => i.status !== 400).length;
  const allUnavailable = unavailable.length > 0 && unavailable.length === answerable;
  // Likewise every item was new work past the client's budget: nothing was answered or queued, 429.
  const deferred = items.filter((i) => i.status === 429).length;
  const allDeferred = deferred > 0 && deferred === answerable;
  const status = request.flavour !== "bonafide" ? 200 : allUnavailable ? 503 : allDeferred ? 429 : 200;
  return { body, status, headers };
}
