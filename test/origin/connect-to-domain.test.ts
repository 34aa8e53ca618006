/**
 * @module README's "Rate your own site" as written: `BONAFIDE_CONNECT_TO=shop.example.com:80:127.0.0.1:PORT`
 * and `npx bonafide check-site shop.example.com` rate the site on that loopback server. Ratings are per
 * registrable domain, so the rater reads example.com: the mapping must reach it there, not the internet.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../origin/cli/check-site.ts";

const HOME = `<!doctype html><html lang="en"><head><title>Example Shop</title></head><body>
<h1>Example Shop</h1><p>Garden tools, made to last.</p>
<a href="/contact">Contact us</a></body></html>`;
const CONTACT = `<!doctype html><html lang="en"><head><title>Contact</title></head><body>
<h1>Contact</h1><p>Example Shop Ltd<br>12 Mill Lane<br>Leeds LS1 4AB<br>United Kingdom</p>
<p>Company number 01234567</p></body></html>`;

let server: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.headers.host} ${req.url}`);
    const page = req.url === "/" ? HOME : req.url === "/contact" ? CONTACT : null;
    if (!page) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("Rate your own site", () => {
  it("maps the host you serve under to the domain the rater reads: check-site shop.example.com reads the loopback server", async () => {
    let text = "";
    const code = await run(["shop.example.com"], {
      // The README's line, with this test's port; a DNS server that answers nothing, so the internet is out of reach.
      env: { BONAFIDE_CONNECT_TO: `shop.example.com:80:127.0.0.1:${port}`, BONAFIDE_DNS_SERVERS: "127.0.0.1:9" },
      out: (t) => (text += t),
    });
    expect(code, text).toBe(0);
    expect(text).toMatch(/^example\.com: Q unverified/);
    expect(text).toContain("pages read: home http://example.com/ (200)");
    expect(seen).toContain("example.com /");
    expect(seen).toContain("example.com /contact");
  });
});
