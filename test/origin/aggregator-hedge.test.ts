/**
 * Hedged requests and slow start, against real HTTP servers on 127.0.0.1. The back-ends hold requests until
 * the test lets them go (or until the aggregator gives up on them), so nothing here depends on how fast the
 * machine is: a hedge either goes out while the first try is held, or it does not.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type BackendDefinition,
  createBackendRegistry,
  noteServerResult,
  pickServer,
} from "../../origin/aggregator/backends.ts";
import { LatencyWindow } from "../../origin/aggregator/latency.ts";
import { type HandlerModule, routesFromTable } from "../../origin/aggregator/router.ts";
import { type Aggregator, createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { PageTimers } from "../../origin/aggregator/timers.ts";
import { createLogger } from "../../origin/log.ts";
import { sendXml, startBackend, type TestBackend } from "../support/backends.ts";

const EDGE_SECRET = "edge-secret-for-hedge-tests";

/** A request a back-end holds: `aborted` resolves true if the aggregator closed it before an answer. */
interface Held {
  readonly server: string;
  readonly res: ServerResponse;
  readonly aborted: Promise<boolean>;
}

/** What the held back-ends do: hold only the first request of a test, hold all, or answer at once. */
let mode: "hold-first" | "hold-all" | "answer" = "answer";
const held: Held[] = [];
let arrivals = 0;
/** Resolves when `arrivals` reaches a count (event-driven: the servers call `arrived`). */
const waiters: { n: number; resolve: () => void }[] = [];
function arrived(): void {
  arrivals++;
  for (const w of waiters.filter((w) => arrivals >= w.n)) {
    waiters.splice(waiters.indexOf(w), 1);
    w.resolve();
  }
}

function holding(name: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    arrived();
    req.resume();
    if (mode === "hold-all" || (mode === "hold-first" && held.length === 0 && arrivals === 1)) {
      held.push({
        server: name,
        res,
        aborted: new Promise((resolve) => res.on("close", () => resolve(!res.writableFinished))),
      });
      return;
    }
    sendXml(res, `<from server="${name}"/>`);
  };
}

/** Bounded wait for an event (a fixed bound only as a safety net, never as synchronisation). */
async function within<T>(what: string, p: Promise<T>, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, bound]);
  } finally {
    clearTimeout(timer);
  }
}

let s1: TestBackend;
let s2: TestBackend;
let s3: TestBackend;
let r1: TestBackend;
let r2: TestBackend;
let r2Fails = false;
let agg: Aggregator;
let base = "";

const seen = () => s1.seen.length + s2.seen.length + s3.seen.length;

/** A page that answers with the call's outcome as text (the back-end's body, or the failure). */
function call(backend: string, options: Parameters<import("../../origin/aggregator/page.ts").Page["fetch"]>[1]) {
  return {
    GET: async (page) => {
      const r = await page.fetch(backend, options);
      return page.text(r.ok ? r.text : `failed: ${r.error?.failure}`);
    },
  } satisfies HandlerModule;
}

beforeAll(async () => {
  s1 = await startBackend(holding("s1"));
  s2 = await startBackend(holding("s2"));
  s3 = await startBackend(holding("s3"));
  const replica = (name: string) => (_req: IncomingMessage, res: ServerResponse) => {
    if (name === "r2" && r2Fails) return void res.writeHead(503).end("down");
    sendXml(res, `<from server="${name}"/>`);
  };
  r1 = await startBackend(replica("r1"));
  r2 = await startBackend(replica("r2"));
  const defs: BackendDefinition[] = [
    { name: "h", servers: [s1.url, s2.url], hedge: { afterMs: 20 } },
    { name: "h3", servers: [s1.url, s2.url, s3.url], maxTries: 5, hedge: { afterMs: 10 }, required: false },
    { name: "late", servers: [s1.url, s2.url], hedge: { afterMs: 97 }, required: false },
    { name: "early", servers: [s1.url, s2.url], hedge: { afterMs: 30 }, required: false },
    { name: "pct", servers: [s1.url, s2.url], hedge: { percentile: 95 } },
    { name: "t", servers: [s3.url], required: false },
    { name: "ss", servers: [r1.url, r2.url], slowStartMs: 600_000, avoidMs: 50, maxTries: 1, required: false },
    { name: "even", servers: [r1.url, r2.url], avoidMs: 50, maxTries: 1, required: false },
  ];
  const routes = routesFromTable({
    "/get": call("h", "/x"),
    "/get3": call("h3", { path: "/x", timeoutMs: 300 }),
    "/post": {
      GET: async (page) => {
        const r = await page.fetch("h3", { method: "POST", path: "/x", body: "q=1", timeoutMs: 300 });
        return page.text(r.ok ? r.text : `failed: ${r.error?.failure}`);
      },
    },
    "/post-idempotent": {
      GET: async (page) => {
        const r = await page.fetch("h3", {
          method: "POST",
          path: "/x",
          body: "q=1",
          timeoutMs: 300,
          idempotent: true,
        });
        return page.text(r.ok ? r.text : `failed: ${r.error?.failure}`);
      },
    },
    "/late": call("late", "/x"),
    "/early": call("early", "/x"),
    "/pct": call("pct", "/x"),
    "/timeouts": {
      GET: async (page) => {
        const long = page.fetch("t", { path: "/long", timeoutMs: 300 });
        const short = page.fetch("t", { path: "/short", timeoutMs: 60 });
        const [l, s] = [await long, await short];
        return page.text(`${l.error?.failure} ${s.error?.failure}`);
      },
    },
    "/ss": call("ss", "/x"),
    "/even": call("even", "/x"),
  });
  agg = await createAggregator({
    pages: routes,
    backends: defs,
    settings: aggregatorSettings({ edgeSecret: EDGE_SECRET, retryBudget: 5, renderThreads: 1, cacheBytes: 0 }),
    logger: createLogger({}, { write: () => {} }),
  });
  base = await agg.listen(0);
});

afterEach(() => {
  for (const h of held.splice(0)) if (!h.res.writableEnded) h.res.end();
  for (const s of [s1, s2, s3]) s.seen.length = 0;
  arrivals = 0;
  mode = "answer";
});

afterAll(async () => {
  await agg?.close(2000);
  for (const s of [s1, s2, s3, r1, r2]) await s?.close();
});

const metric = async (name: string) => {
  const text = await (await fetch(`${base}/_aggregator/metrics`)).text();
  return Number(text.match(new RegExp(`^${name.replace(/[{}]/g, "\\$&")} (\\d+)$`, "m"))?.[1] ?? 0);
};

describe("hedged requests", () => {
  it("sends one hedge to the other server when the first try is slow; the first answer wins, the slow try is aborted", async () => {
    mode = "hold-first";
    const sentBefore = await metric('bonafide_backend_hedges_total{backend="h"}');
    const res = await fetch(`${base}/get`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(seen()).toBe(2);
    expect(held).toHaveLength(1);
    const slow = held[0] as Held;
    // The answer came from the other server, and the held try's connection was closed, unanswered.
    expect(body).toBe(`<from server="${slow.server === "s1" ? "s2" : "s1"}"/>`);
    expect(await within("the slow try closed", slow.aborted)).toBe(true);
    expect(await metric('bonafide_backend_hedges_total{backend="h"}')).toBe(sentBefore + 1);
    expect(await metric('bonafide_backend_hedges_won_total{backend="h"}')).toBeGreaterThanOrEqual(1);
  });

  it("sends at most one hedge per call, even with tries and budget left and a third server", async () => {
    mode = "hold-all";
    const res = await fetch(`${base}/get3`);
    expect(await res.text()).toBe("failed: timeout");
    expect(seen()).toBe(2); // the first try and one hedge; s3 never asked
    const servers = new Set(held.map((h) => h.server));
    expect(servers.size).toBe(2); // the hedge went to another server
    // Both tries were given up (timeouts) and their connections closed by the aggregator.
    expect(await within("both tries closed", Promise.all(held.map((h) => h.aborted)))).toEqual([true, true]);
  });

  it("does not hedge a POST, but does one marked idempotent", async () => {
    mode = "hold-all";
    expect(await (await fetch(`${base}/post`)).text()).toBe("failed: timeout");
    expect(seen()).toBe(1);
    for (const h of held.splice(0)) h.res.end();
    for (const s of [s1, s2, s3]) s.seen.length = 0;
    expect(await (await fetch(`${base}/post-idempotent`)).text()).toBe("failed: timeout");
    expect(seen()).toBe(2);
  });

  it("never starts a hedge past the page deadline (or with less than MIN_CALL_MS left)", async () => {
    mode = "hold-all";
    const withDeadline = (ms: number) => ({ "x-deadline-timeout-ms": String(ms), "x-bonafide-edge": EDGE_SECRET });
    // The hedge would be due 97 ms into a 100 ms page: at most 3 ms left, so it is not sent.
    expect(await (await fetch(`${base}/late`, { headers: withDeadline(100) })).text()).toBe("failed: timeout");
    expect(seen()).toBe(1);
    for (const h of held.splice(0)) h.res.end();
    for (const s of [s1, s2, s3]) s.seen.length = 0;
    // The same hedge 30 ms into a 300 ms page is sent.
    const early = fetch(`${base}/early`, { headers: withDeadline(300) });
    const second = new Promise<void>((resolve) => waiters.push({ n: 2, resolve }));
    await within("the hedge arrived", second);
    expect(await (await early).text()).toBe("failed: timeout");
    expect(seen()).toBe(2);
  });

  it("hedges after the back-end's observed p95 once it has seen enough answers", async () => {
    mode = "answer";
    for (let i = 0; i < 30; i++) expect((await fetch(`${base}/pct`)).status).toBe(200);
    for (const s of [s1, s2, s3]) s.seen.length = 0;
    arrivals = 0;
    mode = "hold-first";
    const res = await fetch(`${base}/pct`);
    expect(res.status).toBe(200);
    expect(seen()).toBe(2);
    expect(await within("the slow try closed", (held[0] as Held).aborted)).toBe(true);
  });
});

describe("the page's one timer", () => {
  it("times each attempt out at its own limit: the shorter one first, then the longer", async () => {
    mode = "hold-all";
    const closed: string[] = [];
    const res = fetch(`${base}/timeouts`);
    await within("both calls arrived", new Promise<void>((resolve) => waiters.push({ n: 2, resolve })));
    for (const h of held) void h.aborted.then(() => closed.push(s3.seen[held.indexOf(h)]?.path ?? "?"));
    expect(await (await res).text()).toBe("timeout timeout");
    await within("both closed", Promise.all(held.map((h) => h.aborted)));
    expect(closed).toEqual(["/short", "/long"]);
  });

  it("fires entries in due order, skips cancelled ones, and leaves nothing pending", async () => {
    const timers = new PageTimers();
    const fired: number[] = [];
    const t = performance.now();
    const all = new Promise<void>((resolve) => {
      timers.at(t + 30, () => {
        fired.push(30);
        resolve();
      });
    });
    timers.at(t + 10, () => fired.push(10));
    const cancelled = timers.at(t + 15, () => fired.push(15));
    timers.at(t + 20, () => fired.push(20));
    timers.cancel(cancelled);
    await within("the last entry fired", all);
    expect(fired).toEqual([10, 20, 30]);
    expect(timers.pending).toBe(0);
  });
});

describe("slow start", () => {
  /** Fails r2 until a call reached it, then lets it recover and calls until it gets a call again. */
  async function failAndRecover(path: string): Promise<void> {
    r2Fails = true;
    const before = r2.seen.length;
    for (let i = 0; i < 20 && r2.seen.length === before; i++) await fetch(`${base}${path}`);
    expect(r2.seen.length).toBe(before + 1);
    r2Fails = false;
    // Bounded: the avoidance (50 ms) ends, then r2 gets a call again — at once, or on its first slow-start turn.
    const deadline = Date.now() + 15_000;
    while (r2.seen.length === before + 1 && Date.now() < deadline) await fetch(`${base}${path}`);
    expect(r2.seen.length).toBe(before + 2);
  }

  async function shares(path: string, calls: number): Promise<{ r1: number; r2: number }> {
    const a = r1.seen.length;
    const b = r2.seen.length;
    for (let i = 0; i < calls; i++) expect((await fetch(`${base}${path}`)).status).toBe(200);
    return { r1: r1.seen.length - a, r2: r2.seen.length - b };
  }

  it("gives a server coming back a small share at first, where one without slow start takes half at once", async () => {
    await failAndRecover("/ss");
    const ramping = await shares("/ss", 100);
    // 10 % of its weight at the start of a 10-minute window: one call in 20 of two servers' calls.
    expect(ramping.r2).toBeGreaterThanOrEqual(1);
    expect(ramping.r2).toBeLessThanOrEqual(15);
    await failAndRecover("/even");
    const even = await shares("/even", 100);
    expect(even.r2).toBeGreaterThanOrEqual(35);
  });

  it("ramps the share up over the window (the picker itself, at given times)", () => {
    const registry = createBackendRegistry([
      { name: "u", servers: ["http://10.0.0.1:1", "http://10.0.0.2:1"], slowStartMs: 10_000, avoidMs: 1000 },
    ]);
    const backend = registry.get("u");
    const back = backend.servers[1];
    if (!back) throw new Error("two servers");
    const t0 = 1_000_000;
    noteServerResult(back, false, t0);
    const during = Array.from({ length: 200 }, () => pickServer(backend, new Set(), t0 + 500).origin);
    expect(during.filter((o) => o === back.origin)).toHaveLength(0); // avoided
    const counts = [0, 0.25, 0.5, 0.75, 1].map((f) => {
      const now = t0 + 1000 + f * 10_000;
      return Array.from({ length: 200 }, () => pickServer(backend, new Set(), now).origin).filter(
        (o) => o === back.origin,
      ).length;
    });
    expect(counts[0]).toBeLessThanOrEqual(15); // ~10 % of a half share
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1] as number);
    expect(counts[4]).toBeGreaterThanOrEqual(95); // a full share: half of the calls
  });
});

describe("profiles", () => {
  it("refuses a bad hedge or slow-start setting at start, naming the back-end", () => {
    const bad = (extra: Partial<BackendDefinition>) => () =>
      createBackendRegistry([{ name: "x", servers: ["http://127.0.0.1:1"], ...extra }]);
    expect(bad({ hedge: { percentile: 100 } })).toThrow(/back-end x: hedge.percentile/);
    expect(bad({ hedge: { afterMs: -1 } })).toThrow(/back-end x: hedge.afterMs/);
    expect(bad({ slowStartMs: Number.NaN })).toThrow(/back-end x: slowStartMs/);
  });

  it("keeps a bounded latency window", () => {
    const w = new LatencyWindow();
    expect(w.percentile(95)).toBeNull();
    for (let i = 1; i <= 10_000; i++) w.observe(i % 100);
    expect(w.size).toBe(256);
    expect(w.percentile(95)).toBeGreaterThanOrEqual(90);
  });
});
