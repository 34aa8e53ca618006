/**
 * @module Debug mode: with the debug token (`?_debug=TOKEN`, the `bonafide_debug` cookie, or
 * `Authorization: Bearer TOKEN`) a page answers, instead of itself, a report of every back-end call
 * (method, URL, status, size, time, tries, cache, curl line) and the render time. `?_raw=1` with the same
 * token shows the resolved document as data instead of the rendered page. Never cacheable.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { CallRecord } from "./call.ts";
import { AggregatorError } from "./errors.ts";
import type { ProxiedAnswer } from "./proxy.ts";

export type DebugMode = "off" | "debug" | "raw";

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Which mode the request asks for; throws DEBUG_UNAUTHORIZED if it asks without the right token. */
export function readDebugMode(
  token: string | null,
  url: URL,
  headers: IncomingHttpHeaders,
  cookies: Record<string, string>,
): DebugMode {
  const wantsRaw = url.searchParams.get("_raw") === "1";
  const offered =
    url.searchParams.get("_debug") ||
    cookies.bonafide_debug ||
    (headers.authorization?.startsWith("Bearer ") ? headers.authorization.slice(7) : null);
  const wants = url.searchParams.has("_debug") || wantsRaw;
  if (!wants) return "off";
  if (token === null)
    throw new AggregatorError("DEBUG_UNAUTHORIZED", "debug mode is disabled here (no BONAFIDE_DEBUG_TOKEN)");
  if (offered === null || !same(offered, token))
    throw new AggregatorError(
      "DEBUG_UNAUTHORIZED",
      "debug mode needs the debug token: ?_debug=TOKEN, cookie bonafide_debug or a bearer token",
    );
  return wantsRaw ? "raw" : "debug";
}

export interface DebugReport {
  readonly requestId: string;
  readonly route: string;
  readonly status: number;
  readonly error?: string;
  readonly totalMs: number;
  readonly deadlineMs: number;
  readonly template: { readonly name: string; readonly engine: string; readonly ms: number } | null;
  readonly postprocessMs: number;
  readonly degraded: readonly string[];
  readonly calls: readonly CallRecord[];
  /** A proxied page: what it would have answered (the body itself is not sent in debug mode). */
  readonly proxied?: ProxiedAnswer;
}

/**
 * One request's trail for its debug report and its log line (server.ts, respond.ts): its route and
 * deadline are filled in as they become known, its calls as they finish.
 */
export interface PageTrace {
  readonly requestId: string;
  /** performance.now() when the request arrived. */
  readonly started: number;
  route: string;
  deadlineMs: number;
  readonly records: CallRecord[];
}

/** The debug report of `trace` with what differs by outcome (a rendered page, a proxied one, an error). */
export function traceReport(
  trace: PageTrace,
  fields: Pick<DebugReport, "status" | "error" | "template" | "postprocessMs" | "degraded" | "proxied">,
): string {
  return renderDebugReport({
    requestId: trace.requestId,
    route: trace.route,
    totalMs: Math.round(performance.now() - trace.started),
    deadlineMs: trace.deadlineMs,
    calls: trace.records,
    ...fields,
  });
}

function esc(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot" }[c]};`);
}

function renderProxied(p: ProxiedAnswer): string {
  const headers = Object.entries(p.headers)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `${esc(k)}: ${esc(one)}`))
    .join("\n");
  const size = p.truncated ? `the first ${p.bytes} bytes (not fetched further)` : `${p.bytes} bytes`;
  return `<h2>proxied from ${esc(p.backend)}: ${p.status}, ${size}</h2><pre>${headers}</pre>`;
}

/** The debug page as HTML (the JSON of the report is embedded for tools). */
export function renderDebugReport(r: DebugReport): string {
  const rows = r.calls
    .map(
      (c) =>
        `<tr class="${c.failure ? "fail" : "ok"}"><td>${esc(c.backend)}${c.required ? "" : " (optional)"}</td><td>${c.method}</td><td>${esc(c.url)}</td><td>${c.status ?? c.failure}</td><td>${c.bytes}</td><td>${c.ms}</td><td>${c.tries}${c.hedge ? ` (hedge ${c.hedge})` : ""}</td><td>${c.cache}</td><td><code>${esc(c.curl)}</code></td></tr>`,
    )
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>debug ${esc(r.route)}</title>
<style>body{font:14px system-ui;margin:1rem}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}.fail{background:#fdd}code{font-size:12px}</style></head>
<body><h1>${esc(r.route)} → ${r.status}</h1>${r.error ? `<p class="fail">${esc(r.error)}</p>` : ""}<p>request ${esc(r.requestId)} · total ${r.totalMs} ms · deadline ${r.deadlineMs} ms · template ${r.template ? `${esc(r.template.name)} (${r.template.engine}) ${r.template.ms} ms` : "none"} · post-processing ${r.postprocessMs} ms${r.degraded.length ? ` · degraded: ${esc(r.degraded.join(", "))}` : ""}</p>
${r.proxied ? renderProxied(r.proxied) : ""}<table><tr><th>back-end</th><th>method</th><th>URL</th><th>status</th><th>bytes</th><th>ms</th><th>tries</th><th>cache</th><th>curl</th></tr>${rows}</table>
<script type="application/json" id="debug-report">${JSON.stringify(r).replace(/</g, "\\u003c")}</script></body></html>`;
}
