/**
 * @module The OpenAPI 3.1 description of the edge's HTTP API, served at `GET /api/v1/openapi.json`: the rating
 * API (GET/POST), the evidence page and re-rating, meta, SiteTruth's v3 path, and the admin APIs (URL rules,
 * page cache status and purge). Plain data built once per isolate at module scope, with its JSON text and
 * entity tag. test/e2e/openapi.test.ts validates the running edge's real answers against it, so a change to an
 * answer that is not made here too fails that test.
 */
import { API_VERSION } from "../shared/protocol.ts";
import { RATING_INFOS } from "../shared/rating.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const json = (schema: object, example?: unknown) => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});
const nullable = (type: string, extra: object = {}) => ({ type: [type, "null"], ...extra });
const dateTime = { type: "string", format: "date-time" };
const ADMIN = [{ adminBearer: [] }];

/** The error answer of every /api/* and /_bonafide/* path: a stable `code`, a `message` saying what to do. */
const ERROR = {
  type: "object",
  required: ["error"],
  additionalProperties: false,
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      // Some errors carry more (the live version on a 412, the field of an invalid purge, rule problems).
      additionalProperties: true,
      properties: {
        code: { type: "string", pattern: "^[A-Z][A-Z0-9_]*$", examples: ["NO_DOMAINS"] },
        message: { type: "string" },
      },
    },
  },
};

const errorResponse = (description: string, example: { code: string; message: string }, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: json(ref("Error"), { error: example }),
});

const REASON = {
  type: "object",
  required: ["code", "weight"],
  additionalProperties: false,
  properties: {
    code: { type: "string", examples: ["address_found"] },
    weight: { type: "number" },
    detail: { type: "string" },
    source: { type: "string" },
    link: { type: "string", format: "uri", pattern: "^https://", maxLength: 500 },
  },
};

const BUSINESS = {
  type: "object",
  additionalProperties: false,
  properties: {
    legalName: { type: "string" },
    locality: { type: "string" },
    region: { type: "string" },
    countryCode: { type: "string" },
    registrationNumber: { type: "string" },
  },
};

const LETTER = {
  type: "string",
  enum: ["A", "Q", "X", "U", "W"],
  description:
    "A identity found and corroborated; Q identity stated, not corroborated; X no findable identity or negative " +
    "information; U not ratable; W being rated (ask again after retryAfter seconds).",
};

const RATE_ITEM = {
  type: "object",
  required: [
    "input",
    "domain",
    "status",
    "rating",
    "ratingInfo",
    "score",
    "confidence",
    "reasons",
    "ratedAt",
    "expiresAt",
    "retryAfter",
  ],
  additionalProperties: false,
  properties: {
    input: { type: "string", description: "What the client sent, verbatim." },
    domain: { type: "string", description: "The registrable domain rated (the input itself for bad input)." },
    status: {
      type: "integer",
      enum: [200, 202, 400, 429, 503],
      description:
        "200 rated; 202 queued (W); 400 not ratable input (U, bad_url / no_domain); 429 new domain past the " +
        "client's share of the raters' capacity, not queued; 503 the database did not answer.",
    },
    rating: LETTER,
    ratingInfo: { type: "string", enum: [...RATING_INFOS] },
    score: nullable("number"),
    confidence: nullable("string", { enum: ["low", "medium", "high", null] }),
    reasons: { type: "array", items: ref("Reason") },
    business: ref("Business"),
    ratedAt: nullable("string", { format: "date-time" }),
    expiresAt: nullable("string", { format: "date-time" }),
    retryAfter: nullable("integer", { minimum: 1, description: "Seconds until asking again is useful." }),
    stale: {
      type: "boolean",
      const: true,
      description: "Present when the rating is past expiresAt; a fresh one has been queued.",
    },
  },
};

const RATE_ANSWER = {
  type: "object",
  required: ["apiVersion", "generatedAt", "items"],
  additionalProperties: false,
  properties: {
    apiVersion: { type: "string", const: API_VERSION },
    generatedAt: dateTime,
    items: { type: "array", items: ref("RateItem"), description: "One item per input, in the order asked." },
  },
};

const SITETRUTH_ITEM = {
  type: "object",
  required: ["domain", "rating", "ratinginfo", "status"],
  additionalProperties: false,
  properties: {
    domain: { type: "string", description: "The url value exactly as sent." },
    rating: LETTER,
    ratinginfo: { type: "string", enum: [...RATING_INFOS] },
    status: { type: "string", enum: ["200", "202", "503"] },
    name: { type: "string" },
    location: { type: "string" },
    state: { type: "string" },
    countrycode: { type: "string" },
  },
};

const SITE_REPORT = {
  type: "object",
  required: [
    "domain",
    "rating",
    "ratingInfo",
    "score",
    "confidence",
    "reasons",
    "ratedAt",
    "expiresAt",
    "evidence",
    "rerateQueuedUntil",
  ],
  additionalProperties: false,
  properties: {
    domain: { type: "string" },
    rating: { type: "string", enum: ["A", "Q", "X", "U"] },
    ratingInfo: { type: "string", enum: [...RATING_INFOS] },
    score: { type: "number" },
    confidence: { type: "string", enum: ["low", "medium", "high"] },
    reasons: { type: "array", items: ref("Reason") },
    business: ref("Business"),
    ratedAt: dateTime,
    expiresAt: dateTime,
    evidence: {
      type: ["object", "null"],
      description: "What the rater recorded: pages read, addresses, names, certificate, registers (open shape).",
    },
    rerateQueuedUntil: nullable("string", {
      format: "date-time",
      description: "Set while a webmaster's re-rating is queued; the next one is allowed after it.",
    }),
  },
};

const PROBLEM = {
  type: "object",
  required: ["rule", "index", "code", "message"],
  additionalProperties: false,
  properties: {
    rule: nullable("string"),
    index: nullable("integer"),
    code: { type: "string" },
    message: { type: "string" },
  },
};

const RULE = {
  type: "object",
  required: ["id", "match", "action"],
  additionalProperties: false,
  description:
    "One URL rule (README, URL rules): match a request, then redirect, rewrite, proxy, respond or set headers.",
  properties: {
    id: { type: "string" },
    priority: { type: "integer" },
    disabled: { type: "boolean" },
    comment: { type: "string" },
    match: { type: "object" },
    action: {
      type: "object",
      required: ["type"],
      properties: { type: { type: "string", enum: ["redirect", "rewrite", "proxy", "respond", "headers"] } },
    },
  },
};

const RULES_DOCUMENT = {
  type: "object",
  required: ["rules"],
  properties: {
    origins: { type: "object", additionalProperties: { type: "string", format: "uri" } },
    rules: { type: "array", items: ref("Rule") },
  },
};

const VERSION_INFO = {
  type: "object",
  required: ["version", "createdAt", "count", "bytes", "chunks", "comment"],
  properties: {
    version: { type: "integer", minimum: 1 },
    createdAt: dateTime,
    count: { type: "integer", minimum: 0 },
    bytes: { type: "integer", minimum: 0 },
    chunks: { type: "integer", minimum: 0 },
    comment: { type: "string" },
    author: { type: "string" },
    basedOn: nullable("integer"),
  },
};

const VERSION_SUMMARY = {
  type: "object",
  required: ["version", "createdAt", "count", "comment", "author", "basedOn"],
  additionalProperties: false,
  properties: {
    version: { type: "integer", minimum: 1 },
    createdAt: { type: "string", description: "ISO 8601; empty for versions stored before it was recorded." },
    count: { type: "integer", minimum: 0 },
    comment: { type: "string" },
    author: { type: "string" },
    basedOn: nullable("integer"),
  },
};

const PAGE_STATUS = {
  type: "object",
  required: [
    "url",
    "key",
    "stored",
    "status",
    "storedAt",
    "age",
    "freshUntil",
    "staleWhileRevalidateUntil",
    "staleIfErrorUntil",
    "state",
    "tags",
    "bytes",
  ],
  additionalProperties: false,
  properties: {
    url: { type: "string", format: "uri" },
    key: { type: "string", description: "The KV key: p:<host><path>?<sorted query>." },
    stored: { type: "boolean" },
    status: nullable("integer"),
    storedAt: nullable("string", { format: "date-time" }),
    age: nullable("integer", { minimum: 0 }),
    freshUntil: nullable("string", { format: "date-time" }),
    staleWhileRevalidateUntil: nullable("string", { format: "date-time" }),
    staleIfErrorUntil: nullable("string", { format: "date-time" }),
    state: { type: "string", enum: ["absent", "fresh", "stale", "stale-if-error-only", "expired"] },
    tags: { type: "array", items: { type: "string" } },
    tagsOmitted: { type: "boolean", const: true },
    bytes: nullable("integer", { minimum: 0 }),
  },
};

const RATE_PARAMS = [
  {
    name: "format",
    in: "query",
    required: false,
    description: "json (default) or xml; without it, `Accept: application/xml` (and no application/json) means XML.",
    schema: { type: "string", enum: ["json", "xml"] },
  },
  {
    name: "compat",
    in: "query",
    required: false,
    description: "sitetruth: answer in SiteTruth's v3 shapes (a JSON array, or sitetruth:rating XML), always 200.",
    schema: { type: "string", enum: ["", "bonafide", "sitetruth"] },
  },
  {
    name: "key",
    in: "query",
    required: false,
    description: "An API key (API_KEYS, default guest). Optional here; a key that is not accepted is 403.",
    schema: { type: "string" },
  },
];

const RATE_RESPONSES = {
  "200": {
    description:
      "One item per input, in the order asked. The items' own status fields say which were rated, queued, not " +
      "ratable, deferred or unavailable.",
    headers: {
      "X-Bonafide-Source": header("Source"),
      "Retry-After": header("RetryAfterOptional"),
      "Access-Control-Allow-Origin": header("AllowOrigin"),
      "Cache-Control": {
        required: true,
        description:
          "private, max-age=<seconds until the soonest expiresAt>; private, no-store while anything is pending.",
        schema: { type: "string", pattern: "^private, (no-store|max-age=[0-9]+)$" },
      },
    },
    content: {
      ...json(
        { oneOf: [ref("RateAnswer"), { type: "array", items: ref("SiteTruthItem"), description: "compat=sitetruth" }] },
        {
          apiVersion: "1",
          generatedAt: "2026-12-05T12:00:00.000Z",
          items: [
            {
              input: "https://www.hartmann-werkzeuge.de/kontakt",
              domain: "hartmann-werkzeuge.de",
              status: 200,
              rating: "Q",
              ratingInfo: "unverified",
              score: 93,
              confidence: "high",
              reasons: [{ code: "address_found", weight: 2, detail: "Industriestraße 12, 42651 Solingen, DE" }],
              business: { legalName: "Hartmann Werkzeuge GmbH", locality: "Solingen", countryCode: "DE" },
              ratedAt: "2026-12-05T11:58:00.000Z",
              expiresAt: "2027-01-04T11:58:00.000Z",
              retryAfter: null,
            },
            {
              input: "new-shop.example.com",
              domain: "example.com",
              status: 202,
              rating: "W",
              ratingInfo: "",
              score: null,
              confidence: null,
              reasons: [],
              ratedAt: null,
              expiresAt: null,
              retryAfter: 5,
            },
          ],
        },
      ),
      "application/xml": {
        schema: { type: "string" },
        example:
          '<?xml version="1.0" encoding="UTF-8"?>\n<bf:ratings xmlns:bf="urn:bonafide:rating:1" apiVersion="1" generatedAt="2026-12-05T12:00:00.000Z">\n  <bf:rating input="new.example" domain="new.example" status="202" rating="W" ratingInfo="" retryAfter="5"/>\n</bf:ratings>\n',
      },
    },
  },
  "400": response("BadRequest"),
  "403": response("BadKey"),
  "413": response("TooMany"),
  "414": response("UrlTooLong"),
  "429": {
    description:
      "Too many domains asked for from this address (OVERLOAD), or every item was a new domain past the " +
      "client's share of the raters' capacity (then the body is a rate answer whose items are 429).",
    headers: { "Retry-After": header("RetryAfter") },
    content: json({ oneOf: [ref("Error"), ref("RateAnswer")] }),
  },
  "503": {
    description:
      "Nothing could be answered: the database did not answer for any item (the body a rate answer of 503 items).",
    headers: { "Retry-After": header("RetryAfter"), "X-Bonafide-Source": header("Source") },
    content: json({ oneOf: [ref("RateAnswer"), ref("Error")] }),
  },
};

const PREFLIGHT = {
  summary: "CORS preflight",
  description: "Any page may read ratings (Access-Control-Allow-Origin: *, never with credentials).",
  tags: ["ratings"],
  security: [],
  responses: {
    "204": {
      description: "Allowed.",
      headers: {
        "Access-Control-Allow-Origin": header("AllowOrigin"),
        "Access-Control-Allow-Methods": { required: true, schema: { type: "string" } },
        "Access-Control-Max-Age": { required: true, schema: { type: "integer" } },
      },
    },
  },
};

const DOMAIN_PATH_PARAM = {
  name: "domain",
  in: "path",
  required: true,
  description: "A domain, host or URL (percent-encoded); answered for its registrable domain.",
  schema: { type: "string", minLength: 1 },
  example: "hartmann-werkzeuge.de",
};

const ADMIN_ERRORS = {
  "401": response("Unauthorized"),
  "403": response("AdminForbidden"),
};

/** The document. Frozen deeply only by convention: nothing writes to it. */
export const OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "bonafide edge API",
    version: API_VERSION,
    summary: "Is there a real, findable business behind this site? Ratings, evidence and the edge's admin APIs.",
    description:
      "Ratings of domains (A, Q, X, U, W) for browser extensions and ad tools, the evidence behind each, SiteTruth's " +
      "v3 API at its old path, and the admin APIs of the edge (URL rules, the page cache). Every error of /api/* and " +
      '/_bonafide/* is JSON `{"error": {"code", "message"}}` with a stable code; SiteTruth\'s path answers errors ' +
      "as short HTML pages with an `X-Bonafide-Error` header. Limits are the edge's defaults; GET /api/v1/meta " +
      "tells a deployment's own.",
    license: { name: "Apache-2.0", identifier: "Apache-2.0" },
  },
  servers: [
    { url: "/", description: "the edge that served this document" },
    { url: "http://127.0.0.1:8787", description: "the local stack (npm start)" },
  ],
  tags: [
    { name: "ratings", description: "Ratings of domains" },
    { name: "sites", description: "The evidence behind a rating, and re-rating" },
    { name: "sitetruth", description: "SiteTruth's v3 rating API, for clients of that era" },
    { name: "rules", description: "URL rules (admin)" },
    { name: "pages", description: "The edge's page cache (admin)" },
  ],
  paths: {
    "/api/v1/rate": {
      get: {
        operationId: "rateGet",
        summary: "Rate up to 50 domains or URLs",
        description:
          "Each input is reduced to its registrable domain (a URL's path is never stored). Known domains are " +
          "answered from the edge's memory, KV or the database; unknown ones are queued (W, item status 202, " +
          "retryAfter 5) within the client's new-domain budget. Request URLs over 8192 characters are refused (414).",
        tags: ["ratings"],
        security: [],
        parameters: [
          {
            name: "d",
            in: "query",
            description: "A domain or URL; repeat for more (d and url together: at most 50 by default).",
            schema: { type: "array", items: { type: "string" }, maxItems: 50 },
            style: "form",
            explode: true,
            example: ["hartmann-werkzeuge.de"],
          },
          {
            name: "url",
            in: "query",
            description: "Same as d.",
            schema: { type: "array", items: { type: "string" } },
            style: "form",
            explode: true,
          },
          {
            name: "priority",
            in: "query",
            description: "SiteTruth's rank of the result: lower is rated sooner.",
            schema: { type: "integer", minimum: 0, maximum: 1000, default: 0 },
          },
          ...RATE_PARAMS,
        ],
        responses: RATE_RESPONSES,
      },
      post: {
        operationId: "ratePost",
        summary: "Rate up to 50 domains or URLs sent as JSON",
        tags: ["ratings"],
        security: [],
        parameters: RATE_PARAMS,
        requestBody: {
          required: true,
          description: "At most 65536 bytes (413 BODY_TOO_LARGE past it).",
          content: json(
            {
              type: "object",
              required: ["domains"],
              properties: {
                domains: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 50 },
                priority: { type: "integer", minimum: 0, maximum: 1000, default: 0 },
              },
            },
            { domains: ["mega-deals-outlet.com", "quiet-garden-notes.net", "members-only-club.org"] },
          ),
        },
        responses: { ...RATE_RESPONSES, "415": response("NotJson") },
      },
      options: { ...PREFLIGHT, operationId: "ratePreflight" },
    },
    "/api/v1/sites/{domain}": {
      get: {
        operationId: "siteGet",
        summary: "A rating with its evidence, as JSON or as a webmaster's HTML page",
        tags: ["sites"],
        security: [],
        parameters: [
          DOMAIN_PATH_PARAM,
          {
            name: "format",
            in: "query",
            description: "json or html; without it, `Accept: text/html` means HTML.",
            schema: { type: "string", enum: ["json", "html"] },
          },
        ],
        responses: {
          "200": {
            description: "The rating, its weighted reasons and the stored evidence.",
            headers: { "Cache-Control": { required: true, schema: { type: "string", const: "private, max-age=60" } } },
            content: {
              ...json(ref("SiteReport")),
              "text/html": { schema: { type: "string" } },
            },
          },
          "400": errorResponse("Not a domain (BAD_DOMAIN), or a format other than json or html (BAD_FORMAT).", {
            code: "BAD_DOMAIN",
            message: "not a domain: give a domain such as example.com",
          }),
          "404": {
            description: "Not rated yet (NOT_RATED); HTML when HTML was asked for.",
            content: {
              ...json(ref("Error"), {
                error: {
                  code: "NOT_RATED",
                  message: "new.example has not been rated yet: ask GET /api/v1/rate?d=new.example to queue it",
                },
              }),
              "text/html": { schema: { type: "string" } },
            },
          },
          "503": response("DatabaseUnavailable"),
        },
      },
    },
    "/api/v1/sites/{domain}/rerate": {
      post: {
        operationId: "siteRerate",
        summary: "Queue a fresh rating (a webmaster's), at most once an hour per domain",
        tags: ["sites"],
        security: [],
        parameters: [DOMAIN_PATH_PARAM],
        responses: {
          "202": {
            description: "Queued.",
            content: json(
              {
                type: "object",
                required: ["domain", "status", "nextAllowedAt"],
                additionalProperties: false,
                properties: {
                  domain: { type: "string" },
                  status: { type: "string", const: "queued" },
                  nextAllowedAt: dateTime,
                },
              },
              { domain: "hartmann-werkzeuge.de", status: "queued", nextAllowedAt: "2026-12-05T13:00:00.000Z" },
            ),
          },
          "303": {
            description: "Asked by the HTML page's form (Accept: text/html): back to the page.",
            headers: { Location: { required: true, schema: { type: "string" } } },
          },
          "400": errorResponse("Not a domain.", { code: "BAD_DOMAIN", message: "not a domain" }),
          "429": errorResponse(
            "Re-rated within the last hour (RERATE_TOO_SOON).",
            { code: "RERATE_TOO_SOON", message: "example.com was queued for re-rating recently; ask again after …" },
            { "Retry-After": header("RetryAfter") },
          ),
          "503": response("DatabaseUnavailable"),
        },
      },
    },
    "/api/v1/meta": {
      get: {
        operationId: "meta",
        summary: "API version, letters, ratingInfo values and this edge's limits",
        tags: ["ratings"],
        security: [],
        responses: {
          "200": {
            description: "Versions and limits.",
            content: json(
              {
                type: "object",
                required: ["apiVersion", "ratings", "ratingInfo", "limits"],
                additionalProperties: false,
                properties: {
                  apiVersion: { type: "string", const: API_VERSION },
                  ratings: { type: "array", items: LETTER },
                  ratingInfo: { type: "array", items: { type: "string", enum: [...RATING_INFOS] } },
                  limits: {
                    type: "object",
                    required: ["domainsPerRequest", "retryAfterSeconds"],
                    additionalProperties: false,
                    properties: {
                      domainsPerRequest: { type: "integer", minimum: 1 },
                      retryAfterSeconds: { type: "integer", minimum: 1 },
                    },
                  },
                },
              },
              {
                apiVersion: "1",
                ratings: ["A", "Q", "X", "U", "W"],
                ratingInfo: [...RATING_INFOS],
                limits: { domainsPerRequest: 50, retryAfterSeconds: 5 },
              },
            ),
          },
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "openapi",
        summary: "This document",
        tags: ["ratings"],
        security: [],
        parameters: [{ name: "If-None-Match", in: "header", schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The OpenAPI 3.1 document.",
            headers: { ETag: header("ETag") },
            content: json({ type: "object", required: ["openapi", "info", "paths"] }),
          },
          "304": { description: "Unchanged since the ETag sent.", headers: { ETag: header("ETag") } },
        },
      },
    },
    "/fcgi/rateapiv3.fcgi": {
      get: {
        operationId: "sitetruthV3",
        summary: "SiteTruth's rating API v3 (also at /fcgi/rateapiv2.fcgi)",
        description:
          "For AdRater, SearchRater and Ad Limiter unchanged: any number of url values up to a 16384-character " +
          "request URL (414 past it). Always 200 when answered; an item the database could not answer is U / error " +
          '/ "503". Errors are short HTML pages with the status and an `X-Bonafide-Error` code. ' +
          "/fcgi/rateapi.fcgi, /fcgi/rateapiv1.fcgi and /cgi-bin/rateapi* answer 410 Gone.",
        tags: ["sitetruth"],
        security: [{ sitetruthKey: [] }],
        parameters: [
          {
            name: "url",
            in: "query",
            required: true,
            schema: { type: "array", items: { type: "string" }, minItems: 1 },
            style: "form",
            explode: true,
            example: ["hartmann-werkzeuge.de"],
          },
          {
            name: "format",
            in: "query",
            schema: { type: "string", enum: ["xml", "json"], default: "xml" },
          },
          {
            name: "priority",
            in: "query",
            schema: { type: "integer", minimum: 0, maximum: 1000, default: 1 },
          },
        ],
        responses: {
          "200": {
            description: "One rating per url value, in order.",
            headers: { "X-Bonafide-Source": header("Source") },
            content: {
              ...json({ type: "array", items: ref("SiteTruthItem") }, [
                {
                  domain: "hartmann-werkzeuge.de",
                  rating: "Q",
                  ratinginfo: "unverified",
                  status: "200",
                  name: "Hartmann Werkzeuge GmbH",
                  location: "SOLINGEN",
                  countrycode: "DE",
                },
              ]),
              "application/xml": {
                schema: { type: "string" },
                example:
                  '<?xml version="1.0" encoding="UTF-8"?>\n<sitetruth:ratings xmlns:sitetruth="http://www.sitetruth.com/xml/rating">\n  <sitetruth:rating url="hartmann-werkzeuge.de" rating="Q" ratinginfo="unverified" status="200"/>\n</sitetruth:ratings>\n',
              },
            },
          },
          "400": response("HtmlError"),
          "403": response("HtmlError"),
          "405": response("HtmlError"),
          "414": response("HtmlError"),
          "429": response("HtmlError"),
        },
      },
      options: { ...PREFLIGHT, operationId: "sitetruthPreflight", tags: ["sitetruth"] },
    },
    "/fcgi/rateapi.fcgi": {
      get: {
        operationId: "sitetruthV1",
        summary: "SiteTruth's retired v1: 410 Gone",
        tags: ["sitetruth"],
        security: [],
        responses: { "410": response("HtmlError") },
      },
    },
    "/rating/{domain}": {
      get: {
        operationId: "sitetruthDetails",
        summary: "SiteTruth's details link: redirects to the evidence page",
        tags: ["sitetruth"],
        security: [],
        parameters: [{ ...DOMAIN_PATH_PARAM, schema: { type: "string", pattern: "^[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+$" } }],
        responses: {
          "302": {
            description: "To /api/v1/sites/{domain}?format=html.",
            headers: { Location: { required: true, schema: { type: "string" } } },
          },
        },
      },
    },
    "/_bonafide/rules": {
      get: {
        operationId: "rulesGet",
        summary: "The live rules",
        tags: ["rules"],
        security: ADMIN,
        responses: {
          "200": {
            description: "The live version and its rules (version null when none was published); ETag = the version.",
            headers: { ETag: { ...header("ETag"), description: "Present when a version is live." } },
            content: json({
              type: "object",
              required: ["version", "publishedAt", "author", "origins", "rules"],
              additionalProperties: false,
              properties: {
                version: nullable("integer"),
                publishedAt: nullable("string", { format: "date-time" }),
                author: nullable("string"),
                origins: { type: "object", additionalProperties: { type: "string" } },
                rules: { type: "array", items: ref("Rule") },
              },
            }),
          },
          ...ADMIN_ERRORS,
          "503": response("Unavailable"),
        },
      },
      put: {
        operationId: "rulesPublish",
        summary: "Publish rules: validate, store an immutable version, make it live",
        description:
          "Send If-Match with the live version's ETag (or If-None-Match: * for the first) so that a publish based " +
          "on an old read fails (412) instead of overwriting someone else's. Body at most 64 MiB.",
        tags: ["rules"],
        security: ADMIN,
        parameters: [
          { name: "If-Match", in: "header", schema: { type: "string" }, example: '"7"' },
          { name: "If-None-Match", in: "header", schema: { type: "string" }, example: "*" },
          { name: "comment", in: "query", schema: { type: "string" } },
          { name: "author", in: "query", schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: json(ref("RulesDocument"), {
            origins: { legacy: "http://127.0.0.1:18080" },
            rules: [
              { id: "old-home", match: { path: "/index.html" }, action: { type: "redirect", to: "/", status: 301 } },
            ],
          }),
        },
        responses: {
          "201": {
            description:
              "Live. Warnings name rules that an earlier rule always shadows; pruned lists removed old versions.",
            headers: { ETag: header("ETag") },
            content: json({
              allOf: [ref("VersionInfo")],
              type: "object",
              required: ["warnings", "pruned"],
              properties: {
                warnings: { type: "array", items: ref("RuleProblem") },
                pruned: { type: "array", items: { type: "integer" } },
              },
            }),
          },
          "400": response("AdminBadRequest"),
          ...ADMIN_ERRORS,
          "409": errorResponse("Another publish replaced this one at once (SUPERSEDED); this version is kept.", {
            code: "SUPERSEDED",
            message: "version 8 was made live, but version 9 replaced it at once",
          }),
          "412": response("PreconditionFailed"),
          "413": response("BodyTooLarge"),
          "422": response("RulesInvalid"),
          "503": response("Unavailable"),
        },
      },
    },
    "/_bonafide/rules/versions": {
      get: {
        operationId: "rulesVersions",
        summary: "The kept versions",
        tags: ["rules"],
        security: ADMIN,
        responses: {
          "200": {
            description: "The live version and every kept one.",
            content: json({
              type: "object",
              required: ["current", "publishedAt", "author", "keep", "versions"],
              additionalProperties: false,
              properties: {
                current: nullable("integer"),
                publishedAt: nullable("string", { format: "date-time" }),
                author: nullable("string"),
                keep: { type: "integer", minimum: 1 },
                versions: { type: "array", items: ref("VersionSummary"), description: "Newest first." },
              },
            }),
          },
          ...ADMIN_ERRORS,
        },
      },
    },
    "/_bonafide/rules/versions/{version}": {
      get: {
        operationId: "rulesVersion",
        summary: "One kept version with its rules",
        tags: ["rules"],
        security: ADMIN,
        parameters: [{ name: "version", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
        responses: {
          "200": {
            description: "The version.",
            content: json({
              allOf: [ref("VersionInfo"), ref("RulesDocument")],
              required: ["author", "basedOn", "origins"],
            }),
          },
          "400": response("AdminBadRequest"),
          ...ADMIN_ERRORS,
          "404": errorResponse("Not kept (UNKNOWN_VERSION).", {
            code: "UNKNOWN_VERSION",
            message: "rules version 99 is not kept",
          }),
        },
      },
    },
    "/_bonafide/rules/rollback": {
      post: {
        operationId: "rulesRollback",
        summary: "Make a kept version live again",
        tags: ["rules"],
        security: ADMIN,
        parameters: [
          { name: "If-Match", in: "header", schema: { type: "string" } },
          { name: "If-None-Match", in: "header", schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: json(
            {
              type: "object",
              required: ["version"],
              properties: { version: { type: "integer", minimum: 1 }, author: { type: "string" } },
            },
            { version: 1, author: "ops" },
          ),
        },
        responses: {
          "200": {
            description: "Live again.",
            headers: { ETag: header("ETag") },
            content: json({
              type: "object",
              required: ["version", "publishedAt", "previous"],
              additionalProperties: false,
              properties: {
                version: { type: "integer", minimum: 1 },
                publishedAt: dateTime,
                author: { type: "string" },
                previous: nullable("integer"),
              },
            }),
          },
          "400": response("AdminBadRequest"),
          ...ADMIN_ERRORS,
          "404": errorResponse("Not kept (UNKNOWN_VERSION).", {
            code: "UNKNOWN_VERSION",
            message: "rules version 99 is not kept",
          }),
          "409": errorResponse("Replaced at once by another publish (SUPERSEDED).", {
            code: "SUPERSEDED",
            message: "…",
          }),
          "412": response("PreconditionFailed"),
          "503": response("Unavailable"),
        },
      },
    },
    "/_bonafide/rules/test": {
      post: {
        operationId: "rulesTest",
        summary: "What the live rules (or the rules sent) do with a URL",
        tags: ["rules"],
        security: ADMIN,
        requestBody: {
          required: true,
          content: json(
            {
              type: "object",
              required: ["url"],
              properties: {
                url: { type: "string", format: "uri" },
                method: { type: "string", default: "GET" },
                headers: { type: "object", additionalProperties: { type: "string" } },
                country: { type: "string" },
                rules: { type: "array", items: ref("Rule") },
                origins: { type: "object", additionalProperties: { type: "string" } },
              },
            },
            { url: "https://old-shop.example/cart", headers: { Cookie: "beta=1" }, country: "DE" },
          ),
        },
        responses: {
          "200": {
            description: "The steps taken and the outcome.",
            content: json({
              type: "object",
              required: ["version", "matched", "applied", "steps", "outcome"],
              properties: {
                version: nullable("integer"),
                matched: nullable("string"),
                applied: { type: "array", items: { type: "string" } },
                steps: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["rule", "action", "url"],
                    properties: {
                      rule: { type: "string" },
                      action: { type: "string" },
                      url: { type: "string" },
                      to: { type: "string" },
                    },
                  },
                },
                outcome: {
                  type: "object",
                  required: ["type"],
                  properties: {
                    type: { type: "string", enum: ["continue", "redirect", "proxy", "respond", "error"] },
                  },
                },
              },
            }),
          },
          "400": response("AdminBadRequest"),
          ...ADMIN_ERRORS,
          "422": response("RulesInvalid"),
        },
      },
    },
    "/_bonafide/pages/status": {
      get: {
        operationId: "pagesStatus",
        summary: "What the edge holds for a page URL, and how fresh it is",
        tags: ["pages"],
        security: ADMIN,
        parameters: [
          {
            name: "url",
            in: "query",
            required: true,
            schema: { type: "string", format: "uri", pattern: "^[hH][tT][tT][pP][sS]?://" },
            example: "https://jobs.example/vacancy/1002",
          },
        ],
        responses: {
          "200": { description: "The page's state (absent when not held).", content: json(ref("PageStatus")) },
          "400": response("AdminBadRequest"),
          "401": response("Unauthorized"),
          "403": response("PagesForbidden"),
        },
      },
    },
    "/_bonafide/pages/purge": {
      post: {
        operationId: "pagesPurge",
        summary: "Purge pages by URL, prefix or tag; soft marks them stale instead",
        description:
          "At most 100 URLs, 20 prefixes and 20 tags, 65536 bytes; at most 900 KV calls per request (else truncated: send it again).",
        tags: ["pages"],
        security: ADMIN,
        requestBody: {
          required: true,
          content: json(
            {
              type: "object",
              additionalProperties: false,
              properties: {
                urls: { type: "array", items: { type: "string", format: "uri" }, maxItems: 100 },
                prefixes: { type: "array", items: { type: "string", format: "uri" }, maxItems: 20 },
                tags: { type: "array", items: { type: "string", minLength: 1, maxLength: 128 }, maxItems: 20 },
                soft: { type: "boolean", default: false },
              },
            },
            { tags: ["employer-e1"], soft: true },
          ),
        },
        responses: {
          "200": {
            description: "What was purged.",
            content: json(
              {
                type: "object",
                required: ["purged"],
                additionalProperties: false,
                properties: {
                  purged: { type: "integer", minimum: 0 },
                  truncated: { type: "boolean", const: true },
                  message: { type: "string" },
                },
              },
              { purged: 3 },
            ),
          },
          "400": response("AdminBadRequest"),
          "401": response("Unauthorized"),
          "403": response("PagesForbidden"),
          "413": response("BodyTooLarge"),
          "422": errorResponse("A field is wrong (INVALID_PURGE; `field` names it).", {
            code: "INVALID_PURGE",
            message: "urls[0]: must be an absolute http(s) URL",
          }),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      adminBearer: {
        type: "http",
        scheme: "bearer",
        description:
          "The edge secret BONAFIDE_ADMIN_TOKEN. Without that secret every admin path answers 403 ADMIN_DISABLED; a missing token is 401 with WWW-Authenticate.",
      },
      sitetruthKey: { type: "apiKey", in: "query", name: "key", description: "API_KEYS on the edge; default guest." },
    },
    headers: {
      Source: {
        description: "Where each item came from, in order: kv, db, queued, deferred, invalid, unavailable.",
        required: true,
        schema: {
          type: "string",
          pattern: "^(kv|db|queued|deferred|invalid|unavailable)(,(kv|db|queued|deferred|invalid|unavailable))*$",
        },
      },
      RetryAfter: { description: "Seconds.", required: true, schema: { type: "integer", minimum: 0 } },
      RetryAfterOptional: {
        description: "Seconds; when some item asks to come back.",
        schema: { type: "integer", minimum: 0 },
      },
      ETag: { description: "An entity tag.", schema: { type: "string", pattern: '^(W/)?"[^"]*"$' } },
      AllowOrigin: { required: true, schema: { type: "string", const: "*" } },
    },
    responses: {
      BadRequest: errorResponse(
        "Malformed: NO_DOMAINS, BAD_JSON, BAD_BODY, BAD_DOMAINS, BAD_FORMAT, BAD_COMPAT, BAD_PRIORITY.",
        { code: "NO_DOMAINS", message: 'give at least one domain: ?d=example.com or {"domains": ["example.com"]}' },
      ),
      BadKey: errorResponse("The key is not accepted (BAD_KEY).", {
        code: "BAD_KEY",
        message: "this API key is not accepted; update the client or ask for a key",
      }),
      TooMany: errorResponse(
        "More domains than allowed per request (TOO_MANY_DOMAINS), or a body over 65536 bytes (BODY_TOO_LARGE).",
        {
          code: "TOO_MANY_DOMAINS",
          message: "at most 50 domains per request, got 51; split the batch",
        },
      ),
      UrlTooLong: errorResponse("Request URL over 8192 characters (URL_TOO_LONG): POST the domains instead.", {
        code: "URL_TOO_LONG",
        message: "request URL over 8192 characters; POST the domains instead",
      }),
      NotJson: errorResponse("The body is not application/json (UNSUPPORTED_MEDIA_TYPE).", {
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: "send the body as application/json",
      }),
      DatabaseUnavailable: errorResponse(
        "The rating database did not answer (DATABASE_UNAVAILABLE) or is not configured (NO_DATABASE).",
        { code: "DATABASE_UNAVAILABLE", message: "the rating database did not answer; try again shortly" },
        { "Retry-After": { ...header("RetryAfter"), required: false } },
      ),
      Unavailable: errorResponse(
        "Busy or not bound: RULES_BUSY, RULES_UNBOUND, LIVE_VERSION_MISSING, KV_UNAVAILABLE.",
        { code: "RULES_BUSY", message: "another publish or rollback is running here; try again" },
      ),
      Unauthorized: errorResponse(
        "No admin token (UNAUTHORIZED), or a wrong one on the rules API (BAD_TOKEN).",
        { code: "UNAUTHORIZED", message: "send the admin token as 'Authorization: Bearer <token>'" },
        { "WWW-Authenticate": { required: true, schema: { type: "string", pattern: "^Bearer " } } },
      ),
      AdminForbidden: errorResponse("The admin API is disabled here (ADMIN_DISABLED).", {
        code: "ADMIN_DISABLED",
        message: "the admin API is disabled: set the secret BONAFIDE_ADMIN_TOKEN on the edge",
      }),
      PagesForbidden: errorResponse("A wrong token (BAD_TOKEN; the page cache's contract), or ADMIN_DISABLED.", {
        code: "BAD_TOKEN",
        message: "the admin token is not right",
      }),
      AdminBadRequest: errorResponse(
        "Malformed: BAD_JSON, BAD_URL, BAD_VERSION, BAD_AUTHOR, BAD_HEADERS, BAD_PRECONDITION, RULE_EVALUATION_FAILED.",
        {
          code: "BAD_JSON",
          message: "the body is not valid JSON",
        },
      ),
      BodyTooLarge: errorResponse("The body is over the limit (BODY_TOO_LARGE).", {
        code: "BODY_TOO_LARGE",
        message: "the body is over 65536 bytes; send less at once",
      }),
      PreconditionFailed: {
        description:
          "If-Match / If-None-Match does not hold for the live version (PRECONDITION_FAILED); `live` names it.",
        headers: { ETag: header("ETag") },
        content: json(
          {
            allOf: [ref("Error")],
            properties: {
              error: {
                type: "object",
                required: ["live"],
                properties: {
                  live: {
                    type: ["object", "null"],
                    required: ["version", "publishedAt", "author"],
                    properties: { version: { type: "integer" }, publishedAt: dateTime, author: { type: "string" } },
                  },
                  stored: { type: "integer" },
                },
              },
            },
          },
          {
            error: {
              code: "PRECONDITION_FAILED",
              message: 'version 8 is live …, which does not satisfy If-Match: "7" …',
              live: { version: 8, publishedAt: "2026-12-05T12:00:00.000Z", author: "ops" },
            },
          },
        ),
      },
      RulesInvalid: {
        description: "The rules are not valid (RULES_INVALID); every problem is listed.",
        content: json(
          {
            allOf: [ref("Error")],
            properties: {
              error: {
                type: "object",
                required: ["problems"],
                properties: { problems: { type: "array", minItems: 1, items: ref("RuleProblem") } },
              },
            },
          },
          {
            error: {
              code: "RULES_INVALID",
              message: '1 problem(s) in the rules; first: rule "x": …',
              problems: [{ rule: "x", index: 0, code: "BAD_ACTION", message: "…" }],
            },
          },
        ),
      },
      HtmlError: {
        description:
          "SiteTruth's paths: a short HTML page; the status keeps SiteTruth's meaning, X-Bonafide-Error the code.",
        headers: { "X-Bonafide-Error": { required: true, schema: { type: "string", pattern: "^[A-Z][A-Z0-9_]*$" } } },
        content: { "text/html": { schema: { type: "string" } } },
      },
    },
    schemas: {
      Error: ERROR,
      Reason: REASON,
      Business: BUSINESS,
      RateItem: RATE_ITEM,
      RateAnswer: RATE_ANSWER,
      SiteTruthItem: SITETRUTH_ITEM,
      SiteReport: SITE_REPORT,
      Rule: RULE,
      RulesDocument: RULES_DOCUMENT,
      RuleProblem: PROBLEM,
      VersionInfo: VERSION_INFO,
      VersionSummary: VERSION_SUMMARY,
      PageStatus: PAGE_STATUS,
    },
  },
} as const;

/** 32-bit FNV-1a of the text from `seed`, as 8 hex digits (synchronous; not a security hash). */
function fnv1a32(text: string, seed: number): string {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The document as served — its JSON text and entity tag — made on the first ask in an isolate (plain strings). */
let served: { json: string; etag: string } | null = null;

export function openApiDocument(): { json: string; etag: string } {
  if (served) return served;
  const json = JSON.stringify(OPENAPI);
  served = { json, etag: `"${fnv1a32(json, 0x811c9dc5)}${fnv1a32(json, 0x050c5d1f)}"` };
  return served;
}
