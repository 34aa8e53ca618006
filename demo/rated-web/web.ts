/**
 * @module The demonstration web: twenty business sites served on loopback, routed by Host — over HTTP, and
 * over HTTPS (SNI) for the sites with certificates, issued at start-up by a throw-away test CA.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer, isIP } from "node:net";
import { createSecureContext, type SecureContext } from "node:tls";
import { adFramePage, demoAdsPage, pixelPage } from "./ads.ts";
import { escapeHtml, htmlDocument } from "./html.ts";
import type { FakeCompany, FakeLei, FakeVat } from "./register-apis.ts";
import { answerRegistry, REGISTRY_HOST, registryUrls } from "./registry-host.ts";
import { brightwaterOutdoor } from "./sites/brightwater-outdoor.ts";
import { cornerstoneBakery } from "./sites/cornerstone-bakery.ts";
import {
  cloudsideGadgets,
  fernhillCeramics,
  harbourLaneBooks,
  lindqvistMoebel,
  northgateInstruments,
  tallisRowe,
} from "./sites/corroborated.ts";
import { hartmannWerkzeuge } from "./sites/hartmann-werkzeuge.ts";
import { atelierLumiere, rolexReplicaOutlet } from "./sites/mail-drop-and-counterfeit.ts";
import { megaDealsOutlet } from "./sites/mega-deals-outlet.ts";
import { membersOnlyClub } from "./sites/members-only-club.ts";
import {
  ashcombeInteriors,
  cheapWatchesDirect,
  closedForGood,
  kesslerGartenbedarf,
  oldBrandName,
  pasticceriaRossi,
  paypalBillingLookalike,
  stagingPreview,
  sunriseSupplements,
} from "./sites/questionable.ts";
import { quietGardenNotes } from "./sites/quiet-garden-notes.ts";
import { createTestCa } from "./test-ca.ts";

export interface DemoSite {
  /** The registrable domain (served on it and on `www.` + it). */
  domain: string;
  /** The site's name, shown in the `<title>` of every page. */
  title: string;
  /** What sort of site it is, in a few words. */
  kind: string;
  /** The rating it was built to get, why, and the reason codes it must carry. */
  expected: { rating: "A" | "Q" | "X" | "U"; ratingInfo: string; why: string; reasons?: string[] };
  /** Path → HTML document. */
  pages: Record<string, string>;
  /** The body of /robots.txt; absent → /robots.txt answers 404. */
  robotsTxt?: string;
  /** The status /robots.txt answers with instead (e.g. 503: "assume complete disallow"). */
  robotsStatus?: number;
  /** Served over https too, with a certificate of this validation level (absent: http only). */
  tls?: { validation: "EV" | "OV" | "DV"; organization?: string; country?: string };
  /** Sends Strict-Transport-Security over https. */
  hsts?: boolean;
  /** The body of /.well-known/security.txt. */
  securityTxt?: string;
  /** Its registration date in the demo RDAP service. */
  registeredAt?: string;
  /** The entry of its register number in the demo business register. */
  register?: { number: string; name: string; postcode?: string; status?: "active" | "dissolved" };
  /** Its entries in the demo GLEIF, VIES and Companies House (origin/demo/register-apis.ts). */
  registers?: { lei?: FakeLei; vat?: FakeVat; company?: FakeCompany };
  /** Why the demo blacklist lists it. */
  blacklisted?: string;
  /** Where its home page redirects (another domain). */
  redirectTo?: string;
  /** Nothing listens for it. */
  unreachable?: boolean;
}

export const DEMO_SITES: readonly DemoSite[] = Object.freeze([
  hartmannWerkzeuge,
  brightwaterOutdoor,
  cornerstoneBakery,
  megaDealsOutlet,
  quietGardenNotes,
  membersOnlyClub,
  northgateInstruments,
  tallisRowe,
  lindqvistMoebel,
  cloudsideGadgets,
  fernhillCeramics,
  harbourLaneBooks,
  paypalBillingLookalike,
  cheapWatchesDirect,
  sunriseSupplements,
  pasticceriaRossi,
  kesslerGartenbedarf,
  closedForGood,
  stagingPreview,
  oldBrandName,
  atelierLumiere,
  rolexReplicaOutlet,
  ashcombeInteriors,
]);

export interface DemoWeb {
  port: number;
  /** Where a human opens the index, e.g. http://127.0.0.1:18080 */
  url: string;
  /** The page with ads to try the extension on (origin/demo/ads.ts), e.g. http://127.0.0.1:18080/ads.html */
  adsUrl: string;
  sites: readonly DemoSite[];
  /** The HTTPS port (sites with `tls`). */
  httpsPort: number;
  /** curl `--connect-to` mappings for every domain and its www. variant: "d:80:127.0.0.1:PORT,…". */
  connectTo: string;
  /** PEM of the test CA that issued the sites' certificates (BONAFIDE_TRUST_CA_FILE). */
  caPem: string;
  /** Blacklist, register and RDAP URLs on the demo registry host, for the rater's sources. */
  sources: ReturnType<typeof registryUrls>;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

/** The host humans use for the index; browsers resolve every *.localhost name to loopback. */
export const INDEX_HOST = "demo.localhost";

const HTML_TYPE = "text/html; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";

type Route =
  | { kind: "site"; site: DemoSite }
  | { kind: "index" }
  | { kind: "registry" }
  | { kind: "unknown"; host: string };

const BY_DOMAIN = new Map<string, DemoSite>(DEMO_SITES.map((s) => [s.domain, s]));

/** The host name of a Host header: port and trailing dot stripped, lowercased, IPv6 brackets removed. */
export function hostOf(header: string | undefined): string {
  let host = (header ?? "").trim().toLowerCase();
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    host = end > 0 ? host.slice(1, end) : host.slice(1);
  } else {
    const colon = host.indexOf(":");
    if (colon >= 0 && host.indexOf(":", colon + 1) < 0) host = host.slice(0, colon);
  }
  return host.replace(/\.+$/, "");
}

/** Which site (if any) a Host header asks for; `www.` and a `.localhost` suffix (for browsers) are accepted. */
export function routeHost(header: string | undefined): Route {
  const host = hostOf(header);
  if (host === "" || host === "localhost" || host === INDEX_HOST || isIP(host) !== 0) return { kind: "index" };
  if (host === REGISTRY_HOST) return { kind: "registry" };
  let name = host.endsWith(".localhost") ? host.slice(0, -".localhost".length) : host;
  if (name.startsWith("www.")) name = name.slice(4);
  const site = BY_DOMAIN.get(name);
  return site ? { kind: "site", site } : { kind: "unknown", host };
}

const PLAIN_CSS = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.5}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;font-size:.9em}.r{font-weight:700;font-size:1.2rem}`;

function indexPage(port: number, host: string | null): string {
  const rows = DEMO_SITES.map(
    (s) => `<tr>
  <td><a href="http://${s.domain}.localhost:${port}/">${escapeHtml(s.domain)}</a><br><small>${escapeHtml(s.title)}</small></td>
  <td>${escapeHtml(s.kind)}</td>
  <td><span class="r">${s.expected.rating}</span><br><code>${escapeHtml(s.expected.ratingInfo)}</code></td>
  <td><small>${escapeHtml(s.expected.why)}</small></td>
</tr>`,
  ).join("\n");
  const unknown = host
    ? `<p><strong>No demonstration site is called <code>${escapeHtml(host)}</code>.</strong> These are the sites served here:</p>`
    : "";
  return htmlDocument({
    lang: "en",
    title: "bonafide demonstration web",
    css: PLAIN_CSS,
    body: `<h1>bonafide demonstration web</h1>
${unknown}
<p>One server on port ${port} serves these business sites by the <code>Host</code> header, over plain HTTP on port 80 only. The rater reaches them through curl <code>--connect-to</code> style mappings such as <code>${escapeHtml(DEMO_SITES[0]?.domain ?? "example.com")}:80:127.0.0.1:${port}</code>. In a browser, open them as <code><em>domain</em>.localhost:${port}</code> (the links below).</p>
<table>
<thead><tr><th>Site</th><th>What it is</th><th>Expected</th><th>Why</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p><a href="/ads.html">A page with ads</a> (in frames too) to try the browser extension on.</p>
<p>From a shell: <code>curl --connect-to ${escapeHtml(DEMO_SITES[0]?.domain ?? "example.com")}:80:127.0.0.1:${port} http://${escapeHtml(DEMO_SITES[0]?.domain ?? "example.com")}/</code></p>`,
  });
}

function notFoundPage(site: DemoSite | null, path: string): string {
  const home = site ? `<a href="/">${escapeHtml(site.title)} home page</a>` : '<a href="/">the index</a>';
  return htmlDocument({
    lang: "en",
    title: site ? `Page not found – ${site.title}` : "Page not found",
    css: PLAIN_CSS,
    body: `<h1>404 – Page not found</h1>
<p>There is no page at <code>${escapeHtml(path.slice(0, 200))}</code>.</p>
<p>Go to ${home}.</p>`,
  });
}

function postedPage(site: DemoSite, path: string): string {
  return htmlDocument({
    lang: "en",
    title: `Thank you – ${site.title}`,
    css: PLAIN_CSS,
    body: `<h1>Thank you</h1>
<p>This is a demonstration site: nothing was sent, ordered or stored.</p>
<p><a href="${escapeHtml(path)}">Back</a> · <a href="/">${escapeHtml(site.title)} home page</a></p>`,
  });
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  type = HTML_TYPE,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": String(bytes.length),
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  // Node omits the body of a HEAD response by itself; the length still describes the GET body.
  res.end(req.method === "HEAD" ? undefined : bytes);
}

/** The request path, percent-decoded; null when it cannot be decoded. */
function pathOf(rawUrl: string | undefined): string | null {
  try {
    const url = new URL(rawUrl ?? "/", "http://request.invalid");
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

/** The ads in the frames of the page with ads: the first four demonstration sites. */
const FRAME_ADS = DEMO_SITES.slice(0, 4).map((s) => s.domain);

/**
 * The page with ads and its frames, on the index host. The frames come from the other loopback name of the
 * same server (127.0.0.1 ↔ demo.localhost), so the "cross" frame is cross-origin as an ad network's is.
 */
function adsAnswer(path: string, host: string, port: number, edgeUrl: string | null): string | null {
  if (path === "/ads.html" || path === "/ads") {
    const frameHost = host === INDEX_HOST ? "127.0.0.1" : INDEX_HOST;
    return demoAdsPage(
      DEMO_SITES.map((s) => s.domain),
      `http://${frameHost}:${port}`,
      edgeUrl,
    );
  }
  if (path === "/ad-frame.html") return adFramePage(FRAME_ADS);
  if (path === "/pixel.html") return pixelPage(FRAME_ADS);
  return null;
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  secure: boolean,
  edgeUrl: string | null,
): void {
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") req.resume(); // discard any request body
  const path = pathOf(req.url);
  if (path === null) {
    send(req, res, 400, "Bad request: the path is not valid percent-encoding.\n", TEXT_TYPE);
    return;
  }
  const route = routeHost(req.headers.host);
  if (route.kind === "registry") {
    const answer = answerRegistry(DEMO_SITES, path, req.url ?? path, req.headers.authorization);
    send(req, res, answer.status, answer.body, answer.type, answer.headers);
    return;
  }

  if (route.kind !== "site") {
    if (method !== "GET" && method !== "HEAD") {
      send(req, res, 405, "Method not allowed.\n", TEXT_TYPE, { Allow: "GET, HEAD" });
    } else if (route.kind === "unknown") {
      // 421 Misdirected Request: this server does not serve that name; the index helps whoever asked.
      send(req, res, 421, indexPage(port, route.host));
    } else if (path === "/" || path === "/index.html") {
      send(req, res, 200, indexPage(port, null));
    } else {
      const ads = adsAnswer(path, hostOf(req.headers.host), port, edgeUrl);
      send(req, res, ads === null ? 404 : 200, ads ?? notFoundPage(null, path));
    }
    return;
  }

  const { site } = route;
  // RFC 6797 §7.2: HSTS only over https (a browser ignores it over http).
  const extra: Record<string, string> =
    secure && site.hsts ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {};
  if (path === "/" && site.redirectTo) {
    send(req, res, 301, `Moved to ${site.redirectTo}\n`, TEXT_TYPE, { Location: site.redirectTo });
    return;
  }
  if (path === "/.well-known/security.txt" && site.securityTxt !== undefined) {
    send(req, res, 200, site.securityTxt, TEXT_TYPE, extra);
    return;
  }
  if (path === "/robots.txt") {
    if (method !== "GET" && method !== "HEAD")
      send(req, res, 405, "Method not allowed.\n", TEXT_TYPE, { Allow: "GET, HEAD" });
    else if (site.robotsStatus) send(req, res, site.robotsStatus, "Unavailable.\n", TEXT_TYPE);
    else if (site.robotsTxt === undefined) send(req, res, 404, "Not found.\n", TEXT_TYPE);
    else send(req, res, 200, site.robotsTxt, TEXT_TYPE);
    return;
  }
  const page = Object.hasOwn(site.pages, path) ? site.pages[path] : undefined;
  if (page === undefined) {
    // "/kontakt/" and "/index.html" are the same page to a person; send them to the one address.
    const canonical = path === "/index.html" ? "/" : path.length > 1 ? path.replace(/\/+$/, "") : path;
    if (canonical !== path && Object.hasOwn(site.pages, canonical) && (method === "GET" || method === "HEAD")) {
      send(req, res, 301, `Moved to ${canonical}\n`, TEXT_TYPE, { Location: encodeURI(canonical) });
    } else {
      send(req, res, 404, notFoundPage(site, path));
    }
    return;
  }
  if (method === "GET" || method === "HEAD") send(req, res, 200, page, HTML_TYPE, extra);
  else if (method === "POST") send(req, res, 200, postedPage(site, path));
  else send(req, res, 405, "Method not allowed.\n", TEXT_TYPE, { Allow: "GET, HEAD, POST" });
}

/** The address to dial for a listening address: wildcards become loopback, IPv6 gets brackets. */
function dialHost(address: string): string {
  if (address === "0.0.0.0" || address === "::" || address === "") return "127.0.0.1";
  return isIP(address) === 6 ? `[${address}]` : address;
}

async function listen(server: import("node:net").Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the demonstration web has no TCP address");
  return address;
}

/** A loopback port nothing listens on (bound, then released): where the "no website" site points. */
async function closedPort(host: string): Promise<number> {
  const probe = createTcpServer();
  const { port } = await listen(probe, 0, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface DemoWebOptions {
  host?: string;
  port?: number;
  httpsPort?: number;
  /** Delay before every answer, to stand in for the internet's latency (the rater benchmark). */
  latencyMs?: number;
  /** The edge the extension should ask, named on the page with ads (`npm start` passes its own). */
  edgeUrl?: string;
}

/** Starts the demonstration web on `host` (default 127.0.0.1) and `port` (default 0: any free port). */
export async function startDemoWeb(options: DemoWebOptions = {}): Promise<DemoWeb> {
  const host = options.host ?? "127.0.0.1";
  let requests = 0;
  let port = 0;
  const onRequest = (secure: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const answer = () => {
      try {
        handle(req, res, port, secure, options.edgeUrl ?? null);
      } catch {
        // A bug here must cost one response, never the server.
        if (!res.headersSent) send(req, res, 500, "Internal server error.\n", TEXT_TYPE);
        else res.destroy();
      }
    };
    if (options.latencyMs) setTimeout(answer, options.latencyMs);
    else answer();
  };
  const onClientError = (_error: Error, socket: import("node:stream").Duplex) => {
    // A malformed request (or a reset) costs that connection only.
    if (socket.writable && !socket.writableEnded) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    } else {
      socket.destroy();
    }
  };
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, onRequest(false));
  server.on("clientError", onClientError);

  // One certificate per https site, issued now by a CA that exists only for this run.
  const ca = await createTestCa();
  const contexts = new Map<string, SecureContext>();
  for (const site of DEMO_SITES) {
    if (!site.tls) continue;
    const leaf = await ca.issue({ names: [site.domain, `www.${site.domain}`], ...site.tls });
    const context = createSecureContext({ cert: leaf.certPem, key: leaf.keyPem });
    contexts.set(site.domain, context);
    contexts.set(`www.${site.domain}`, context);
  }
  const fallback = await ca.issue({ names: [INDEX_HOST], validation: "DV" });
  const https = createHttpsServer(
    {
      cert: fallback.certPem,
      key: fallback.keyPem,
      SNICallback: (name, cb) => cb(null, contexts.get(name.toLowerCase())),
      headersTimeout: 10_000,
      requestTimeout: 30_000,
    },
    onRequest(true),
  );
  https.on("clientError", onClientError);

  const address = await listen(server, options.port ?? 0, host);
  port = address.port;
  const httpsPort = (await listen(https, options.httpsPort ?? 0, host)).port;
  const target = dialHost(address.address);
  const nowhere = await closedPort(host);
  const names = (s: DemoSite) => [s.domain, `www.${s.domain}`];
  const connectTo = [
    ...DEMO_SITES.filter((s) => !s.unreachable).flatMap((s) => names(s).map((d) => `${d}:80:${target}:${port}`)),
    ...DEMO_SITES.filter((s) => s.tls).flatMap((s) => names(s).map((d) => `${d}:443:${target}:${httpsPort}`)),
    ...DEMO_SITES.filter((s) => s.unreachable).flatMap((s) =>
      names(s).flatMap((d) => [`${d}:80:${target}:${nowhere}`, `${d}:443:${target}:${nowhere}`]),
    ),
    `${REGISTRY_HOST}:80:${target}:${port}`,
  ].join(",");

  let closing: Promise<void> | null = null;
  const stop = (s: import("node:http").Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      // Keep-alive sockets would hold close() open until they time out; end them now.
      s.closeAllConnections();
    });
  return {
    port,
    httpsPort,
    url: `http://${target}:${port}`,
    adsUrl: `http://${target}:${port}/ads.html`,
    sites: DEMO_SITES,
    connectTo,
    caPem: ca.certPem,
    sources: registryUrls(),
    get requests() {
      return requests;
    },
    close() {
      closing ??= Promise.all([stop(server), stop(https)]).then(() => undefined);
      return closing;
    },
  };
}
