/**
 * @module SiteTruth's rating API at its old paths, so AdRater, SearchRater and Ad Limiter work unchanged:
 * `GET /fcgi/rateapiv3.fcgi` (and v2, which v3 extended compatibly); v1 and the CGI interface SiteTruth
 * discontinued answer 410 Gone (research/rating.md §1.4); their details links (`/rating/<domain>`) redirect to
 * the evidence page.
 */
import { Hono } from "hono";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError } from "../errors.ts";
import { answerRate } from "../rate/answer.ts";
import { corsForRatings } from "./cors.ts";
import { handleCompatError } from "./errors.ts";
import { parseV3Request } from "./parse-v3.ts";

export const compatRoutes = new Hono<{ Bindings: EdgeBindings }>();

compatRoutes.use("/fcgi/*", corsForRatings());
compatRoutes.use("/cgi-bin/:script{rateapi.*}", corsForRatings());
compatRoutes.onError(handleCompatError);

compatRoutes.get("/fcgi/:script{rateapiv[23]\\.fcgi}", (c) => {
  const config = readEdgeConfig(c.env);
  return answerRate(c, parseV3Request(c, config));
});

const RETIRED =
  "this version of the SiteTruth rating API is retired; use /fcgi/rateapiv3.fcgi?url=example.com&key=guest";

compatRoutes.all("/fcgi/:script{rateapi(?:v1)?\\.fcgi}", () => {
  throw new EdgeError("VERSION_RETIRED", RETIRED);
});
compatRoutes.all("/cgi-bin/:script{rateapi.*}", () => {
  throw new EdgeError("VERSION_RETIRED", RETIRED);
});

compatRoutes.all("/fcgi/:script{rateapiv[23]\\.fcgi}", (c) => {
  throw new EdgeError("METHOD_NOT_ALLOWED", `SiteTruth's API is GET only, not ${c.req.method}`, {
    headers: { allow: "GET, OPTIONS" },
  });
});

// SiteTruth's clients link each icon to `/rating/<domain>?format=popup`: send them to the evidence page.
compatRoutes.get("/rating/:domain{[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+}", (c) => {
  const url = `/api/v1/sites/${encodeURIComponent(c.req.param("domain"))}?format=html`;
  return c.redirect(url, 302);
});

// Nothing under /fcgi falls through to other routes (the page proxy): an unknown script is a 404 here.
compatRoutes.all("/fcgi/*", (c) => {
  throw new EdgeError("NOT_FOUND", `no SiteTruth script at ${c.req.path}`);
});
