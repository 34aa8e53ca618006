/**
 * @module What the edge passes on to an origin: the client's headers minus everything the origin would
 * believe came from the edge (a visitor's `X-Deadline-Timeout-Ms: 1` forced the aggregator into a 504), then
 * the forwarding headers the edge itself vouches for, and — only towards its own page origin — the shared
 * secret that proves a request came through the edge (`x-bonafide-edge`, see origin/aggregator/edge-trust.ts).
 */

/** The header carrying BONAFIDE_ORIGIN_SECRET; never sent to a rules `proxy` origin (a third party). */
export const EDGE_PROOF_HEADER = "x-bonafide-edge";

/**
 * Never taken from a client: hop-by-hop (RFC 9110 §7.6.1), `Host`, Cloudflare's own `cf-*`, forwarding
 * (RFC 7239 `Forwarded`, `X-Forwarded-*`, `X-Real-IP`), and the origin's internal headers: the request id
 * and deadline the aggregator honours, and every `x-bonafide-*` (the proof of origin, debug flags).
 */
const CLIENT_MAY_NOT_SEND =
  /^(connection|keep-alive|proxy-connection|te|trailer|transfer-encoding|upgrade|host|cf-.*|forwarded|x-forwarded-.*|x-real-ip|x-request-id|x-deadline-timeout-ms|x-bonafide-.*)$/i;

/** The client's request headers with every internal one removed. */
export function clientHeaders(request: Request): Headers {
  const headers = new Headers();
  for (const [name, value] of request.headers) if (!CLIENT_MAY_NOT_SEND.test(name)) headers.set(name, value);
  return headers;
}

/**
 * Sets the forwarding headers on `headers` from what the edge knows (the client address is Cloudflare's
 * `cf-connecting-ip`, the request id the one in the request's log event, edge/log.ts: its `cf-ray` or a
 * fresh UUID), and the proof of origin when given.
 */
export function addEdgeHeaders(
  headers: Headers,
  request: Request,
  originSecret: string | null,
  requestId: string | null,
): Headers {
  const url = new URL(request.url);
  // The Host the client sent (what rules match on); on Cloudflare it is also the URL's host.
  headers.set("x-forwarded-host", request.headers.get("host") ?? url.host);
  headers.set("x-forwarded-proto", url.protocol.slice(0, -1));
  const clientIp = request.headers.get("cf-connecting-ip");
  if (clientIp) headers.set("x-forwarded-for", clientIp);
  headers.set("x-request-id", requestId ?? request.headers.get("cf-ray") ?? crypto.randomUUID());
  if (originSecret) headers.set(EDGE_PROOF_HEADER, originSecret);
  return headers;
}
