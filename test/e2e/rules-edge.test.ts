import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEdgeSecrets } from "../../origin/stack/edge-secrets.ts";
import { type CliResult, runCli } from "../support/cli.ts";
import { freePort } from "../support/ports.ts";
import { descendants, isAlive } from "../support/process-tree.ts";

// The CLI against a real local edge (`wrangler dev` with local KV), and `curl -H 'Host: …'`-style requests:
// the Host header must reach the rules unchanged.

const TOKEN = "e2e-rules-token";
let edge = "";
let wrangler: ChildProcess;
let tree: number[] = [];
let dir = "";
let output = "";

function cli(...args: string[]): Promise<CliResult> {
  return runCli(["rules", ...args], { BONAFIDE_EDGE_URL: edge, BONAFIDE_ADMIN_TOKEN: TOKEN });
}

/** GET with an explicit Host header, as `curl -H 'Host: …'` sends it. */
function getWithHost(
  path: string,
  host: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(path, edge);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bonafide-rules-e2e-"));
  const port = await freePort();
  edge = `http://127.0.0.1:${port}`;
  wrangler = spawn(
    "node_modules/.bin/wrangler",
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      join(dir, "state"),
      // As npm start does: the token in a private file, not on the command line.
      ...writeEdgeSecrets({ BONAFIDE_ADMIN_TOKEN: TOKEN }, dir).args,
    ],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  wrangler.stdout?.on("data", (d) => {
    output += d;
  });
  wrangler.stderr?.on("data", (d) => {
    output += d;
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (wrangler.exitCode !== null || Date.now() > deadline) throw new Error(`wrangler dev did not start:\n${output}`);
    const up = await fetch(`${edge}/api/v1/meta`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  tree = descendants(wrangler.pid ?? 0);
}, 120_000);

afterAll(() => {
  if (wrangler && wrangler.exitCode === null) wrangler.kill("SIGKILL");
  for (const pid of tree) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("npx bonafide rules against a local edge", () => {
  it("pushes, diffs, matches on the Host header, lists versions and rolls back", async () => {
    const v1 = join(dir, "v1.json");
    writeFileSync(
      v1,
      JSON.stringify({
        rules: [
          {
            id: "old-shop",
            match: { host: "old-shop.example", prefix: "/" },
            action: { type: "redirect", to: "https://shop.example$request_uri", status: 308 },
          },
          { id: "home", match: { path: "/index.html" }, action: { type: "redirect", to: "/", status: 301 } },
        ],
      }),
    );
    const v2 = join(dir, "v2.yaml");
    writeFileSync(
      v2,
      "rules:\n  - id: home\n    match: { path: /index.html }\n    action: { type: redirect, to: /start, status: 302 }\n",
    );

    const push1 = await cli("push", v1, "--comment", "first");
    expect(push1.stderr).toBe("");
    expect(push1.stdout).toMatch(/published version (\d+) \(2 rules\)/);
    const version1 = Number(/version (\d+)/.exec(push1.stdout)?.[1]);

    const hosted = await getWithHost("/a/b?c=1", "old-shop.example");
    expect([hosted.status, hosted.headers.location, hosted.headers["x-bonafide-rule"]]).toEqual([
      308,
      "https://shop.example/a/b?c=1",
      "old-shop",
    ]);
    expect((await getWithHost("/api/v1/meta", "other.example")).status).toBe(200);

    const diff = await cli("diff", v2);
    expect(diff.stdout).toContain("- old-shop");
    expect(diff.stdout).toContain("~ home");
    expect((await cli("push", v2)).code).toBe(0);
    expect((await getWithHost("/index.html", "any.example")).headers.location).toBe("/start");

    // A push pinned to the version `diff` showed is refused once someone else has published since.
    const stale = await cli("push", v1, "--if-match", String(version1));
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("someone else published or rolled back meanwhile");
    expect(stale.stderr).toContain(`not version ${version1}`);
    expect((await getWithHost("/index.html", "any.example")).headers.location).toBe("/start");

    const live = await cli("test", "https://any.example/index.html?a=1");
    expect(JSON.parse(live.stdout)).toMatchObject({ matched: "home", outcome: { location: "/start?a=1" } });

    const versions = await cli("versions");
    expect(versions.stdout).toMatch(new RegExp(`^\\s+${version1}\\s.*first$`, "m"));
    expect((await cli("rollback", String(version1))).stdout).toContain(`version ${version1} is live`);
    expect((await getWithHost("/index.html", "any.example")).headers.location).toBe("/");
  });

  it("refuses a wrong token and an invalid file with clear messages", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ rules: [{ id: "x", match: { regex: "^(a)\\1" }, action: { type: "pass" } }] }));
    const invalid = await cli("push", bad);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('rule "x" (#1): REGEX_UNSUPPORTED');
    const wrong = await runCli(["rules", "versions"], { BONAFIDE_EDGE_URL: edge, BONAFIDE_ADMIN_TOKEN: "nope" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("401 BAD_TOKEN");
  });
});
