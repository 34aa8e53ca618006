import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const run = promisify(execFile);
let t: TestDatabase;
let dir = "";

beforeAll(async () => {
  t = await createTestDatabase("import");
  dir = mkdtempSync(join(tmpdir(), "bonafide-import-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.drop();
});

async function bonafide(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/bonafide.mjs", ...args], {
      env: { ...process.env, DATABASE_URL: t.url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npx bonafide import", () => {
  it("queues good lines on the import lane, reports bad ones by line number, and counts duplicates once", async () => {
    const file = join(dir, "domains.txt");
    writeFileSync(
      file,
      [
        "# shops to rate",
        "shop-one.com",
        "https://www.Shop-Two.co.uk/about?x=1",
        "",
        "not a domain at all",
        "127.0.0.1",
        "shop-one.com",
        "shop-three.de,some,csv,columns",
      ].join("\n"),
    );
    const first = await bonafide(["import", file]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("line 5:");
    expect(first.stderr).toContain("line 6:");
    expect(first.stderr).toMatch(/progress: 3\/3 \(100%\)/);
    expect(first.stdout).toContain(
      "imported 3 domains from 8 lines: 3 newly queued, 0 already queued; 2 bad lines skipped",
    );
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT job_key, client_key, priority, state FROM job WHERE kind = 'rate' ORDER BY job_key",
    );
    expect(rows.map((r) => [r.job_key, String(r.client_key), r.priority, r.state])).toEqual([
      ["shop-one.com", "import", 150, 0],
      ["shop-three.de", "import", 150, 0],
      ["shop-two.co.uk", "import", 150, 0],
    ]);
    const again = await bonafide(["import", file, "--priority", "120"]);
    expect(again.stdout).toContain("0 newly queued, 3 already queued");
  });

  it("fails clearly on a missing file or bad options, queueing nothing", async () => {
    const missing = await bonafide(["import", join(dir, "nope.txt")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
    const badPriority = await bonafide(["import", join(dir, "domains.txt"), "--priority", "x"]);
    expect(badPriority.code).toBe(2); // bad input is a usage error, exit 2, as in every command
    expect(badPriority.stderr).toContain("--priority must be an integer");
    const typo = await bonafide(["import", join(dir, "domains.txt"), "--priorty", "50"]);
    expect(typo.code).toBe(2); // an option the command does not take is refused, not ignored
    expect(typo.stderr).toContain("unknown option --priorty");
    const usage = await bonafide(["import"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npx bonafide import FILE");
  });
});
