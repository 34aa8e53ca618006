/**
 * @module Reads a rate request — GET query or POST JSON — into inputs and options, refusing bad shapes
 * with the status a client can act on (400 malformed, 413 too many, 414 too long, 415 wrong type).
 */
import { checkApiKey } from "../compat/guard.ts";
import type { EdgeConfig } from "../config.ts";
import { EdgeError } from "../errors.ts";
import { readBodyText } from "../read-body.ts";

export type Format = "json" | "xml";
export type Flavour = "bonafide" | "sitetruth";

/** What the parser reads of a request: Hono's Context, or the rating fast path's (fast-path.ts). */
export interface ParseContext {
  readonly req: {
    readonly url: string;
    readonly method: string;
    readonly raw: Request;
    query(name: string): string | undefined;
    queries(name: string): string[] | undefined;
    header(name: string): string | undefined;
  };
}

export interface RateRequest {
  inputs: string[];
  format: Format;
  flavour: Flavour;
  /** SiteTruth's rank of the result (0 = top); lower is rated sooner. */
  rank: number;
}

export const MAX_URL_LENGTH = 8192;
export const MAX_BODY_BYTES = 64 * 1024;

function chooseFormat(c: ParseContext, explicit: string | undefined): Format {
  if (explicit !== undefined) {
    if (explicit === "json" || explicit === "xml") return explicit;
    throw new EdgeError("BAD_FORMAT", `format must be json or xml, got ${JSON.stringify(explicit)}`);
  }
  const accept = c.req.header("accept") ?? "";
  // Only an explicit XML preference switches; browsers' */* and application/json stay JSON.
  return /\b(application|text)\/xml\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept) ? "xml" : "json";
}

function chooseFlavour(value: string | undefined): Flavour {
  if (value === undefined || value === "" || value === "bonafide") return "bonafide";
  if (value === "sitetruth") return "sitetruth";
  throw new EdgeError("BAD_COMPAT", `compat must be sitetruth, got ${JSON.stringify(value)}`);
}

function parseRank(value: unknown): number {
  if (value === undefined || value === null || value === "") return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    throw new EdgeError("BAD_PRIORITY", "priority must be an integer from 0 to 1000");
  }
  return n;
}

function checkCount(inputs: string[], max: number): string[] {
  if (inputs.length === 0) {
    throw new EdgeError("NO_DOMAINS", 'give at least one domain: ?d=example.com or {"domains": ["example.com"]}');
  }
  if (inputs.length > max) {
    throw new EdgeError(
      "TOO_MANY_DOMAINS",
      `at most ${max} domains per request, got ${inputs.length}; split the batch`,
    );
  }
  return inputs;
}

async function readJsonBody(c: ParseContext): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new EdgeError("UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
  }
  const text = await readBodyText(c.req.raw, MAX_BODY_BYTES, "the body");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new EdgeError("BAD_JSON", "the body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new EdgeError("BAD_BODY", 'the body must be an object: {"domains": ["example.com"]}');
  }
  return body as Record<string, unknown>;
}

/**
 * Parses the request, then checks its optional API key (as parseV3Request does SiteTruth's); throws
 * EdgeError for anything a client must fix.
 */
export async function parseRateRequest(c: ParseContext, config: EdgeConfig): Promise<RateRequest> {
  const request = await parseRequest(c, config.maxDomainsPerRequest);
  checkApiKey(config, c.req.query("key"), false);
  return request;
}

async function parseRequest(c: ParseContext, maxDomains: number): Promise<RateRequest> {
  if (c.req.url.length > MAX_URL_LENGTH) {
    throw new EdgeError("URL_TOO_LONG", `request URL over ${MAX_URL_LENGTH} characters; POST the domains instead`);
  }
  const flavour = chooseFlavour(c.req.query("compat"));
  const format = chooseFormat(c, c.req.query("format"));
  if (c.req.method === "POST") {
    const body = await readJsonBody(c);
    const domains = body.domains;
    if (!Array.isArray(domains) || !domains.every((d) => typeof d === "string")) {
      throw new EdgeError("BAD_DOMAINS", '"domains" must be an array of strings');
    }
    return { inputs: checkCount(domains, maxDomains), format, flavour, rank: parseRank(body.priority) };
  }
  const inputs = [...(c.req.queries("d") ?? []), ...(c.req.queries("url") ?? [])];
  return { inputs: checkCount(inputs, maxDomains), format, flavour, rank: parseRank(c.req.query("priority")) };
}
