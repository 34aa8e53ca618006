/**
 * @module `GET|POST /api/v1/rate` (and `OPTIONS` preflights): parse, check an optional key, answer.
 */
import { Hono } from "hono";
import { corsForRatings } from "../compat/cors.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { answerRate } from "./answer.ts";
import { parseRateRequest } from "./parse-request.ts";

export const rateRoutes = new Hono<{ Bindings: EdgeBindings }>();

rateRoutes.use("*", corsForRatings());

rateRoutes.on(["GET", "POST"], "/", async (c) => {
  return answerRate(c, await parseRateRequest(c, readEdgeConfig(c.env)));
});
