/**
 * @module Path normalisation and `:param` / `*` patterns, compiled once into segment matchers (no regex).
 */

/** Captured values: `$1…` (regex groups) and names (regex named groups, `:params`, `splat`). */
export interface Captures {
  positional: (string | undefined)[];
  named: Record<string, string | undefined>;
}

export const NO_CAPTURES: Captures = Object.freeze({ positional: [], named: {} }) as Captures;

/**
 * What rules see of a path, the way nginx matches locations: percent-escapes decoded (except reserved
 * characters such as `%2F`, so segments stay segments — RFC 3986 §2.2), repeated slashes merged. The WHATWG
 * URL parser has already resolved `.` and `..` segments.
 */
export function normalizePath(pathname: string): string {
  let path = pathname;
  if (path.includes("%")) {
    try {
      path = decodeURI(path);
    } catch {
      // malformed escapes: match on the raw text rather than refuse the request
    }
  }
  if (path.includes("//")) path = path.replace(/\/{2,}/g, "/");
  return path.startsWith("/") ? path : `/${path}`;
}

type Segment = { lit: string } | { name: string; before: string; after: string } | { splat: true };

export interface CompiledPattern {
  /** Leading literal segments, for the index's trie. */
  staticSegments: string[];
  params: string[];
  match(path: string): Captures | null;
}

const PARAM = /^([^:]*):([A-Za-z_][A-Za-z0-9_]*)(.*)$/;

/**
 * Compiles `/blog/:year/:slug.html` or `/docs/*`. One parameter per segment (two in one segment is what made
 * path-to-regexp's CVE-2024-45296 possible); `*` only as the last segment, captured as `splat` (may be empty).
 */
export function compilePattern(pattern: string): CompiledPattern {
  if (!pattern.startsWith("/")) throw new Error("must start with /");
  const raw = pattern.slice(1).split("/");
  const segments: Segment[] = raw.map((text, i) => {
    if (text === "*") {
      if (i !== raw.length - 1) throw new Error("* may only be the last segment");
      return { splat: true };
    }
    if (text.includes("*")) throw new Error(`* must be a whole segment, not part of ${JSON.stringify(text)}`);
    const m = PARAM.exec(text);
    if (!m) return { lit: text };
    const [, before = "", name = "", after = ""] = m;
    if (after.includes(":")) throw new Error(`one :param per segment (${JSON.stringify(text)})`);
    return { name, before, after };
  });
  const params: string[] = [];
  for (const s of segments) {
    if ("name" in s) {
      if (params.includes(s.name) || s.name === "splat") throw new Error(`parameter :${s.name} appears twice`);
      params.push(s.name);
    }
  }
  if (segments.some((s) => "splat" in s)) params.push("splat");
  const staticSegments: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (!("lit" in s)) break;
    staticSegments.push(s.lit);
  }
  const hasSplat = segments.some((s) => "splat" in s);

  function match(path: string): Captures | null {
    const parts = path.slice(1).split("/");
    if (hasSplat ? parts.length < segments.length : parts.length !== segments.length) return null;
    const named: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i] as Segment;
      const part = parts[i] as string;
      if ("lit" in s) {
        if (part !== s.lit) return null;
      } else if ("splat" in s) {
        named.splat = parts.slice(i).join("/");
      } else {
        const len = part.length - s.before.length - s.after.length;
        if (len <= 0 || !part.startsWith(s.before) || !part.endsWith(s.after)) return null;
        named[s.name] = part.slice(s.before.length, part.length - s.after.length);
      }
    }
    return { positional: [], named };
  }
  return { staticSegments, params, match };
}
