/**
 * @module What an application gives the aggregator to serve (run.ts `runAggregator(site)`, or
 * `npx bonafide aggregator --site FILE` with a module whose default export is one): its pages, how its
 * back-ends are defined once their servers are known, its post-processors and languages, and optionally
 * back-ends of its own to start in the process when BONAFIDE_BACKENDS names none (a demonstration).
 * demo/job-board/site.ts is one; test/origin/fixtures/aggregator-site/ is a small one.
 */
import type { BackendDefinition } from "./backends.ts";
import type { PostProcessor } from "./postprocess/types.ts";
import type { Route } from "./router.ts";

/** Each back-end's servers (BONAFIDE_BACKENDS, parsed: `name=url|url,…`). */
export type BackendServers = Readonly<Record<string, readonly string[]>>;

/** Back-ends a site started in this process: their servers, and how to stop them. */
export interface StartedBackends {
  readonly servers: Record<string, string[]>;
  close(): Promise<void>;
}

export interface AggregatorSite {
  /** Names the site in the "started" log line. */
  readonly name: string;
  /** Folder of handler files (file-based routes: pages/vacancy/[id].ts → /vacancy/:id), or routes already loaded. */
  readonly pages: string | readonly Route[];
  /** The back-end definitions (profiles: timeouts, required, tries) given their servers; throws naming one missing. */
  backends(servers: BackendServers): BackendDefinition[];
  /** Run in order over every rendered page. */
  postprocessors?(): PostProcessor[];
  /** `?lang=` values; the first is the default (default: `en`). */
  readonly languages?: readonly string[];
  /**
   * Back-ends to start in this process when BONAFIDE_BACKENDS is empty (a demonstration). Without it, an
   * empty BONAFIDE_BACKENDS stops the start with that reason.
   */
  startDemoBackends?(): Promise<StartedBackends>;
  /**
   * Called once at start, before serving: the site resolves its own settings here (a bad one stops the
   * start with its reason) and returns extra fields for the "started" log line.
   */
  describe?(): Record<string, unknown>;
}
