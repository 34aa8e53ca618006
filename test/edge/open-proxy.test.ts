import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RulesDocument } from "../../shared/rules/model.ts";
import { callEdge } from "./helpers.ts";

// The configured page origin (test/support/page-origin.ts) and another listener that stands for "any host"
// (test/support/echo-server.ts, which counts what reached it). The edge must only ever fetch the first.
const bindings = env as unknown as { ORIGIN_URL: string; TEST_ECHO_URL: string; PAGES: KVNamespace };
const elsewhere = new URL(bindings.TEST_ECHO_URL).host;

async function reachedElsewhere(token: string): Promise<number> {
  return Number(await (await fetch(`${bindings.TEST_ECHO_URL}/_received?contains=${token}`)).text());
}

async function originHits(path: string): Promise<number> {
  return Number(await (await fetch(`${bindings.ORIGIN_URL}/_hits?path=${encodeURIComponent(path)}`)).text());
}

async function cachedKeysWith(token: string): Promise<string[]> {
  const { keys } = await bindings.PAGES.list({ prefix: "p" });
  return keys.map((k) => k.name).filter((name) => name.includes(token));
}

const victim = { cookie: "session=victim", authorization: "Basic dmljdGltOnNlY3JldA==" };

/** Sends `url` to the Worker as a visitor with cookies, twice (a second answer could come from the cache). */
async function attack(url: string): Promise<{ status: number; body: string; cache: string | null }[]> {
  const out = [];
  for (let i = 0; i < 2; i++) {
    const res = await callEdge(new Request(url, { headers: victim }));
    out.push({ status: res.status, body: await res.text(), cache: res.headers.get("x-bonafide-cache") });
  }
  return out;
}

describe("the page fall-through is not an open proxy", () => {
  // Each form as the Worker receives it; workerd parses `/\host` in the request line into `//host`.
  const refused = {
    "//host": (t: string) => `https://edge.test//${elsewhere}/steal/${t}`,
    "/\\host": (t: string) => `https://edge.test/\\${elsewhere}/steal/${t}`,
    "\\\\host": (t: string) => `https://edge.test/\\\\${elsewhere}/steal/${t}`,
    "//user@host": (t: string) => `https://edge.test//edge.test@${elsewhere}/steal/${t}`,
  };
  for (const [form, url] of Object.entries(refused)) {
    it(`refuses ${form} with 400 BAD_PATH: nothing fetched elsewhere, no cookie sent there, nothing cached`, async () => {
      const token = crypto.randomUUID();
      for (const answer of await attack(url(token))) {
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "BAD_PATH" } });
        expect(answer.cache).toBeNull();
      }
      expect(await reachedElsewhere(token)).toBe(0);
      expect(await cachedKeysWith(token)).toEqual([]);
    });
  }

  // Encoded slashes and backslashes, `@` in the path, and an absolute URL in the request line (what the
  // Worker sees for `GET http://other-host/… HTTP/1.1`) are ordinary paths of the configured origin.
  const onOrigin = {
    "/%2F%2Fhost": (t: string) => [`https://edge.test/%2F%2F${elsewhere}/steal/${t}`, `/%2F%2F${elsewhere}/steal/${t}`],
    "/%5Chost": (t: string) => [`https://edge.test/%5C${elsewhere}/steal/${t}`, `/%5C${elsewhere}/steal/${t}`],
    "/%5C%5Chost": (t: string) => [`https://edge.test/%5C%5C${elsewhere}/steal/${t}`, `/%5C%5C${elsewhere}/steal/${t}`],
    "/@host": (t: string) => [`https://edge.test/@${elsewhere}/steal/${t}`, `/@${elsewhere}/steal/${t}`],
    "absolute URL": (t: string) => [`http://${elsewhere}/steal/${t}`, `/steal/${t}`],
    "user@host authority": (t: string) => [`http://edge.test@${elsewhere}/steal/${t}`, `/steal/${t}`],
  };
  for (const [form, build] of Object.entries(onOrigin)) {
    it(`sends ${form} to the configured origin only`, async () => {
      const token = crypto.randomUUID();
      const [url, originPath] = build(token) as [string, string];
      for (const answer of await attack(url)) {
        expect(answer.status).toBe(404); // the stand-in origin's answer for an unknown page
        expect(answer.body).toContain(token);
      }
      expect(await reachedElsewhere(token)).toBe(0);
      expect(await originHits(originPath)).toBe(2);
    });
  }
});

describe("rules cannot re-point a fetch", () => {
  const document: RulesDocument = {
    origins: { echo: bindings.TEST_ECHO_URL, app: `${bindings.TEST_ECHO_URL}/app` },
    rules: [
      { id: "sec-proxy", match: { regex: "^/sec-proxy/(.*)$" }, action: { type: "proxy", origin: "app", to: "/$1" } },
      { id: "sec-rewrite", match: { regex: "^/sec-rewrite/(.*)$" }, action: { type: "rewrite", to: "/$1" } },
    ],
  };

  async function publish(): Promise<void> {
    const res = await callEdge(
      new Request("https://edge.test/_bonafide/rules", {
        method: "PUT",
        headers: { authorization: "Bearer test-admin-token", "content-type": "application/json" },
        body: JSON.stringify(document),
      }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
  }

  it("keeps a proxy target under its origin whatever a capture holds", async () => {
    await publish();
    for (const capture of ["//evil.example/x", "%5C%5Cevil.example/x", "%5Cevil.example/x", "..%2F..%2Fx"]) {
      const res = await callEdge(new Request(`https://edge.test/sec-proxy/${capture}`, { headers: victim }));
      const text = await res.text();
      if (res.status === 200) {
        const seen = JSON.parse(text) as { path: string; headers: Record<string, string> };
        expect(seen.path.startsWith("/app/"), seen.path).toBe(true);
        expect(seen.headers.host).toBe(elsewhere);
      } else expect(res.status, text).toBe(400);
    }
  });

  it("keeps a rewrite on the request's own host when a capture starts with a backslash", async () => {
    await publish();
    const token = crypto.randomUUID();
    const res = await callEdge(
      new Request(`https://edge.test/sec-rewrite/%5Cevil.example/echo/${token}`, { headers: victim }),
    );
    const text = await res.text();
    // Before the fix the rewritten URL's host was evil.example, and the origin was told so.
    expect(res.status, text).toBe(404);
    expect(text).not.toContain('"x-forwarded-host":"evil.example"');
    expect(await cachedKeysWith("evil.example")).toEqual([]);
  });
});
