/** @module The demonstration web: a handful of business sites served on loopback by one HTTP server, routed by Host. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { escapeHtml, htmlDocument } from "./html.ts";
import { brightwaterOutdoor } from "./sites/brightwater-outdoor.ts";
import { cornerstoneBakery } from "./sites/cornerstone-bakery.ts";
import { hartmannWerkzeuge } from "./sites/hartmann-werkzeuge.ts";
import { megaDealsOutlet } from "./sites/mega-deals-outlet.ts";
import { membersOnlyClub } from "./sites/members-only-club.ts";
import { quietGardenNotes } from "./sites/quiet-garden-notes.ts";

export interface DemoSite {
  /** The registrable domain (served on it and on `www.` + it). */
  domain: string;
  /** The site's name, shown in the `<title>` of every page. */
  title: string;
  /** What sort of site it is, in a few words. */
  kind: string;
  /** The rating it was built to get, and why. */
  expected: { rating: "A" | "Q" | "X" | "U"; ratingInfo: string; why: string };
  /** Path → HTML document. */
  pages: Record<string, string>;
  /** The body of /robots.txt; absent → /robots.txt answers 404. */
  robotsTxt?: string;
}

export const DEMO_SITES: readonly DemoSite[] = Object.freeze([
  hartmannWerkzeuge,
  brightwaterOutdoor,
  cornerstoneBakery,
  megaDealsOutlet,
  quietGardenNotes,
  membersOnlyClub,
]);

export interface DemoWeb {
  port: number;
  /** Where a human opens the index, e.g. http://127.0.0.1:18080 */
  url: string;
  sites: readonly DemoSite[];
  /** curl `--connect-to` mappings for every domain and its www. variant: "d:80:127.0.0.1:PORT,…". */
  connectTo: string;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

/** The host humans use for the index; browsers resolve every *.localhost name to loopback. */
export const INDEX_HOST = "demo.localhost";

const HTML_TYPE = "text/html; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";

type Route = { kind: "site"; site: DemoSite } | { kind: "index" } | { kind: "unknown"; host: string };

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

function handle(req: IncomingMessage, res: ServerResponse, port: number): void {
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") req.resume(); // discard any request body
  const path = pathOf(req.url);
  if (path === null) {
    send(req, res, 400, "Bad request: the path is not valid percent-encoding.\n", TEXT_TYPE);
    return;
  }
  const route = routeHost(req.headers.host);

  if (route.kind !== "site") {
    if (method !== "GET" && method !== "HEAD") {
      send(req, res, 405, "Method not allowed.\n", TEXT_TYPE, { Allow: "GET, HEAD" });
    } else if (route.kind === "unknown") {
      // 421 Misdirected Request: this server does not serve that name; the index helps whoever asked.
      send(req, res, 421, indexPage(port, route.host));
    } else if (path === "/" || path === "/index.html") {
      send(req, res, 200, indexPage(port, null));
    } else {
      send(req, res, 404, notFoundPage(null, path));
    }
    return;
  }

  const { site } = route;
  if (path === "/robots.txt") {
    if (method !== "GET" && method !== "HEAD")
      send(req, res, 405, "Method not allowed.\n", TEXT_TYPE, { Allow: "GET, HEAD" });
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
  if (method === "GET" || method === "HEAD") send(req, res, 200, page);
  else if (method === "POST") send(req, res, 200, postedPage(site, path));
  else send(req, res, 405, "Method not allowed.\n", TEXT_TYPE, { Allow: "GET, HEAD, POST" });
}

/** The address to dial for a listening address: wildcards become loopback, IPv6 gets brackets. */
function dialHost(address: string): string {
  if (address === "0.0.0.0" || address === "::" || address === "") return "127.0.0.1";
  return isIP(address) === 6 ? `[${address}]` : address;
}

/** Starts the demonstration web on `host` (default 127.0.0.1) and `port` (default 0: any free port). */
export async function startDemoWeb(options: { host?: string; port?: number } = {}): Promise<DemoWeb> {
  const host = options.host ?? "127.0.0.1";
  let requests = 0;
  let port = 0;
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    requests++;
    try {
      handle(req, res, port);
    } catch {
      // A bug here must cost one response, never the server.
      if (!res.headersSent) send(req, res, 500, "Internal server error.\n", TEXT_TYPE);
      else res.destroy();
    }
  });
  server.on("clientError", (_error, socket) => {
    // A malformed request (or a reset) costs that connection only.
    if (socket.writable && !socket.writableEnded) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the demonstration web has no TCP address");
  port = address.port;
  const target = dialHost(address.address);
  const connectTo = DEMO_SITES.flatMap((s) => [s.domain, `www.${s.domain}`])
    .map((d) => `${d}:80:${target}:${port}`)
    .join(",");

  let closing: Promise<void> | null = null;
  return {
    port,
    url: `http://${target}:${port}`,
    sites: DEMO_SITES,
    connectTo,
    get requests() {
      return requests;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open until they time out; end them now.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
