import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";

// A visitor's `X-Deadline-Timeout-Ms: 1` used to reach the aggregator through the edge and force a 504.
const SECRET = "edge-trust-test-secret";
let backend: TestBackend;
let agg: Aggregator;
let base = "";

beforeAll(async () => {
  backend = await startBackend((_req, res) => sendXml(res, "<ok/>"));
  const routes = routesFromTable({
    "/page": {
      GET: async (page) => {
        await page.fetch("data", "/x");
        // What a page handler can see of the proof: nothing (it could echo or log it otherwise).
        return page.text(`proof seen: ${page.headers["x-bonafide-edge"] ?? "none"}`);
      },
    },
  });
  agg = await createAggregator({
    pages: routes,
    backends: [{ name: "data", servers: [backend.url], required: true, timeoutMs: 2000 }],
    settings: aggregatorSettings({ edgeSecret: SECRET, pageTimeoutMs: 4000, renderThreads: 1 }),
    logger: createLogger({}, { write: () => {} }),
  });
  base = await agg.listen(0);
});

afterAll(async () => {
  await agg?.close(2000);
  await backend?.close();
});

const internal = { "x-deadline-timeout-ms": "1", "x-request-id": "visitor-chosen-id" };

describe("the aggregator trusts internal headers only from the edge", () => {
  for (const [label, proof] of [
    ["without a proof of origin", {}],
    ["with a wrong proof", { "x-bonafide-edge": "guessed" }],
  ] as const) {
    it(`ignores a caller's deadline and request id ${label}`, async () => {
      backend.seen.length = 0;
      const res = await fetch(`${base}/page`, { headers: { ...internal, ...proof } });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get("x-request-id")).not.toBe("visitor-chosen-id");
      // The back-end got the aggregator's own budget, not the visitor's 1 ms.
      expect(Number(backend.seen[0]?.headers["x-deadline-timeout-ms"])).toBeGreaterThan(1000);
      expect(await res.text()).toBe("proof seen: none");
    });
  }

  it("honours them from the edge, and hides the proof from page handlers", async () => {
    const fromEdge = await fetch(`${base}/page`, {
      headers: { "x-request-id": "edge-id-1", "x-deadline-timeout-ms": "3000", "x-bonafide-edge": SECRET },
    });
    expect(fromEdge.status).toBe(200);
    expect(fromEdge.headers.get("x-request-id")).toBe("edge-id-1");
    expect(await fromEdge.text()).toBe("proof seen: none");
    const tight = await fetch(`${base}/page`, { headers: { ...internal, "x-bonafide-edge": SECRET } });
    expect(tight.status).toBe(504);
  });
});
