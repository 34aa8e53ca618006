/**
 * @module Turning a handler's result into the answer: the barrier over every call the page started,
 * required failures → 504 (timeout) / 502, optional failures → a degraded, uncacheable page, then render
 * (TSX here, XSLT in the pool), post-processors, debug report; and the one place errors become answers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../log.ts";
import { describeError } from "../log.ts";
import { type CallResult, type CallScope, checkNow, failedSoFar } from "./call.ts";
import { type DebugMode, type DebugReport, renderDebugReport } from "./debug.ts";
import { documentToData, documentToXml, type Resolved, resolveDocument } from "./document.ts";
import { AggregatorError } from "./errors.ts";
import type { Metrics } from "./metrics.ts";
import type { Page, PageResult, PageState } from "./page.ts";
import type { PostProcessor } from "./postprocess/types.ts";
import { inspectProxyCall, proxyCall } from "./proxy.ts";
import { isMalformedInput, type RenderPool } from "./render/pool.ts";
import type { XsltTemplate } from "./render/template.ts";
import { toWire } from "./render/wire.ts";

export interface FinishContext {
  req: IncomingMessage;
  res: ServerResponse;
  result: PageResult;
  page: Page;
  state: PageState;
  scope: CallScope;
  debug: DebugMode;
  lang: string;
  route: string;
  pool: RenderPool;
  metrics: Metrics;
  started: number;
  budget: number;
  postprocessors: readonly PostProcessor[];
  requiredFailure(): { failure: string; status: number | null; message: string } | null;
}

function applyHeaders(res: ServerResponse, state: PageState): void {
  for (const [k, v] of state.headers) res.setHeader(k, v);
  if (state.cookies.length) res.setHeader("set-cookie", state.cookies);
}

/**
 * A failed required call decides the page's status: a timeout 504, a 401/403/404 passes through (the
 * vacancy does not exist), anything else 502 (Frontik's fail_fast mapping).
 */
function requiredError(r: { failure: string; status: number | null; message: string }): AggregatorError {
  const message = `a required back-end failed: ${r.message}`;
  if (r.failure === "timeout" || r.failure === "deadline") return new AggregatorError("BACKEND_TIMEOUT", message);
  if (r.status === 404) return new AggregatorError("BACKEND_NOT_FOUND", `not found (${r.message})`);
  if (r.status === 403) return new AggregatorError("BACKEND_FORBIDDEN", `forbidden (${r.message})`);
  if (r.status === 401) return new AggregatorError("BACKEND_UNAUTHORIZED", `unauthorized (${r.message})`);
  return new AggregatorError("BACKEND_FAILED", message);
}

/** Answers the debug report instead of the page (200, never cached); `fields` are what differs by page kind. */
function sendDebugReport(
  f: FinishContext,
  fields: Pick<DebugReport, "status" | "template" | "postprocessMs" | "degraded" | "proxied">,
): number {
  const report = renderDebugReport({
    requestId: f.scope.requestId,
    route: f.route,
    totalMs: Math.round(performance.now() - f.started),
    deadlineMs: f.budget,
    calls: f.scope.records,
    ...fields,
  });
  f.res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(report);
  return 200;
}

const decoder = new TextDecoder();
const DOCTYPE = Buffer.from("<!doctype html>");

/** The page with a doctype in front unless it starts with one (any case of `<!doctype`), in one piece. */
function withDoctype(html: string | Uint8Array): string | Uint8Array {
  if (typeof html === "string") return /^<!doctype/i.test(html) ? html : `<!doctype html>${html}`;
  const head = Buffer.from(html.buffer, html.byteOffset, Math.min(9, html.byteLength)).toString("latin1");
  return /^<!doctype/i.test(head) ? html : Buffer.concat([DOCTYPE, html]);
}

/** Marks a page missing some back-ends' parts: says which, and keeps every cache from storing it. */
function markDegraded(res: ServerResponse, degraded: readonly string[]): void {
  if (!degraded.length) return;
  res.setHeader("x-bonafide-degraded", degraded.join(","));
  res.setHeader("cache-control", "no-store"); // never let a cache keep the lesser page
}

/** Calls whose body failed its full check: a required one fails the page (502), as at call time. */
function failMalformed(failed: readonly CallResult[]): void {
  const required = failed.find((r) => r.required);
  if (required)
    throw requiredError({ failure: "parse", status: required.status, message: `${required.backend}: parse` });
}

/**
 * Renders the page with XSLT. libxml2 reads the page document whole, and with it every XML body (whose
 * shape was checked at call time, see checkXmlShape): when it refuses the document, the bodies get their
 * full check here, those that fail become failed calls (error elements, the page degraded), and the page
 * is rendered again. A document refused with every body well-formed is a render failure.
 */
async function renderXsltPage(
  f: FinishContext,
  template: XsltTemplate,
  resolved: Resolved,
  all: readonly CallResult[],
  degraded: string[],
  timeoutMs: number,
): Promise<Uint8Array> {
  for (;;) {
    const metaXml = `<meta><lang>${f.lang}</lang>${degraded.map((d) => `<degraded>${d}</degraded>`).join("")}</meta>`;
    const xml = documentToXml(resolved).replace(/<\/page>$/, `${metaXml}</page>`);
    try {
      return await f.pool.renderXslt(template, xml, timeoutMs);
    } catch (error) {
      const failed = isMalformedInput(error) ? all.filter((r) => checkNow(r)) : [];
      if (!failed.length) throw error;
      failMalformed(failed);
      for (const r of failed) if (!degraded.includes(r.backend)) degraded.push(r.backend);
    }
  }
}

/** Answers the page; returns the status sent. */
export async function finishPage(f: FinishContext): Promise<number> {
  const { res, result, state, scope } = f;
  if (result.type === "proxy") {
    if (f.debug === "raw")
      throw new AggregatorError("BAD_REQUEST", "a proxied page has no document to show; use ?_debug without _raw");
    if (f.debug === "debug") {
      const proxied = await inspectProxyCall(scope, result.backend, result.options, f.req);
      return sendDebugReport(f, { status: proxied.status, template: null, postprocessMs: 0, degraded: [], proxied });
    }
    return proxyCall(scope, result.backend, result.options, f.req, res, state.headers, state.cookies);
  }
  // The barrier: every call the page started finishes (or is cancelled) before the answer (Frontik's finish group).
  const resolved = await resolveDocument(f.page.doc);
  const all = await Promise.all(state.calls.map((c) => c.result));
  const required = f.requiredFailure();
  if (required) throw requiredError(required);
  // A page rendered with XSLT leaves its XML bodies' full check to libxml2, which reads them anyway
  // (renderXsltPage); every other answer checks them now — by parsing them when the data is read on this
  // thread (TSX here, the raw document), so they are read once; a page rendered in a worker parses there.
  const xslt = result.type === "render" && result.template.kind === "xslt" && f.debug !== "raw";
  const readHere = f.debug === "raw" || (result.type === "render" && result.template.kind === "tsx");
  if (!xslt) failMalformed(all.filter((r) => checkNow(r, readHere)));
  const degraded = [...new Set(all.filter(failedSoFar).map((r) => r.backend))];
  applyHeaders(res, state);
  markDegraded(res, degraded);
  if (result.type === "redirect") {
    res.writeHead(result.status, { location: result.location }).end();
    return result.status;
  }
  if (result.type === "text") {
    res.writeHead(state.status, { "content-type": result.contentType }).end(result.body);
    return state.status;
  }
  const info = { path: f.page.path, query: Object.fromEntries(f.page.query), lang: f.lang, degraded };
  const meta = { lang: f.lang, degraded, requestId: scope.requestId };
  // Built only when needed: a pool-rendered page parses its XML in the worker, not here.
  const dataOf = () => ({
    ...(documentToData(resolved) as Record<string, unknown>),
    meta,
  });
  if (f.debug === "raw") {
    res.writeHead(state.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify(dataOf(), null, 2));
    return state.status;
  }
  const template = result.template;
  const renderStart = performance.now();
  let html: string | Uint8Array; // an XSLT page stays bytes unless a post-processor needs its text
  const timeoutMs = Math.max(1000, scope.deadline - Date.now());
  if (template.kind === "tsx") {
    html = String(await (await template.render(dataOf(), info)).toString());
  } else if (template.kind === "tsx-worker") {
    const job = {
      module: template.module,
      exportName: template.exportName,
      doc: toWire(resolved),
      extra: { meta },
      info,
    };
    html = await f.pool.renderTsx(job, timeoutMs);
  } else {
    html = await renderXsltPage(f, template, resolved, all, degraded, timeoutMs);
    markDegraded(res, degraded);
  }
  const renderMs = performance.now() - renderStart;
  f.metrics.observeRender(template.kind, renderMs);
  const postStart = performance.now();
  const ctx = {
    lang: f.lang,
    query: f.page.query,
    cookies: f.page.cookies,
    requestId: scope.requestId,
    fetch: (backend: string, options: Parameters<Page["fetch"]>[1] & object) => f.page.fetch(backend, options).result,
  };
  const callsBefore = scope.records.length;
  for (const p of f.postprocessors) html = await p.run(typeof html === "string" ? html : decoder.decode(html), ctx);
  const postMs = performance.now() - postStart;
  // A post-processor's failed call (say, translations) also leaves a lesser page: mark it, never cache it.
  const late = scope.records.slice(callsBefore).filter((r) => r.failure && !degraded.includes(r.backend));
  if (late.length) {
    degraded.push(...new Set(late.map((r) => r.backend)));
    markDegraded(res, degraded);
  }
  html = withDoctype(html);
  if (f.debug === "debug") {
    return sendDebugReport(f, {
      status: state.status,
      template: { name: template.name, engine: template.kind, ms: Math.round(renderMs * 10) / 10 },
      postprocessMs: Math.round(postMs * 10) / 10,
      degraded,
    });
  }
  if (!res.hasHeader("content-type")) res.setHeader("content-type", "text/html; charset=utf-8");
  if (f.req.method === "HEAD") res.writeHead(state.status).end();
  else res.writeHead(state.status).end(html);
  return state.status;
}

/** Writes an error answer (once headers are out, it can only cut the connection); returns the status. */
export function sendError(
  res: ServerResponse,
  error: unknown,
  requestId: string,
  log: Logger,
  debugReport?: (status: number, message: string) => string,
): number {
  const known = error instanceof AggregatorError ? error : null;
  const status = known?.status ?? 500;
  if (!known || status >= 500)
    log.error("page failed", {
      requestId,
      ...describeError(error),
      cause: known?.cause ? describeError(known.cause) : undefined,
    });
  if (res.headersSent) {
    res.destroy();
    return status;
  }
  const code = known?.code ?? "INTERNAL";
  const message = known && status < 500 ? known.message : known ? known.message : "internal error; try again later";
  for (const [k, v] of Object.entries(known?.headers ?? {})) res.setHeader(k, v);
  res.removeHeader("set-cookie");
  // An unread request body (e.g. a 413) leaves the connection unusable: tell the client not to reuse it.
  if (!res.req.complete) res.setHeader("connection", "close");
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-bonafide-error": code,
  });
  if (debugReport) {
    res.end(debugReport(status, `${code}: ${message}`));
    return status;
  }
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${status}</title></head><body><h1>${status}</h1><p>${message.replace(/[<>&]/g, "")}</p><p><small>${code} · ${requestId}</small></p></body></html>`,
  );
  return status;
}
