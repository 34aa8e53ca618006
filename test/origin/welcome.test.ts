import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_SITES } from "../../demo/rated-web/web.ts";
import { writeSecretFiles } from "../../origin/stack/edge-secrets.ts";
import { welcomeText } from "../../origin/stack/welcome.ts";

// What `npm start` prints: no secret (scrollback, CI logs and screen shares are not private), only the
// paths of the 0600 files — and the printed rules example works as printed, reading the token from its file.

const ADMIN_TOKEN = "welcome-admin-token-0123456789";
const DEBUG_TOKEN = "welcome-debug-token-0123456789";
const CLI_DB_URL = "mysql://bonafide_cli:welcome-db-password-0123@127.0.0.1:3306/bonafide";

const parent = mkdtempSync(join(tmpdir(), "bonafide-welcome-test-"));
const files = writeSecretFiles(
  { "admin-token": ADMIN_TOKEN, "debug-token": DEBUG_TOKEN, "cli-database-url": CLI_DB_URL },
  parent,
);
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function welcome(edgeUrl: string): string {
  return welcomeText({
    edgeUrl,
    demo: { url: "http://127.0.0.1:18080", adsUrl: "http://127.0.0.1:18080/ads.html", sites: DEMO_SITES },
    raters: 2,
    psdbUrl: "http://127.0.0.1:8790",
    statusUrl: "http://127.0.0.1:8789/status",
    aggregatorUrl: "http://127.0.0.1:8788",
    secretFiles: {
      adminToken: files.paths["admin-token"] ?? "",
      debugToken: files.paths["debug-token"] ?? "",
      cliDatabaseUrl: files.paths["cli-database-url"] ?? "",
    },
  });
}

describe("the npm start welcome", () => {
  it("names the page with ads to try the extension on", () => {
    const text = welcome("http://127.0.0.1:8787");
    expect(text).toContain("    page with ads (extension)       http://127.0.0.1:18080/ads.html  (ads in frames too)");
    expect(text).toContain("then open http://127.0.0.1:18080/ads.html and watch the letters appear");
  });

  it("prints no secret, only where each one is, and names the debug token's file for the browser link", () => {
    const text = welcome("http://127.0.0.1:8787");
    for (const secret of [ADMIN_TOKEN, DEBUG_TOKEN, "welcome-db-password-0123"]) expect(text).not.toContain(secret);
    expect(text).toContain(`admin token                     in ${files.paths["admin-token"]}`);
    expect(text).toContain("http://127.0.0.1:8788/vacancy/1002?_debug=TOKEN");
    expect(text).toContain(`debug token: ${files.paths["debug-token"]}`);
    // Every example that needs the admin token reads it from the file, in the operator's shell.
    const tokenLines = text.split("\n").filter((l) => l.includes("BONAFIDE_ADMIN_TOKEN"));
    expect(tokenLines.length).toBeGreaterThanOrEqual(3);
    for (const line of tokenLines) expect(line).toContain(`BONAFIDE_ADMIN_TOKEN=$(cat ${files.paths["admin-token"]})`);
  });

  it("its rules example, run by a shell as printed, sends the token from the file to the edge", async () => {
    const seen: string[] = [];
    const edge = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        seen.push(`${req.method} ${req.headers.authorization}`);
        res.writeHead(req.method === "GET" ? 200 : 201, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            req.method === "GET" ? { version: null, origins: {}, rules: [] } : { version: 1, count: 10, pruned: [] },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => edge.listen(0, "127.0.0.1", resolve));
    try {
      const edgeUrl = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`;
      const line = welcome(edgeUrl)
        .split("\n")
        .find((l) => l.includes("npx bonafide rules push"))
        ?.trim();
      expect(line).toBeDefined();
      // The project's own Node runs the CLI (`npx bonafide` resolves to bin/bonafide.mjs).
      const command = (line ?? "").replace("npx bonafide", `"${process.execPath}" bin/bonafide.mjs`);
      const child = spawn("sh", ["-c", command], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env.PATH },
      });
      let output = "";
      child.stdout.on("data", (d) => {
        output += d;
      });
      child.stderr.on("data", (d) => {
        output += d;
      });
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code, output).toBe(0);
      expect(output).toContain("published version 1");
      expect(seen).toEqual([`GET Bearer ${ADMIN_TOKEN}`, `PUT Bearer ${ADMIN_TOKEN}`]);
    } finally {
      await new Promise((resolve) => edge.close(resolve));
    }
  });
});
