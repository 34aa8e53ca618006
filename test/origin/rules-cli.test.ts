import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The offline CLI commands, run as operators run them: `npx bonafide rules …` in a process of its own.
const dir = mkdtempSync(join(tmpdir(), "bonafide-rules-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/bonafide.mjs", "rules", ...args], {
      env: { ...process.env, BONAFIDE_ADMIN_TOKEN: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe("npx bonafide rules (offline commands)", () => {
  it("validates the example YAML file and names every problem of a bad one", async () => {
    const ok = await cli("validate", "examples/rules/rules.yaml");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("10 rules valid (9 enabled)");
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "- id: a\n  match: { path: /a }\n  action: { type: redirect, to: /b/$2 }\n- id: a\n  action: { type: pass }\n",
    );
    const res = await cli("validate", bad);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('rule "a" (#2): DUPLICATE_ID');
    writeFileSync(join(dir, "broken.json"), "{");
    const broken = await cli("validate", join(dir, "broken.json"));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("is not valid JSON");
  });

  it("tests a URL offline with headers, showing the matched rule, the steps and the outcome", async () => {
    const res = await cli(
      "test",
      "examples/rules/rules.yaml",
      "https://x.test/shop",
      "-H",
      "Cookie: beta=1",
      "--country",
      "de",
    );
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { matched: string; applied: string[]; outcome: { location: string } };
    expect(out.matched).toBe("german-shop");
    expect(out.applied).toEqual(["beta-banner", "security-headers", "german-shop"]);
    expect(out.outcome.location).toBe("/de/shop");
  });

  it("imports an nginx table as JSON that validates, listing the untranslated lines on stderr", async () => {
    const res = await cli("import-nginx", "examples/rules/nginx.conf");
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("nginx.conf:48: try_files");
    const file = join(dir, "imported.json");
    writeFileSync(file, res.stdout);
    expect((await cli("validate", file)).code).toBe(0);
  });

  it("explains a missing token instead of calling the edge unauthenticated", async () => {
    const res = await cli("versions", "--edge", "http://127.0.0.1:9");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("no admin token");
  });
});
