/**
 * @module `npx bonafide …` as a person types it, with the machine's own PATH (whatever Node and npm are
 * installed, possibly older than the Node the project brings): nothing of npm's — no EBADENGINE, no
 * `npm warn` — comes before the command's own output. npx runs the project's own bin by linking the project
 * into its cache (~/.npm/_npx/<hash>) the first time, and that install checked the root's `engines` against
 * the Node running npm, not the one that runs the command (node_modules/.bin's). So each run here gets an npm
 * cache of its own: every run is a first run, as on a fresh machine or in a new work tree.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const caches: string[] = [];
afterAll(() => {
  for (const dir of caches) rmSync(dir, { recursive: true, force: true });
});

/** PATH without the project's node_modules/.bin (which `npm test` puts first): the machine's npx and Node. */
function machinePath(): string {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "" && !/[/\\]node_modules[/\\]\.bin$/.test(resolve(dir)))
    .join(delimiter);
}

function npx(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: machinePath() };
    // npm run sets these for its children; a person's shell has none of them.
    for (const name of Object.keys(env)) if (/^npm_/i.test(name)) delete env[name];
    const cache = mkdtempSync(join(tmpdir(), "bonafide-npx-cache-"));
    caches.push(cache);
    env.npm_config_cache = cache;
    const child = spawn("npx", ["bonafide", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = ""; // stdout and stderr interleaved as a terminal shows them
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", fail);
    child.on("exit", (code) => done({ code: code ?? 1, output }));
  });
}

describe("npx bonafide with the machine's PATH", () => {
  it("prints its usage first, with no npm warning before it", async () => {
    const { code, output } = await npx(["--help"]);
    expect(code, output).toBe(0);
    expect(output.split("\n")[0], output).toBe("usage: npx bonafide <command> [options]");
    expect(output).not.toMatch(/EBADENGINE|npm warn|npm WARN/);
  });

  it("still shows a real error: an unknown command is refused with the usage", async () => {
    const { code, output } = await npx(["no-such-command"]);
    expect(code).not.toBe(0);
    expect(output).not.toMatch(/EBADENGINE|npm warn|npm WARN/);
    expect(output).toContain("no-such-command");
  });

  it("runs a README command exactly as written: rules validate examples/rules/rules.yaml", async () => {
    const { code, output } = await npx(["rules", "validate", "examples/rules/rules.yaml"]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^examples\/rules\/rules\.yaml: \d+ rules valid/);
  });
});
