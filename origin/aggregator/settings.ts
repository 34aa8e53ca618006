/**
 * @module What an aggregator server (server.ts) is tuned by, resolved before it is built: a process takes
 * them from its configuration (`serverSettings(config.aggregator)`, origin/config.ts reads the environment
 * once); a library caller (tests, benches) takes the same defaults with its own changes
 * (`aggregatorSettings({ maxActive: 2 })`). The defaults are the configuration module's, never written twice.
 */
import { type AggregatorConfig, readAggregatorConfig, type TsxRuntime } from "../config.ts";

export interface AggregatorSettings {
  /** Pages in flight above which new requests get 503. */
  readonly maxActive: number;
  /** Page budget when the caller sends no X-Deadline-Timeout-Ms (a smaller incoming one wins). */
  readonly pageTimeoutMs: number;
  /** Retries one page may spend across all its back-end calls. */
  readonly retryBudget: number;
  readonly renderThreads: number;
  /** What the render threads render pooled .tsx templates with (the process's own loader is set at start). */
  readonly tsxRuntime: TsxRuntime;
  /** The RFC 9111 cache of back-end answers, per back-end (transport.ts); 0 = none. */
  readonly cacheBytes: number;
  /** Keep-alive connections per back-end server (transport.ts). */
  readonly connections: number;
  /** Unset = debug mode disabled. */
  readonly debugToken: string | null;
  /** BONAFIDE_ORIGIN_SECRET: the deadline and request id headers count only with it (edge-trust.ts). */
  readonly edgeSecret: string | null;
}

/** Not an operator's setting: enough for a back-end's concurrency at the default page cap. */
const CONNECTIONS_PER_SERVER = 64;

/** A server's settings from the process's resolved configuration. */
export function serverSettings(config: AggregatorConfig): AggregatorSettings {
  return Object.freeze({
    maxActive: config.maxActive,
    pageTimeoutMs: config.pageTimeoutMs,
    retryBudget: config.retryBudget,
    renderThreads: config.renderThreads,
    tsxRuntime: config.tsxRuntime,
    cacheBytes: config.cacheBytes,
    connections: CONNECTIONS_PER_SERVER,
    debugToken: config.debugToken,
    edgeSecret: config.edgeSecret,
  });
}

/** Every default: what the configuration resolves from an empty environment. */
export const DEFAULT_AGGREGATOR_SETTINGS: AggregatorSettings = serverSettings(readAggregatorConfig({}));

/** The defaults with `changes` (a library caller's settings). */
export function aggregatorSettings(changes: Partial<AggregatorSettings> = {}): AggregatorSettings {
  return Object.freeze({ ...DEFAULT_AGGREGATOR_SETTINGS, ...changes });
}
