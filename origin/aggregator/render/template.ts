/**
 * @module Templates a handler renders with: TSX components (written for hono/jsx, rendered by bonafide's
 * string-building runtime in render/jsx/; fast, rendered in the request's thread) and XSLT 1.0 stylesheets (libxslt in WebAssembly, ~0.5 ms for a 150-item page, rendered in the
 * worker pool). Both are compiled once: TSX by the module loader, XSLT once per worker and cached.
 */
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** What a TSX template receives besides the data. */
export interface RenderInfo {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly lang: string;
  readonly degraded: readonly string[];
}

/** A rendered element (render/jsx/'s Html, or hono/jsx's) or a string; anything with an (async) toString. */
export type Rendered = { toString(): string | Promise<string> } | string;

export type TsxTemplate = {
  readonly kind: "tsx";
  readonly name: string;
  render(data: unknown, info: RenderInfo): Rendered | Promise<Rendered>;
};

export type XsltTemplate = {
  readonly kind: "xslt";
  readonly name: string;
  readonly file: string;
  /** What `xsl:import`, `xsl:include` and `document()` may read: files below this directory. */
  readonly root: string;
};

/**
 * A TSX template rendered in the worker pool: the worker imports `module` (its `.tsx` compiled there by the
 * loader) and renders its export `exportName` (a TsxTemplate); the page's XML is parsed there too. For
 * heavy pages: the event loop only does I/O.
 */
export type TsxWorkerTemplate = {
  readonly kind: "tsx-worker";
  readonly name: string;
  readonly module: string;
  readonly exportName: string;
};

export type Template = TsxTemplate | XsltTemplate | TsxWorkerTemplate;

/** Names a TsxTemplate exported by `module` (e.g. `new URL("./search.tsx", import.meta.url)`) for the pool. */
export function tsxWorkerTemplate(module: URL, exportName: string): TsxWorkerTemplate {
  return { kind: "tsx-worker", name: exportName, module: module.href, exportName };
}

/** Wraps a component `(data, info) => <html>…</html>` as a template. */
export function tsxTemplate<T>(
  name: string,
  component: (data: T, info: RenderInfo) => Rendered | Promise<Rendered>,
): TsxTemplate {
  return { kind: "tsx", name, render: (data, info) => component(data as T, info) };
}

/**
 * An XSLT 1.0 stylesheet file (a URL, e.g. `new URL("./search.xsl", import.meta.url)`, or a path). It may
 * import, include and read (`document()`) files below `root` — its own directory unless given, e.g. the
 * templates folder when stylesheets share `../common/layout.xsl`; nothing else on disk or the network.
 */
export function xsltTemplate(file: URL | string, options: { root?: URL | string } = {}): XsltTemplate {
  const path = resolve(file instanceof URL ? fileURLToPath(file) : file);
  const root = options.root instanceof URL ? fileURLToPath(options.root) : (options.root ?? dirname(path));
  return { kind: "xslt", name: basename(path), file: path, root: resolve(root) };
}
