/**
 * @module Running a request through the rules: the first matching terminal rule in order wins, `headers`
 * rules accumulate, a rewrite restarts matching with the new URL — at most MAX_REWRITES times, and a URL
 * seen twice in one chain is reported as a loop at once rather than after ten rounds.
 */
import { newStepBudget, RegexLimitError, type StepBudget } from "./budget.ts";
import type { CompiledRule, MatchRequest } from "./compile-rule.ts";
import { type HeaderChanges, MAX_REWRITES, type RuleAction } from "./model.ts";
import { type Captures, normalizePath } from "./path.ts";
import type { RuleIndex } from "./rule-index.ts";
import { type RequestVariables, TemplateValueError } from "./template.ts";

/** A request as rules see it: plain values, so the same code runs in the Worker, the CLI and tests. */
export interface RuleRequest {
  url: string;
  method?: string;
  /** Header names in any case. `host` here wins over the URL's host (it is what `curl -H 'Host: …'` sets). */
  headers?: Record<string, string>;
  country?: string | null;
}

export interface RuleStep {
  rule: string;
  action: RuleAction["type"];
  url: string;
  /** The new URL (rewrite), Location (redirect) or upstream URL (proxy). */
  to?: string;
}

export type RuleOutcome =
  | { type: "continue"; url: string }
  | { type: "redirect"; status: number; location: string }
  | { type: "proxy"; origin: string; url: string }
  | { type: "respond"; status: number; body: string; headers: Record<string, string> }
  | { type: "error"; status: 508; code: "RULE_LOOP" | "RULE_CHAIN_TOO_LONG"; message: string }
  | { type: "error"; status: 400; code: "RULE_BAD_VALUE"; message: string }
  | { type: "error"; status: 414 | 503; code: RegexLimitError["code"]; message: string };

export interface RuleEvaluation {
  outcome: RuleOutcome;
  steps: RuleStep[];
  /** Ids of every rule that applied, in order (the `x-bonafide-rule` header). */
  applied: string[];
  request: Required<HeaderChanges>;
  response: Required<HeaderChanges>;
  /** Regex steps this evaluation spent, out of its budget (REGEX_STEP_BUDGET unless the caller gave one). */
  regexSteps: number;
}

/** The host rules match on: the Host header when given (as `curl -H 'Host: …'` sets it), else the URL's. */
function ruleHost(url: URL, hostHeader: string | undefined | null): string {
  return hostKey(hostHeader ?? url.host);
}

/** A host as rules match it: lower case, without port or trailing dot. */
function hostKey(host: string): string {
  return host.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
}

/**
 * Whether any rule could apply to a request for `pathname` (a URL's path, as the URL parser gives it) at
 * `host` (its Host header, else its URL's host): false when the index has no candidate for its
 * host and path, so that evaluating it would change nothing — a caller may then skip evaluation (and building
 * the header map) altogether. Cheap: the index lookup evaluation itself starts with.
 */
export function mayApplyAt(index: RuleIndex, host: string, pathname: string): boolean {
  return index.candidates(hostKey(host), normalizePath(pathname)).length > 0;
}

function toMatchRequest(url: URL, input: RuleRequest): MatchRequest {
  const headers = new Map(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  let cookies: Map<string, string> | null = null;
  const hostHeader = headers.get("host");
  return {
    method: (input.method ?? "GET").toUpperCase(),
    host: ruleHost(url, hostHeader),
    path: normalizePath(url.pathname),
    query: url.searchParams,
    header: (name) => headers.get(name) ?? null,
    cookie(name) {
      if (!cookies) {
        cookies = new Map();
        // RFC 6265 §5.4: `name=value` pairs separated by "; "
        for (const pair of (headers.get("cookie") ?? "").split(";")) {
          const eq = pair.indexOf("=");
          const name = pair.slice(0, eq).trim();
          // The first of two cookies with one name, as nginx's $cookie_NAME reads it
          if (eq > 0 && !cookies.has(name)) cookies.set(name, pair.slice(eq + 1).trim());
        }
      }
      return cookies.get(name) ?? null;
    },
    country: (input.country ?? headers.get("cf-ipcountry") ?? null)?.toUpperCase() ?? null,
  };
}

/**
 * The first matching terminal rule for `req`, and every matching `headers` rule wherever it stands (headers
 * rules decorate whatever happens, as Netlify's and Vercel's do; order only decides between terminal rules).
 */
export function findMatch(
  index: RuleIndex,
  req: MatchRequest,
  budget: StepBudget,
): { terminal: { rule: CompiledRule; captures: Captures } | null; headers: CompiledRule[] } {
  const headers: CompiledRule[] = [];
  let terminal: { rule: CompiledRule; captures: Captures } | null = null;
  for (const rule of index.candidates(req.host, req.path)) {
    const isHeaders = rule.rule.action.type === "headers";
    if ((terminal && !isHeaders) || !rule.matchConditions(req)) continue;
    const captures = rule.matchPath(req.path, budget);
    if (!captures) continue;
    if (isHeaders) headers.push(rule);
    else terminal = { rule, captures };
  }
  return { terminal, headers };
}

function withQuery(target: string, url: URL, keep: boolean | undefined, usesQuery = false): string {
  const query = url.search.slice(1);
  if (keep === false || !query || (keep === undefined && usesQuery)) return target;
  return `${target}${target.includes("?") ? "&" : "?"}${query}`;
}

/** The raw value of the first `name` parameter of `search` (nginx's $arg_NAME: names case-insensitive). */
function rawArg(search: string, name: string): string {
  for (const pair of search.slice(1).split("&")) {
    const eq = pair.indexOf("=");
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key.toLowerCase() === name) return eq === -1 ? "" : pair.slice(eq + 1);
  }
  return "";
}

/** nginx's request variables for one matching round (the URL as rewritten so far, the client's headers). */
function requestVariables(url: URL, req: MatchRequest): RequestVariables {
  const args = url.search.slice(1);
  return {
    scheme: url.protocol.slice(0, -1),
    host: req.host,
    uri: req.path,
    request_uri: url.pathname + url.search,
    args,
    query_string: args,
    is_args: url.search ? "?" : "",
    arg: (name) => rawArg(url.search, name),
    header: (name) => req.header(name) ?? "",
    cookie: (name) => req.cookie(name) ?? "",
  };
}

/**
 * A substituted path such as `/$1` can start with `//` when a capture starts with `/` (or `/\`, which URL
 * parsing reads as `//`); that would be a scheme-relative reference to another host (RFC 3986 §4.2).
 * Keep it a path on this host.
 */
function samePath(target: string): string {
  return target.replace(/^[/\\]{2,}/, "/");
}

/**
 * Runs `input` through the rules and says what the edge should do. Pure; never throws on a request. Every regex
 * of every round draws from one `budget`, made here per call unless given; a path too long for the regexes
 * ends in a 414 outcome and a spent budget in a 503 one (fail closed: skipping the rest could skip a deny rule).
 */
export function evaluateRules(
  index: RuleIndex,
  input: RuleRequest,
  budget: StepBudget = newStepBudget(),
): RuleEvaluation {
  const result: RuleEvaluation = {
    outcome: { type: "continue", url: input.url },
    steps: [],
    applied: [],
    request: { set: {}, remove: [] },
    response: { set: {}, remove: [] },
    regexSteps: 0,
  };
  try {
    return { ...runRules(index, input, budget, result), regexSteps: budget.used };
  } catch (error) {
    if (error instanceof TemplateValueError) {
      const outcome: RuleOutcome = { type: "error", status: 400, code: error.code, message: error.message };
      return { ...result, outcome, regexSteps: budget.used };
    }
    if (!(error instanceof RegexLimitError)) throw error;
    const outcome: RuleOutcome = { type: "error", status: error.status, code: error.code, message: error.message };
    return { ...result, outcome, regexSteps: budget.used };
  }
}

function runRules(index: RuleIndex, input: RuleRequest, budget: StepBudget, result: RuleEvaluation): RuleEvaluation {
  let url = new URL(input.url);
  result.outcome = { type: "continue", url: url.href };
  const seen = new Set<string>([url.href]);
  for (let rewrites = 0; ; ) {
    const req = toMatchRequest(url, input);
    const { terminal, headers } = findMatch(index, req, budget);
    for (const h of headers) {
      const action = h.rule.action;
      if (action.type !== "headers") continue;
      if (result.applied.includes(h.rule.id)) continue; // once per request, however long the chain
      result.applied.push(h.rule.id);
      result.steps.push({ rule: h.rule.id, action: "headers", url: url.href });
      for (const [side, ch] of [
        ["request", action.request],
        ["response", action.response],
      ] as const) {
        Object.assign(result[side].set, ch?.set ?? {});
        result[side].remove.push(...(ch?.remove ?? []));
      }
    }
    if (!terminal) return { ...result, outcome: { type: "continue", url: url.href } };
    const { rule, captures } = terminal;
    const action = rule.rule.action;
    result.applied.push(rule.rule.id);
    const vars = requestVariables(url, req);
    const rendered = rule.target?.render(captures, vars);
    const step: RuleStep = { rule: rule.rule.id, action: action.type, url: url.href };
    result.steps.push(step);
    switch (action.type) {
      case "rewrite": {
        const next = new URL(samePath(withQuery(rendered ?? "/", url, action.keepQuery, rule.target?.usesQuery)), url);
        step.to = next.href;
        if (action.final) return { ...result, outcome: { type: "continue", url: next.href } };
        rewrites++;
        const chain = result.steps.filter((s) => s.action === "rewrite").map((s) => s.rule);
        if (seen.has(next.href)) {
          const message = `rewrite loop: ${chain.join(" → ")} leads back to ${next.pathname}${next.search}`;
          return { ...result, outcome: { type: "error", status: 508, code: "RULE_LOOP", message } };
        }
        if (rewrites > MAX_REWRITES) {
          const message = `more than ${MAX_REWRITES} rewrites in a row (${chain.join(" → ")}); shorten the chain`;
          return { ...result, outcome: { type: "error", status: 508, code: "RULE_CHAIN_TOO_LONG", message } };
        }
        seen.add(next.href);
        url = next;
        continue;
      }
      case "redirect": {
        const target = withQuery(rendered ?? "/", url, action.keepQuery, rule.target?.usesQuery);
        // RFC 9110 §10.2.2 allows a relative Location; encode it through the URL parser either way. Whether it
        // may name another site is up to the target as written: an absolute one names its own (its host-part
        // values are checked in template.ts); one that starts with a request's value (`$arg_next`, `$1`) may go
        // to any http(s) URL that value names; any other stays a path on this site, whatever the values hold.
        const written = rule.target?.isStatic === false && !rule.target.startsWithVariable ? rule.rule.action : null;
        const writtenTo = written && "to" in written ? (written.to ?? "") : null;
        const absolute =
          writtenTo !== null
            ? /^([a-z][a-z0-9+.-]*:|\$\{?scheme\b)/i.test(writtenTo)
            : /^[a-z][a-z0-9+.-]*:/i.test(target);
        const parsed = new URL(absolute ? target : samePath(target), url);
        if (absolute && rule.target?.startsWithVariable && !/^https?:$/.test(parsed.protocol))
          throw new TemplateValueError(
            `the redirect target names a ${parsed.protocol} URL; only http(s) can be redirected to`,
          );
        // The parser resolves dot segments, so `/.//evil.example` would come out as `//evil.example`: samePath again.
        const location = absolute ? parsed.href : `${samePath(parsed.pathname)}${parsed.search}${parsed.hash}`;
        step.to = location;
        return { ...result, outcome: { type: "redirect", status: action.status ?? 301, location } };
      }
      case "proxy": {
        const base = new URL(index.origins.get(action.origin) ?? "http://invalid");
        const path = rendered !== undefined ? new URL(samePath(rendered), url).pathname : url.pathname;
        const upstream = `${base.origin}${base.pathname.replace(/\/$/, "")}${path}${action.keepQuery === false ? "" : url.search}`;
        step.to = upstream;
        return { ...result, outcome: { type: "proxy", origin: action.origin, url: upstream } };
      }
      case "respond": {
        const headersOut: Record<string, string> = {
          "content-type": action.contentType ?? "text/plain; charset=utf-8",
          ...(action.headers ?? {}),
        };
        let body = action.body ?? "";
        if (rule.body) {
          body = rule.body.template.renderText(captures, vars, rule.body.escaper);
          // A body that reflects the request is never sniffed into something its type does not say.
          headersOut["x-content-type-options"] = "nosniff";
        }
        return { ...result, outcome: { type: "respond", status: action.status, body, headers: headersOut } };
      }
      default:
        return { ...result, outcome: { type: "continue", url: url.href } };
    }
  }
}
