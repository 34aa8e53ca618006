/**
 * @module Turning a handler's result into the answer: the barrier over every call the page started,
 * required failures → 504 (timeout) / 502, optional failures → a degraded, uncacheable page, then render
 * (TSX here, XSLT in the pool), post-processors, debug report; and the one place errors become answers.
 */
import type { ServerResponse } from "node:http";
import type { Logger } from "../log.ts";
import { describeError } from "../log.ts";
import { type CallRecord, type CallResult, type CallScope, checkNow, failedSoFar } from "./call.ts";
import { type DebugMode, type PageTrace, traceReport } from "./debug.ts";
import { documentToData, documentToXml, type Resolved, resolveDocument } from "./document.ts";
import { AggregatorError } from "./errors.ts";
import type { Metrics } from "./metrics.ts";
import type { Page, PageResult, PageState } from "./page.ts";
import type { PostProcessor } from "./postprocess/types.ts";
import { inspectProxyCall, proxyCall } from "./proxy.ts";
import { DOCTYPE_HTML, DOCTYPE_START, withDoctypeText } from "./render/doctype.ts";
import { isMalformedInput, type RenderPool } from "./render/pool.ts";
import type { XsltTemplate } from "./render/template.ts";
import { toWire } from "./render/wire.ts";
import type { RequiredFailure } from "./scope.ts";

/** What the handler's page left: the Page it was given and the state it set (createPage's result). */
export interface HandledPage {
  readonly page: Page;
  readonly state: PageState;
}

/** The page's calls: their scope and the required failure that decided the page, if any (createCallScope's result). */
export interface PageCalls {
  readonly scope: CallScope;
  requiredFailure(): RequiredFailure | null;
}

/** Renders and post-processes pages: one per aggregator, holding what every page shares. */
export interface Responder {
  /** Answers the page the handler returned; returns the status sent. Throws an AggregatorError to answer. */
  finishPage(
    res: ServerResponse,
    result: PageResult,
    handled: HandledPage,
    calls: PageCalls,
    lang: string,
    debug: DebugMode,
    trace: PageTrace,
  ): Promise<number>;
}

function applyHeaders(res: ServerResponse, state: PageState): void {
  for (const [k, v] of state.headers) res.setHeader(k, v);
  if (state.cookies.length) res.setHeader("set-cookie", state.cookies);
}

/**
 * A failed required call decides the page's status: a timeout 504, a 401/403/404 passes through (the
 * vacancy does not exist), anything else 502 (Frontik's fail_fast mapping).
 */
function requiredError(r: RequiredFailure): AggregatorError {
  const message = `a required back-end failed: ${r.message}`;
  if (r.failure === "timeout" || r.failure === "deadline") return new AggregatorError("BACKEND_TIMEOUT", message);
  if (r.status === 404) return new AggregatorError("BACKEND_NOT_FOUND", `not found (${r.message})`);
  if (r.status === 403) return new AggregatorError("BACKEND_FORBIDDEN", `forbidden (${r.message})`);
  if (r.status === 401) return new AggregatorError("BACKEND_UNAUTHORIZED", `unauthorized (${r.message})`);
  return new AggregatorError("BACKEND_FAILED", message);
}

/** Answers the debug report instead of the page (200, never cached). */
function sendDebugReport(res: ServerResponse, report: string): number {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(report);
  return 200;
}

const decoder = new TextDecoder();
const DOCTYPE = Buffer.from(DOCTYPE_HTML);

/**
 * The page with a doctype in front unless it starts with one (render/doctype.ts), in one piece. A render
 * thread's bytes have theirs already, so they pass as they are.
 */
function withDoctype(html: string | Uint8Array): string | Uint8Array {
  if (typeof html === "string") return withDoctypeText(html);
  const head = Buffer.from(html.buffer, html.byteOffset, Math.min(9, html.byteLength)).toString("latin1");
  return DOCTYPE_START.test(head) ? html : Buffer.concat([DOCTYPE, html]);
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
 * The back-ends the page is missing, once every call has settled. A page rendered with XSLT leaves its XML
 * bodies' full check to libxml2, which reads them anyway (renderXsltPage); every other answer checks them
 * now — by parsing them when the data is read on this thread (`readHere`: TSX here, the raw document), so
 * they are read once; a page rendered in a worker parses there.
 */
function degradedBackends(all: readonly CallResult[], checkBodies: boolean, readHere: boolean): string[] {
  if (checkBodies) failMalformed(all.filter((r) => checkNow(r, readHere)));
  return [...new Set(all.filter(failedSoFar).map((r) => r.backend))];
}

/** A redirect or a text answer (no document, no render); null for a page to render. */
function sendPlain(res: ServerResponse, result: PageResult, status: number): number | null {
  if (result.type === "redirect") {
    res.writeHead(result.status, { location: result.location }).end();
    return result.status;
  }
  if (result.type === "text") {
    res.writeHead(status, { "content-type": result.contentType }).end(result.body);
    return status;
  }
  return null;
}

/** `?_raw=1`: the resolved document as data instead of the rendered page. */
function sendRaw(res: ServerResponse, status: number, data: unknown): number {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(data, null, 2));
  return status;
}

/** A post-processor's failed call (say, translations) also leaves a lesser page: mark it, never cache it. */
function markLateFailures(res: ServerResponse, records: readonly CallRecord[], from: number, degraded: string[]): void {
  const late = records.slice(from).filter((r) => r.failure && !degraded.includes(r.backend));
  if (!late.length) return;
  degraded.push(...new Set(late.map((r) => r.backend)));
  markDegraded(res, degraded);
}

/** Writes the rendered page (no body for HEAD). */
function sendHtml(res: ServerResponse, status: number, html: string | Uint8Array): number {
  if (!res.hasHeader("content-type")) res.setHeader("content-type", "text/html; charset=utf-8");
  if (res.req.method === "HEAD") res.writeHead(status).end();
  else res.writeHead(status).end(html);
  return status;
}

/**
 * A proxied page: passed through with backpressure, or in debug mode what it would have answered. A raw
 * view has no document to show. Not async: the pass-through's own promise is the answer's (no extra step
 * per proxied page).
 */
function answerProxy(
  res: ServerResponse,
  result: Extract<PageResult, { type: "proxy" }>,
  state: PageState,
  scope: CallScope,
  debug: DebugMode,
  trace: PageTrace,
): Promise<number> {
  if (debug === "raw")
    throw new AggregatorError("BAD_REQUEST", "a proxied page has no document to show; use ?_debug without _raw");
  if (debug === "debug")
    return inspectProxyCall(scope, result.backend, result.options, res.req).then((proxied) =>
      sendDebugReport(
        res,
        traceReport(trace, { status: proxied.status, template: null, postprocessMs: 0, degraded: [], proxied }),
      ),
    );
  return proxyCall(scope, result.backend, result.options, res.req, res, state.headers, state.cookies);
}

/**
 * Renders the page with XSLT. libxml2 reads the page document whole, and with it every XML body (whose
 * shape was checked at call time, see checkXmlShape): when it refuses the document, the bodies get their
 * full check here, those that fail become failed calls (error elements, the page degraded), and the page
 * is rendered again. A document refused with every body well-formed is a render failure.
 */
async function renderXsltPage(
  pool: RenderPool,
  template: XsltTemplate,
  resolved: Resolved,
  all: readonly CallResult[],
  lang: string,
  degraded: string[],
  timeoutMs: number,
): Promise<Uint8Array> {
  return renderReading(all, degraded, () => {
    const metaXml = `<meta><lang>${lang}</lang>${degraded.map((d) => `<degraded>${d}</degraded>`).join("")}</meta>`;
    const xml = documentToXml(resolved).replace(/<\/page>$/, `${metaXml}</page>`);
    return pool.renderXslt(template, xml, timeoutMs);
  });
}

/**
 * Runs `render` on a render thread that reads the XML bodies itself (libxml2 for XSLT, the XML reader for a
 * pooled TSX page), the only place they are fully checked. When the thread refuses the input, the bodies get
 * their full check here, those that fail become failed calls (a required one fails the page, 502; others
 * leave it degraded) and `render` runs again with them as errors. A refusal with every body well-formed is
 * a render failure.
 */
async function renderReading<T>(all: readonly CallResult[], degraded: string[], render: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await render();
    } catch (error) {
      const failed = isMalformedInput(error) ? all.filter((r) => checkNow(r)) : [];
      if (!failed.length) throw error;
      failMalformed(failed);
      for (const r of failed) if (!degraded.includes(r.backend)) degraded.push(r.backend);
    }
  }
}

/** The responder of one aggregator: its render pool, its metrics, its site's post-processors. */
export function createResponder(
  pool: RenderPool,
  metrics: Metrics,
  postprocessors: readonly PostProcessor[],
): Responder {
  async function finishPage(
    res: ServerResponse,
    result: PageResult,
    { page, state }: HandledPage,
    { scope, requiredFailure }: PageCalls,
    lang: string,
    debug: DebugMode,
    trace: PageTrace,
  ): Promise<number> {
    if (result.type === "proxy") return answerProxy(res, result, state, scope, debug, trace);
    // The barrier: every call the page started finishes (or is cancelled) before the answer (Frontik's finish group).
    const resolved = await resolveDocument(page.doc);
    const all = await Promise.all(state.calls.map((c) => c.result));
    const required = requiredFailure();
    if (required) throw requiredError(required);
    // A render thread reads (and so checks) the XML bodies itself: XSLT, and TSX rendered in the pool.
    const inThread =
      result.type === "render" && (result.template.kind === "xslt" || result.template.kind === "tsx-worker");
    const readHere = debug === "raw" || (result.type === "render" && result.template.kind === "tsx");
    const degraded = degradedBackends(all, !inThread || debug === "raw", readHere);
    applyHeaders(res, state);
    markDegraded(res, degraded);
    const plain = sendPlain(res, result, state.status);
    if (plain !== null || result.type !== "render") return plain ?? state.status;
    const info = { path: page.path, query: Object.fromEntries(page.query), lang, degraded };
    const meta = { lang, degraded, requestId: scope.requestId };
    // Built only when needed: a pool-rendered page parses its XML in the worker, not here.
    const dataOf = () => ({
      ...(documentToData(resolved) as Record<string, unknown>),
      meta,
    });
    if (debug === "raw") return sendRaw(res, state.status, dataOf());
    const template = result.template;
    const renderStart = performance.now();
    let html: string | Uint8Array; // an XSLT page stays bytes unless a post-processor needs its text
    const timeoutMs = Math.max(1000, scope.deadline - Date.now());
    if (template.kind === "tsx") {
      html = String(await (await template.render(dataOf(), info)).toString());
    } else if (template.kind === "tsx-worker") {
      const job = () => ({
        module: template.module,
        exportName: template.exportName,
        doc: toWire(resolved),
        extra: { meta },
        info,
      });
      html = await renderReading(all, degraded, () => pool.renderTsx(job(), timeoutMs));
      markDegraded(res, degraded);
    } else {
      html = await renderXsltPage(pool, template, resolved, all, lang, degraded, timeoutMs);
      markDegraded(res, degraded);
    }
    const renderMs = performance.now() - renderStart;
    metrics.observeRender(template.kind, renderMs);
    const postStart = performance.now();
    const ctx = {
      lang,
      query: page.query,
      cookies: page.cookies,
      requestId: scope.requestId,
      fetch: (backend: string, options: Parameters<Page["fetch"]>[1] & object) => page.fetch(backend, options).result,
    };
    const callsBefore = scope.records.length;
    for (const p of postprocessors) html = await p.run(typeof html === "string" ? html : decoder.decode(html), ctx);
    const postMs = performance.now() - postStart;
    markLateFailures(res, scope.records, callsBefore, degraded);
    html = withDoctype(html);
    if (debug === "debug") {
      const report = traceReport(trace, {
        status: state.status,
        template: { name: template.name, engine: template.kind, ms: Math.round(renderMs * 10) / 10 },
        postprocessMs: Math.round(postMs * 10) / 10,
        degraded,
      });
      return sendDebugReport(res, report);
    }
    return sendHtml(res, state.status, html);
  }
  return { finishPage };
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
