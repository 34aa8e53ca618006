/**
 * @module The isolate's live rules never make one request wait on another request's I/O: a request whose KV
 * read stalls (a slow read, or a request cancelled with its client, whose read then never settles) holds up
 * no one else. The old single flight handed every concurrent request the first one's pending read.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getActiveRules } from "../../edge/rules/active.ts";
import { publishVersion } from "../../edge/rules/store.ts";

/** `kv` whose reads of the rules pointer, once `stall()` is called, wait until `release()`. */
function stallingKv(kv: KVNamespace) {
  let stalled = false;
  const waiting: Array<() => void> = [];
  const get = (key: string, options: unknown) => {
    const read = () => (kv.get as (k: string, o: unknown) => Promise<unknown>)(key, options);
    if (!stalled || key !== "rules:current") return read();
    return new Promise<void>((resolve) => waiting.push(resolve)).then(read);
  };
  // A distinct object, so the isolate keeps separate state for it (keyed by the binding).
  const wrapped = new Proxy(kv, {
    get: (target, name) => (name === "get" ? get : Reflect.get(target, name, target)),
  });
  return {
    kv: wrapped,
    stall: () => {
      stalled = true;
    },
    release: () => {
      stalled = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
    waiting: () => waiting.length,
  };
}

describe("the isolate's live rules", () => {
  it("answers a request from the index it has while another request's pointer read is stalled", {
    timeout: 10_000,
  }, async () => {
    const published = await publishVersion(
      env.RULES,
      { rules: [{ id: "a", match: { path: "/a" }, action: { type: "respond", status: 200, body: "a" } }] },
      "",
    );
    const kv = stallingKv(env.RULES);
    expect((await getActiveRules(kv.kv, 0))?.version).toBe(published.version);

    kv.stall();
    const first = getActiveRules(kv.kv, 0); // its read now hangs, as a cancelled request's would
    expect(kv.waiting()).toBe(1);
    // On the old code this awaited the first request's read, and so never settled while that read hung.
    const second = await getActiveRules(kv.kv, 0);
    expect(second?.version).toBe(published.version);
    expect(kv.waiting()).toBe(1); // and it did not pile up a read of its own

    kv.release();
    expect((await first)?.version).toBe(published.version);
  });

  it('answers "no rules" while another request\'s pointer read is stalled, when none are published', {
    timeout: 10_000,
  }, async () => {
    await env.RULES.delete("rules:current"); // nothing published: the state most new deployments start in
    const kv = stallingKv(env.RULES);
    expect(await getActiveRules(kv.kv, 0)).toBeNull();

    kv.stall();
    const first = getActiveRules(kv.kv, 0); // the one request that re-checks the pointer; its read hangs
    expect(kv.waiting()).toBe(1);
    // On the old code "none published" looked like "not read yet", so this waited for the first one's read.
    expect(await getActiveRules(kv.kv, 0)).toBeNull();
    expect(kv.waiting()).toBe(1);

    // Once the read comes back, a version published meanwhile is what the next check finds.
    const published = await publishVersion(
      env.RULES,
      { rules: [{ id: "b", match: { path: "/b" }, action: { type: "respond", status: 200, body: "b" } }] },
      "",
    );
    kv.release();
    expect((await first)?.version).toBe(published.version);
    expect((await getActiveRules(kv.kv, 0))?.version).toBe(published.version);
  });
});
