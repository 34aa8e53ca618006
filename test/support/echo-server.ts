/**
 * @module Vitest global setup: a tiny HTTP server on 127.0.0.1 that answers with what it received, the proxy
 * target of the URL-rules tests inside workerd (which cannot start a server themselves). It also stands for
 * "another host" in the open-proxy tests: `GET /_received?contains=X` counts the requests whose raw target
 * contained X, so a test can show that nothing reached it.
 */
import { createServer } from "node:http";

export default async function setup(): Promise<() => Promise<void>> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    const target = req.url ?? "/";
    if (target.startsWith("/_received?")) {
      const needle = new URL(target, "http://echo.invalid").searchParams.get("contains") ?? "";
      res
        .writeHead(200, { "content-type": "text/plain" })
        .end(String(received.filter((t) => t.includes(needle)).length));
      return;
    }
    received.push(target);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://echo.invalid");
      if (url.pathname.endsWith("/moved")) {
        res.writeHead(302, { location: "/elsewhere", "x-echo": "1" }).end();
        return;
      }
      const body = JSON.stringify({
        method: req.method,
        path: url.pathname,
        query: url.search,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200, { "content-type": "application/json", "x-echo": "1", "set-cookie": "echo=1" }).end(body);
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.BONAFIDE_TEST_ECHO_PORT), "127.0.0.1", resolve),
  );
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
