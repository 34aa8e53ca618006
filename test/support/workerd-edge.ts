/**
 * @module The edge Worker on workerd itself, without `wrangler dev`'s proxy: `wrangler deploy --dry-run`
 * bundles it as production would, and miniflare's `Miniflare` class serves that bundle from a real workerd on
 * a free loopback port, with in-memory KV and the bindings a test chooses. Load tests go here, since every
 * HTTP request is then its own request context, as in production.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

export interface WorkerdEdge {
  /** Where to send requests: miniflare's entry socket, or the Worker's own socket when started `direct`. */
  url: string;
  stop(): Promise<void>;
}

export interface WorkerdEdgeOptions {
  /**
   * Serve the Worker on a socket of its own (miniflare's `unsafeDirectSockets`), as workerd serves a deployed
   * Worker: requests then skip miniflare's entry worker, a JavaScript Worker of its own that every request
   * otherwise passes through first (≈ 200 µs of workerd CPU a request on this machine, more than a trivial
   * Worker costs). Tests that need what the entry worker adds (the `cf` object, its error pages) leave it off.
   */
  direct?: boolean;
}

/** The Worker bundled by wrangler, as one ES module's text; `dir` holds the wrangler.toml (default: here). */
export function bundleEdge(dir = "."): string {
  const outdir = mkdtempSync(join(tmpdir(), "bonafide-edge-bundle-"));
  try {
    const built = spawnSync(
      join(process.cwd(), "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      {
        encoding: "utf8",
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
        cwd: dir,
        timeout: 120_000,
      },
    );
    if (built.status !== 0) throw new Error(`wrangler could not bundle the edge:\n${built.stdout}${built.stderr}`);
    return readFileSync(join(outdir, "index.js"), "utf8");
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** wrangler.toml's compatibility date, so the test runs the Worker under the runtime behaviour it ships with. */
function compatibilityDate(): string {
  const date = /^compatibility_date\s*=\s*"([0-9-]+)"/m.exec(readFileSync("wrangler.toml", "utf8"))?.[1];
  if (!date) throw new Error("wrangler.toml has no compatibility_date");
  return date;
}

/** Bundles a small Worker module (a bench's baseline or probe) for workerd with esbuild. */
export async function bundleWorker(entry: URL): Promise<string> {
  const { build } = await import("esbuild");
  const out = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
  });
  return out.outputFiles[0]?.text ?? "";
}

/** What workerd wrote on its stdout and stderr, line by line (console.log in the Worker is one line each). */
export type WorkerdLogHandler = (line: { level: string; message: string }) => void;

/**
 * Prints what workerd writes, as miniflare does, except the edge's per-request log events (edge/log.ts): a
 * load test would print thousands. A test that reads them passes its own handler.
 */
function printOtherThanEvents({ level, message }: { level: string; message: string }): void {
  if (message.startsWith('{"event":"edge.request"')) return;
  if (level === "error" || level === "warn") console.error(message);
  else console.log(message);
}

/**
 * Serves `bundle` with the KV namespaces of wrangler.toml (empty, in memory) and `vars` as text bindings;
 * `onLog` gets every line workerd writes (default: printed, less the per-request log events).
 */
export async function startWorkerdEdge(
  bundle: string,
  vars: Record<string, string>,
  onLog: WorkerdLogHandler = printOtherThanEvents,
  options: WorkerdEdgeOptions = {},
): Promise<WorkerdEdge> {
  const env: Record<string, { type: "kv"; id: string } | { type: "text"; value: string }> = {
    RATINGS: { type: "kv", id: "ratings" },
    RULES: { type: "kv", id: "rules" },
    PAGES: { type: "kv", id: "pages" },
  };
  for (const [name, value] of Object.entries(vars)) env[name] = { type: "text", value };
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    handleStructuredLogs: ({ level, message }) => onLog({ level, message }),
    workers: [
      {
        config: {
          name: "bonafide-edge",
          compatibilityDate: compatibilityDate(),
          compatibilityFlags: ["nodejs_compat"],
          manifest: { mainModule: "index.js", modules: { "index.js": { type: "esm", contents: bundle } } },
          env,
        },
        ...(options.direct ? { dev: { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] } } : {}),
      },
    ],
  });
  const entry = await mf.ready;
  const url = options.direct ? await mf.unsafeGetDirectURL("bonafide-edge") : entry;
  return { url: url.origin, stop: () => mf.dispose() };
}
