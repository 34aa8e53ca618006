/**
 * @module The baseline of `npm run bench -- edge`: the most trivial Hono Worker there is, run on the same
 * workerd as the edge, so the ratio measures what the edge's own work costs per request.
 */
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.text("ok"));

export default app;
