/// <reference types="vite/client" />
/**
 * @module The edge's one error table (edge/errors.ts): every code answers with its table status and the
 * edge's error JSON, whatever throws it; the URL rules' own refusals keep their statuses; Workers KV failing
 * is a 503 by type, not by its message; and no module of the edge builds an error answer by hand.
 */
import { describe, expect, it } from "vitest";
import { EDGE_ERRORS, EdgeError, type EdgeErrorCode, errorResponse, kvCall } from "../../edge/errors.ts";
import { RegexLimitError } from "../../shared/rules/budget.ts";
import { get } from "./helpers.ts";

const CODES = Object.keys(EDGE_ERRORS) as EdgeErrorCode[];

describe("the edge's error table", () => {
  it.each(CODES)("%s answers with its table status and the edge's error JSON", async (code) => {
    const res = errorResponse(new EdgeError(code));
    expect(res.status).toBe(EDGE_ERRORS[code].status);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body).toEqual({
      error: { code: code === "BAD_TOKEN_FORBIDDEN" ? "BAD_TOKEN" : code, message: EDGE_ERRORS[code].message },
    });
  });

  it("keeps a throw site's message, headers and details, details first as before", async () => {
    const error = new EdgeError("PRECONDITION_FAILED", "live is 7", {
      details: { live: { version: 7 } },
      headers: { etag: '"7"' },
    });
    const res = errorResponse(error);
    expect(res.status).toBe(412);
    expect(res.headers.get("etag")).toBe('"7"');
    expect(await res.text()).toBe(
      '{"error":{"live":{"version":7},"code":"PRECONDITION_FAILED","message":"live is 7"}}',
    );
  });

  it("gives the URL rules' refusals the statuses the rules engine gives them", () => {
    for (const code of ["RULES_PATH_TOO_LONG", "RULES_BUDGET_EXCEEDED"] as const)
      expect(EDGE_ERRORS[code].status).toBe(new RegexLimitError(code, "x").status);
    expect(EDGE_ERRORS.RULE_LOOP.status).toBe(508);
    expect(EDGE_ERRORS.RULE_CHAIN_TOO_LONG.status).toBe(508);
  });

  it("makes a failed KV call a 503 KV_UNAVAILABLE with Retry-After, whatever its message says", async () => {
    const thrown = await kvCall(Promise.reject(new Error("something unforeseen"))).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(EdgeError);
    const res = errorResponse(thrown as EdgeError);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("KV_UNAVAILABLE");
  });

  it("answers an unknown API path through the app with the table's 404", async () => {
    const res = await get("/api/v1/no-such-thing");
    expect(res.status).toBe(EDGE_ERRORS.NOT_FOUND.status);
    expect(await res.json()).toEqual({
      error: { code: "NOT_FOUND", message: "no route for GET /api/v1/no-such-thing" },
    });
  });
});

describe("no error answer built by hand", () => {
  // Every module of the edge, as text (Vite's glob import, resolved when the test is bundled).
  const sources = import.meta.glob("../../edge/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<
    string,
    string
  >;

  it("reads the edge's modules", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(40);
  });

  // errors.ts is the table itself; openapi.ts describes the answers (examples of the error JSON), builds none.
  const builders = Object.keys(sources).filter((path) => !/\/edge\/(errors|openapi)\.ts$/.test(path));
  it.each(builders)("%s", (path) => {
    const text = sources[path] ?? "";
    // An error object written out (`{ error: { code` …) or a status matched from an error's message.
    expect(text).not.toMatch(/error:\s*\{\s*(\.\.\.[\w.]+,\s*)?code/);
    expect(text).not.toMatch(/\.message\)?\.(test|match|includes|startsWith)\(|\.test\(String\([\w?.]*message/);
  });
});
