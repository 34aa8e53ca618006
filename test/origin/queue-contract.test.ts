/**
 * @module The queue's contract has one home (shared/queue-contract.ts): no other module of the edge, the
 * origin or shared code writes a job state or a priority class as a bare number, in SQL or in code.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { clientKeyBytes, JobState, jobStateName } from "../../shared/queue-contract.ts";

const ROOT = join(import.meta.dirname, "../..");
const HOME = "shared/queue-contract.ts";

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Lines that are code, not comments (a line comment, or a line of a block comment). */
function codeLines(text: string): [number, string][] {
  return text
    .split("\n")
    .map((line, i): [number, string] => [i + 1, line])
    .filter(([, line]) => !/^\s*(\/\/|\*|\/\*\*?)/.test(line));
}

const BARE = [
  /\bstate\s*(=|<>|!=)\s*\d/i, // SQL: state = 1
  /\bstate\s+IN\s*\(\s*\d/i, // SQL: state IN (0, 3)
  /\?\s*=\s*9\b/, // SQL: IF(? = 9, …)
  /\bpriority\s*[<>]=?\s*\d{2,}/, // a threshold in code or SQL
  /\bPRIORITY\w*\s*=\s*\d/, // a priority class defined outside the home
];

describe("the queue's contract", () => {
  it("is written as names everywhere but its home", () => {
    const found: string[] = [];
    for (const file of ["edge", "origin", "shared"].flatMap(sources)) {
      if (relative(ROOT, join(ROOT, file)) === HOME) continue;
      for (const [n, line] of codeLines(readFileSync(join(ROOT, file), "utf8")))
        if (BARE.some((re) => re.test(line))) found.push(`${file}:${n}: ${line.trim()}`);
    }
    expect(found).toEqual([]);
  });

  it("names states for people and turns client keys into the column's bytes", () => {
    expect(jobStateName(JobState.Dead)).toBe("dead");
    expect(jobStateName(7)).toBe("state 7");
    expect([...clientKeyBytes("c0a80001")]).toEqual([0xc0, 0xa8, 0x00, 0x01]);
    expect(Buffer.from(clientKeyBytes("rerate")).toString("ascii")).toBe("rerate");
  });
});
