/**
 * @module The one way the edge makes a URL it fetches: a configured origin plus a path. A path that a URL
 * parser reads as naming a host (`//evil/x`, `/\evil`, which WHATWG parsing turns into `//evil`) would
 * otherwise re-point the fetch — an open proxy that forwards the visitor's cookies and caches the answer
 * under the site's host — so it is refused, the path is set through the URL's path setter (which cannot
 * change scheme, host, port or credentials), and the result's origin is compared with the configured one.
 */
import { EdgeError } from "./errors.ts";

/** `//` or `\\` in any mix at the start: a network-path reference (RFC 3986 §4.2), i.e. another host. */
const NETWORK_PATH = /^[/\\]{2}/;

/** Throws 400 BAD_PATH unless `url` is on `origin` (scheme, host, port), without credentials and below its path. */
export function requireOnOrigin(url: URL, origin: Pick<URL, "origin" | "pathname">): URL {
  const prefix = origin.pathname.replace(/\/$/, "");
  if (
    url.origin !== origin.origin ||
    url.username !== "" ||
    url.password !== "" ||
    !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
  )
    throw new EdgeError("BAD_PATH", `refused: the request would leave the configured origin ${origin.origin}`);
  return url;
}

/** The configured origin's parts, parsed once per isolate (strings only; one origin is configured). */
let lastOrigin: { readonly text: string; readonly origin: string; readonly pathname: string } | null = null;

function parsedOrigin(text: string): { readonly origin: string; readonly pathname: string } {
  if (lastOrigin?.text !== text) {
    const { origin, pathname } = new URL(text);
    lastOrigin = { text, origin, pathname };
  }
  return lastOrigin;
}

/**
 * `origin` (an http(s) URL, maybe with a path prefix such as `https://legacy.example/app`) plus `path` and
 * `search`. `path` must start with one `/`; 400 BAD_PATH for a path that names another host.
 */
export function urlOnOrigin(origin: string, path: string, search = ""): URL {
  if (!path.startsWith("/") || NETWORK_PATH.test(path))
    throw new EdgeError("BAD_PATH", `refused: the path ${JSON.stringify(path.slice(0, 100))} names another host`);
  const base = parsedOrigin(origin);
  const url = new URL(base.origin);
  url.pathname = `${base.pathname.replace(/\/$/, "")}${path}`;
  url.search = search;
  return requireOnOrigin(url, base);
}
