/**
 * @module No 5xx under concurrency: 64 clients at once against the edge on workerd (every HTTP request its
 * own request context, as in production), across every route family, with the rules pointer re-read on every
 * request (`BONAFIDE_RULES_RECHECK_MS=0`) so that requests overlap while one of them is reading KV — the
 * window in which a promise handed from one request to another made workerd answer 500 "Cannot perform I/O
 * on behalf of a different request". Prints the figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEdge, startWorkerdEdge, type WorkerdEdge } from "../support/workerd-edge.ts";

const CLIENTS = 64;
const REQUESTS_PER_CLIENT = 30;
const TOKEN = "concurrency-admin-token";
const DB_USER = `bft_edge_conc_${Math.random().toString(36).slice(2, 10)}`;

let edge: WorkerdEdge;

beforeAll(async () => {
  edge = await startWorkerdEdge(bundleEdge(), {
    BONAFIDE_ADMIN_TOKEN: TOKEN,
    BONAFIDE_PUSH_SECRET: "concurrency-push-secret-0123456789",
    DATABASE_URL: `http://${DB_USER}:test@127.0.0.1:${process.env.BONAFIDE_TEST_PSDB_PORT}`,
    ORIGIN_URL: `http://127.0.0.1:${process.env.BONAFIDE_TEST_PAGES_PORT}`,
    API_KEYS: "guest",
    BONAFIDE_RULES_RECHECK_MS: "0",
    // The overload guard answers 429 (not the subject here) long before this.
    CLIENT_BURST_ITEMS: "1000000",
    CLIENT_ITEMS_PER_MINUTE: "1000000",
  });
  const published = await publish("first");
  expect(published.status, await published.text()).toBe(201);
}, 120_000);

/** Publishes the one redirect rule again as a new version (the live index is swapped in the isolate). */
function publish(comment: string): Promise<Response> {
  return fetch(`${edge.url}/_bonafide/rules?comment=${comment}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      rules: [{ id: "conc-redirect", match: { prefix: "/conc-old/" }, action: { type: "redirect", to: "/conc-new/" } }],
    }),
  });
}

afterAll(async () => {
  await edge?.stop();
});

/** Request `n` of a client: rating GET and POST, SiteTruth v3, meta, a page, a rules redirect, in turn. */
function request(n: number): { path: string; init?: RequestInit } {
  const domain = `conc-${n % 10}.example`;
  switch (n % 6) {
    case 0:
      return { path: `/api/v1/rate?d=${domain}` };
    case 1:
      return {
        path: "/api/v1/rate",
        init: { method: "POST", headers: { "content-type": "application/json" }, body: `{"domains":["${domain}"]}` },
      };
    case 2:
      return { path: `/fcgi/rateapiv3.fcgi?url=${domain}&key=guest&format=json` };
    case 3:
      return { path: "/api/v1/meta" };
    case 4:
      return { path: `/echo/conc-${n}` };
    default:
      return { path: `/conc-old/${n}`, init: { redirect: "manual" } };
  }
}

describe("the edge under 64 concurrent clients on workerd", () => {
  it("answers every route family without a single 5xx while the rules pointer is re-read per request", async () => {
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let running = true;
    // Meanwhile an operator publishes now and then: requests arriving during a swap wait for the new index.
    let publishes = 0;
    const publishing = (async () => {
      for (let n = 0; running; n++, publishes++) {
        const res = await publish(`during-load-${n}`);
        if (res.status !== 201)
          failures.push(`publish during load → ${res.status} ${(await res.text()).slice(0, 120)}`);
        else await res.body?.cancel();
      }
    })();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let k = 0; k < REQUESTS_PER_CLIENT; k++) {
          const { path, init } = request(client + k);
          const res = await fetch(`${edge.url}${path}`, init);
          const body = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500)
            failures.push(`${init?.method ?? "GET"} ${path} → ${res.status} ${body.slice(0, 120)}`);
          else if (path.startsWith("/conc-old/") && res.headers.get("x-bonafide-rule") !== "conc-redirect")
            failures.push(`${path} → ${res.status} without the redirect rule`);
        }
      }),
    );
    running = false;
    await publishing;
    const total = CLIENTS * REQUESTS_PER_CLIENT;
    const fiveXX = [...statuses].reduce((sum, [status, n]) => sum + (status >= 500 ? n : 0), 0);
    console.log(
      `edge concurrency: ${CLIENTS} clients, ${total} requests, ${fiveXX} 5xx; by status ${JSON.stringify(Object.fromEntries(statuses))}; ${publishes} publishes meanwhile`,
    );
    expect(failures.slice(0, 5), `${failures.length} of ${total} bad`).toEqual([]);
  });
});
