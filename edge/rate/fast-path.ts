/**
 * @module The rating API's fast path: `GET|POST /api/v1/rate` (the extension's batch is a POST) and
 * SiteTruth's `GET /fcgi/rateapiv3.fcgi` (v2 alike, with compat/routes.ts's parser and error pages) answered
 * without Hono's router and middleware
 * chain (≈10% of a hot rating hit's CPU went to routing, the Context, compose and the CORS middleware
 * re-setting headers on a finished Response). It runs the very same steps as rate/routes.ts — parse, key
 * check, answerRate's charge/resolve/encode, the CORS headers, handleError for any error — on the same
 * Hono request object (so query and header parsing are Hono's own), and builds the Response once with every
 * header. Only a GET or POST whose routed path is exactly one of those takes it; everything else (OPTIONS
 * preflights, HEAD, `/api/v1/rate/`, other methods) goes through the app. test/edge/rate-fast-path.test.ts
 * compares whole answers, headers included, byte for byte with the app's.
 */
import { Context } from "hono";
import { HonoRequest } from "hono/request";
import { ALLOW } from "../compat/cors.ts";
import { handleCompatError } from "../compat/errors.ts";
import { parseV3Request } from "../compat/parse-v3.ts";
import { type EdgeConfig, readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { handleError } from "../errors.ts";
import { type RateContext, rateAnswer } from "./answer.ts";
import { type ParseContext, parseRateRequest, type RateRequest } from "./parse-request.ts";

/** The path rate/routes.ts serves (mounted at /api/v1/rate in edge/index.ts, route "/", strict routing). */
export const RATE_PATH = "/api/v1/rate";

/** SiteTruth's rating API paths compat/routes.ts answers with a rating (`/fcgi/:script{rateapiv[23]\.fcgi}`). */
export const V3_PATHS: ReadonlySet<string> = new Set(["/fcgi/rateapiv3.fcgi", "/fcgi/rateapiv2.fcgi"]);

/**
 * The answer to `request` if the fast path takes it, else null (the caller then asks the app). `path` is
 * the request's path as Hono routes it (`getPath`).
 */
export function fastRate(
  request: Request,
  path: string,
  env: EdgeBindings,
  ctx: ExecutionContext,
): Promise<Response> | null {
  const method = request.method;
  if (path === RATE_PATH && (method === "GET" || method === "POST"))
    return answer(request, path, env, ctx, parseRateRequest, handleError);
  // SiteTruth's v2/v3: its parser, its errors answered as its HTML pages (compat/routes.ts).
  if (method === "GET" && V3_PATHS.has(path)) return answer(request, path, env, ctx, parseV3Request, handleCompatError);
  return null;
}

type FastContext = RateContext & ParseContext;

/** Parse, answer, CORS; an Error answered by `onError` as the app's error handler for that route would. */
async function answer(
  request: Request,
  path: string,
  env: EdgeBindings,
  ctx: ExecutionContext,
  parse: (c: FastContext, config: EdgeConfig) => Promise<RateRequest> | RateRequest,
  onError: (error: Error, c: Context) => Response,
): Promise<Response> {
  const c: FastContext = { req: new HonoRequest(request, path), env, executionCtx: ctx };
  try {
    const { body, status, headers } = await rateAnswer(c, await parse(c, readEdgeConfig(env)));
    return new Response(body, { status, headers: { ...headers, ...ALLOW } });
  } catch (error) {
    // As the app does: Hono hands an Error to onError and lets anything else propagate.
    if (!(error instanceof Error)) throw error;
    const res = onError(error, new Context(request, { env, executionCtx: ctx }));
    for (const [k, v] of Object.entries(ALLOW)) res.headers.set(k, v);
    return res;
  }
}
