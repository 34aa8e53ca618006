/**
 * @module Helpers for the scale-out tests: a loopback web server whose every page answers slowly (so
 * ratings are in flight when a process is stopped), the rater environment that maps test domains onto
 * it, and the "rated" lines of rater logs.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A server answering any Host with a small page after `delayMs`; robots.txt is 404. */
export function startSlowSites(delayMs: number): Promise<Server> {
  const server = createServer((req, res) => {
    setTimeout(() => {
      if (req.url === "/robots.txt") {
        res.writeHead(404).end();
        return;
      }
      const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>${host}</title></head><body><h1>${host}</h1>
        <p>A small shop. <a href="/contact">Contact</a></p></body></html>`);
    }, delayMs);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Environment for rater processes on `databaseUrl` reading `domains` from `server`, with short leases. */
export function raterEnv(databaseUrl: string, server: Server, domains: readonly string[]): NodeJS.ProcessEnv {
  const port = (server.address() as AddressInfo).port;
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BONAFIDE_CONNECT_TO: domains
      .flatMap((d) => [`${d}:80:127.0.0.1:${port}`, `www.${d}:80:127.0.0.1:${port}`])
      .join(","),
    BONAFIDE_PUSH_SECRET: "",
    RATER_CONCURRENCY: "3",
    RATER_POLL_MS: "50",
    RATER_LEASE_MS: "2000",
    RATER_HEARTBEAT_MS: "500",
    RATER_MAINTENANCE_MS: "300",
    RATER_MAX_PAGES: "3",
    BONAFIDE_REPORT_MS: "300",
  };
}

/** The `rated` lines (one per stored, completed rating) in rater output, as {domain, attempt, owner}. */
export function ratedEntries(output: string): { domain: string; attempt: number; owner: string }[] {
  const out: { domain: string; attempt: number; owner: string }[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as { msg?: string; domain?: string; attempt?: number; owner?: string };
    if (entry.msg === "rated" && entry.domain)
      out.push({ domain: entry.domain, attempt: Number(entry.attempt), owner: String(entry.owner) });
  }
  return out;
}
