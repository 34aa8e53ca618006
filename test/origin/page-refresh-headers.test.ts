/**
 * @module A page refresh pushes the page with the headers a visitor's request got (not only the few the edge
 * needs for its policy): a refreshed copy without `Content-Disposition`, `Content-Security-Policy` or
 * `X-Frame-Options` would change what every later visitor's browser does with it. Per-hop and per-response
 * headers stay behind. Against a real HTTP server on loopback.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPageJob } from "../../origin/aggregator/refresh/render.ts";
import { pageJobFor } from "../../shared/page-jobs.ts";

let server: Server;
let baseUrl = "";

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, {
      "content-type": "application/pdf",
      "cache-control": "public, s-maxage=60",
      "content-disposition": 'attachment; filename="vacancy-1.pdf"',
      "content-security-policy": "default-src 'none'",
      "x-frame-options": "DENY",
      "x-request-id": "per-response",
      "server-timing": "render;dur=3",
    });
    res.end("%PDF-1.4");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the headers a page refresh pushes", () => {
  it("carries the page's end-to-end headers, not its per-hop or per-response ones", async () => {
    const url = new URL("https://jobs.example/vacancy/1/pdf");
    const job = JSON.parse((await pageJobFor(url)).payload);
    const rendered = await renderPageJob(job, url, { baseUrl, edgeSecret: null, timeoutMs: 5_000, requestId: "r1" });
    if (rendered.kind !== "push") throw new Error(`not pushed: ${rendered.reason}`);
    const headers = new Map(rendered.body.headers);
    expect(headers.get("content-disposition")).toBe('attachment; filename="vacancy-1.pdf"');
    expect(headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("content-type")).toBe("application/pdf");
    for (const name of ["x-request-id", "server-timing", "content-length", "date", "connection"])
      expect(headers.has(name), name).toBe(false);
  });
});
