/**
 * @module What every signed push from the origin shares (the rating push, the page push): the precheck by
 * headers alone before a byte of the body is read (push enabled, signature shape, timestamp window), then
 * the HMAC over method, path, timestamp, nonce and body, and the one-time nonce (a replay is refused).
 */

import { nonceKey } from "../../shared/kv-keys.ts";
import {
  checkSignedHeaders,
  MAX_CLOCK_SKEW_MS,
  NONCE_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyRequest,
} from "../../shared/signing.ts";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError, kvCall } from "../errors.ts";

export interface SignedHeaders {
  readonly secret: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly nonce: string;
}

/** Everything decided by headers alone: 403 push disabled, 401 unsigned, malformed or stale. */
export function precheckSigned(c: {
  env: EdgeBindings;
  req: { header(n: string): string | undefined };
}): SignedHeaders {
  const secret = readEdgeConfig(c.env).pushSecret;
  if (!secret) throw new EdgeError("PUSH_DISABLED", "BONAFIDE_PUSH_SECRET is not configured on the edge");
  const signature = c.req.header(SIGNATURE_HEADER) ?? "";
  const timestamp = c.req.header(TIMESTAMP_HEADER) ?? "";
  const nonce = c.req.header(NONCE_HEADER) ?? "";
  const result = checkSignedHeaders({ timestamp, nonce }, signature);
  if (!result.ok) throw new EdgeError("BAD_SIGNATURE", `push refused: ${result.reason}`);
  return { secret, signature, timestamp, nonce };
}

/** 401 unless `body` was signed for POST `path`; 409 when its nonce was used before (then remembered). */
export async function authenticateSigned(
  env: EdgeBindings,
  signed: SignedHeaders,
  path: string,
  body: string,
): Promise<void> {
  const { secret, signature, timestamp, nonce } = signed;
  const result = await verifyRequest(secret, { method: "POST", path, timestamp, nonce, body }, signature);
  if (!result.ok) throw new EdgeError("BAD_SIGNATURE", `push refused: ${result.reason}`);
  const seen = await env.RATINGS.get(nonceKey(nonce));
  if (seen !== null) throw new EdgeError("REPLAYED", "push refused: this nonce was already used");
  await kvCall(env.RATINGS.put(nonceKey(nonce), "1", { expirationTtl: Math.ceil((2 * MAX_CLOCK_SKEW_MS) / 1000) }));
}
