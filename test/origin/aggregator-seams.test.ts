/**
 * @module The seams between the production origin, the demonstrations and the development tools (issue 16,
 * item 2): nothing under origin/ reaches into demo/ or dev/ except the local stack's launcher and the CLI's
 * default site; the aggregator imports no job-board code; the environment is read only by the
 * configuration modules (origin/config.ts, and demo/job-board/settings.ts for the job board's own).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Modules of origin/ allowed to name demo/ and dev/ paths: development launchers, not deployed code. */
const MAY_REACH_DEMO_AND_DEV = [
  /^origin\/stack\//, // `npm start`: the local stack runs the demonstrations, psdb and the MariaDB installer
  /^origin\/cli\/aggregator\.ts$/, // `npx bonafide aggregator` without --site: the job board's entry point
];
/** The modules that read the environment (each resolves it once and passes it on). */
const CONFIG_MODULES = ["origin/config.ts", "demo/job-board/settings.ts"];

/** The modules under `dir` (none if it does not exist: "finds the modules it checks" says so). */
function modules(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(join(ROOT, dir))) return out;
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...modules(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

// `from "x"`, `import "x"`, `import("x")`, and `new URL("x", import.meta.url)` (a path handed to node).
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** Every repository path a module names relatively, as `[specifier, path under the repository]`. */
function reaches(path: string): [string, string][] {
  const text = readFileSync(join(ROOT, path), "utf8");
  return [...text.matchAll(SPECIFIER)].map((m) => {
    const spec = m[1] as string;
    return [
      spec,
      relative(ROOT, resolve(ROOT, dirname(path), spec))
        .split("\\")
        .join("/"),
    ];
  });
}

const origin = modules("origin");

describe("origin/ and the demonstrations", () => {
  it("finds the modules it checks", () => {
    expect(origin.length).toBeGreaterThan(100);
    expect(origin).toEqual(expect.arrayContaining(["origin/aggregator/main.ts", "origin/aggregator/run.ts"]));
    expect(modules("demo")).toContain("demo/job-board/main.ts");
  });

  it.each(origin.filter((p) => !MAY_REACH_DEMO_AND_DEV.some((allowed) => allowed.test(p))))(
    "%s names nothing in demo/ or dev/",
    (path) => {
      const outside = reaches(path).filter(([, target]) => /^(demo|dev)\//.test(target));
      expect(outside).toEqual([]);
    },
  );

  it("the aggregator (library, runAggregator, --site entry point) reaches nothing outside origin/ and shared/", () => {
    // A demonstration's code is refused wherever it lives (it once lived in origin/aggregator/demo/).
    const outside = modules("origin/aggregator").flatMap((path) =>
      reaches(path)
        .filter(([, target]) => !/^(origin|shared)\//.test(target) || /(^|\/)demo\//.test(target))
        .map(([spec]) => `${path} → ${spec}`),
    );
    expect(outside).toEqual([]);
  });
});

describe("configuration resolved once", () => {
  it.each([...origin, ...modules("demo")].filter((p) => !CONFIG_MODULES.includes(p)))(
    "%s reads no process.env",
    (path) => {
      expect(readFileSync(join(ROOT, path), "utf8")).not.toMatch(/process\.env\b/);
    },
  );
});
