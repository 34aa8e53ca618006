/**
 * @module Serves the evaluation corpus (test/eval/sites/) on loopback, the way the demonstration web is
 * served: one HTTP server routing by Host (each domain and its www.), one HTTPS server with SNI (a DV certificate
 * per site, or the OV/EV one its manifest declares, issued by a throw-away CA made at start), and a stand-in for the outside
 * world's sources on one more name: the register feed and the blacklist feed built from the manifests.
 * The rater reaches all of it only through curl `--connect-to` mappings (BONAFIDE_CONNECT_TO).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { join } from "node:path";
import { createSecureContext, type SecureContext } from "node:tls";
import { fileURLToPath } from "node:url";
import { createTestCa } from "../../demo/rated-web/test-ca.ts";
import type { SiteManifest } from "./corpus/types.ts";

export const SITES_DIR = fileURLToPath(new URL("./sites/", import.meta.url));
/** The name the stand-in register and blacklist feeds answer on. */
export const SOURCES_HOST = "sources.bonafide-eval.test";

export interface CorpusSite {
  manifest: SiteManifest;
  /** Path → HTML, read once at start. */
  html: Map<string, string>;
}

/** Every site under `dir`: its site.json and the pages it names (a missing file is an error, said now). */
export function loadCorpus(dir = SITES_DIR): CorpusSite[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, "site.json");
      let manifest: SiteManifest;
      try {
        manifest = JSON.parse(readFileSync(file, "utf8")) as SiteManifest;
      } catch (error) {
        throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
      }
      if (manifest.domain !== name) throw new Error(`${name}/site.json names ${manifest.domain}`);
      const html = new Map<string, string>();
      for (const [path, file] of Object.entries(manifest.pages)) {
        html.set(path, readFileSync(join(dir, name, file), "utf8"));
      }
      return { manifest, html };
    });
}

export interface CorpusServer {
  connectTo: string;
  caPem: string;
  sources: { registryFeed: string; blacklistFeed: string };
  requests(): number;
  close(): Promise<void>;
}

function hostOf(header: string | undefined): string {
  const host = (header ?? "").toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  return host.startsWith("www.") ? host.slice(4) : host;
}

/** A page by path, also under the other trailing-slash form (servers answer both, or redirect). */
function pageFor(site: CorpusSite, path: string): string | undefined {
  return site.html.get(path) ?? site.html.get(path.endsWith("/") ? path.slice(0, -1) : `${path}/`);
}

function answer(sites: Map<string, CorpusSite>, req: IncomingMessage, res: ServerResponse): void {
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const host = hostOf(req.headers.host);
  const send = (status: number, body: string, type = "text/html; charset=utf-8") => {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (host === SOURCES_HOST) {
    const all = [...sites.values()].map((s) => s.manifest);
    if (path === "/register.json") {
      const entries = all.flatMap((m) => (m.register ? [m.register] : []));
      send(200, JSON.stringify(entries), "application/json");
    } else if (path === "/blacklist.txt") {
      const lines = all.filter((m) => m.blacklisted).map((m) => `${m.domain} ${m.blacklisted}`);
      send(200, `# evaluation blacklist\n${lines.join("\n")}\n`, "text/plain; charset=utf-8");
    } else send(404, "not found\n", "text/plain");
    return;
  }
  const site = sites.get(host);
  if (!site) {
    send(421, "no such site\n", "text/plain");
    return;
  }
  if (path === "/robots.txt") {
    const { robotsStatus, robotsTxt } = site.manifest;
    if (robotsStatus) send(robotsStatus, "unavailable\n", "text/plain");
    else if (robotsTxt !== undefined) send(200, robotsTxt, "text/plain");
    else send(404, "not found\n", "text/plain");
    return;
  }
  const page = pageFor(site, path);
  send(page === undefined ? 404 : 200, page ?? "<!doctype html><title>404 Not Found</title><h1>Not Found</h1>");
}

async function listen(server: Server | import("node:net").Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Starts the corpus on loopback; `close()` stops every server it started. */
export async function startCorpusServer(corpus: readonly CorpusSite[]): Promise<CorpusServer> {
  const sites = new Map(corpus.map((s) => [s.manifest.domain, s]));
  let requests = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    try {
      answer(sites, req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  };
  const http = createServer(handler);
  const ca = await createTestCa("bonafide evaluation CA");
  const contexts = new Map<string, SecureContext>();
  // Every reachable site has https, as real shops do: a DV certificate unless its manifest names another.
  for (const { manifest } of corpus) {
    if (manifest.unreachable) continue;
    const tls = manifest.tls ?? { validation: "DV" as const };
    const leaf = await ca.issue({ names: [manifest.domain, `www.${manifest.domain}`], ...tls });
    const context = createSecureContext({ cert: leaf.certPem, key: leaf.keyPem });
    contexts.set(manifest.domain, context);
    contexts.set(`www.${manifest.domain}`, context);
  }
  const fallback = await ca.issue({ names: ["eval.localhost"], validation: "DV" });
  const https = createHttpsServer(
    {
      cert: fallback.certPem,
      key: fallback.keyPem,
      SNICallback: (name, cb) => cb(null, contexts.get(name.toLowerCase())),
    },
    handler,
  );
  const httpPort = await listen(http);
  const httpsPort = await listen(https);
  // Where "no website" sites point: a port that was bound and released, so nothing answers.
  const probe = createTcpServer();
  const nowhere = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const names = (d: string) => [d, `www.${d}`];
  const mappings: string[] = [`${SOURCES_HOST}:80:127.0.0.1:${httpPort}`];
  for (const { manifest: m } of corpus) {
    for (const name of names(m.domain)) {
      if (m.unreachable) mappings.push(`${name}:80:127.0.0.1:${nowhere}`, `${name}:443:127.0.0.1:${nowhere}`);
      else {
        mappings.push(`${name}:80:127.0.0.1:${httpPort}`);
        mappings.push(`${name}:443:127.0.0.1:${httpsPort}`);
      }
    }
  }
  const stop = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    connectTo: mappings.join(","),
    caPem: ca.certPem,
    sources: {
      registryFeed: `http://${SOURCES_HOST}/register.json`,
      blacklistFeed: `http://${SOURCES_HOST}/blacklist.txt`,
    },
    requests: () => requests,
    close: async () => {
      await Promise.all([stop(http), stop(https)]);
    },
  };
}
