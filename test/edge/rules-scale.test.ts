import { describe, expect, it } from "vitest";
import type { Rule } from "../../shared/rules/model.ts";
import { callEdge } from "./helpers.ts";

// 100,000 rules through the real admin API and KV inside workerd: they fit (one KV value under 25 MiB)
// and are matched by the index right after publishing.
describe("a 100,000-rule table", () => {
  it("publishes through PUT /_bonafide/rules and answers from the index", async () => {
    const rules: Rule[] = Array.from({ length: 100_000 }, (_, i) =>
      i % 10 === 9
        ? {
            id: `p${i}`,
            match: { prefix: `/old-section-${i}/` },
            action: { type: "redirect", to: `/section/${i}/`, status: 301 },
          }
        : {
            id: `r${i}`,
            match: { path: `/de/section-${i % 97}/article-${i}.html` },
            action: { type: "redirect", to: `/a/${i}` },
          },
    );
    const res = await callEdge(
      new Request("https://edge.test/_bonafide/rules", {
        method: "PUT",
        headers: { authorization: "Bearer test-admin-token", "content-type": "application/json" },
        body: JSON.stringify({ rules }),
      }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const info = (await res.json()) as { count: number; bytes: number; chunks: number };
    expect(info.count).toBe(100_000);
    expect(info.chunks).toBe(1);
    expect(info.bytes).toBeLessThan(25 * 1024 * 1024);
    const hit = await callEdge(new Request("https://edge.test/de/section-3/article-99913.html"));
    expect([hit.status, hit.headers.get("location")]).toEqual([301, "/a/99913"]);
    const prefix = await callEdge(new Request("https://edge.test/old-section-99999/x"));
    expect([prefix.status, prefix.headers.get("location")]).toEqual([301, "/section/99999/"]);
  });
});
