/**
 * @module The page fast path: a page GET answered without Hono's router and Context — the same servePage
 * the app's fall-through route (`app.all("*")` in edge/index.ts) runs, on a plain object with the request,
 * bindings and ExecutionContext, and any error through the same handleError. The rating fast path
 * (edge/rate/fast-path.ts) did the same for rating GETs; on a page HIT, routing through every route of the
 * app to reach the last one was a share of the Worker's own CPU. Only a GET of a path no other route of the
 * app can take comes here: not /api/* or /_bonafide/* (isPagePath), not SiteTruth's /fcgi, /cgi-bin and
 * /rating paths (edge/compat/routes.ts) — those and every other method (HEAD, whose body Hono drops, POST…)
 * go through the app. test/edge/page-fast-path.test.ts compares whole answers with the app's.
 */
import { Context } from "hono";
import type { EdgeBindings } from "../env.ts";
import { handleError } from "../errors.ts";
import { isPagePath, servePage } from "./routes.ts";

/** Prefixes of the compat routes mounted at "/" (edge/compat/routes.ts): the app decides those. */
const COMPAT_PREFIXES = ["/fcgi", "/cgi-bin", "/rating"] as const;

/**
 * The answer to `request` if the page fast path takes it, else null (the caller then asks the app). `path` is
 * the request's path as Hono routes it (`getPath`).
 */
export function fastPage(
  request: Request,
  path: string,
  env: EdgeBindings,
  ctx: ExecutionContext,
): Promise<Response> | null {
  if (request.method !== "GET") return null;
  if (!isPagePath(path)) return null;
  for (const prefix of COMPAT_PREFIXES) if (path.startsWith(prefix)) return null;
  return answer(request, path, env, ctx);
}

async function answer(request: Request, path: string, env: EdgeBindings, ctx: ExecutionContext): Promise<Response> {
  try {
    return await servePage({ req: { raw: request, path }, env, executionCtx: ctx });
  } catch (error) {
    // As the app does: Hono hands an Error to onError (handleError) and lets anything else propagate.
    if (!(error instanceof Error)) throw error;
    return handleError(error, new Context(request, { env, executionCtx: ctx }));
  }
}
