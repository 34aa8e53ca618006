/**
 * @module A render worker thread: applies XSLT 1.0 stylesheets with libxslt (compiled to WebAssembly: the
 * engine XScript and Frontik's lxml ran, so migrated templates behave as they did), each compiled once and
 * kept, and renders TSX templates marked for the pool (their XML parsed here), so the aggregator's event
 * loop never runs a transform or a heavy page.
 *
 * libxslt here has no file system: everything a stylesheet loads (`xsl:import`, `xsl:include`,
 * `document()`) comes through this thread's `fetch`, which serves files below the stylesheet's root
 * directory and refuses every other URL — a template cannot read the disk elsewhere or reach the network.
 */

import fs, { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { TsxRuntime } from "../../config.ts";
import { withDoctypeText } from "./doctype.ts";
import { readXml, resultBytes } from "./libxml.ts";
import type { RenderInfo, TsxTemplate } from "./template.ts";
import { registerTsxLoader } from "./tsx-loader.ts";
import { fromWire, MalformedInput, type Wire } from "./wire.ts";

export type RenderJob =
  | {
      readonly id: number;
      readonly kind: "xslt";
      readonly file: string;
      /** The directory whose files the stylesheet may load (see xsltTemplate). */
      readonly root: string;
      /** The page document, UTF-8 (transferred, not copied). */
      readonly xml: Uint8Array;
    }
  | {
      readonly id: number;
      readonly kind: "tsx";
      readonly module: string;
      readonly exportName: string;
      readonly doc: Wire;
      readonly extra: Record<string, unknown>;
      readonly info: RenderInfo;
    };

export type RenderReply =
  /** The page's UTF-8 bytes with their doctype (transferred): libxslt's for XSLT, the encoded text for TSX. */
  | { readonly id: number; readonly html: Uint8Array }
  | {
      readonly id: number;
      readonly error: string;
      readonly malformedInput?: true;
      /** This thread's runtime is broken and the thread is ending: send it nothing more. */
      readonly ending?: true;
    };

/** The origin stylesheets are addressed under: a name that cannot resolve, served only by the fetch below. */
const TEMPLATE_ORIGIN = "http://templates.bonafide.invalid";
/** The root of the stylesheet being compiled or applied (one at a time per thread, see `transform`). */
let currentRoot: string | null = null;

globalThis.fetch = async (input: string | URL | Request): Promise<Response> => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.origin !== TEMPLATE_ORIGIN) return new Response(null, { status: 403 });
  const file = resolve(decodeURIComponent(url.pathname));
  const root = currentRoot;
  if (root === null || !file.startsWith(root.endsWith(sep) ? root : root + sep))
    return new Response(null, { status: 403 });
  try {
    return new Response(readFileSync(file));
  } catch {
    return new Response(null, { status: 404 });
  }
};

// libxslt reports what went wrong on stderr (fs.writeSync(2, …)); while it runs, those lines are kept for
// the error the page gets instead of being scattered over the process's output.
let diagnostics: string[] | null = null;
const writeSync = fs.writeSync;
fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
  if (fd === 2 && diagnostics && typeof data === "string") {
    if (diagnostics.length < 20) diagnostics.push(data.trim());
    return Buffer.byteLength(data);
  }
  return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
}) as typeof fs.writeSync;

/**
 * Set when a call into libxslt's WebAssembly failed in a way that leaves its runtime unusable: a stack
 * overflow inside it (a template recursing a few thousand deep), a trap, or its JavaScript glue broken.
 * Every later call on this thread then fails too (seen: every page after one deep recursion), so the thread
 * answers that page's error and ends; the pool starts a fresh one (pool.ts).
 */
let runtimeBroken = false;

function breaksTheRuntime(error: unknown): boolean {
  const trap = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly.RuntimeError;
  return error instanceof RangeError || error instanceof TypeError || error instanceof trap;
}

async function withDiagnostics<T>(what: string, run: () => Promise<T>): Promise<T> {
  diagnostics = [];
  try {
    return await run();
  } catch (error) {
    if (breaksTheRuntime(error)) runtimeBroken = true;
    const detail = diagnostics.filter(Boolean).join("; ");
    const message = `${what}: ${detail || String((error as Error)?.message ?? error)}`;
    throw error instanceof MalformedInput ? new MalformedInput(message) : new Error(message);
  } finally {
    diagnostics = null;
  }
}

type Libxslt = typeof import("libxslt-wasm");
type Stylesheet = Awaited<ReturnType<Libxslt["XsltStylesheet"]["fromXmlDocument"]>>;
let libxslt: Promise<Libxslt> | null = null;
const stylesheets = new Map<string, Promise<Stylesheet>>();

/** The compiled stylesheet for (`file`, `root`): the root decides what its imports may load. */
function stylesheet(lib: Libxslt, file: string, root: string): Promise<Stylesheet> {
  const key = `${root}\u0000${file}`;
  let sheet = stylesheets.get(key);
  if (!sheet) {
    sheet = withDiagnostics(`stylesheet ${file}`, async () => {
      const source = await readXml(readFileSync(file), TEMPLATE_ORIGIN + resolve(file));
      return lib.XsltStylesheet.fromXmlDocument(source);
    });
    // A stylesheet that does not compile is tried again on the next request (it may have been fixed).
    sheet.catch(() => stylesheets.delete(key));
    stylesheets.set(key, sheet);
  }
  return sheet;
}

// One transform at a time per thread: libxml2's state is per thread, and a transform that suspends to
// load a file must not interleave with another (the pool spreads pages over threads instead).
let queue: Promise<unknown> = Promise.resolve();

function transform(file: string, root: string, xml: Uint8Array): Promise<Uint8Array> {
  const run = queue.then(() => transformNow(file, root, xml));
  queue = run.catch(() => undefined);
  return run;
}

async function transformNow(file: string, root: string, xml: Uint8Array): Promise<Uint8Array> {
  libxslt ??= import("libxslt-wasm");
  const lib = await libxslt;
  currentRoot = resolve(root);
  try {
    return await applySheet(await stylesheet(lib, file, currentRoot), file, xml);
  } finally {
    currentRoot = null;
  }
}

function applySheet(sheet: Stylesheet, file: string, xml: Uint8Array): Promise<Uint8Array> {
  return withDiagnostics(`XSLT ${file}`, async () => {
    let input: Awaited<ReturnType<typeof readXml>>;
    try {
      input = await readXml(xml);
    } catch (error) {
      throw new MalformedInput("the page document is not well-formed", { cause: error });
    }
    try {
      const result = await sheet.apply(input);
      try {
        return resultBytes(sheet, result); // serialised as the stylesheet's xsl:output says
      } finally {
        result.delete();
      }
    } finally {
      input.delete();
    }
  });
}

async function render(job: RenderJob): Promise<Uint8Array> {
  if (job.kind === "xslt") return transform(job.file, job.root, job.xml);
  registerTsxLoader((workerData as { tsxRuntime?: TsxRuntime } | null)?.tsxRuntime);
  const mod = (await import(job.module)) as Record<string, TsxTemplate | undefined>;
  const template = mod[job.exportName];
  if (template?.kind !== "tsx") throw new Error(`${job.module} exports no TSX template ${job.exportName}`);
  const data = { ...(fromWire(job.doc) as Record<string, unknown>), ...job.extra };
  // The page's bytes, made here and moved to the event loop, which sends them as they are: it neither
  // copies the text over (structured clone) nor encodes it for the socket.
  return encoder.encode(withDoctypeText(String(await (await template.render(data, job.info)).toString())));
}

const encoder = new TextEncoder();

parentPort?.on("message", async (job: RenderJob) => {
  try {
    const html = await render(job);
    parentPort?.postMessage({ id: job.id, html } satisfies RenderReply, [html.buffer as ArrayBuffer]);
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    const reply: RenderReply = {
      id: job.id,
      error: message,
      ...(error instanceof MalformedInput ? { malformedInput: true as const } : {}),
      ...(runtimeBroken ? { ending: true as const } : {}),
    };
    parentPort?.postMessage(reply);
    // The reply is on its way (a port delivers what was posted before it closes); then the thread ends and
    // the pool replaces it: no later page meets the broken runtime.
    if (runtimeBroken) {
      parentPort?.close();
      process.exit(1);
    }
  }
});
