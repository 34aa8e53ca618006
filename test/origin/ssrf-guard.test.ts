/** @module The public-address guard and the page fetcher, against real HTTP servers on 127.0.0.1 only. */
// A "forbidden" server stands in for every internal service: no test may ever open a connection to it.
// A tripwire on every client socket of this file also neuters (and records) any dial off loopback, so even
// a broken guard cannot send a packet elsewhere (research/rating.md §4.3 "Tests").
import dc from "node:diagnostics_channel";
import type { LookupAddress } from "node:dns";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { constants } from "node:os";
import { gzipSync } from "node:zlib";
import type { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { USER_AGENT } from "../../origin/config.ts";
import { parseConnectTo } from "../../origin/rater/fetch/connect-to.ts";
import { FetchError, toFetchError } from "../../origin/rater/fetch/errors.ts";
import { fetchPage, fetchWithSchemeFallback } from "../../origin/rater/fetch/fetch-page.ts";
import {
  createGuardedAgent,
  createGuardedLookup,
  isPublicAddress,
  type ResolvedAddress,
} from "../../origin/rater/fetch/guard.ts";
import { failure } from "../support/fetch-failure.ts";

interface TestServer {
  port: number;
  connections: number;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const server = createServer((req, res) => {
    state.requests.push({ url: req.url ?? "", headers: req.headers });
    res.on("error", () => undefined); // the client hangs up on purpose (truncation, timeouts)
    handler(req, res);
  });
  const state: TestServer = {
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

// Tripwire: every socket this process dials is seen before it connects; off-loopback dials are refused.
const attempts: string[] = [];
const offLoopback: string[] = [];
function tripwire(message: unknown): void {
  const socket = (message as { socket: Socket }).socket;
  socket.on("connectionAttempt", (address: string, port: number) => {
    attempts.push(`${address}:${port}`);
    if (address === "127.0.0.1" || address === "::1") return;
    offLoopback.push(`${address}:${port}`);
    const handle = (socket as unknown as { _handle: Record<string, unknown> | null })._handle;
    const refuse = () => -constants.errno.ECONNREFUSED;
    if (handle) Object.assign(handle, { connect: refuse, connect6: refuse });
  });
}

const PUBLIC = "93.184.215.14"; // IANA's; never dialled (the guard blocks first, the tripwire backs it up)
const ANSWERS: Record<string, string[]> = {
  "intranet.shop-example.com": ["127.0.0.1"],
  "private.shop-example.com": ["10.1.2.3"],
  "mixed.shop-example.com": [PUBLIC, "10.1.2.3"],
  "mixed-reversed.shop-example.com": ["192.168.0.10", PUBLIC],
  "mapped-v6.shop-example.com": ["::ffff:127.0.0.1"],
  "metadata-v6.shop-example.com": ["fd00:ec2::254"],
  "www.shop-example.com": [PUBLIC],
};
const resolved: string[] = [];
async function fakeResolver(host: string): Promise<ResolvedAddress[]> {
  resolved.push(host);
  if (host === "flaky.shop-example.com") throw Object.assign(new Error("queryA EAI_AGAIN"), { code: "EAI_AGAIN" });
  const answer = ANSWERS[host];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return answer.map((address) => ({ address }));
}

let site: TestServer;
let forbidden: TestServer;
let agent: Agent;
let defaultPortsAgent: Agent;
const latin1Page = Buffer.from("<html><body><p>Café Müller - Straße</p></body></html>", "latin1");
const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, "a"));

beforeAll(async () => {
  dc.subscribe("net.client.socket", tripwire);
  forbidden = await startServer((_req, res) => res.end("internal service: you should not be here"));
  const F = forbidden.port;
  site = await startServer((req, res) => {
    const path = req.url ?? "/";
    const redirect = (to: string, status = 302) => res.writeHead(status, { location: to }).end();
    const html = (body: string | Buffer, type = "text/html; charset=utf-8") =>
      res.writeHead(200, { "content-type": type }).end(body);
    if (path === "/") return html("<html><title>Shop</title><p>Grüße</p></html>");
    if (path === "/latin1") return html(latin1Page, "text/html; charset=ISO-8859-1");
    if (path === "/meta")
      return html(Buffer.from('<meta charset="windows-1252"><p>Caf\xe9</p>', "latin1"), "text/html");
    if (path === "/to-ip") return redirect(`http://127.0.0.1:${F}/`);
    if (path === "/to-intranet") return redirect(`http://intranet.shop-example.com:${F}/`);
    if (path === "/to-localhost") return redirect(`http://localhost:${F}/admin`);
    if (path === "/to-file") return redirect("file:///etc/passwd");
    if (path === "/loop") return redirect("/loop", 301);
    if (path === "/chain") return res.writeHead(302, { location: "hop", "set-cookie": "session=abc; Path=/" }).end();
    if (path === "/hop") return redirect("http://blog.example.net/echo", 307);
    if (path === "/echo") return html(JSON.stringify(req.headers), "application/json");
    if (path === "/big") return html(Buffer.alloc(2 * 1024 * 1024, "b"));
    if (path === "/gzip-bomb")
      return res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" }).end(bomb);
    if (path === "/gzip") {
      return res
        .writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" })
        .end(gzipSync(Buffer.from("<p>zipped ünïcode</p>".repeat(100))));
    }
    if (path === "/image") return html(Buffer.alloc(50_000, 0x89), "image/png");
    if (path === "/slow") {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<p>first bytes, then nothing"); // and never end: only the deadline can finish this
      return;
    }
    res.writeHead(404, { "content-type": "text/html" }).end("<p>not found</p>");
  });
  const connectTo = parseConnectTo(
    `shop.example.com:80:127.0.0.1:${site.port},blog.example.net:80:127.0.0.1:${site.port}`,
  );
  // The forbidden port is allowed so that the tests below are refused for the address, not the port.
  agent = createGuardedAgent({ connectTo, resolve: fakeResolver, allowedPorts: [80, 443, F], connectTimeoutMs: 1000 });
  defaultPortsAgent = createGuardedAgent({ connectTo, resolve: fakeResolver, connectTimeoutMs: 1000 });
});

afterAll(async () => {
  await Promise.all([agent?.destroy(), defaultPortsAgent?.destroy()]);
  await Promise.all([site?.close(), forbidden?.close()]);
  dc.unsubscribe("net.client.socket", tripwire);
});

// Checked after every test, then reset so that one failure does not cascade into the next tests.
afterEach(() => {
  const seen = { forbiddenConnections: forbidden.connections, offLoopback: offLoopback.splice(0) };
  forbidden.connections = 0;
  expect(seen).toEqual({ forbiddenConnections: 0, offLoopback: [] });
});

describe("isPublicAddress", () => {
  it.each([
    "8.8.8.8",
    PUBLIC,
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
  ])("%s is public", (ip) => expect(isPublicAddress(ip)).toBe(true));

  it.each([
    ["10/8", "10.1.2.3"],
    ["172.16/12", "172.16.0.1"],
    ["172.16/12 top", "172.31.255.255"],
    ["192.168/16", "192.168.1.1"],
    ["100.64/10 CGNAT", "100.64.0.1"],
    ["100.64/10 Alibaba metadata", "100.100.100.200"],
    ["169.254/16 metadata", "169.254.169.254"],
    ["127/8", "127.0.0.1"],
    ["127/8 other", "127.1.2.3"],
    ["0/8", "0.0.0.0"],
    ["0/8 other", "0.1.2.3"],
    ["224/4", "224.0.0.1"],
    ["224/4 SSDP", "239.255.255.250"],
    ["broadcast", "255.255.255.255"],
    ["TEST-NET", "192.0.2.1"],
    ["::1", "::1"],
    ["::", "::"],
    ["fc00::/7", "fc00::1"],
    ["fc00::/7 AWS metadata", "fd00:ec2::254"],
    ["fe80::/10", "fe80::1"],
    ["mapped loopback", "::ffff:127.0.0.1"],
    ["mapped private", "::ffff:10.0.0.1"],
    ["IPv4-compatible", "::7f00:1"],
    ["NAT64", "64:ff9b::7f00:1"],
    ["NAT64 of a public v4", "64:ff9b::808:808"],
    ["NAT64 local-use", "64:ff9b:1::1"],
    ["6to4", "2002:7f00:1::"],
    ["Teredo", "2001::1"],
    ["documentation v6", "2001:db8::1"],
    ["bracketed", "[::1]"],
    ["not an IP", "shop.example.com"],
    ["non-canonical spelling", "0x7f.1"],
    ["empty", ""],
  ])("%s (%s) is not public", (_label, ip) => expect(isPublicAddress(ip)).toBe(false));
});

describe("parseConnectTo", () => {
  it("maps host and port, case-insensitively, and knows which hosts are mapped at all", () => {
    const map = parseConnectTo(" Shop.Example.COM.:80:127.0.0.1:18080 , blog.example.net:443:[::1]:8443,");
    expect(map.size).toBe(2);
    expect(map.get("shop.example.com", 80)).toEqual({ host: "127.0.0.1", port: 18080 });
    expect(map.get("SHOP.example.com.", 80)).toEqual({ host: "127.0.0.1", port: 18080 });
    expect(map.get("shop.example.com", 443)).toBeUndefined();
    expect(map.hasHost("shop.example.com")).toBe(true);
    expect(map.get("blog.example.net", 443)).toEqual({ host: "::1", port: 8443 });
    expect(map.hasHost("other.example.com")).toBe(false);
    expect(parseConnectTo("").size).toBe(0);
    expect(parseConnectTo("[::1]:80:localhost:8080").get("[0:0::1]", 80)).toEqual({ host: "localhost", port: 8080 });
  });

  it("lets a named host's entries stand in for its registrable domain and www., which the rater reads", () => {
    // Ratings are per registrable domain: asked about shop.example.com, the rater reads example.com.
    const map = parseConnectTo("shop.example.com:80:127.0.0.1:18081,blog.example.com:80:127.0.0.1:18083");
    expect(map.get("example.com", 80)).toEqual({ host: "127.0.0.1", port: 18081 }); // the first named host's
    expect(map.get("WWW.Example.com.", 80)).toEqual({ host: "127.0.0.1", port: 18081 });
    expect(map.get("blog.example.com", 80)).toEqual({ host: "127.0.0.1", port: 18083 }); // its own, exactly
    // Port by port: 443 is not mapped, so no https, and never a fall-back to DNS for the aliased hosts.
    expect(map.get("example.com", 443)).toBeUndefined();
    expect(map.hasHost("example.com")).toBe(true);
    // Only the apex and www.: other hosts of the domain, and other domains, are not aliased.
    expect(map.hasHost("cdn.example.com")).toBe(false);
    expect(map.hasHost("example.net")).toBe(false);
    expect(map.hasHost("www.shop.example.com")).toBe(false);
    // A host named itself uses only its own entries, even where the alias would map a port it does not.
    const exact = parseConnectTo("shop.example.com:443:127.0.0.1:18443,example.com:80:127.0.0.1:18080");
    expect(exact.get("example.com", 443)).toBeUndefined();
    expect(exact.get("www.example.com", 443)).toEqual({ host: "127.0.0.1", port: 18443 });
    // Registrable as ratings count it: a private suffix (github.io) makes user.github.io the domain.
    const pages = parseConnectTo("shop.user.github.io:80:127.0.0.1:18084");
    expect(pages.get("user.github.io", 80)).toEqual({ host: "127.0.0.1", port: 18084 });
    expect(pages.hasHost("other.github.io")).toBe(false);
  });

  it.each([
    "shop.example.com:80:127.0.0.1",
    "shop.example.com:80:127.0.0.1:18080:1",
    ":80:127.0.0.1:18080",
    "shop.example.com::127.0.0.1:18080",
    "shop.example.com:0:127.0.0.1:18080",
    "shop.example.com:80:127.0.0.1:65536",
    "shop.example.com:http:127.0.0.1:18080",
    "shop.example.com:80:[zz::1]:18080",
    "shop.example.com:80:::1:18080",
    "shop_example com:80:127.0.0.1:18080",
    "a.example:80:127.0.0.1:1,a.example:80:127.0.0.1:2",
  ])("rejects %j with CONNECT_TO_INVALID", (spec) => {
    let error: unknown;
    try {
      parseConnectTo(spec);
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).toBe("CONNECT_TO_INVALID");
    expect((error as Error).message).toMatch(/connect-to entry/);
    if (!spec.includes(",")) expect((error as Error).message).toContain("HOST1:PORT1:HOST2:PORT2");
  });
});

describe("the guard refuses before connecting", () => {
  const BLOCKED: [string, (p: number) => string][] = [
    ["loopback literal", (p) => `http://127.0.0.1:${p}/`],
    ["decimal", (p) => `http://2130706433:${p}/`],
    ["hex short form", (p) => `http://0x7f.1:${p}/`],
    ["octal", (p) => `http://0177.0.0.1:${p}/`],
    ["short form", (p) => `http://127.1:${p}/`],
    ["IPv4-mapped IPv6", (p) => `http://[::ffff:127.0.0.1]:${p}/`],
    ["IPv6 loopback", (p) => `http://[::1]:${p}/`],
    ["unspecified", (p) => `http://0.0.0.0:${p}/`],
    ["zero", (p) => `http://0:${p}/`],
    ["metadata literal", () => "http://169.254.169.254/latest/meta-data/"],
    ["AWS IPv6 metadata literal", () => "http://[fd00:ec2::254]/"],
    ["localhost", (p) => `http://localhost:${p}/`],
    ["LOCALHOST. with root dot", (p) => `http://LOCALHOST.:${p}/`],
    ["*.localhost", (p) => `http://app.localhost:${p}/`],
    [".local", (p) => `http://printer.local:${p}/`],
    [".internal metadata", () => "http://metadata.google.internal/computeMetadata/v1/"],
    ["single label", () => "http://intranet/"],
    ["name → 127.0.0.1", (p) => `http://intranet.shop-example.com:${p}/`],
    ["name → 10.1.2.3", (p) => `http://private.shop-example.com:${p}/`],
    ["mixed answer, public first", (p) => `http://mixed.shop-example.com:${p}/`],
    ["mixed answer, private first", (p) => `http://mixed-reversed.shop-example.com:${p}/`],
    ["name → ::ffff:127.0.0.1", (p) => `http://mapped-v6.shop-example.com:${p}/`],
    ["name → fd00:ec2::254", () => "http://metadata-v6.shop-example.com/"],
  ];

  it.each(BLOCKED)("%s", async (_label, url) => {
    const before = attempts.length;
    const error = await failure(fetchPage(agent, url(forbidden.port), { timeoutMs: 3000 }));
    expect(error.code).toBe("FETCH_BLOCKED_ADDRESS");
    expect(error.permanent).toBe(true);
    expect(attempts.slice(before)).toEqual([]); // not one dial, to any address
  });

  it("does not even look up special-use and metadata names", async () => {
    resolved.length = 0;
    for (const host of [
      "localhost",
      "app.localhost",
      "x.test",
      "x.invalid",
      "x.example",
      "router.home.arpa",
      "x.onion",
    ]) {
      expect((await failure(fetchPage(agent, `http://${host}/`))).code).toBe("FETCH_BLOCKED_ADDRESS");
    }
    expect((await failure(fetchPage(agent, "http://instance-data/"))).code).toBe("FETCH_BLOCKED_ADDRESS");
    expect(resolved).toEqual([]);
  });

  it("refuses other ports of an unmapped name before resolving it", async () => {
    resolved.length = 0;
    const error = await failure(fetchPage(defaultPortsAgent, "http://www.shop-example.com:8080/"));
    expect(error.code).toBe("FETCH_BLOCKED_PORT");
    expect((await failure(fetchPage(defaultPortsAgent, `http://127.0.0.1:${forbidden.port}/`))).code).toBe(
      "FETCH_BLOCKED_PORT",
    );
    expect(resolved).toEqual([]);
  });

  it("refuses an unmapped port of a mapped host without falling through to DNS", async () => {
    resolved.length = 0;
    const error = await failure(fetchPage(agent, `http://shop.example.com:${forbidden.port}/`));
    expect(error.code).toBe("FETCH_REFUSED");
    expect((await failure(fetchPage(agent, "https://shop.example.com/"))).code).toBe("FETCH_REFUSED");
    expect(resolved).toEqual([]);
  });

  it("tells a name that does not exist (permanent) from DNS trouble (temporary)", async () => {
    const gone = await failure(fetchPage(agent, "http://gone.shop-example.com/"));
    expect([gone.code, gone.permanent]).toEqual(["FETCH_DNS", true]);
    const flaky = await failure(fetchPage(agent, "http://flaky.shop-example.com/"));
    expect([flaky.code, flaky.permanent]).toEqual(["FETCH_DNS_TEMPORARY", false]);
  });

  it("ignores HTTP(S)_PROXY: nothing goes to a proxy, mapped hosts are still reached directly", async () => {
    const saved = { ...process.env };
    const proxy = `http://127.0.0.1:${forbidden.port}`;
    Object.assign(process.env, { HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy });
    try {
      const page = await fetchPage(agent, "http://shop.example.com/");
      expect(page.status).toBe(200);
      expect((await failure(fetchPage(agent, "http://intranet.shop-example.com/"))).code).toBe("FETCH_BLOCKED_ADDRESS");
    } finally {
      for (const key of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  it("the lookup checks every address of the answer, for all:true and all:false, and filters by family", async () => {
    const lookup = createGuardedLookup(fakeResolver);
    const ask = (host: string, options: { all?: boolean; family?: number }) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
        (resolve) => lookup(host, options, (error, address, family) => resolve({ error, address, family })),
      );
    for (const all of [true, false]) {
      for (const host of ["mixed.shop-example.com", "mixed-reversed.shop-example.com", "mapped-v6.shop-example.com"]) {
        expect((await ask(host, { all })).error).toMatchObject({ code: "FETCH_BLOCKED_ADDRESS" });
      }
    }
    expect(await ask("www.shop-example.com", { all: true })).toEqual({
      error: null,
      address: [{ address: PUBLIC, family: 4 }],
      family: undefined,
    });
    expect(await ask("www.shop-example.com", {})).toEqual({ error: null, address: PUBLIC, family: 4 });
    expect((await ask("www.shop-example.com", { family: 6 })).error).toMatchObject({ code: "FETCH_DNS" });
    expect((await ask("localhost", { all: true })).error).toMatchObject({ code: "FETCH_BLOCKED_ADDRESS" });
  });
});

describe("fetchPage", () => {
  it("reads a mapped host: status, lowercased headers, honest User-Agent, UTF-8 body", async () => {
    const page = await fetchPage(agent, "http://shop.example.com/");
    expect(page).toMatchObject({
      requestedUrl: "http://shop.example.com/",
      finalUrl: "http://shop.example.com/",
      status: 200,
      contentType: "text/html",
      truncated: false,
      redirects: [],
    });
    expect(page.body).toContain("Grüße");
    expect(page.bytes).toBe(Buffer.byteLength(page.body));
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(site.requests.at(-1)?.headers["user-agent"]).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^bonafide/);
  });

  it("decodes per the Content-Type charset (ISO-8859-1) and per <meta charset>", async () => {
    const latin1 = await fetchPage(agent, "http://shop.example.com/latin1");
    expect(latin1.body).toContain("Café Müller - Straße");
    expect(latin1.bytes).toBe(latin1Page.byteLength);
    expect((await fetchPage(agent, "http://shop.example.com/meta")).body).toContain("<p>Café</p>");
  });

  it("follows relative and cross-host redirects itself, sending no cookies", async () => {
    const page = await fetchPage(agent, "http://shop.example.com/chain", {
      accept: ["application/json"],
      userAgent: "bonafide-test/1",
    });
    expect(page.redirects).toEqual([
      { from: "http://shop.example.com/chain", to: "http://shop.example.com/hop", status: 302 },
      { from: "http://shop.example.com/hop", to: "http://blog.example.net/echo", status: 307 },
    ]);
    expect(page.finalUrl).toBe("http://blog.example.net/echo");
    const echoed = JSON.parse(page.body) as Record<string, string>;
    expect(echoed.cookie).toBeUndefined();
    expect(echoed["user-agent"]).toBe("bonafide-test/1");
    expect(echoed.host).toBe("blog.example.net");
  });

  it.each([
    ["a loopback IP", "/to-ip"],
    ["an unmapped name resolving to loopback", "/to-intranet"],
    ["localhost", "/to-localhost"],
  ])("blocks a redirect hop to %s", async (_label, path) => {
    const before = site.requests.length;
    const error = await failure(fetchPage(agent, `http://shop.example.com${path}`));
    expect(error.code).toBe("FETCH_BLOCKED_ADDRESS");
    expect(site.requests.slice(before).map((r) => r.url)).toEqual([path]); // the first hop was fetched
  });

  it("refuses a redirect to another scheme", async () => {
    expect((await failure(fetchPage(agent, "http://shop.example.com/to-file"))).code).toBe("FETCH_BAD_URL");
  });

  it("stops a redirect loop after maxRedirects", async () => {
    const before = site.requests.length;
    const error = await failure(fetchPage(agent, "http://shop.example.com/loop", { maxRedirects: 5 }));
    expect([error.code, error.permanent]).toEqual(["FETCH_TOO_MANY_REDIRECTS", true]);
    expect(site.requests.length - before).toBe(6); // the first request and five redirects, no more
  });

  it("stops reading at maxBytes and marks the page truncated", async () => {
    const page = await fetchPage(agent, "http://shop.example.com/big", { maxBytes: 100_000 });
    expect([page.truncated, page.bytes, page.body.length]).toEqual([true, 100_000, 100_000]);
    const whole = await fetchPage(agent, "http://shop.example.com/big");
    expect([whole.truncated, whole.bytes]).toEqual([true, 1_048_576]);
  });

  it("decodes gzip and counts the limit on decoded bytes (a small bomb is cut at maxBytes)", async () => {
    expect(bomb.byteLength).toBeLessThan(100_000);
    const page = await fetchPage(agent, "http://shop.example.com/gzip-bomb", { maxBytes: 100_000 });
    expect([page.truncated, page.bytes, page.body]).toEqual([true, 100_000, "a".repeat(100_000)]);
    const zipped = await fetchPage(agent, "http://shop.example.com/gzip");
    expect(zipped.body).toBe("<p>zipped ünïcode</p>".repeat(100));
    expect(zipped.truncated).toBe(false);
  });

  it("does not read a body of a type not asked for", async () => {
    const page = await fetchPage(agent, "http://shop.example.com/image");
    expect(page).toMatchObject({ status: 200, contentType: "image/png", body: "", bytes: 0, truncated: false });
  });

  it("gives up on a slow body at the deadline with FETCH_TIMEOUT", async () => {
    const started = Date.now();
    const error = await failure(fetchPage(agent, "http://shop.example.com/slow", { timeoutMs: 300 }));
    expect([error.code, error.permanent]).toEqual(["FETCH_TIMEOUT", false]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses non-http schemes and URLs with credentials", async () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://shop.example.com/",
      "http://user:pw@shop.example.com/",
      "http://127.1.1.1:80@127.2.2.2:80/",
      "nonsense",
    ]) {
      expect((await failure(fetchPage(agent, url))).code).toBe("FETCH_BAD_URL");
    }
  });
});

describe("fetchWithSchemeFallback", () => {
  it("reads over http when https is refused (port 80 mapped, 443 not)", async () => {
    const result = await fetchWithSchemeFallback(agent, "shop.example.com", "/");
    expect(result.scheme).toBe("http");
    expect(result.httpsFailure).toBe("FETCH_REFUSED");
    expect(result.page.status).toBe(200);
    expect(result.page.finalUrl).toBe("http://shop.example.com/");
  });

  it("does not retry over http when the name does not exist", async () => {
    resolved.length = 0;
    const error = await failure(fetchWithSchemeFallback(agent, "gone.shop-example.com", "/robots.txt"));
    expect(error.code).toBe("FETCH_DNS");
    expect(resolved).toEqual(["gone.shop-example.com"]);
  });
});

describe("toFetchError", () => {
  it("finds the code anywhere in the cause chain", () => {
    const wrapped = (cause: unknown) => new TypeError("fetch failed", { cause });
    const code = (err: unknown) => toFetchError(err).code;
    expect(code(wrapped(Object.assign(new Error("x"), { code: "ECONNREFUSED" })))).toBe("FETCH_REFUSED");
    expect(code(wrapped(Object.assign(new Error("x"), { code: "ECONNRESET" })))).toBe("FETCH_RESET");
    expect(code(wrapped(Object.assign(new Error("x"), { code: "CERT_HAS_EXPIRED" })))).toBe("FETCH_TLS");
    expect(code(wrapped(Object.assign(new Error("x"), { code: "UND_ERR_HEADERS_TIMEOUT" })))).toBe("FETCH_TIMEOUT");
    expect(code(wrapped(new AggregateError([Object.assign(new Error("x"), { code: "ETIMEDOUT" })])))).toBe(
      "FETCH_TIMEOUT",
    );
    expect(code(new DOMException("late", "TimeoutError"))).toBe("FETCH_TIMEOUT");
    const guard = new FetchError("FETCH_BLOCKED_ADDRESS", "no");
    expect(toFetchError(wrapped(guard))).toBe(guard);
    expect(code(new Error("???"))).toBe("FETCH_FAILED");
  });
});
