/**
 * @module A deployment's own site: `npx bonafide aggregator --site FILE` runs runAggregator with the small
 * fixture site (test/origin/fixtures/aggregator-site/), none of the job board, against a real back-end on
 * 127.0.0.1, under the CLI's supervisor; Ctrl-C (SIGINT) stops it. And the command line stays strict.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type TestBackend } from "../support/backends.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { freePort } from "../support/ports.ts";
import { type Spawned, spawnCli, spawnNode } from "../support/spawned.ts";

const SITE = "test/origin/fixtures/aggregator-site/site.ts";
let backend: TestBackend;
let t: TestDatabase;
const running: Spawned[] = [];

beforeAll(async () => {
  backend = await startBackend((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end('{"greeting":"hello from the back-end"}');
  });
  t = await createTestDatabase("aggregator_site");
});

afterAll(async () => {
  for (const run of running) if (run.child.exitCode === null) run.child.kill("SIGKILL");
  await backend?.close();
  await t?.drop();
});

function track(run: Spawned): Spawned {
  running.push(run);
  return run;
}

describe("npx bonafide aggregator --site FILE", () => {
  it("serves the site's page from its back-end, with none of the job board, and stops on SIGINT", async () => {
    const port = await freePort();
    const run = track(
      spawnCli(["aggregator", "--site", SITE, "--no-refresh"], {
        ...process.env,
        DATABASE_URL: t.url,
        BONAFIDE_AGGREGATOR_PORT: String(port),
        BONAFIDE_BACKENDS: `greetings=${backend.url}`,
        AGGREGATOR_RENDER_THREADS: "1",
      }),
    );
    await run.waitFor("the aggregator to start", () => run.output.includes('"msg":"aggregator started"'));
    expect(run.output).toContain('"site":"the test greeting site"');
    expect(run.output).toContain('"greeting":"hello"'); // the site's describe() extras
    expect(run.output).toContain('"backends":["greetings"]');
    expect(run.output).toContain('"pageRefresh":"off (--no-refresh or AGGREGATOR_REFRESH=off)"');
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("greeting site says: hello from the back-end\n");
    expect(backend.seen.map((s) => s.path)).toContain("/hello");
    expect(run.output).not.toMatch(/job board/i);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.output).toContain('"msg":"stopped"');
  });

  it.each([
    ["an unknown option", ["aggregator", "--sit", SITE]],
    ["a site file that does not exist", ["aggregator", "--site", "test/origin/fixtures/no-such-site.ts"]],
    ["a stray positional", ["aggregator", SITE]],
  ])("refuses %s with exit 2", async (_what, args) => {
    const run = track(spawnCli(args, { ...process.env, DATABASE_URL: t.url }));
    expect(await run.exited).toBe(2);
    expect(run.output).not.toContain('"msg":"aggregator started"');
  });

  it("node origin/aggregator/main.ts: --help prints its usage (exit 0); an unknown option or a stray argument is exit 2", async () => {
    const help = track(spawnNode(["origin/aggregator/main.ts", "--help"], { ...process.env, DATABASE_URL: t.url }));
    expect(await help.exited).toBe(0);
    expect(help.output).toContain("usage: node origin/aggregator/main.ts --site FILE");
    for (const [args, said] of [
      [["--site", SITE, "--no-refesh"], "unknown option --no-refesh"],
      [["--site", SITE, "extra"], 'unexpected argument "extra"'],
      [["--site"], "--site needs a value"],
    ] as const) {
      const run = track(spawnNode(["origin/aggregator/main.ts", ...args], { ...process.env, DATABASE_URL: t.url }));
      expect(await run.exited).toBe(2);
      expect(run.stderr).toContain(said);
      expect(run.output).not.toContain('"msg":"aggregator started"');
    }
  });

  it("node origin/aggregator/main.ts needs --site (it has no site of its own), exit 2", async () => {
    const run = track(spawnNode(["origin/aggregator/main.ts"], { ...process.env, DATABASE_URL: t.url }));
    expect(await run.exited).toBe(2);
    expect(run.stderr).toContain("--site FILE is required");
  });
});
