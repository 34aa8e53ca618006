/**
 * @module File-based routing: `pages/vacancy/[id].ts` answers `/vacancy/:id`, `index.ts` answers its
 * folder. A handler file exports one function per method (`GET`, `POST`, …); HEAD falls back to GET.
 * Static segments win over parameters, so `/vacancy/new` beats `/vacancy/:id`.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Handler } from "./page.ts";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type Method = (typeof METHODS)[number];

export type HandlerModule = Partial<Record<Method, Handler>>;

export interface Route {
  /** The pattern as written in docs and logs: `/vacancy/:id`. */
  readonly pattern: string;
  readonly segments: readonly { readonly param: string | null; readonly text: string }[];
  readonly handlers: HandlerModule;
  readonly file: string;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") && !name.startsWith("_")) out.push(full);
  }
  return out;
}

/** Turns a file path relative to the pages folder into route segments. */
export function patternFromFile(rel: string): Route["segments"] {
  const parts = rel
    .replace(/\.(ts|tsx)$/, "")
    .split(sep)
    .filter((p) => p !== "index");
  return parts.map((part) => {
    const m = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(part);
    return m?.[1] ? { param: m[1], text: `:${m[1]}` } : { param: null, text: part };
  });
}

/** Imports every handler file under `dir` (once, at start) and returns the routes, most specific first. */
export async function loadRoutes(dir: string): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of walk(dir)) {
    const segments = patternFromFile(relative(dir, file));
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const handlers: HandlerModule = {};
    for (const m of METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m] as Handler;
    if (Object.keys(handlers).length === 0) throw new Error(`${file} exports no handler (GET, POST, …)`);
    routes.push({ pattern: `/${segments.map((s) => s.text).join("/")}`, segments, handlers, file });
  }
  return sortRoutes(routes);
}

/** Most specific first: more segments, then static before parameter at the first difference. */
export function sortRoutes(routes: Route[]): Route[] {
  return [...routes].sort((a, b) => {
    if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
    for (let i = 0; i < a.segments.length; i++) {
      const pa = a.segments[i]?.param !== null;
      const pb = b.segments[i]?.param !== null;
      if (pa !== pb) return pa ? 1 : -1;
    }
    return a.pattern.localeCompare(b.pattern);
  });
}

/** Finds the route for `path` (already decoded per segment here), or null. */
export function matchRoute(routes: readonly Route[], path: string): RouteMatch | null {
  const parts = path.split("/").filter(Boolean);
  outer: for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const seg = route.segments[i];
      const part = parts[i] ?? "";
      if (!seg) continue outer;
      if (seg.param === null) {
        if (seg.text !== part) continue outer;
      } else {
        try {
          params[seg.param] = decodeURIComponent(part);
        } catch {
          continue outer; // malformed %-escape: no route matches, the caller answers 404
        }
      }
    }
    return { route, params };
  }
  return null;
}

/** The methods a route answers, for 405's `Allow`. */
export function allowedMethods(route: Route): string[] {
  const own = METHODS.filter((m) => route.handlers[m]);
  if (route.handlers.GET && !route.handlers.HEAD) own.push("HEAD");
  return own;
}

/** Routes from a table `{ "/vacancy/[id]": { GET } }` (tests, small sites) — same rules as files. */
export function routesFromTable(table: Record<string, HandlerModule>): Route[] {
  return sortRoutes(
    Object.entries(table).map(([path, handlers]) => {
      const segments = patternFromFile(path.replace(/^\//, "").split("/").join(sep) || "index");
      return { pattern: `/${segments.map((s) => s.text).join("/")}`, segments, handlers, file: path };
    }),
  );
}
