import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getActiveRules, POINTER_RECHECK_MS } from "../../edge/rules/active.ts";
import { listVersions, publishVersion, readVersion, writePointer } from "../../edge/rules/store.ts";
import type { RulesDocument } from "../../shared/rules/model.ts";

const doc = (body: string, n = 1): RulesDocument => ({
  rules: Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    match: { path: `/p/${i}` },
    action: { type: "respond" as const, status: 200, body },
  })),
});

afterEach(() => {
  vi.useRealTimers();
});

describe("rules versions in KV", () => {
  it("splits a large version into chunks under the value limit and reads it back whole", async () => {
    const big = doc("ünïcode body ✓", 200);
    const info = await publishVersion(env.RULES, big, "chunked", 1000);
    expect(info.chunks).toBeGreaterThan(5);
    expect(info.bytes).toBeGreaterThan(5000);
    expect(await readVersion(env.RULES, info.version)).toEqual({ origins: {}, rules: big.rules });
    expect((await listVersions(env.RULES))[0]).toMatchObject({ version: info.version, count: 200, comment: "chunked" });
    expect(await readVersion(env.RULES, 424242)).toBeNull();
  });

  it("builds the index once per version, reuses it, and follows the pointer after the re-check interval", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const one = await publishVersion(env.RULES, doc("one"), "");
    const two = await publishVersion(env.RULES, doc("two"), "");
    vi.setSystemTime(Date.now() + POINTER_RECHECK_MS + 1);
    const first = await getActiveRules(env.RULES);
    const again = await getActiveRules(env.RULES);
    expect(first?.version).toBe(two.version);
    expect(again?.index).toBe(first?.index); // the same compiled index object, not a rebuild

    await writePointer(env.RULES, one.version); // as a rollback from another isolate would
    expect((await getActiveRules(env.RULES))?.version).toBe(two.version); // within the interval: cached
    vi.setSystemTime(Date.now() + POINTER_RECHECK_MS + 1);
    const moved = await getActiveRules(env.RULES);
    expect(moved?.version).toBe(one.version);
    expect(moved?.index).not.toBe(first?.index);

    // A pointer to a version that cannot be read keeps the rules the isolate has rather than dropping them.
    await writePointer(env.RULES, 999_999);
    vi.setSystemTime(Date.now() + POINTER_RECHECK_MS + 1);
    expect((await getActiveRules(env.RULES))?.version).toBe(one.version);
  });
});
