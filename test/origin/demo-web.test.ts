/** @module The demonstration web: Host routing, robots.txt, 404s, the index, HEAD, connect-to mappings, links, close(). */
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SITES, type DemoWeb, startDemoWeb } from "../../demo/rated-web/web.ts";
import { germanVatCheckDigitValid } from "../../origin/rater/signals/vat.ts";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to the demo web with the given Host header (node:http, so Host can be set freely). */
function get(
  port: number,
  host: string,
  path: string,
  options: { method?: string; agent?: Agent; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers: { Host: host },
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Raw bytes over TCP, for requests node:http would refuse to send. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let out = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      out += d;
    });
    socket.on("end", () => resolve(out));
    socket.on("close", () => resolve(out));
    socket.on("error", reject);
    socket.setTimeout(3000, () => socket.destroy());
    socket.write(text);
  });
}

/** Paths of the same-site links on a page (root-relative, relative or absolute to the same domain). */
function internalLinks(html: string, pageUrl: string, domain: string): string[] {
  const paths: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/gi)) {
    const href = (m[1] ?? "").replace(/&amp;/g, "&");
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") continue;
    if (url.hostname !== domain && url.hostname !== `www.${domain}`) continue;
    paths.push(url.pathname);
  }
  return paths;
}

let web: DemoWeb;
/** The sites that answer with pages (not the one that is gone, nor the one that moved away). */
const SERVED = DEMO_SITES.filter((s) => !s.unreachable && !s.redirectTo);

beforeAll(async () => {
  web = await startDemoWeb({ port: 0 });
});

afterAll(async () => {
  await web?.close();
});

describe("the demonstration web", () => {
  it("describes twenty sites with distinct domains and the expected ratings, the first six hand-made", () => {
    expect(web.sites).toBe(DEMO_SITES);
    expect(DEMO_SITES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(DEMO_SITES.map((s) => s.domain)).size).toBe(DEMO_SITES.length);
    expect(DEMO_SITES.slice(0, 6).map((s) => `${s.domain} ${s.expected.rating} ${s.expected.ratingInfo}`)).toEqual([
      "hartmann-werkzeuge.de Q unverified",
      "brightwater-outdoor.co.uk Q unverified",
      "cornerstone-bakery.com Q unverified",
      "mega-deals-outlet.com X no_location",
      "quiet-garden-notes.net U non_commercial",
      "members-only-club.org U blocked",
    ]);
    for (const site of SERVED) {
      const count = Object.keys(site.pages).length;
      expect(count, site.domain).toBeGreaterThanOrEqual(1);
      expect(count, site.domain).toBeLessThanOrEqual(7);
      expect(site.pages["/"], site.domain).toBeDefined();
      for (const html of Object.values(site.pages)) {
        // Self-contained: no external style sheets, scripts or images.
        expect(html).not.toMatch(/<(?:link|img|script)\b[^>]*\b(?:src|href)="(?:https?:)?\/\//i);
        expect(html).toMatch(/<nav\b/);
        expect(html).toMatch(/<footer\b/);
      }
    }
  });

  it("serves every site's home page by Host, with and without www. and a port", async () => {
    for (const site of SERVED) {
      for (const host of [site.domain, `www.${site.domain}`, `${site.domain.toUpperCase()}:80`]) {
        const reply = await get(web.port, host, "/");
        expect(reply.status, host).toBe(200);
        expect(reply.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(reply.headers.server).toBeUndefined();
        expect(reply.body).toContain("<!DOCTYPE html>");
        expect(reply.body).toContain(site.title);
        expect(reply.body).toBe(site.pages["/"]);
      }
    }
  });

  it("serves robots.txt where a site has one and 404 where it has none", async () => {
    for (const site of DEMO_SITES) {
      const reply = await get(web.port, site.domain, "/robots.txt");
      if (site.robotsStatus) {
        expect(reply.status, site.domain).toBe(site.robotsStatus);
      } else if (site.robotsTxt === undefined) {
        expect(reply.status, site.domain).toBe(404);
      } else {
        expect(reply.status, site.domain).toBe(200);
        expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
        expect(reply.body).toBe(site.robotsTxt);
      }
    }
    const club = await get(web.port, "members-only-club.org", "/robots.txt");
    expect(club.body).toBe("User-agent: *\nDisallow: /\n");
    expect((await get(web.port, "mega-deals-outlet.com", "/robots.txt")).status).toBe(404);
    expect((await get(web.port, "quiet-garden-notes.net", "/robots.txt")).status).toBe(404);
  });

  it("answers 404 HTML for unknown paths", async () => {
    for (const site of DEMO_SITES) {
      const reply = await get(web.port, site.domain, "/no-such-page");
      expect(reply.status).toBe(404);
      expect(reply.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(reply.body).toContain("404");
    }
    expect((await get(web.port, "hartmann-werkzeuge.de", "/%E0%A4%A")).status).toBe(400);
    const slash = await get(web.port, "hartmann-werkzeuge.de", "/impressum/");
    expect(slash.status).toBe(301);
    expect(slash.headers.location).toBe("/impressum");
  });

  it("lists the sites for unknown hosts and at demo.localhost", async () => {
    const unknown = await get(web.port, "shop.example.net", "/");
    expect(unknown.status).toBe(421);
    const index = await get(web.port, "demo.localhost", "/");
    expect(index.status).toBe(200);
    const loopback = await get(web.port, `127.0.0.1:${web.port}`, "/");
    expect(loopback.status).toBe(200);
    for (const reply of [unknown, index, loopback]) {
      for (const site of DEMO_SITES) {
        expect(reply.body).toContain(`href="http://${site.domain}.localhost:${web.port}/"`);
      }
    }
    expect(unknown.body).toContain("shop.example.net");
    // Browsers resolve *.localhost to loopback, so the index's links open the sites.
    const viaLocalhost = await get(web.port, `hartmann-werkzeuge.de.localhost:${web.port}`, "/impressum");
    expect(viaLocalhost.status).toBe(200);
    expect(viaLocalhost.body).toContain("Hartmann Werkzeuge GmbH");
  });

  it("serves a page with ads to try the extension on, its frames from the other loopback name", async () => {
    expect(web.adsUrl).toBe(`${web.url}/ads.html`);
    const page = await fetch(web.adsUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    for (const site of DEMO_SITES) expect(html).toContain(`<p class="ad" data-domain="${site.domain}">`);
    expect(html).toContain('<p id="plain">');
    // Opened on 127.0.0.1, the ad frames come from demo.localhost: another origin, as an ad network's frame is.
    expect(html).toContain(`<iframe name="cross" src="http://demo.localhost:${web.port}/ad-frame.html"`);
    expect(html).toContain(`<iframe name="pixel" src="http://demo.localhost:${web.port}/pixel.html"`);
    expect(html).toContain('frame.name = "blank"');
    const viaName = await get(web.port, `demo.localhost:${web.port}`, "/ads.html");
    expect(viaName.body).toContain(`<iframe name="cross" src="http://127.0.0.1:${web.port}/ad-frame.html"`);
    const frame = await get(web.port, `demo.localhost:${web.port}`, "/ad-frame.html");
    expect(frame.status).toBe(200);
    for (const site of DEMO_SITES.slice(0, 2)) expect(frame.body).toContain(`data-domain="${site.domain}"`);
    const pixel = await get(web.port, `127.0.0.1:${web.port}`, "/pixel.html");
    expect(pixel.status).toBe(200);
    expect(pixel.body).toContain(`data-domain="${DEMO_SITES[3]?.domain}"`);
    // The index links to it; a site's own host does not serve it.
    expect((await get(web.port, "demo.localhost", "/")).body).toContain('<a href="/ads.html">');
    expect((await get(web.port, "hartmann-werkzeuge.de", "/ads.html")).status).toBe(404);
  });

  it("names the edge to set in the extension on the page with ads, when it knows it", async () => {
    const named = await startDemoWeb({ port: 0, edgeUrl: "http://127.0.0.1:8787" });
    try {
      expect(await (await fetch(named.adsUrl)).text()).toContain(
        "set its endpoint to <code>http://127.0.0.1:8787</code>",
      );
    } finally {
      await named.close();
    }
  });

  it("answers HEAD with headers only", async () => {
    const head = await get(web.port, "cornerstone-bakery.com", "/", { method: "HEAD" });
    const full = await get(web.port, "cornerstone-bakery.com", "/");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(Number(head.headers["content-length"])).toBe(Buffer.byteLength(full.body));
    expect((await get(web.port, "cornerstone-bakery.com", "/missing", { method: "HEAD" })).status).toBe(404);
    expect((await get(web.port, "mega-deals-outlet.com", "/", { method: "DELETE" })).status).toBe(405);
    const posted = await get(web.port, "mega-deals-outlet.com", "/cart", { method: "POST", body: "deal=x" });
    expect(posted.status).toBe(200);
    expect(posted.body).toContain("nothing was sent");
  });

  it("maps every domain and its www. variant to the server, curl --connect-to style", () => {
    const entries = web.connectTo.split(",");
    const names = (s: (typeof DEMO_SITES)[number]) => [s.domain, `www.${s.domain}`];
    const reachable = DEMO_SITES.filter((s) => !s.unreachable);
    for (const d of reachable.flatMap(names)) expect(entries).toContain(`${d}:80:127.0.0.1:${web.port}`);
    for (const d of reachable.filter((s) => s.tls).flatMap(names)) {
      expect(entries).toContain(`${d}:443:127.0.0.1:${web.httpsPort}`);
    }
    for (const d of DEMO_SITES.filter((s) => s.unreachable).flatMap(names)) {
      expect(entries.filter((e) => e.startsWith(`${d}:`))).toHaveLength(2);
      expect(entries).not.toContain(`${d}:80:127.0.0.1:${web.port}`);
    }
    expect(entries).toContain(`registry.bonafide-demo.net:80:127.0.0.1:${web.port}`);
    expect(new Set(entries).size).toBe(entries.length);
    expect(web.url).toBe(`http://127.0.0.1:${web.port}`);
  });

  it("puts a German VAT ID with a valid MOD 11,10 check digit in the Impressum", async () => {
    const reply = await get(web.port, "hartmann-werkzeuge.de", "/impressum");
    expect(reply.status).toBe(200);
    const m = /\bDE\s?((?:\d\s?){9})\b/.exec(reply.body);
    const digits = (m?.[1] ?? "").replace(/\s/g, "");
    expect(digits).toHaveLength(9);
    expect(germanVatCheckDigitValid(digits)).toBe(true);
    expect(germanVatCheckDigitValid("136695976")).toBe(true); // a published example
    expect(germanVatCheckDigitValid(`${digits.slice(0, 8)}${(Number(digits[8]) + 1) % 10}`)).toBe(false);
    // The JSON-LD on the home page states the same VAT ID.
    const home = await get(web.port, "hartmann-werkzeuge.de", "/");
    expect(home.body).toContain(`"vatID": "DE${digits}"`);
    expect(reply.body).toContain("Industriestraße 12<br>42103 Wuppertal<br>Deutschland");
    expect(reply.body).toContain("Amtsgericht Wuppertal");
    expect(reply.body).toContain("HRB 12345");
  });

  it("has no broken internal links: every link from the home page leads to a page that exists", async () => {
    for (const site of SERVED) {
      const seen = new Set<string>(["/"]);
      const queue = ["/"];
      while (queue.length > 0) {
        const path = queue.shift() ?? "/";
        const reply = await get(web.port, site.domain, path);
        expect(reply.status, `${site.domain}${path}`).toBe(200);
        for (const link of internalLinks(reply.body, `http://${site.domain}${path}`, site.domain)) {
          if (!seen.has(link)) {
            seen.add(link);
            queue.push(link);
          }
        }
      }
      // Every page the site defines is reachable from its home page.
      expect([...seen].sort(), site.domain).toEqual(Object.keys(site.pages).sort());
    }
  });

  it("survives odd requests", async () => {
    const garbage = await raw(web.port, "THIS IS NOT HTTP\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    const noHost = await raw(web.port, "GET / HTTP/1.0\r\n\r\n");
    expect(noHost).toMatch(/^HTTP\/1\.1 200/);
    expect(noHost).toContain("bonafide demonstration web");
    const absolute = await raw(
      web.port,
      "GET http://brightwater-outdoor.co.uk/about-us HTTP/1.1\r\nHost: brightwater-outdoor.co.uk\r\nConnection: close\r\n\r\n",
    );
    expect(absolute).toMatch(/^HTTP\/1\.1 200/);
    const ipv6Host = await get(web.port, "[::1]:8080", "/");
    expect(ipv6Host.status).toBe(200);
    expect((await get(web.port, "quiet-garden-notes.net", "/")).status).toBe(200);
    expect(web.requests).toBeGreaterThan(0);
  });

  it("counts the requests it served", async () => {
    const before = web.requests;
    await get(web.port, "quiet-garden-notes.net", "/about");
    await get(web.port, "quiet-garden-notes.net", "/robots.txt");
    expect(web.requests).toBe(before + 2);
  });
});

describe("closing", () => {
  it("resolves promptly even with an open keep-alive connection and a half-sent request", async () => {
    const own = await startDemoWeb();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // A client that sent half a request holds a busy connection, which server.close() alone waits for.
    const slow = connect(own.port, "127.0.0.1");
    slow.on("error", () => {});
    try {
      const reply = await get(own.port, "brightwater-outdoor.co.uk", "/", { agent });
      expect(reply.status).toBe(200);
      expect(reply.headers.connection).toBe("keep-alive");
      await new Promise<void>((resolve) =>
        slow.write("GET / HTTP/1.1\r\nHost: brightwater-outdoor.co.uk\r\n", () => resolve()),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const slowClosed = new Promise((resolve) => slow.once("close", resolve));
      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(2000);
      await slowClosed;
      await own.close(); // a second close is harmless
      await expect(get(own.port, "brightwater-outdoor.co.uk", "/")).rejects.toThrow();
    } finally {
      agent.destroy();
      slow.destroy();
    }
  });
});
