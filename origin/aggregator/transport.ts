/**
 * @module The HTTP transport to back-ends: one undici Agent per back-end (keep-alive pools with that
 * back-end's connect timeout), composed — undici style — with the RFC 9111 cache interceptor and the
 * in-flight deduplication interceptor. Proxy mode uses the bare agent so bodies stream, never buffered.
 *
 * Both interceptors key by origin, and each call goes to the server its balancing picked: keyed per server,
 * a resource cached from one server would be fetched again from every other (the hit rate falling with the
 * number of servers), and identical calls in flight would not meet when balancing sends them to different
 * servers (least in flight does exactly that). So the cache and the coalescing see one stable origin per
 * back-end — its servers serve the same resources, which is what balancing across them assumes — and the
 * innermost layer puts the picked server back before the agent sends the request. Everything else in the
 * keys (method, path with query, the headers a response's Vary names) is untouched. As with any cache hit,
 * a call answered from an entry or another call's response counts toward (and for passive health, credits)
 * the server it picked, not the one that answered.
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

/** Where the picked server's origin rides while the layers above see the back-end's. */
const SERVER_ORIGIN = Symbol("bonafide.serverOrigin");
type RoutedOptions = Dispatcher.DispatchOptions & { [SERVER_ORIGIN]?: Dispatcher.DispatchOptions["origin"] };

/**
 * The origin the cache and the coalescing key a back-end's requests by: not an address (`.invalid` never
 * resolves), so a request that somehow skipped `toPickedServer` would fail rather than go astray.
 */
export function backendCacheOrigin(name: string): string {
  return `http://${name.toLowerCase()}.backend.invalid`;
}

/** Outermost layer: the layers below key by the back-end's origin; the picked server's rides along. */
function asBackend(origin: string): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) =>
    dispatch({ ...opts, origin, [SERVER_ORIGIN]: opts.origin } as RoutedOptions, handler);
}

/** Innermost layer: the request (and a revalidation, which copies the options) goes to the picked server. */
const toPickedServer: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const server = (opts as RoutedOptions)[SERVER_ORIGIN];
  return dispatch(server === undefined ? opts : { ...opts, origin: server }, handler);
};

/** Creates the transport for one back-end. */
export function createTransport(backend: Backend, options: TransportOptions): Transport {
  const agent = new Agent({
    connect: { timeout: backend.connectTimeoutMs },
    connections: options.connections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    pipelining: 1,
  });
  // compose() wraps in order, so the last layer is the outermost: asBackend → deduplicate → cache → toPickedServer.
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
  const data = agent.compose(toPickedServer, ...layers, asBackend(backendCacheOrigin(backend.name)));
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
