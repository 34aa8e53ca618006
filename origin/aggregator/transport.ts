/**
 * @module The HTTP transport to back-ends: one undici Agent per back-end (keep-alive pools with that
 * back-end's connect timeout), composed — undici style — with the RFC 9111 cache interceptor and the
 * in-flight deduplication interceptor. Proxy mode uses the bare agent so bodies stream, never buffered.
 */
import { Agent, cacheStores, type Dispatcher, interceptors } from "undici";
import type { Backend } from "./backends.ts";

export interface Transport {
  /** Cached and coalesced: for calls whose bodies are parsed into the document. */
  readonly data: Dispatcher;
  /** Bare keep-alive pool: for proxying (streams through, nothing buffered or stored). */
  readonly raw: Dispatcher;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Memory for cached back-end responses, bytes (0 disables the cache). */
  readonly cacheBytes: number;
  /** Connections per server. */
  readonly connections: number;
}

/** Headers that differ per page but never change a back-end's answer: excluded from coalescing keys. */
export const PER_REQUEST_HEADERS = ["x-request-id", "x-deadline-timeout-ms", "x-bonafide-debug"];

/** Creates the transport for one back-end. */
export function createTransport(backend: Backend, options: TransportOptions): Transport {
  const agent = new Agent({
    connect: { timeout: backend.connectTimeoutMs },
    connections: options.connections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    pipelining: 1,
  });
  const layers = [
    // RFC 9111 §7 deduplication is not in the RFC; undici's interceptor shares one in-flight response
    // among identical GETs, which is the "coalescing" Frontik lacked.
    interceptors.deduplicate({ methods: ["GET"], excludeHeaderNames: PER_REQUEST_HEADERS }),
  ];
  if (options.cacheBytes > 0) {
    // A shared cache (RFC 9111 §3): honours s-maxage, refuses `private`, and revalidates stale entries.
    layers.unshift(
      interceptors.cache({
        store: new cacheStores.MemoryCacheStore({ maxSize: options.cacheBytes, maxEntrySize: 5 * 1024 * 1024 }),
        methods: ["GET"],
        type: "shared",
      }),
    );
  }
  const data = agent.compose(...layers);
  return { data, raw: agent, close: () => agent.close() };
}

/** Transports for every back-end, by name. */
export function createTransports(
  backends: readonly Backend[],
  options: TransportOptions,
): { get(name: string): Transport; close(): Promise<void> } {
  const map = new Map(backends.map((b) => [b.name, createTransport(b, options)]));
  return {
    get(name) {
      const t = map.get(name);
      if (!t) throw new Error(`no transport for back-end ${name}`);
      return t;
    },
    close: async () => {
      await Promise.allSettled([...map.values()].map((t) => t.close()));
    },
  };
}
