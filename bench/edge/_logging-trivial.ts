/**
 * @module The trivial Hono Worker plus one line a request shaped like the edge's log event (edge/log.ts), for
 * bench/_log-cost.ts: what writing the line costs inside workerd, apart from everything else the edge does.
 * LOG_MODE: `stringify` builds and stringifies the event but writes nothing; `log` writes it with
 * console.log; `short` writes a 2-character line instead (the per-call part of the cost); `stdout` writes it
 * with nodejs_compat's process.stdout.
 */
import { Hono } from "hono";

const app = new Hono<{ Bindings: { LOG_MODE?: string } }>();
app.get("/", (c) => {
  const mode = c.env.LOG_MODE ?? "log";
  const line = JSON.stringify({
    event: "edge.request",
    requestId: crypto.randomUUID(),
    method: c.req.method,
    route: "rate",
    path: c.req.path,
    status: 200,
    durationMs: 0,
    items: { hot: 1 },
  });
  if (mode === "log") console.log(line);
  else if (mode === "short") console.log("ok");
  else if (mode === "stdout")
    (globalThis as unknown as { process: { stdout: { write(s: string): void } } }).process.stdout.write(`${line}\n`);
  return c.text(line.length > 0 ? "ok" : "");
});

export default app;
