/**
 * @module The rules in front of the Worker: every request except /_bonafide/* (so a bad rule can never lock
 * the admin out) is evaluated before the app — and so before the page cache and the origin fall-through. A
 * rewrite re-enters the app with the new URL; redirects, proxies, fixed answers and loop errors end here.
 */
import { evaluateRules, type RuleEvaluation } from "../../shared/rules/evaluate.ts";
import type { EdgeBindings } from "../env.ts";
import { type ActiveRules, getActiveRules } from "./active.ts";

export const RULE_HEADER = "x-bonafide-rule";
export const RULES_VERSION_HEADER = "x-bonafide-rules-version";
export const ADMIN_PREFIX = "/_bonafide/";

type Next = (request: Request) => Promise<Response> | Response;

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** Response headers: the rule trail for debugging, then the rules' own set/remove. */
function decorate(response: Response, evaluation: RuleEvaluation, version: number): Response {
  const out = new Response(response.body, response);
  out.headers.set(RULE_HEADER, evaluation.applied.join(", "));
  out.headers.set(RULES_VERSION_HEADER, String(version));
  for (const name of evaluation.response.remove) out.headers.delete(name);
  for (const [name, value] of Object.entries(evaluation.response.set)) out.headers.set(name, value);
  return out;
}

function requestHeaders(request: Request, evaluation: RuleEvaluation): Headers {
  const headers = new Headers(request.headers);
  for (const name of evaluation.request.remove) headers.delete(name);
  for (const [name, value] of Object.entries(evaluation.request.set)) headers.set(name, value);
  return headers;
}

async function proxy(request: Request, url: string, evaluation: RuleEvaluation): Promise<Response> {
  const headers = requestHeaders(request, evaluation);
  const original = new URL(request.url);
  headers.set("x-forwarded-host", request.headers.get("host") ?? original.host);
  headers.set("x-forwarded-proto", original.protocol.slice(0, -1));
  headers.delete("host");
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
    return jsonError(502, "PROXY_FAILED", `the proxy origin did not answer (${String(error)})`);
  }
}

/** Applies the live rules to `request`, calling `next` (the app) for anything the rules let through. */
export async function applyRules(request: Request, env: EdgeBindings, next: Next): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname.startsWith(ADMIN_PREFIX) || !env.RULES) return next(request);
  let active: ActiveRules | null;
  let evaluation: RuleEvaluation;
  try {
    active = await getActiveRules(env.RULES);
    if (!active) return next(request);
    const country = (request.cf as { country?: string } | undefined)?.country ?? null;
    const headers = Object.fromEntries(request.headers);
    evaluation = evaluateRules(active.index, { url: request.url, method: request.method, headers, country });
  } catch (error) {
    // Never fail a request because of the rules machinery itself: serve it as if no rule matched.
    console.error(JSON.stringify({ level: "error", msg: "rules evaluation failed", error: String(error) }));
    return next(request);
  }
  // A request the regexes could not finish (too long a path, budget spent) is answered, not let through.
  if (evaluation.applied.length === 0 && evaluation.outcome.type !== "error") return next(request);
  const { outcome } = evaluation;
  let response: Response;
  switch (outcome.type) {
    case "continue": {
      // A rewritten URL that lands on the admin paths would bypass the rule above; validation forbids it.
      const target = new URL(outcome.url).pathname.startsWith(ADMIN_PREFIX) ? request.url : outcome.url;
      response = await next(
        new Request(target, { ...requestInit(request), headers: requestHeaders(request, evaluation) }),
      );
      break;
    }
    case "redirect":
      // RFC 9110 §15.4: the Location header carries the target; no body is needed.
      response = new Response(null, { status: outcome.status, headers: { location: outcome.location } });
      break;
    case "proxy":
      response = await proxy(request, outcome.url, evaluation);
      break;
    case "respond": {
      const noBody = [204, 205, 304].includes(outcome.status) || request.method === "HEAD";
      response = new Response(noBody ? null : outcome.body, { status: outcome.status, headers: outcome.headers });
      break;
    }
    case "error":
      response = jsonError(outcome.status, outcome.code, outcome.message);
      break;
  }
  return decorate(response, evaluation, active.version);
}

function requestInit(request: Request): RequestInit {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return { method: request.method, body: hasBody ? request.body : null, redirect: request.redirect };
}
