/**
 * @module The bonafide edge Worker: the rating API, the signed KV pushes (ratings, pages), URL rules, the
 * page cache's admin API, and pages (the origin aggregator behind the KV page cache) for every other path.
 */
import { Hono } from "hono";
import { getPath } from "hono/utils/url";
import { API_VERSION } from "../shared/protocol.ts";
import { RATING_INFOS } from "../shared/rating.ts";
import { rulesAdminRoutes } from "./admin/rules-routes.ts";
import { compatRoutes } from "./compat/routes.ts";
import { readEdgeConfig } from "./config.ts";
import type { EdgeBindings } from "./env.ts";
import { asEdgeError, EdgeError, handleError } from "./errors.ts";
import { RequestContext, RequestLog } from "./log.ts";
import { openApiDocument } from "./openapi.ts";
import { pagesAdminRoutes } from "./pages/admin-routes.ts";
import { fastPage } from "./pages/fast-path.ts";
import { pagePushRoutes } from "./pages/push.ts";
import { isPagePath, servePage } from "./pages/routes.ts";
import { pushRoutes } from "./push/routes.ts";
import { fastRate } from "./rate/fast-path.ts";
import { rateRoutes } from "./rate/routes.ts";
import { applyRules } from "./rules/apply.ts";
import { siteRoutes } from "./sites/routes.ts";

export const app = new Hono<{ Bindings: EdgeBindings }>();

app.route("/api/v1/rate", rateRoutes);
app.route("/api/v1/sites", siteRoutes);
// SiteTruth v3 at its old paths (/fcgi/rateapiv3.fcgi …), mounted explicitly so no fall-through takes it.
app.route("/", compatRoutes);
app.route("/_bonafide/internal", pushRoutes);
app.route("/_bonafide/internal", pagePushRoutes);
app.route("/_bonafide/rules", rulesAdminRoutes);
app.route("/_bonafide/pages", pagesAdminRoutes);

app.get("/api/v1/meta", (c) => {
  const config = readEdgeConfig(c.env);
  return c.json({
    apiVersion: API_VERSION,
    ratings: ["A", "Q", "X", "U", "W"],
    ratingInfo: RATING_INFOS,
    limits: { domainsPerRequest: config.maxDomainsPerRequest, retryAfterSeconds: config.retryAfterSeconds },
  });
});

// The OpenAPI 3.1 description of this API (edge/openapi.ts); any page may read it, caches revalidate by ETag.
app.get("/api/v1/openapi.json", (c) => {
  const { json, etag } = openApiDocument();
  const headers = {
    etag,
    "cache-control": "public, max-age=300",
    "access-control-allow-origin": "*",
  };
  const sent = c.req.header("if-none-match");
  if (sent?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) return c.body(null, 304, headers);
  return c.body(json, 200, { ...headers, "content-type": "application/json; charset=utf-8" });
});

// Everything else is a page: it falls through to the origin aggregator through the KV page cache.
// Unknown /api/* and /_bonafide/* paths still get the JSON 404 below.
app.all("*", (c) => (isPagePath(c.req.path) ? servePage(c) : c.notFound()));

app.notFound((c) => handleError(new EdgeError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`), c));
app.onError(handleError);

// URL rules run before the app (and so before the page cache and the origin fall-through); a rewrite
// re-enters the app with the new URL. /_bonafide/* is never subject to the rules. A rating GET takes the
// fast path (rate/fast-path.ts: the same answer without the router), a page GET the page fast path
// (pages/fast-path.ts, likewise), both after the rules as before. Every
// request writes one log event (edge/log.ts), once, in the `finally`; it travels in the ExecutionContext.
export default {
  async fetch(request: Request, env: EdgeBindings, ctx: ExecutionContext): Promise<Response> {
    const path = getPath(request);
    const log = new RequestLog(request, path);
    const reqCtx = new RequestContext(ctx, log).asExecutionContext();
    let response: Response | null = null;
    try {
      response = await applyRules(request, path, env, log, (req) => {
        // A rewrite hands on a new Request; else the path is the one already read.
        const at = req === request ? path : getPath(req);
        return fastRate(req, at, env, reqCtx) ?? fastPage(req, at, env, reqCtx) ?? app.fetch(req, env, reqCtx);
      });
      return response;
    } catch (error) {
      log.recordError(asEdgeError(error));
      throw error;
    } finally {
      log.write(response);
    }
  },
} satisfies ExportedHandler<EdgeBindings>;
