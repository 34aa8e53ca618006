/**
 * @module libxml2 inside WebAssembly must never write to a stderr it could block on. It printed every parse
 * error with a synchronous write; with the pipe full (the reader busy, thousands of malformed bodies) the
 * write failed inside the call, the heap's lock stayed taken, and the next malloc on that thread waited
 * forever — test files hung whole under the full suite. Here a child process reads 3,000 malformed bodies
 * through readXml with its stderr a pipe nobody reads: it must finish (and print nothing there).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const LIBXML = fileURLToPath(new URL("../../origin/aggregator/render/libxml.ts", import.meta.url));

const CHILD = `
const { readXml } = await import(${JSON.stringify(LIBXML)});
const enc = new TextEncoder();
let refused = 0;
for (let i = 0; i < 3000; i++) {
  const body = enc.encode("<list><item id=" + i + ">" + "x".repeat(i % 300) + "</itme></list>");
  try { (await readXml(body)).delete(); } catch { refused++; }
}
process.stdout.write("refused " + refused + "\\n");
`;

describe("libxml2's errors and a blocked stderr", () => {
  it("reads thousands of malformed bodies with stderr never read, and writes nothing to it", async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD], { stdio: ["ignore", "pipe", "pipe"] });
    child.stderr.pause(); // never read while it runs: a full pipe, as under a busy supervisor
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    // A bound on a hang (the failure mode), not a timing claim.
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    clearTimeout(killer);
    const err: Buffer[] = [];
    for (let chunk = child.stderr.read(); chunk; chunk = child.stderr.read()) err.push(chunk);
    expect(code, Buffer.concat(err).toString().slice(0, 500)).toBe(0);
    expect(out).toBe("refused 3000\n");
    expect(Buffer.concat(err).toString()).toBe("");
  }, 90_000);
});
