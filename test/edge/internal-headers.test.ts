import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callEdge, get } from "./helpers.ts";

// What a visitor may try to tell the origin; none of it may arrive as the visitor wrote it.
const forged = {
  "x-deadline-timeout-ms": "1",
  "x-request-id": "visitor-chosen-id",
  "x-forwarded-for": "6.6.6.6",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "gopher",
  "x-real-ip": "6.6.6.6",
  forwarded: "for=6.6.6.6;host=evil.example",
  "x-bonafide-edge": "forged-proof",
  "x-bonafide-debug": "1",
  "cf-connecting-ip": "203.0.113.7", // Cloudflare's own; in production the visitor cannot set it
  cookie: "lang=ru",
};

type Seen = Record<string, string | undefined>;

function expectNoForgery(headers: Seen): void {
  expect(headers["x-deadline-timeout-ms"]).toBeUndefined();
  expect(headers["x-request-id"]).not.toBe("visitor-chosen-id");
  expect(headers["x-forwarded-for"]).toBe("203.0.113.7");
  expect(headers["x-forwarded-host"]).toBe("edge.test");
  expect(headers["x-forwarded-proto"]).toBe("https");
  expect(headers["x-real-ip"]).toBeUndefined();
  expect(headers.forwarded).toBeUndefined();
  expect(headers["x-bonafide-debug"]).toBeUndefined();
  expect(headers.cookie).toBe("lang=ru"); // the visitor's own headers still go through
}

describe("internal headers a client sends", () => {
  it("are removed on the page fall-through, which adds the edge's own proof of origin", async () => {
    const res = await get("/echo/internal", { headers: forged });
    const { headers } = (await res.json()) as { headers: Seen };
    expectNoForgery(headers);
    expect(headers["x-bonafide-edge"]).toBe("test-origin-secret");
  });

  it("are removed on a rules proxy, which never gets the proof of origin", async () => {
    const publish = await callEdge(
      new Request("https://edge.test/_bonafide/rules", {
        method: "PUT",
        headers: { authorization: "Bearer test-admin-token", "content-type": "application/json" },
        body: JSON.stringify({
          origins: { echo: (env as unknown as { TEST_ECHO_URL: string }).TEST_ECHO_URL },
          rules: [
            { id: "sec-headers-proxy", match: { prefix: "/sec-headers/" }, action: { type: "proxy", origin: "echo" } },
          ],
        }),
      }),
    );
    expect(publish.status, await publish.clone().text()).toBe(201);
    const res = await callEdge(new Request("https://edge.test/sec-headers/x", { headers: forged }));
    const { headers } = (await res.json()) as { headers: Seen };
    expectNoForgery(headers);
    expect(headers["x-bonafide-edge"]).toBeUndefined();
  });
});
