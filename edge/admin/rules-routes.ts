/**
 * @module /_bonafide/rules: read, publish (validate → build → immutable version + pointer), test a URL, list
 * versions and roll back. Every route needs the admin bearer token.
 */
import { Hono } from "hono";
import { evaluateRules } from "../../shared/rules/evaluate.ts";
import { prepareRules } from "../../shared/rules/prepare.ts";
import { createRuleIndex, type RuleIndex } from "../../shared/rules/rule-index.ts";
import { findShadowedRules } from "../../shared/rules/shadowing.ts";
import { RulesInvalidError } from "../../shared/rules/validate.ts";
import type { EdgeBindings } from "../env.ts";
import { ApiError } from "../errors.ts";
import { getActiveRules, replaceActiveRules } from "../rules/active.ts";
import {
  listVersions,
  publishVersion,
  readPointer,
  readVersion,
  readVersionInfo,
  writePointer,
} from "../rules/store.ts";
import { requireAdminToken } from "./auth.ts";

/** 100,000 realistic rules are ~15 MB of JSON; leave room, but refuse anything absurd before parsing it. */
export const MAX_RULES_BODY_BYTES = 64 * 1024 * 1024;

export const rulesAdminRoutes = new Hono<{ Bindings: EdgeBindings }>();
rulesAdminRoutes.use("*", requireAdminToken());

function rulesKv(env: EdgeBindings): KVNamespace {
  if (!env.RULES) throw new ApiError(503, "RULES_UNBOUND", "the RULES KV namespace is not bound (see wrangler.toml)");
  return env.RULES;
}

async function readJson(req: { text(): Promise<string>; header(name: string): string | undefined }): Promise<unknown> {
  // Refuse by the declared length before reading; the text length check catches chunked bodies.
  if (Number(req.header("content-length") ?? 0) > MAX_RULES_BODY_BYTES)
    throw new ApiError(413, "BODY_TOO_LARGE", "the rules body is over 64 MiB");
  const text = await req.text();
  if (text.length > MAX_RULES_BODY_BYTES) throw new ApiError(413, "BODY_TOO_LARGE", "the rules body is over 64 MiB");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "BAD_JSON", "the body is not valid JSON (the CLI converts YAML for you)");
  }
}

function prepareOr422(input: unknown): RuleIndex | Response {
  try {
    return prepareRules(input);
  } catch (error) {
    if (!(error instanceof RulesInvalidError)) throw error;
    return Response.json(
      { error: { code: error.code, message: error.message, problems: error.problems } },
      { status: 422 },
    );
  }
}

function parseVersion(raw: unknown): number {
  const version = Number(raw);
  if (!Number.isSafeInteger(version) || version <= 0)
    throw new ApiError(400, "BAD_VERSION", "version must be a positive integer");
  return version;
}

rulesAdminRoutes.get("/", async (c) => {
  const kv = rulesKv(c.env);
  const pointer = await readPointer(kv);
  if (!pointer) return c.json({ version: null, publishedAt: null, origins: {}, rules: [] });
  const document = await readVersion(kv, pointer.version);
  return c.json({
    version: pointer.version,
    publishedAt: pointer.publishedAt,
    origins: document?.origins ?? {},
    rules: document?.rules ?? [],
  });
});

rulesAdminRoutes.put("/", async (c) => {
  const kv = rulesKv(c.env);
  return replaceActiveRules(kv, async () => {
    const prepared = prepareOr422(await readJson(c.req));
    if (prepared instanceof Response) return { active: null, result: prepared };
    const info = await publishVersion(kv, prepared.document, c.req.query("comment") ?? "");
    const response = c.json({ ...info, warnings: findShadowedRules(prepared) }, 201);
    return { active: { version: info.version, index: prepared }, result: response };
  });
});

rulesAdminRoutes.get("/versions", async (c) => {
  const kv = rulesKv(c.env);
  const [pointer, versions] = await Promise.all([readPointer(kv), listVersions(kv)]);
  return c.json({ current: pointer?.version ?? null, versions });
});

rulesAdminRoutes.get("/versions/:version", async (c) => {
  const kv = rulesKv(c.env);
  const version = parseVersion(c.req.param("version"));
  const [info, document] = await Promise.all([readVersionInfo(kv, version), readVersion(kv, version)]);
  if (!info || !document) throw new ApiError(404, "UNKNOWN_VERSION", `rules version ${version} is not kept`);
  return c.json({ ...info, origins: document.origins ?? {}, rules: document.rules });
});

rulesAdminRoutes.post("/rollback", async (c) => {
  const kv = rulesKv(c.env);
  const body = (await readJson(c.req)) as { version?: unknown } | null;
  const version = parseVersion(body?.version);
  const document = await readVersion(kv, version);
  if (!document)
    throw new ApiError(
      404,
      "UNKNOWN_VERSION",
      `rules version ${version} is not kept; see GET /_bonafide/rules/versions`,
    );
  const previous = (await readPointer(kv))?.version ?? null;
  return replaceActiveRules(kv, async () => {
    const pointer = await writePointer(kv, version);
    return { active: { version, index: createRuleIndex(document).index }, result: c.json({ ...pointer, previous }) };
  });
});

rulesAdminRoutes.post("/test", async (c) => {
  const body = (await readJson(c.req)) as Record<string, unknown> | null;
  const url = typeof body?.url === "string" ? body.url : "";
  if (!URL.canParse(url) || !/^https?:/.test(url))
    throw new ApiError(400, "BAD_URL", '"url" must be an absolute http(s) URL');
  const headers = body?.headers ?? {};
  if (typeof headers !== "object" || headers === null || !Object.values(headers).every((v) => typeof v === "string"))
    throw new ApiError(400, "BAD_HEADERS", '"headers" must map names to strings');
  let index: RuleIndex | null;
  let version: number | null = null;
  if (body?.rules !== undefined) {
    const prepared = prepareOr422({ rules: body.rules, origins: body.origins });
    if (prepared instanceof Response) return prepared;
    index = prepared;
  } else {
    const active = await getActiveRules(rulesKv(c.env));
    index = active?.index ?? null;
    version = active?.version ?? null;
  }
  const input = {
    url,
    method: typeof body?.method === "string" ? body.method : "GET",
    headers: headers as Record<string, string>,
    country: typeof body?.country === "string" ? body.country : null,
  };
  if (!index) return c.json({ version, matched: null, applied: [], steps: [], outcome: { type: "continue", url } });
  let evaluation: ReturnType<typeof evaluateRules>;
  try {
    evaluation = evaluateRules(index, input);
  } catch (error) {
    // e.g. a target that renders into an unparsable URL for this input; the Worker serves such a request unchanged
    throw new ApiError(400, "RULE_EVALUATION_FAILED", `the rules cannot be applied to this URL: ${String(error)}`);
  }
  const terminal = evaluation.steps.find((s) => s.action !== "headers");
  return c.json({ version, matched: terminal?.rule ?? null, ...evaluation });
});
