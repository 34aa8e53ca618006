/**
 * @module The OpenAPI document against the real edge: the Worker bundled as production bundles it, on workerd
 * (test/support/workerd-edge.ts), with the real MariaDB behind the SQL-over-HTTP endpoint. The document it
 * serves at /api/v1/openapi.json must be valid OpenAPI 3.1 (@seriousme/openapi-schema-validator), its examples
 * must fit its schemas, and every answer of every documented operation — successes and errors — must be a
 * documented status, carry the documented required headers, have a documented content type and, when JSON,
 * validate against the documented schema (Ajv, JSON Schema 2020-12, which OpenAPI 3.1 uses). The last test
 * checks that every documented operation was exercised, so the document can drift in neither direction.
 */
import { Client } from "@planetscale/database";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../support/workerd-edge.ts";

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const ADMIN_TOKEN = "openapi-test-admin-token";
const DB_USER = `bft_edge_openapi_${Math.random().toString(36).slice(2, 10)}`;
const PSDB = `127.0.0.1:${process.env.BONAFIDE_TEST_PSDB_PORT}`;
const sql = new Client({ url: `http://${DB_USER}:setup@${PSDB}` }); // the test's own seeding
const RATED = "openapi-hardware.de";

type Json = Record<string, unknown>;
let edge: WorkerdEdge;
let doc: Json;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();
const covered = new Set<string>();

beforeAll(async () => {
  edge = await startWorkerdEdge(bundleEdge(), {
    BONAFIDE_PUSH_SECRET: "openapi-push-secret-0123456789abcdef",
    BONAFIDE_ADMIN_TOKEN: ADMIN_TOKEN,
    DATABASE_URL: `http://${DB_USER}:test@${PSDB}`,
  });
  await sql.execute(
    `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, evidence, rated_at, expires_at, next_rate_at)
     VALUES (?, 'Q', 'unverified', 72, 'medium', ?, ?, ?, NOW(3), NOW(3) + INTERVAL 30 DAY, NOW(3) + INTERVAL 30 DAY)`,
    [
      RATED,
      JSON.stringify([{ code: "address_found", weight: 2, detail: "Hauptstraße 1, 10115 Berlin, DE" }]),
      JSON.stringify({ legalName: "OpenAPI Hardware GmbH", locality: "Berlin", countryCode: "DE" }),
      JSON.stringify({ domain: RATED, scheme: "https", pages: [] }),
    ],
  );
  const res = await fetch(`${edge.url}/api/v1/openapi.json`);
  doc = (await res.json()) as Json;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi.json");
}, 120_000);

afterAll(async () => {
  await edge?.stop();
});

/** Follows a local `$ref` (`#/components/…`) to what it names. */
function deref<T = Json>(value: unknown): T {
  let node = value as Json;
  while (node && typeof node.$ref === "string") {
    node = (node.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce((at: Json, part) => at[part.replaceAll("~1", "/").replaceAll("~0", "~")] as Json, doc);
  }
  return node as T;
}

const pointerPart = (part: string) => part.replaceAll("~", "~0").replaceAll("/", "~1");

/** The validator for the schema at JSON pointer `pointer` of the document (compiled once). */
function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

function assertValid(pointer: string, value: unknown, what: string): void {
  const validate = validatorAt(pointer);
  if (!validate(value)) {
    throw new Error(
      `${what} does not match ${pointer}:\n${ajv.errorsText(validate.errors, { separator: "\n" })}\n${JSON.stringify(value).slice(0, 2000)}`,
    );
  }
}

/**
 * Checks a real answer against the document's operation `method template`; returns the body (parsed when JSON).
 * A response object reached through `$ref` is validated at its components pointer.
 */
async function documented(method: string, template: string, res: Response): Promise<unknown> {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const operation = paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template} is not in the document`);
  const responses = operation.responses as Record<string, Json>;
  const declared = responses[String(res.status)];
  const text = await res.text();
  if (!declared) {
    throw new Error(
      `${method} ${template} answered ${res.status}, which the document does not list: ${text.slice(0, 300)}`,
    );
  }
  let base = `/paths/${pointerPart(template)}/${method.toLowerCase()}/responses/${res.status}`;
  if (typeof declared.$ref === "string") base = declared.$ref.replace(/^#/, "");
  const response = deref(declared);
  for (const [name, raw] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
    const spec = deref(raw);
    const value = res.headers.get(name);
    if (value === null) {
      expect(
        spec.required === true,
        `${method} ${template} ${res.status}: the required header ${name} is missing`,
      ).toBe(false);
      continue;
    }
    const schema = spec.schema as Json | undefined;
    if (schema) {
      const types = ([] as unknown[]).concat(schema.type ?? []);
      const typed = types.includes("integer") && /^-?\d+$/.test(value) ? Number(value) : value;
      if (!ajv.validate(schema, typed)) {
        throw new Error(
          `${method} ${template} ${res.status}: header ${name}: ${JSON.stringify(value)} ${ajv.errorsText()}`,
        );
      }
    }
  }
  covered.add(`${method.toUpperCase()} ${template}`);
  const content = response.content as Record<string, Json> | undefined;
  if (!content) {
    expect(text, `${method} ${template} ${res.status} has a body the document does not describe`).toBe("");
    return null;
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  expect(Object.keys(content), `${method} ${template} ${res.status}: content type ${type}`).toContain(type);
  if (type === "application/json") {
    const body = JSON.parse(text) as unknown;
    assertValid(`${base}/content/${pointerPart(type)}/schema`, body, `${method} ${template} ${res.status}`);
    return body;
  }
  if (type === "text/html") expect(text).toMatch(/^<!doctype html>/i);
  if (type === "application/xml") expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  return text;
}

const admin = (init: RequestInit = {}, token = ADMIN_TOKEN): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
});
const jsonBody = (value: unknown, init: RequestInit = {}): RequestInit => ({
  method: "POST",
  ...init,
  headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) },
  body: JSON.stringify(value),
});
const ask = (path: string, init?: RequestInit) => fetch(`${edge.url}${path}`, { redirect: "manual", ...init });

describe("the document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("has examples that fit their schemas", () => {
    let checked = 0;
    const walk = (node: unknown, pointer: string): void => {
      if (!node || typeof node !== "object") return;
      const media = node as Json;
      if (pointer.endsWith(`/${pointerPart("application/json")}`) && "example" in media && media.schema) {
        assertValid(`${pointer}/schema`, media.example, `the example at ${pointer}`);
        checked++;
      }
      for (const [key, value] of Object.entries(media)) walk(value, `${pointer}/${pointerPart(key)}`);
    };
    walk(doc, "");
    expect(checked).toBeGreaterThan(10);
  });

  it("is served with an ETag, revalidates to 304, and any page may read it", async () => {
    const res = await ask("/api/v1/openapi.json");
    const etag = res.headers.get("etag") ?? "";
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    await documented("GET", "/api/v1/openapi.json", res);
    const again = await ask("/api/v1/openapi.json", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    await documented("GET", "/api/v1/openapi.json", again);
  });
});

describe("the rating API", () => {
  it("GET: a rated domain, a new one (queued, W), XML and SiteTruth's shape", async () => {
    const body = (await documented(
      "GET",
      "/api/v1/rate",
      await ask(`/api/v1/rate?d=${RATED}&d=openapi-new-shop.com`),
    )) as Json;
    const items = body.items as Json[];
    expect(items.map((i) => [i.rating, i.status])).toEqual([
      ["Q", 200],
      ["W", 202],
    ]);
    const xml = await documented("GET", "/api/v1/rate", await ask(`/api/v1/rate?d=${RATED}&format=xml`));
    expect(xml).toContain('rating="Q"');
    const compat = await documented("GET", "/api/v1/rate", await ask(`/api/v1/rate?url=${RATED}&compat=sitetruth`));
    expect(compat).toEqual([expect.objectContaining({ domain: RATED, rating: "Q", status: "200" })]);
    const unratable = (await documented("GET", "/api/v1/rate", await ask("/api/v1/rate?d=127.0.0.1"))) as Json;
    expect((unratable.items as Json[])[0]).toMatchObject({ status: 400, rating: "U", ratingInfo: "bad_url" });
  });

  it("GET errors: none asked, too many, URL too long, a wrong key, a bad format, a bad priority", async () => {
    const cases: [string, number, string][] = [
      ["/api/v1/rate", 400, "NO_DOMAINS"],
      [`/api/v1/rate?${Array.from({ length: 51 }, (_, i) => `d=s${i}.com`).join("&")}`, 413, "TOO_MANY_DOMAINS"],
      [`/api/v1/rate?d=${"a".repeat(8200)}.com`, 414, "URL_TOO_LONG"],
      [`/api/v1/rate?d=${RATED}&key=not-a-key`, 403, "BAD_KEY"],
      [`/api/v1/rate?d=${RATED}&format=yaml`, 400, "BAD_FORMAT"],
      [`/api/v1/rate?d=${RATED}&priority=-1`, 400, "BAD_PRIORITY"],
    ];
    for (const [path, status, code] of cases) {
      const res = await ask(path);
      expect(res.status, path.slice(0, 80)).toBe(status);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(((await documented("GET", "/api/v1/rate", res)) as { error: Json }).error.code).toBe(code);
    }
  });

  it("POST: JSON in, the same answer; 415, 400 and 413 for bad bodies; the preflight", async () => {
    const body = (await documented(
      "POST",
      "/api/v1/rate",
      await ask("/api/v1/rate", jsonBody({ domains: [`https://www.${RATED}/kontakt`], priority: 3 })),
    )) as Json;
    expect((body.items as Json[])[0]).toMatchObject({ domain: RATED, rating: "Q" });
    const cases: [RequestInit, number, string][] = [
      [{ method: "POST", headers: { "content-type": "text/plain" }, body: "a.com" }, 415, "UNSUPPORTED_MEDIA_TYPE"],
      [{ method: "POST", headers: { "content-type": "application/json" }, body: "{" }, 400, "BAD_JSON"],
      [jsonBody([RATED]), 400, "BAD_BODY"],
      [jsonBody({ domains: "a.com" }), 400, "BAD_DOMAINS"],
      [jsonBody({ domains: ["a.com".repeat(14_000)] }), 413, "BODY_TOO_LARGE"],
    ];
    for (const [init, status, code] of cases) {
      const res = await ask("/api/v1/rate", init);
      expect(res.status).toBe(status);
      expect(((await documented("POST", "/api/v1/rate", res)) as { error: Json }).error.code).toBe(code);
    }
    const preflight = await ask("/api/v1/rate", {
      method: "OPTIONS",
      headers: { origin: "https://news.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    await documented("OPTIONS", "/api/v1/rate", preflight);
  });

  it("meta lists versions and limits", async () => {
    const body = (await documented("GET", "/api/v1/meta", await ask("/api/v1/meta"))) as Json;
    expect(body.limits).toEqual({ domainsPerRequest: 50, retryAfterSeconds: 5 });
  });
});

describe("the evidence page and re-rating", () => {
  it("JSON and HTML for a rated domain; 404 for an unrated one (JSON and HTML); 400s", async () => {
    const site = (await documented("GET", "/api/v1/sites/{domain}", await ask(`/api/v1/sites/${RATED}`))) as Json;
    expect(site).toMatchObject({ domain: RATED, rating: "Q", rerateQueuedUntil: null });
    await documented("GET", "/api/v1/sites/{domain}", await ask(`/api/v1/sites/${RATED}?format=html`));
    const missing = await ask("/api/v1/sites/openapi-never-rated.org");
    expect(missing.status).toBe(404);
    await documented("GET", "/api/v1/sites/{domain}", missing);
    const missingHtml = await ask("/api/v1/sites/openapi-never-rated.org", { headers: { accept: "text/html" } });
    expect(missingHtml.status).toBe(404);
    await documented("GET", "/api/v1/sites/{domain}", missingHtml);
    for (const path of ["/api/v1/sites/not%20a%20domain", `/api/v1/sites/${RATED}?format=pdf`]) {
      const res = await ask(path);
      expect(res.status).toBe(400);
      await documented("GET", "/api/v1/sites/{domain}", res);
    }
  });

  it("rerate: 202 queued, then 429 with Retry-After; a form post is sent back to the page (303)", async () => {
    const first = await ask(`/api/v1/sites/${RATED}/rerate`, { method: "POST" });
    expect(first.status).toBe(202);
    await documented("POST", "/api/v1/sites/{domain}/rerate", first);
    const again = await ask(`/api/v1/sites/${RATED}/rerate`, { method: "POST" });
    expect(again.status).toBe(429);
    await documented("POST", "/api/v1/sites/{domain}/rerate", again);
    const form = await ask("/api/v1/sites/openapi-form-shop.net/rerate", {
      method: "POST",
      headers: { accept: "text/html" },
    });
    expect(form.status).toBe(303);
    await documented("POST", "/api/v1/sites/{domain}/rerate", form);
    const bad = await ask("/api/v1/sites/not%20a%20domain/rerate", { method: "POST" });
    expect(bad.status).toBe(400);
    await documented("POST", "/api/v1/sites/{domain}/rerate", bad);
  });
});

describe("SiteTruth's v3 path", () => {
  it("answers JSON and XML; HTML errors with X-Bonafide-Error; v1 is gone; details links redirect", async () => {
    const v3 = "/fcgi/rateapiv3.fcgi";
    const items = await documented("GET", v3, await ask(`${v3}?url=${RATED}&key=guest&format=json`));
    expect(items).toEqual([expect.objectContaining({ domain: RATED, rating: "Q", ratinginfo: "unverified" })]);
    await documented("GET", v3, await ask(`${v3}?url=${RATED}&key=guest`));
    for (const [path, status] of [
      [`${v3}?url=${RATED}`, 403],
      [`${v3}?key=guest`, 400],
      [`${v3}?url=${RATED}&key=guest&format=csv`, 400],
      [`${v3}?key=guest&url=${"a".repeat(16_400)}.com`, 414],
    ] as const) {
      const res = await ask(path);
      expect(res.status).toBe(status);
      await documented("GET", v3, res);
    }
    const preflight = await ask(v3, { method: "OPTIONS", headers: { "access-control-request-method": "GET" } });
    expect(preflight.status).toBe(204);
    await documented("OPTIONS", v3, preflight);
    const gone = await ask("/fcgi/rateapi.fcgi?url=a.com");
    expect(gone.status).toBe(410);
    await documented("GET", "/fcgi/rateapi.fcgi", gone);
    const details = await ask(`/rating/${RATED}`);
    expect(details.status).toBe(302);
    expect(details.headers.get("location")).toBe(`/api/v1/sites/${RATED}?format=html`);
    await documented("GET", "/rating/{domain}", details);
  });
});

describe("the admin APIs", () => {
  const RULES = {
    origins: {},
    rules: [{ id: "old-home", match: { path: "/index.html" }, action: { type: "redirect", to: "/", status: 301 } }],
  };

  it("rules: refused without or with a wrong token; publish, read, versions, rollback, test, and their errors", async () => {
    const none = await ask("/_bonafide/rules");
    expect(none.status).toBe(401);
    await documented("GET", "/_bonafide/rules", none);
    const wrong = await ask("/_bonafide/rules", admin({}, "not-the-token"));
    expect(wrong.status).toBe(401);
    await documented("GET", "/_bonafide/rules", wrong);

    const empty = (await documented("GET", "/_bonafide/rules", await ask("/_bonafide/rules", admin()))) as Json;
    expect(empty.version).toBeNull();
    const put = (init: RequestInit) =>
      ask("/_bonafide/rules?comment=openapi&author=test", admin({ method: "PUT", ...init }));
    const published = await put({
      ...jsonBody(RULES, { method: "PUT" }),
      headers: { "content-type": "application/json", "if-none-match": "*" },
    });
    expect(published.status).toBe(201);
    const info = (await documented("PUT", "/_bonafide/rules", published)) as Json;
    expect(info.version).toBe(1);
    const live = await ask("/_bonafide/rules", admin());
    expect(live.headers.get("etag")).toBe('"1"');
    await documented("GET", "/_bonafide/rules", live);
    for (const [init, status] of [
      [{ body: JSON.stringify(RULES), headers: { "if-match": '"999"' } }, 412],
      [{ body: JSON.stringify({ rules: [{ id: "x", match: {}, action: { type: "nope" } }] }) }, 422],
      [{ body: "{" }, 400],
      [{ body: JSON.stringify(RULES), headers: { "if-match": "not a tag" } }, 400],
    ] as const) {
      const res = await put(init as RequestInit);
      expect(res.status).toBe(status);
      await documented("PUT", "/_bonafide/rules", res);
    }

    await documented("GET", "/_bonafide/rules/versions", await ask("/_bonafide/rules/versions", admin()));
    await documented("GET", "/_bonafide/rules/versions/{version}", await ask("/_bonafide/rules/versions/1", admin()));
    for (const [path, status] of [
      ["/_bonafide/rules/versions/99", 404],
      ["/_bonafide/rules/versions/abc", 400],
    ] as const) {
      const res = await ask(path, admin());
      expect(res.status).toBe(status);
      await documented("GET", "/_bonafide/rules/versions/{version}", res);
    }

    const rollback = await ask("/_bonafide/rules/rollback", admin(jsonBody({ version: 1, author: "test" })));
    expect(rollback.status).toBe(200);
    await documented("POST", "/_bonafide/rules/rollback", rollback);
    const unknown = await ask("/_bonafide/rules/rollback", admin(jsonBody({ version: 99 })));
    expect(unknown.status).toBe(404);
    await documented("POST", "/_bonafide/rules/rollback", unknown);

    const tested = (await documented(
      "POST",
      "/_bonafide/rules/test",
      await ask("/_bonafide/rules/test", admin(jsonBody({ url: "https://shop.example/index.html" }))),
    )) as Json;
    expect(tested).toMatchObject({ version: 1, matched: "old-home", outcome: { type: "redirect" } });
    for (const [body, status] of [
      [{ url: "not a url" }, 400],
      [{ url: "https://shop.example/", rules: [{ id: "x" }] }, 422],
    ] as const) {
      const res = await ask("/_bonafide/rules/test", admin(jsonBody(body)));
      expect(res.status).toBe(status);
      await documented("POST", "/_bonafide/rules/test", res);
    }
  });

  it("pages: status and purge, with the page cache's 403 for a wrong token", async () => {
    const status = (await documented(
      "GET",
      "/_bonafide/pages/status",
      await ask(`/_bonafide/pages/status?url=${encodeURIComponent("https://jobs.example/vacancy/1")}`, admin()),
    )) as Json;
    expect(status).toMatchObject({ stored: false, state: "absent" });
    for (const [init, status] of [
      [admin(), 400],
      [{}, 401],
      [admin({}, "not-the-token"), 403],
    ] as const) {
      const res = await ask("/_bonafide/pages/status?url=ftp://x", init as RequestInit);
      expect(res.status).toBe(status);
      await documented("GET", "/_bonafide/pages/status", res);
    }
    const purged = await ask(
      "/_bonafide/pages/purge",
      admin(jsonBody({ urls: ["https://jobs.example/vacancy/1"], tags: ["employer-e1"], soft: true })),
    );
    expect(purged.status).toBe(200);
    await documented("POST", "/_bonafide/pages/purge", purged);
    for (const [init, status] of [
      [admin(jsonBody({})), 422],
      [admin({ method: "POST", body: "{" }), 400],
      [admin(jsonBody({ urls: ["x"] }), "not-the-token"), 403],
      [jsonBody({ urls: ["https://jobs.example/"] }), 401],
    ] as const) {
      const res = await ask("/_bonafide/pages/purge", init as RequestInit);
      expect(res.status).toBe(status);
      await documented("POST", "/_bonafide/pages/purge", res);
    }
  });
});

describe("coverage", () => {
  it("exercised every documented operation", () => {
    const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.filter((op) => !covered.has(op))).toEqual([]);
  });
});
