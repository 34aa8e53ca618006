/**
 * @module HMAC-SHA256 request signing for origin → edge pushes (Web Crypto, so it runs on both sides).
 *
 * The signature covers method, path, timestamp, a one-time nonce and the SHA-256 of the body; the edge
 * refuses stale timestamps and nonces it has seen, so a captured push cannot be replayed.
 */

export const SIGNATURE_HEADER = "x-bonafide-signature";
export const TIMESTAMP_HEADER = "x-bonafide-timestamp";
export const NONCE_HEADER = "x-bonafide-nonce";
/** How far a push's timestamp may be from the edge's clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface SignedParts {
  method: string;
  path: string;
  timestamp: string;
  nonce: string;
  body: string;
}

const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function canonical(parts: SignedParts) {
  const bodyHash = toHex(await crypto.subtle.digest("SHA-256", encoder.encode(parts.body)));
  return encoder.encode([parts.method.toUpperCase(), parts.path, parts.timestamp, parts.nonce, bodyHash].join("\n"));
}

function importKey(secret: string) {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** Hex HMAC of the request's canonical form. */
export async function signRequest(secret: string, parts: SignedParts): Promise<string> {
  return toHex(await crypto.subtle.sign("HMAC", await importKey(secret), await canonical(parts)));
}

/** Headers for a signed request with a fresh timestamp and nonce. */
export async function signedHeaders(
  secret: string,
  request: { method: string; path: string; body: string },
  now = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = toHex(crypto.getRandomValues(new Uint8Array(16)).buffer);
  const signature = await signRequest(secret, { ...request, timestamp, nonce });
  return { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce };
}

export type VerifyResult = { ok: true } | { ok: false; reason: "malformed" | "stale" | "bad_signature" };

/**
 * What can be checked before the body is read: the signature's and nonce's shape and the timestamp
 * window. The edge runs it first, so an unsigned or stale push is refused without reading its body.
 */
export function checkSignedHeaders(
  parts: Pick<SignedParts, "timestamp" | "nonce">,
  signature: string,
  now = Date.now(),
): VerifyResult {
  const seconds = Number(parts.timestamp);
  if (!fromHex(signature) || !/^[0-9a-f]{32}$/i.test(parts.nonce) || !Number.isInteger(seconds)) {
    return { ok: false, reason: "malformed" };
  }
  if (Math.abs(now - seconds * 1000) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: "stale" };
  return { ok: true };
}

/** Checks the timestamp window and the signature (Web Crypto's verify compares in constant time). */
export async function verifyRequest(
  secret: string,
  parts: SignedParts,
  signature: string,
  now = Date.now(),
): Promise<VerifyResult> {
  const headers = checkSignedHeaders(parts, signature, now);
  const sig = fromHex(signature);
  if (!headers.ok || !sig) return headers.ok ? { ok: false, reason: "malformed" } : headers;
  const valid = await crypto.subtle.verify("HMAC", await importKey(secret), sig, await canonical(parts));
  return valid ? { ok: true } : { ok: false, reason: "bad_signature" };
}
