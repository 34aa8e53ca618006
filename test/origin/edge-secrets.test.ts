/**
 * @module The file `npm start` hands the edge's secrets to wrangler in: private, named by path, removed on stop.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeEdgeSecrets, writeSecretFiles } from "../../origin/stack/edge-secrets.ts";

const parent = mkdtempSync(join(tmpdir(), "bonafide-secrets-test-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const SECRETS = {
  DATABASE_URL: "http://bonafide:pA55-w0rd_x@127.0.0.1:8790",
  BONAFIDE_PUSH_SECRET: "0123456789abcdef0123456789abcdef",
  BONAFIDE_ADMIN_TOKEN: "tok~en.With+Slash/AndEquals==",
};

describe("the edge's secrets file", () => {
  it("is readable by its owner only, named by the arguments, which carry no value, and removed on stop", () => {
    const file = writeEdgeSecrets(SECRETS, parent);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file.path)).mode & 0o777).toBe(0o700);
    expect(file.args).toEqual(["--env-file", file.path]);
    for (const value of Object.values(SECRETS)) expect(file.args.join(" ")).not.toContain(value);
    expect(readFileSync(file.path, "utf8")).toBe(
      Object.entries(SECRETS)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(""),
    );
    file.remove();
    expect(existsSync(dirname(file.path))).toBe(false);
    file.remove(); // twice is harmless (the stop path and the exit hook both call it)
  });

  it("refuses a value the env file would change (dotenv expands $ and cuts at # and line breaks), naming it", () => {
    for (const value of ["a$HOME", "a #b", "a\nB=c", "'q'", 'd"q']) {
      expect(() => writeEdgeSecrets({ BONAFIDE_ADMIN_TOKEN: value }, parent)).toThrow(/BONAFIDE_ADMIN_TOKEN/);
    }
    expect(() => writeEdgeSecrets({ "BAD NAME": "x" }, parent)).toThrow(/not a variable name/);
  });
});

describe("the operator's secret files (what the printed pages examples read with $(cat …))", () => {
  it("writes each value to its own 0600 file in a private directory, exactly, and removes them", () => {
    const files = writeSecretFiles(
      { "admin-token": "tok-123", "cli-database-url": "mysql://u:p@127.0.0.1/db" },
      parent,
    );
    const token = files.paths["admin-token"] ?? "";
    expect(readFileSync(token, "utf8")).toBe("tok-123"); // no newline: $(cat …) gives the value itself
    expect(statSync(token).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(token)).mode & 0o777).toBe(0o700);
    expect(readFileSync(files.paths["cli-database-url"] ?? "", "utf8")).toBe("mysql://u:p@127.0.0.1/db");
    files.remove();
    files.remove();
    expect(existsSync(dirname(token))).toBe(false);
    expect(() => writeSecretFiles({ "../escape": "x" }, parent)).toThrow(/not a plain file name/);
  });
});
