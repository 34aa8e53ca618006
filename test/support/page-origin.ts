/**
 * @module Vitest global setup: a stand-in page origin on 127.0.0.1 (BONAFIDE_TEST_PAGES_PORT) for the
 * edge's page tests, which run inside workerd and cannot start servers. It counts the requests per path
 * (`GET /_hits?path=…`) so tests can tell a KV hit from an origin call; `/fail/*` answers 503 and `/hang/*`
 * never answers (the edge's stale-if-error paths).
 */
import { createServer } from "node:http";

export default async function setup(): Promise<() => Promise<void>> {
  const hits = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://origin.test");
    if (url.pathname === "/_hits") {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(String(hits.get(url.searchParams.get("path") ?? "") ?? 0));
      return;
    }
    const n = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, n);
    const page = (headers: Record<string, string>, status = 200) =>
      res
        .writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers })
        .end(`<p>${url.pathname}${url.search} #${n}</p>`);
    switch (url.pathname.split("/")[1]) {
      case "cached":
        return page({ "cache-control": "public, s-maxage=120, max-age=0" });
      case "swr":
        // Validators and tags, windows of its own; answers 304 to a matching If-None-Match.
        if (req.headers["if-none-match"] === '"v1"')
          return void res.writeHead(304, { "cache-control": "public, s-maxage=300", etag: '"v1"' }).end();
        return page({
          "cache-control": "public, s-maxage=120, stale-while-revalidate=600, stale-if-error=3600",
          etag: '"v1"',
          "last-modified": "Tue, 01 Dec 2026 10:00:00 GMT",
          "cache-tag": url.searchParams.get("tags") ?? "swr-page",
        });
      case "secure":
        // The headers a site relies on for its visitors' safety; `?csp=N` makes the policy N characters long.
        return page({
          "cache-control": "public, s-maxage=120",
          "content-security-policy": `default-src 'self'${"a".repeat(Math.max(0, Number(url.searchParams.get("csp") ?? 0) - 18))}`,
          "x-frame-options": "DENY",
          "x-content-type-options": "nosniff",
          "content-disposition": 'attachment; filename="report.html"',
          "x-request-id": `origin-${n}`,
        });
      case "fail":
        return page({ "cache-control": "no-store" }, 503);
      case "hang":
        // Never answers: the edge's origin timeout must end the wait.
        return void req.on("close", () => res.destroy());
      case "private":
        return page({ "cache-control": "private, max-age=60" });
      case "cookie":
        return page({ "cache-control": "public, s-maxage=120", "set-cookie": "session=abc; Path=/" });
      case "gone":
        return page({ "cache-control": "public, s-maxage=120" }, 404);
      case "moved":
        return void res.writeHead(301, { location: "/cached/target", "set-cookie": "seen=1" }).end();
      case "echo": {
        let body = "";
        for await (const chunk of req) body += chunk;
        res.writeHead(200, { "content-type": "application/json", "x-origin": "yes" });
        return void res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      }
      case "stream": {
        // 4 MiB in 64 KiB chunks, without Content-Length: the edge must stream it through.
        res.writeHead(200, { "content-type": "application/octet-stream", "cache-control": "no-store" });
        const chunk = Buffer.alloc(64 * 1024, 1);
        for (let i = 0; i < 64; i++) if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
        return void res.end();
      }
      case "bigcached": {
        // 2 MiB, cacheable, without Content-Length: too big to share between waiters, streamed into KV.
        res.writeHead(200, { "content-type": "application/octet-stream", "cache-control": "public, s-maxage=120" });
        const chunk = Buffer.alloc(64 * 1024, 2);
        for (let i = 0; i < 32; i++) if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
        return void res.end();
      }
      default:
        return page({}, 404);
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.BONAFIDE_TEST_PAGES_PORT), "127.0.0.1", resolve),
  );
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
