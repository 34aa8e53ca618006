/**
 * @module /_bonafide/rules: read, publish (validate → build → immutable version + pointer), test a URL, list
 * versions and roll back. Every route needs the admin bearer token; publish and rollback take If-Match
 * against the live version (the ETag of GET), see preconditions.ts.
 */
import { Hono } from "hono";
import { evaluateRules } from "../../shared/rules/evaluate.ts";
import { prepareRules } from "../../shared/rules/prepare.ts";
import { createRuleIndex, type RuleIndex } from "../../shared/rules/rule-index.ts";
import { findShadowedRules } from "../../shared/rules/shadowing.ts";
import { RulesInvalidError } from "../../shared/rules/validate.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError } from "../errors.ts";
import { reporterOf } from "../log.ts";
import { readBodyText } from "../read-body.ts";
import { getActiveRules, replaceActiveRules } from "../rules/active.ts";
import { withRulesLock } from "../rules/lock.ts";
import { pruneVersions } from "../rules/prune.ts";
import {
  listVersions,
  readPointer,
  readVersion,
  readVersionInfo,
  storeVersion,
  type VersionInfo,
  writePointer,
} from "../rules/store.ts";
import { requireAdminToken } from "./auth.ts";
import { parsePrecondition, requirePrecondition, versionETag } from "./preconditions.ts";

/** 100,000 realistic rules are ~15 MB of JSON; leave room, but refuse anything absurd before parsing it. */
export const MAX_RULES_BODY_BYTES = 64 * 1024 * 1024;

export const rulesAdminRoutes = new Hono<{ Bindings: EdgeBindings }>();
rulesAdminRoutes.use("*", requireAdminToken());

function rulesKv(env: EdgeBindings): KVNamespace {
  if (!env.RULES) throw new EdgeError("RULES_UNBOUND", "the RULES KV namespace is not bound (see wrangler.toml)");
  return env.RULES;
}

async function readJson(req: { raw: Request }): Promise<unknown> {
  const text = await readBodyText(req.raw, MAX_RULES_BODY_BYTES, "the rules body");
  try {
    return JSON.parse(text);
  } catch {
    throw new EdgeError("BAD_JSON", "the body is not valid JSON (the CLI converts YAML for you)");
  }
}

/** The rules prepared for use; 422 RULES_INVALID listing every problem. */
function prepareOr422(input: unknown): RuleIndex {
  try {
    return prepareRules(input);
  } catch (error) {
    if (!(error instanceof RulesInvalidError)) throw error;
    throw new EdgeError("RULES_INVALID", error.message, { details: { problems: error.problems }, cause: error });
  }
}

function parseVersion(raw: unknown): number {
  const version = Number(raw);
  if (!Number.isSafeInteger(version) || version <= 0)
    throw new EdgeError("BAD_VERSION", "version must be a positive integer");
  return version;
}

/** `?author=` (PUT) or `"author"` (rollback body): who did it, as they say; the token is shared. */
function authorOf(raw: unknown): string {
  if (raw === undefined || raw === null) return "";
  if (typeof raw !== "string") throw new EdgeError("BAD_AUTHOR", '"author" must be a string');
  return raw;
}

function etagHeaders(version: number): Record<string, string> {
  return { etag: versionETag(version) };
}

/**
 * After the pointer write, read it back: if another publisher's pointer already shows here, this publish
 * lost the race (last write wins in KV) and must say so rather than answer as if it were live.
 */
async function requireStillLive(kv: KVNamespace, version: number): Promise<void> {
  const after = await readPointer(kv);
  if (after && after.version !== version)
    throw new EdgeError(
      "SUPERSEDED",
      `version ${version} was made live, but version ${after.version} replaced it at once (another publish or ` +
        `rollback at the same moment; KV keeps the last write). Your version is kept; review and roll back to it if it should be live.`,
      {
        headers: etagHeaders(after.version),
        details: {
          stored: version,
          live: { version: after.version, publishedAt: after.publishedAt, author: after.author ?? "" },
        },
      },
    );
}

rulesAdminRoutes.get("/", async (c) => {
  const kv = rulesKv(c.env);
  const pointer = await readPointer(kv);
  if (!pointer) return c.json({ version: null, publishedAt: null, author: null, origins: {}, rules: [] });
  const document = await readVersion(kv, pointer.version);
  if (!document)
    throw new EdgeError(
      "LIVE_VERSION_MISSING",
      `the pointer names rules version ${pointer.version}, which is not stored; roll back to a kept version (GET /_bonafide/rules/versions)`,
    );
  return c.json(
    {
      version: pointer.version,
      publishedAt: pointer.publishedAt,
      author: pointer.author ?? "",
      origins: document.origins ?? {},
      rules: document.rules,
    },
    200,
    etagHeaders(pointer.version),
  );
});

rulesAdminRoutes.put("/", async (c) => {
  const kv = rulesKv(c.env);
  const precondition = parsePrecondition(c.req.header("if-match"), c.req.header("if-none-match"));
  const comment = c.req.query("comment") ?? "";
  const author = authorOf(c.req.query("author"));
  const keep = readEdgeConfig(c.env).rulesKeepVersions;
  return withRulesLock(kv, async () => {
    // Checked before the body is read (a stale publish fails fast) and again just before the pointer moves.
    const live = await readPointer(kv);
    requirePrecondition(precondition, live);
    type Published = { info: VersionInfo; warnings: ReturnType<typeof findShadowedRules> };
    const published = await replaceActiveRules<Published>(
      kv,
      async () => {
        const prepared = prepareOr422(await readJson(c.req));
        const info = await storeVersion(kv, prepared.document, { comment, author, basedOn: live?.version ?? null });
        requirePrecondition(precondition, await readPointer(kv), info.version);
        await writePointer(kv, info.version, author);
        await requireStillLive(kv, info.version);
        const result = { info, warnings: findShadowedRules(prepared) };
        return { active: { version: info.version, index: prepared }, result };
      },
      reporterOf(c.executionCtx),
    );
    // Pruned once the new rules are live, so this isolate's requests do not wait for it.
    const { info, warnings } = published;
    const pruned = await pruneVersions(kv, keep, info.version).catch((error: unknown) => {
      // The publish stands; the next one prunes again.
      reporterOf(c.executionCtx).report({ level: "error", msg: "rules pruning failed", error: String(error) });
      return [];
    });
    const { id: _id, ...shown } = info;
    return c.json({ ...shown, warnings, pruned }, 201, etagHeaders(info.version));
  });
});

rulesAdminRoutes.get("/versions", async (c) => {
  const kv = rulesKv(c.env);
  const [pointer, versions] = await Promise.all([readPointer(kv), listVersions(kv)]);
  const headers = pointer ? etagHeaders(pointer.version) : {};
  return c.json(
    {
      current: pointer?.version ?? null,
      publishedAt: pointer?.publishedAt ?? null,
      author: pointer?.author ?? null,
      keep: readEdgeConfig(c.env).rulesKeepVersions,
      versions,
    },
    200,
    headers,
  );
});

rulesAdminRoutes.get("/versions/:version", async (c) => {
  const kv = rulesKv(c.env);
  const version = parseVersion(c.req.param("version"));
  const [info, document] = await Promise.all([readVersionInfo(kv, version), readVersion(kv, version)]);
  if (!info || !document) throw new EdgeError("UNKNOWN_VERSION", `rules version ${version} is not kept`);
  const { id: _id, ...shown } = info;
  // Versions stored before authors were recorded have neither field.
  const legacy = { author: info.author ?? "", basedOn: info.basedOn ?? null };
  return c.json({ ...shown, ...legacy, origins: document.origins ?? {}, rules: document.rules });
});

rulesAdminRoutes.post("/rollback", async (c) => {
  const kv = rulesKv(c.env);
  const precondition = parsePrecondition(c.req.header("if-match"), c.req.header("if-none-match"));
  const body = (await readJson(c.req)) as { version?: unknown; author?: unknown } | null;
  const version = parseVersion(body?.version);
  const author = authorOf(body?.author);
  return withRulesLock(kv, async () => {
    const document = await readVersion(kv, version);
    if (!document)
      throw new EdgeError("UNKNOWN_VERSION", `rules version ${version} is not kept; see GET /_bonafide/rules/versions`);
    const live = await readPointer(kv);
    requirePrecondition(precondition, live);
    return replaceActiveRules(
      kv,
      async () => {
        const pointer = await writePointer(kv, version, author);
        await requireStillLive(kv, version);
        const result = c.json({ ...pointer, previous: live?.version ?? null }, 200, etagHeaders(version));
        return { active: { version, index: createRuleIndex(document).index }, result };
      },
      reporterOf(c.executionCtx),
    );
  });
});

rulesAdminRoutes.post("/test", async (c) => {
  const body = (await readJson(c.req)) as Record<string, unknown> | null;
  const url = typeof body?.url === "string" ? body.url : "";
  if (!URL.canParse(url) || !/^https?:/.test(url))
    throw new EdgeError("BAD_URL", '"url" must be an absolute http(s) URL');
  const headers = body?.headers ?? {};
  if (typeof headers !== "object" || headers === null || !Object.values(headers).every((v) => typeof v === "string"))
    throw new EdgeError("BAD_HEADERS", '"headers" must map names to strings');
  let index: RuleIndex | null;
  let version: number | null = null;
  if (body?.rules !== undefined) {
    index = prepareOr422({ rules: body.rules, origins: body.origins });
  } else {
    const active = await getActiveRules(rulesKv(c.env), undefined, reporterOf(c.executionCtx));
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
    throw new EdgeError("RULE_EVALUATION_FAILED", `the rules cannot be applied to this URL: ${String(error)}`);
  }
  const terminal = evaluation.steps.find((s) => s.action !== "headers");
  return c.json({ version, matched: terminal?.rule ?? null, ...evaluation });
});
