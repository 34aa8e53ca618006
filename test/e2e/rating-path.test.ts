import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SITES } from "../../demo/rated-web/web.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { poll } from "../support/poll.ts";
import { isAlive } from "../support/process-tree.ts";
import { type LocalStack, startLocalStack } from "../support/stack.ts";

// The whole stack as `npm start` runs it — MariaDB, migrations, SQL-over-HTTP, demo web, a rater and
// wrangler dev — on ports of its own, against a database of its own.

interface Item {
  domain: string;
  status: number;
  rating: string;
  ratingInfo: string;
  score: number | null;
  reasons: { code: string }[];
}

let t: TestDatabase;
let stack: LocalStack;
let edge = "";

async function rate(domains: string[]): Promise<{ items: Item[]; source: string; status: number }> {
  const res = await fetch(`${edge}/api/v1/rate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ domains }),
  });
  const body = (await res.json()) as { items: Item[] };
  return { items: body.items, source: res.headers.get("x-bonafide-source") ?? "", status: res.status };
}

beforeAll(async () => {
  t = await createTestDatabase("e2e");
  stack = await startLocalStack(t);
  edge = stack.edgeUrl;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

describe("the rating path end to end", () => {
  it("answers W for an unknown demo domain, rates it within seconds, then answers from KV", async () => {
    const domain = "hartmann-werkzeuge.de";
    const started = Date.now();
    const first = await rate([domain]);
    expect(first.source).toBe("queued");
    expect(first.items[0]).toMatchObject({ domain, status: 202, rating: "W", retryAfter: 5 });

    const answer = await poll(
      () => rate([domain]),
      (a) => a.items[0]?.rating !== "W",
      30_000,
    );
    const elapsed = Date.now() - started;
    console.log(`e2e: first ask → rating for ${domain} in ${elapsed} ms (source ${answer.source})`);
    expect(answer.items[0]).toMatchObject({ domain, status: 200, rating: "Q", ratingInfo: "unverified" });
    expect(answer.items[0]?.reasons.map((r) => r.code)).toContain("address_found");

    // The push lands in KV right after the rating is stored: KV must answer within a bound.
    const again = await poll(
      () => rate([domain]),
      (a) => a.source === "kv",
      10_000,
    );
    expect(again.source).toBe("kv");
    expect(again.items[0]?.rating).toBe("Q");
  });

  it("gives every demonstration site the rating it was built to get", async () => {
    const domains = DEMO_SITES.map((s) => s.domain);
    const answer = await poll(
      () => rate(domains),
      (a) => !a.items.some((i) => i.rating === "W"),
      60_000,
    );
    const got = answer.items.map((i) => `${i.domain} ${i.rating} ${i.ratingInfo}`);
    const want = DEMO_SITES.map((s) => `${s.domain} ${s.expected.rating} ${s.expected.ratingInfo}`);
    expect(got).toEqual(want);

    // The evidence behind one of them, as the rater stored it, read back through the edge.
    const evidence = await fetch(`${edge}/api/v1/sites/northgate-instruments.co.uk`);
    const body = (await evidence.json()) as { rating: string; evidence: { tls?: { validation: string } } };
    expect(body).toMatchObject({ rating: "A", evidence: { tls: { validation: "EV" } } });
    const page = await fetch(`${edge}/api/v1/sites/northgate-instruments.co.uk?format=html`);
    expect(await page.text()).toContain("tls_ev_org_match");
  });

  it("serves the job board's pages through the edge from the aggregator, then from the KV page cache", async () => {
    const first = await fetch(`${edge}/vacancy/1002?lang=ru`);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-bonafide-cache")).toBe("MISS");
    expect(await first.text()).toContain("Зарплата");
    const second = await fetch(`${edge}/vacancy/1002?lang=ru`);
    expect(second.headers.get("x-bonafide-cache")).toBe("HIT");
    expect(await (await fetch(`${edge}/search?q=jvaa`)).text()).toContain("Showing results for <strong>java</strong>");
    const pdf = await fetch(`${edge}/vacancy/1002/pdf`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });

  it("stops everything it started on SIGTERM, leaving no process behind", async () => {
    expect(stack.tree.length).toBeGreaterThanOrEqual(2);
    stack.process.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => stack.process.once("exit", resolve));
    expect(code).toBe(0);
    // Exited: its children go too (they watch their IPC channel); wait for that, bounded, not a fixed time.
    const alive = await poll(
      async () => stack.tree.filter(isAlive),
      (left) => left.length === 0,
      10_000,
    );
    expect(alive).toEqual([]);
  });
});
