/** @module `npx bonafide check-site` against the demonstration web: the letter, the reasons, advice, JSON, bad input. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoWeb, startDemoWeb } from "../../demo/rated-web/web.ts";
import { run } from "../../origin/cli/check-site.ts";

let web: DemoWeb;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  web = await startDemoWeb();
  dir = await mkdtemp(join(tmpdir(), "bonafide-check-"));
  await writeFile(join(dir, "ca.pem"), web.caPem);
  env = {
    BONAFIDE_CONNECT_TO: web.connectTo,
    BONAFIDE_TRUST_CA_FILE: join(dir, "ca.pem"),
    BONAFIDE_RDAP_BOOTSTRAP_URL: web.sources.rdapBootstrapUrl,
    BONAFIDE_BLACKLIST_FEED: web.sources.blacklistFeed,
    BONAFIDE_REGISTRY_FEED: web.sources.registryFeed,
  };
});

afterAll(async () => {
  await web?.close();
  if (dir) await rm(dir, { recursive: true });
});

async function check(args: string[]): Promise<{ code: number; text: string }> {
  let text = "";
  const code = await run(args, { env, out: (t) => (text += t) });
  return { code, text };
}

describe("npx bonafide check-site", () => {
  it("prints the letter and every reason with its weight", async () => {
    const { code, text } = await check(["https://www.northgate-instruments.co.uk/contact"]);
    expect(code).toBe(0);
    expect(text).toContain("northgate-instruments.co.uk: A (verified)");
    expect(text).toMatch(/\+3 {2}tls_ev_org_match/);
    expect(text).toContain("pages read: home https://northgate-instruments.co.uk/");
  });

  it("tells a webmaster what to fix", async () => {
    const { text } = await check(["fernhill-ceramics.co.uk"]);
    expect(text).toContain("fernhill-ceramics.co.uk: Q unverified");
    expect(text).toContain("→ have the certificate issued to the legal entity named on the site");
  });

  it("prints rating and evidence as JSON", async () => {
    const { code, text } = await check(["tallis-rowe.co.uk", "--json"]);
    expect(code).toBe(0);
    const body = JSON.parse(text) as { rating: { rating: string }; evidence: { registers: { kind: string }[] } };
    expect(body.rating.rating).toBe("A");
    expect(body.evidence.registers[0]?.kind).toBe("match");
  });

  it("refuses bad input and bad usage with exit code 2", async () => {
    expect(await check(["127.0.0.1"])).toMatchObject({ code: 2, text: expect.stringContaining("IP address") });
    expect((await check([])).code).toBe(2);
    expect((await check(["a.com", "b.com"])).code).toBe(2);
    expect(await check(["--help"])).toMatchObject({ code: 0, text: expect.stringContaining("usage:") });
  });
});
