/**
 * @module Which request headers the aggregator may believe. The caller's deadline (`X-Deadline-Timeout-Ms`)
 * and request id are internal: a visitor who sends `X-Deadline-Timeout-Ms: 1` must not force a 504. They
 * count only on a request that proves it came through the edge: `x-bonafide-edge` equal (compared in
 * constant time) to the secret both sides share, `BONAFIDE_ORIGIN_SECRET`. Without a configured secret
 * nothing proves it, and the aggregator uses its own defaults.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const EDGE_PROOF_HEADER = "x-bonafide-edge";

/** The headers only the edge may set (the rest of what the aggregator reads is the visitor's anyway). */
const INTERNAL = ["x-deadline-timeout-ms", "x-request-id"] as const;

function digest(value: string): Buffer {
  // Hashing first gives equal lengths, so the comparison leaks neither content nor length.
  return createHash("sha256").update(value).digest();
}

/** True when the request carries the edge's proof of origin. */
export function isFromEdge(headers: IncomingHttpHeaders, secret: string | null): boolean {
  const offered = headers[EDGE_PROOF_HEADER];
  if (!secret || typeof offered !== "string") return false;
  return timingSafeEqual(digest(offered), digest(secret));
}

/**
 * `headers` as they may be believed: the internal ones only if the edge sent them, and never the proof
 * itself (page handlers see these headers, and must not be able to leak the secret).
 */
export function trustedHeaders(headers: IncomingHttpHeaders, secret: string | null): IncomingHttpHeaders {
  const fromEdge = isFromEdge(headers, secret);
  const out = { ...headers };
  delete out[EDGE_PROOF_HEADER];
  if (!fromEdge) for (const name of INTERNAL) delete out[name];
  return out;
}
