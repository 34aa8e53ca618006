/**
 * @module For the error-model tests (test/origin/errors.test.ts, test/origin/coded-errors.test.ts): the
 * modules under some folders of the repository and the error classes they define, each with the chain of
 * its bases up to the first one defined elsewhere (Error, a library's class, the other side's root).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Every non-test TypeScript module under `dirs` (relative to the repository), as `[path, text]`. */
export function sourcesUnder(dirs: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts"))
        out.push([relative(ROOT, path), readFileSync(path, "utf8")]);
    }
  };
  for (const dir of dirs) walk(join(ROOT, dir));
  return out;
}

export interface ErrorClass {
  path: string;
  name: string;
  base: string;
  /** Its bases, nearest first, up to the first one not defined in the modules read. */
  chain: string[];
}

// `class Name<…> extends Base`: the type parameters may say `extends` themselves.
const CLASS = /\bclass\s+(\w+)\s*(?:<(?:[^<>]|<[^<>]*>)*>)?\s*extends\s+([\w.]+)/g;

/** The classes `files` define whose chain ends in an …Error class. */
export function errorClasses(files: readonly [string, string][]): ErrorClass[] {
  const classes = files.flatMap(([path, text]) =>
    [...text.matchAll(CLASS)].map((m) => ({ path, name: m[1] as string, base: m[2] as string })),
  );
  const byName = new Map(classes.map((c) => [c.name, c]));
  const chain = (name: string): string[] => {
    const seen: string[] = [];
    for (let c = byName.get(name); c && !seen.includes(c.base); c = byName.get(c.base)) seen.push(c.base);
    return seen;
  };
  return classes.map((c) => ({ ...c, chain: chain(c.name) })).filter((c) => /Error$/.test(c.chain.at(-1) ?? ""));
}
