/**
 * @module `GET /api/v1/sites/{domain}`: everything behind a rating — pages read, fields found and where,
 * certificate, sources, reasons with weights — as JSON, or as an HTML page a webmaster reads to learn how to
 * be rated better (SiteTruth's "transparency" and "improvability"). `POST /api/v1/sites/{domain}/rerate`
 * asks for a fresh rating, at most once an hour per domain.
 */
import { Hono } from "hono";
import { clientKeyForAddress, normalizeDomainInput } from "../../shared/domain.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError, kvCall } from "../errors.ts";
import { storeFor } from "../rate/store-cache.ts";
import { renderSitePage } from "./render.ts";
import { createSiteStore, type SiteStore } from "./store.ts";

/** One webmaster re-rating per domain per this many seconds (KV's minimum TTL is 60 s). */
export const RERATE_INTERVAL_SECONDS = 3600;
const rerateKey = (domain: string) => `rr:${domain}`;

export const siteRoutes = new Hono<{ Bindings: EdgeBindings }>();

function domainOf(raw: string): string {
  // Hono has percent-decoded the parameter already (and left malformed escapes as they were).
  const result = normalizeDomainInput(raw);
  if (!result.ok) throw new EdgeError("BAD_DOMAIN", `${result.message}: give a domain such as example.com`);
  return result.domain;
}

function storeOf(env: EdgeBindings): SiteStore {
  const config = readEdgeConfig(env);
  if (!config.databaseUrl) throw new EdgeError("NO_DATABASE", "the rating database is not configured here");
  return storeFor(`sites:${config.databaseUrl}`, () => createSiteStore(config.databaseUrl as string));
}

function wantsHtml(format: string | undefined, accept: string | undefined): boolean {
  if (format === "html") return true;
  if (format === "json") return false;
  if (format !== undefined) throw new EdgeError("BAD_FORMAT", "format must be json or html");
  return /text\/html/i.test(accept ?? "");
}

/** A database that did not answer is a 503 the client may retry, for reading and for queueing alike. */
function databaseDown(error: unknown): never {
  throw new EdgeError("DATABASE_UNAVAILABLE", "the rating database did not answer; try again shortly", {
    headers: { "retry-after": "5" },
    cause: error,
  });
}

siteRoutes.get("/:domain", async (c) => {
  const domain = domainOf(c.req.param("domain"));
  const html = wantsHtml(c.req.query("format"), c.req.header("accept"));
  const report = await storeOf(c.env).readSite(domain).catch(databaseDown);
  const rerateUntil = await c.env.RATINGS.get(rerateKey(domain));
  if (!report) {
    const message = `${domain} has not been rated yet: ask GET /api/v1/rate?d=${domain} to queue it`;
    if (html) return c.html(renderSitePage(domain, null, rerateUntil), 404);
    throw new EdgeError("NOT_RATED", message);
  }
  c.header("cache-control", "private, max-age=60");
  if (html) return c.html(renderSitePage(domain, report, rerateUntil));
  return c.json({ ...report.rating, evidence: report.evidence, rerateQueuedUntil: rerateUntil });
});

siteRoutes.post("/:domain/rerate", async (c) => {
  const domain = domainOf(c.req.param("domain"));
  const key = rerateKey(domain);
  const pending = await c.env.RATINGS.get(key);
  if (pending) {
    const seconds = Math.max(1, Math.ceil((Date.parse(pending) - Date.now()) / 1000));
    throw new EdgeError("RERATE_TOO_SOON", `${domain} was queued for re-rating recently; ask again after ${pending}`, {
      headers: { "retry-after": String(seconds) },
    });
  }
  await storeOf(c.env)
    .requestRerate(domain, clientKeyForAddress(c.req.header("cf-connecting-ip")))
    .catch(databaseDown);
  const until = new Date(Date.now() + RERATE_INTERVAL_SECONDS * 1000).toISOString();
  await kvCall(c.env.RATINGS.put(key, until, { expirationTtl: RERATE_INTERVAL_SECONDS }));
  const accept = c.req.header("accept") ?? "";
  // A form on the HTML page posts here: send the person back to the page.
  if (/text\/html/i.test(accept)) return c.redirect(`/api/v1/sites/${domain}?format=html`, 303);
  return c.json({ domain, status: "queued", nextAllowedAt: until }, 202);
});
