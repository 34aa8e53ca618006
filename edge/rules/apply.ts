/**
 * @module The rules in front of the Worker: every request except /_bonafide/* (so a bad rule can never lock
 * the admin out) is evaluated before the app — and so before the page cache and the origin fall-through. A
 * rewrite re-enters the app with the new URL; redirects, proxies, fixed answers and loop errors end here.
 */
import { evaluateRules, mayApplyAt, type RuleEvaluation } from "../../shared/rules/evaluate.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError, errorResponse } from "../errors.ts";
import { addEdgeHeaders, clientHeaders } from "../forward-headers.ts";
import type { RequestLog } from "../log.ts";
import { requireOnOrigin } from "../origin-url.ts";
import { type ActiveRules, getActiveRules } from "./active.ts";

export const RULE_HEADER = "x-bonafide-rule";
export const RULES_VERSION_HEADER = "x-bonafide-rules-version";
export const ADMIN_PREFIX = "/_bonafide/";

type Next = (request: Request) => Promise<Response> | Response;

/** Response headers: the rule trail for debugging, then the rules' own set/remove. */
function decorate(response: Response, evaluation: RuleEvaluation, version: number): Response {
  const out = new Response(response.body, response);
  out.headers.set(RULE_HEADER, evaluation.applied.join(", "));
  out.headers.set(RULES_VERSION_HEADER, String(version));
  for (const name of evaluation.response.remove) out.headers.delete(name);
  for (const [name, value] of Object.entries(evaluation.response.set)) out.headers.set(name, value);
  return out;
}

/** `headers` with the rules' own set/remove applied. */
function requestHeaders(headers: Headers, evaluation: RuleEvaluation): Headers {
  for (const name of evaluation.request.remove) headers.delete(name);
  for (const [name, value] of Object.entries(evaluation.request.set)) headers.set(name, value);
  return headers;
}

/**
 * Forwards to the rule's named origin. The URL was built from that origin and a templated path; it is
 * checked against the origin again so no capture (`$1 = //evil`) can point it elsewhere. A proxy origin
 * is the operator's third party: it gets forwarding headers but never the edge's proof of origin.
 */
async function proxy(request: Request, url: URL, evaluation: RuleEvaluation, requestId: string): Promise<Response> {
  // Internal headers a client sent are dropped first, so only the rules themselves can set them.
  const headers = addEdgeHeaders(requestHeaders(clientHeaders(request), evaluation), request, null, requestId);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  try {
    // redirect: "manual" — the client sees the upstream's redirects, as with nginx proxy_pass.
    return await fetch(url, {
      method: request.method,
      headers,
      body: hasBody ? request.body : null,
      redirect: "manual",
    });
  } catch (error) {
    throw new EdgeError("PROXY_FAILED", `the proxy origin did not answer (${String(error)})`, { cause: error });
  }
}

/**
 * Applies the live rules to `request`, calling `next` (the app) for anything the rules let through; what the
 * rules answer themselves (errors included) is recorded in the request's `log` event.
 */
export async function applyRules(
  request: Request,
  rawPath: string,
  env: EdgeBindings,
  log: RequestLog,
  next: Next,
): Promise<Response> {
  // The URL's path as the URL parser gives it. `rawPath` (Hono's getPath: the URL's text up to `?`) is the
  // same text unless it holds a percent-escape, which getPath decodes and the rules must not.
  const pathname = rawPath.includes("%") ? new URL(request.url).pathname : rawPath;
  if (pathname.startsWith(ADMIN_PREFIX) || !env.RULES) return next(request);
  let active: ActiveRules | null;
  let evaluation: RuleEvaluation;
  try {
    active = await getActiveRules(env.RULES, readEdgeConfig(env).rulesRecheckMs, log);
    // Most requests meet no rule that could match: skip the URL, the header map and the evaluation (same
    // outcome).
    if (!active) return next(request);
    const host = request.headers.get("host") ?? new URL(request.url).host;
    if (!mayApplyAt(active.index, host, pathname)) return next(request);
    const country = (request.cf as { country?: string } | undefined)?.country ?? null;
    const headers = Object.fromEntries(request.headers);
    evaluation = evaluateRules(active.index, { url: request.url, method: request.method, headers, country });
  } catch (error) {
    // Never fail a request because of the rules machinery itself: serve it as if no rule matched.
    log.report({ level: "error", msg: "rules evaluation failed", error: String(error) });
    return next(request);
  }
  // A request the regexes could not finish (too long a path, budget spent) is answered, not let through.
  if (evaluation.applied.length === 0 && evaluation.outcome.type !== "error") return next(request);
  try {
    return decorate(await act(request, evaluation, active.index.origins, log, next), evaluation, active.version);
  } catch (error) {
    if (!(error instanceof EdgeError)) throw error;
    log.recordError(error);
    return decorate(errorResponse(error), evaluation, active.version);
  }
}

/** What the outcome says: the app with the rewritten URL, a redirect, a proxy, a fixed answer or an error. */
async function act(
  request: Request,
  evaluation: RuleEvaluation,
  origins: ReadonlyMap<string, string>,
  log: RequestLog,
  next: Next,
): Promise<Response> {
  const { outcome } = evaluation;
  switch (outcome.type) {
    case "continue": {
      // A rewrite stays on the request's own origin; the app (the page fall-through included) filters headers.
      const rewritten = requireOnOrigin(new URL(outcome.url), new URL(new URL(request.url).origin));
      // A rewritten URL that lands on the admin paths would bypass the rule above; validation forbids it.
      const target = rewritten.pathname.startsWith(ADMIN_PREFIX) ? request.url : rewritten.href;
      return next(
        new Request(target, {
          ...requestInit(request),
          headers: requestHeaders(new Headers(request.headers), evaluation),
        }),
      );
    }
    case "redirect":
      // RFC 9110 §15.4: the Location header carries the target; no body is needed.
      return new Response(null, { status: outcome.status, headers: { location: outcome.location } });
    case "proxy": {
      const origin = origins.get(outcome.origin);
      if (origin === undefined) throw new EdgeError("PROXY_FAILED", `no origin named ${outcome.origin}`);
      return proxy(request, requireOnOrigin(new URL(outcome.url), new URL(origin)), evaluation, log.requestId);
    }
    case "respond": {
      const noBody = [204, 205, 304].includes(outcome.status) || request.method === "HEAD";
      return new Response(noBody ? null : outcome.body, { status: outcome.status, headers: outcome.headers });
    }
    case "error":
      // The rules' own refusals are codes of the edge's table too (same statuses: test/edge/errors.test.ts).
      throw new EdgeError(outcome.code, outcome.message);
  }
}

function requestInit(request: Request): RequestInit {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return { method: request.method, body: hasBody ? request.body : null, redirect: request.redirect };
}
