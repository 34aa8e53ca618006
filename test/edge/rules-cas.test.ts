import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { EdgeBindings } from "../../edge/env.ts";
import { pruneVersions } from "../../edge/rules/prune.ts";
import { listVersions, publishVersion, readPointer, writePointer } from "../../edge/rules/store.ts";
import type { RulesDocument } from "../../shared/rules/model.ts";
import { callEdge } from "./helpers.ts";

const TOKEN = "test-admin-token";

interface AdminInit {
  body?: unknown;
  headers?: Record<string, string>;
  overrides?: Partial<EdgeBindings>;
}

function admin(method: string, path: string, init: AdminInit = {}): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    authorization: `Bearer ${TOKEN}`,
    ...init.headers,
  };
  const request = new Request(`https://edge.test/_bonafide/rules${path}`, {
    method,
    headers,
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  return callEdge(request, init.overrides);
}

const doc = (body: string): RulesDocument => ({
  rules: [{ id: "v", match: { path: "/v" }, action: { type: "respond", status: 200, body } }],
});

async function put(body: string, init: Omit<AdminInit, "body"> & { query?: string } = {}): Promise<Response> {
  return admin("PUT", init.query ?? "", { ...init, body: doc(body) });
}

async function publish(body: string, init: Omit<AdminInit, "body"> & { query?: string } = {}): Promise<number> {
  const res = await put(body, init);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { version: number }).version;
}

interface ErrorBody {
  error: { code: string; message: string; live: { version: number } | null; stored?: number };
}

/** env.RULES, with `after(key, value)` run after each put: another isolate acting at that moment. */
function racingKv(after: (key: string, value: unknown) => Promise<void>): KVNamespace {
  const inner = env.RULES;
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === "put")
        return async (key: string, value: string, options?: KVNamespacePutOptions) => {
          await target.put(key, value, options);
          await after(key, value);
        };
      const member = Reflect.get(target, prop);
      return typeof member === "function" ? member.bind(target) : member;
    },
  });
}

/** An empty namespace of its own: env.RULES under a fresh key prefix (the file's tests share one KV). */
function freshKv(): KVNamespace {
  const inner = env.RULES;
  const prefix = `t${crypto.randomUUID()}/`;
  const fresh = {
    get: (key: string, options?: never) => inner.get(prefix + key, options),
    put: (key: string, value: never, options?: KVNamespacePutOptions) => inner.put(prefix + key, value, options),
    delete: (key: string) => inner.delete(prefix + key),
    async list(options: KVNamespaceListOptions = {}) {
      const res = await inner.list({ ...options, prefix: prefix + (options.prefix ?? "") });
      return { ...res, keys: res.keys.map((k) => ({ ...k, name: k.name.slice(prefix.length) })) };
    },
  };
  return fresh as unknown as KVNamespace;
}

describe("conditional publishing (If-Match against the live version)", () => {
  it("answers GET with the live version as ETag and in the body, and none before the first publish", async () => {
    const overrides = { RULES: freshKv() };
    const empty = await admin("GET", "", { overrides });
    expect(empty.headers.get("etag")).toBeNull();
    expect(await empty.json()).toMatchObject({ version: null });
    const v = await publish("one", { query: "?author=alice&comment=first", overrides });
    const res = await admin("GET", "", { overrides });
    expect(res.headers.get("etag")).toBe(`"${v}"`);
    expect(await res.json()).toMatchObject({ version: v, author: "alice" });
    expect((await admin("GET", "/versions", { overrides })).headers.get("etag")).toBe(`"${v}"`);
  });

  it("publishes with the right If-Match and refuses a stale one with 412 naming the live version, changing nothing", async () => {
    const v1 = await publish("one");
    const v2 = await publish("two", { headers: { "if-match": `"${v1}"` }, query: "?author=bob" });
    expect(v2).toBeGreaterThan(v1);
    const before = (await (await admin("GET", "/versions")).json()) as { versions: unknown[] };

    const stale = await put("three", { headers: { "if-match": `"${v1}"` } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("etag")).toBe(`"${v2}"`);
    const body = (await stale.json()) as ErrorBody;
    expect(body.error.code).toBe("PRECONDITION_FAILED");
    expect(body.error.live).toMatchObject({ version: v2, author: "bob" });
    expect(body.error.message).toContain(`version ${v2} is live`);
    expect(body.error.message).toContain(`If-Match: "${v1}"`);
    expect(body.error.stored).toBeUndefined();
    const after = (await (await admin("GET", "/versions")).json()) as { current: number; versions: unknown[] };
    expect(after.current).toBe(v2);
    expect(after.versions).toHaveLength(before.versions.length);
    expect(await (await callEdge(new Request("https://edge.test/v"))).text()).toBe("two");

    // A list of tags matches any of them; a bare number is taken as its tag; a weak tag never matches.
    expect((await put("four", { headers: { "if-match": `"${v1}", "${v2}"` } })).status).toBe(201);
    const v4 = ((await (await admin("GET", "")).json()) as { version: number }).version;
    expect((await put("five", { headers: { "if-match": String(v4) } })).status).toBe(201);
    expect((await put("six", { headers: { "if-match": `W/"${v4 + 1}"` } })).status).toBe(412);
  });

  it("treats If-Match: * as 'some version is live' and If-None-Match: * as 'nothing is published yet'", async () => {
    const overrides = { RULES: freshKv() };
    const star = await put("x", { headers: { "if-match": "*" }, overrides });
    expect(star.status).toBe(412);
    expect(((await star.json()) as ErrorBody).error).toMatchObject({ live: null });
    const first = await publish("first", { headers: { "if-none-match": "*" }, overrides });
    const again = await put("again", { headers: { "if-none-match": "*" }, overrides });
    expect(again.status).toBe(412);
    expect(((await again.json()) as ErrorBody).error.live?.version).toBe(first);
    expect((await put("any", { headers: { "if-match": "*" }, overrides })).status).toBe(201);
    expect((await put("none", { overrides })).status).toBe(201); // no precondition: last write wins, as before
  });

  it("answers 400 for a malformed If-Match, and for a rollback author that is not a string", async () => {
    const v = await publish("one");
    for (const bad of ["abc", '"1', '"1" "2"', ""]) {
      const res = await put("x", { headers: { "if-match": bad } });
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe("BAD_PRECONDITION");
    }
    const res = await admin("POST", "/rollback", { body: { version: v, author: 7 } });
    expect([res.status, ((await res.json()) as ErrorBody).error.code]).toEqual([400, "BAD_AUTHOR"]);
  });

  it("rolls back only while If-Match names the live version", async () => {
    const v1 = await publish("one");
    const v2 = await publish("two");
    const stale = await admin("POST", "/rollback", { body: { version: v1 }, headers: { "if-match": `"${v1}"` } });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as ErrorBody).error.live?.version).toBe(v2);
    expect((await readPointer(env.RULES))?.version).toBe(v2);
    const ok = await admin("POST", "/rollback", {
      body: { version: v1, author: "carol" },
      headers: { "if-match": `"${v2}"` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe(`"${v1}"`);
    expect(await ok.json()).toMatchObject({ version: v1, previous: v2, author: "carol" });
    expect(await (await admin("GET", "")).json()).toMatchObject({ version: v1, author: "carol" });
  });

  it("keeps the rules but refuses to make them live when another publish lands while the body is stored", async () => {
    const v1 = await publish("one");
    let other = 0;
    const kv = racingKv(async (key) => {
      // Another isolate publishes right after this request stored its manifest.
      if (key.startsWith("rules:m:") && other === 0)
        other = (await publishVersion(env.RULES, doc("other"), "")).version;
    });
    const res = await put("mine", { headers: { "if-match": `"${v1}"` }, overrides: { RULES: kv } });
    expect(res.status).toBe(412);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.live?.version).toBe(other);
    expect(body.error.stored).toBeGreaterThan(v1);
    expect(body.error.message).toContain(`kept as version ${body.error.stored}, which is not live`);
    expect((await readPointer(env.RULES))?.version).toBe(other);
    const mine = (await (await admin("GET", `/versions/${body.error.stored}`)).json()) as RulesDocument;
    expect(mine.rules[0]).toMatchObject({ action: { body: "mine" } });
  });

  it("says 409 SUPERSEDED when another pointer write shows up right after its own", async () => {
    const v1 = await publish("one");
    let raced = false;
    const kv = racingKv(async (key) => {
      if (key === "rules:current" && !raced) {
        raced = true;
        await writePointer(env.RULES, v1, "dave"); // a rollback elsewhere, at the same moment
      }
    });
    const res = await put("mine", { overrides: { RULES: kv } });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("SUPERSEDED");
    expect(body.error.live?.version).toBe(v1);
    expect(body.error.stored).toBeGreaterThan(v1);
    expect(await (await callEdge(new Request("https://edge.test/v"), { RULES: kv })).text()).toBe("one");
  });

  it("takes the next number when a concurrent publisher claimed the same one, never mixing their data", async () => {
    await publish("one");
    let taken = "";
    const kv = racingKv(async (key, value) => {
      if (key.startsWith("rules:m:") && !taken) {
        taken = key;
        const theirs = { ...JSON.parse(String(value)), id: "pother", comment: "theirs" };
        await env.RULES.put(key, JSON.stringify(theirs), { metadata: { comment: "theirs" } });
      }
    });
    const res = await put("mine", { overrides: { RULES: kv } });
    expect(res.status, await res.clone().text()).toBe(201);
    const info = (await res.json()) as { version: number };
    expect(`rules:m:${String(info.version - 1).padStart(10, "0")}`).toBe(taken);
    const live = (await (await admin("GET", "")).json()) as RulesDocument & { version: number };
    expect([live.version, live.rules[0]?.action]).toEqual([info.version, expect.objectContaining({ body: "mine" })]);
  });

  it("records author, comment and the version it was based on, bounded to fit KV metadata", async () => {
    const v1 = await publish("one");
    const long = "🦄".repeat(300);
    const v2 = await publish("two", {
      query: `?comment=${encodeURIComponent(long)}&author=${encodeURIComponent(`${"é".repeat(100)}\n`)}`,
    });
    const list = (await (await admin("GET", "/versions")).json()) as {
      versions: { version: number; comment: string; author: string; basedOn: number | null }[];
    };
    const entry = list.versions.find((v) => v.version === v2);
    expect(entry?.basedOn).toBe(v1);
    expect(Array.from(entry?.comment ?? "").length).toBeLessThanOrEqual(200);
    expect(entry?.comment.startsWith("🦄🦄")).toBe(true);
    expect(entry?.author).toMatch(/^é+$/);
    const one = (await (await admin("GET", `/versions/${v2}`)).json()) as { comment: string; basedOn: number };
    expect([Array.from(one.comment).length, one.basedOn]).toEqual([200, v1]);
  });
});

describe("keeping the last N versions (BONAFIDE_RULES_KEEP_VERSIONS)", () => {
  it("deletes versions beyond the newest N after each publish, whole, and lists only what is kept", async () => {
    const kv = freshKv();
    const overrides = { RULES: kv, BONAFIDE_RULES_KEEP_VERSIONS: "3" };
    const versions: number[] = [];
    const pruned: number[][] = [];
    for (const body of ["1", "2", "3", "4", "5"]) {
      const res = await put(body, { overrides });
      expect(res.status).toBe(201);
      const info = (await res.json()) as { version: number; pruned: number[] };
      versions.push(info.version);
      pruned.push(info.pruned);
    }
    const [v1, v2, v3, v4, v5] = versions;
    expect(pruned).toEqual([[], [], [], [v1], [v2]]);
    const list = (await (await admin("GET", "/versions", { overrides })).json()) as {
      keep: number;
      versions: { version: number }[];
    };
    expect(list.keep).toBe(3);
    expect(list.versions.map((v) => v.version)).toEqual([v5, v4, v3]);
    // Manifests and chunks both go: nothing of a pruned version is left behind.
    expect((await kv.list({ prefix: "rules:c:" })).keys).toHaveLength(3);
    const gone = await admin("POST", "/rollback", { body: { version: v1 }, overrides });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as ErrorBody).error.message).toContain("not kept");
    expect((await admin("GET", `/versions/${v2}`, { overrides })).status).toBe(404);
    // Every listed version can still be rolled back to; numbers are never handed out again.
    expect((await admin("POST", "/rollback", { body: { version: v3 }, overrides })).status).toBe(200);
    expect(await publish("6", { overrides })).toBe((v5 ?? 0) + 1);
  });

  it("never deletes the live version, however old, nor one a rollback elsewhere just made live", async () => {
    const kv = freshKv();
    const made: number[] = [];
    for (const body of ["1", "2", "3", "4", "5"]) made.push((await publishVersion(kv, doc(body), body)).version);
    const [v1 = 0, v2 = 0, v3, v4, v5] = made;
    // `live` as the publisher knows it (v1), and the pointer as it reads now (a rollback to v2 elsewhere).
    await writePointer(kv, v2);
    const deleted = await pruneVersions(kv, 1, v1);
    expect(deleted).toEqual([v3, v4]);
    expect((await listVersions(kv)).map((v) => v.version)).toEqual([v5, v2, v1]);
    expect((await kv.list({ prefix: "rules:c:" })).keys).toHaveLength(3);
  });
});

describe("a rules store that refuses a write", () => {
  // The error as Workers KV raises it when one key is written twice in a second.
  it("answers 503 with Retry-After and leaves the live version as it was (KV's one write a second per key)", async () => {
    const base = freshKv();
    const overrides = { RULES: base };
    const v1 = await publish("one", { overrides });
    const refusing = new Proxy(base, {
      get(target, prop) {
        if (prop === "put")
          return async (key: string, value: never, options?: KVNamespacePutOptions) => {
            if (key === "rules:current") throw new Error("KV PUT failed: 429 Too Many Requests");
            return target.put(key, value, options);
          };
        const member = Reflect.get(target, prop);
        return typeof member === "function" ? member.bind(target) : member;
      },
    });
    const res = await put("two", { overrides: { RULES: refusing } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("KV_UNAVAILABLE");
    expect(body.error.message).toContain("429");
    expect((await readPointer(base))?.version).toBe(v1);
    expect(await (await callEdge(new Request("https://edge.test/v"), overrides)).text()).toBe("one");
  });
});
