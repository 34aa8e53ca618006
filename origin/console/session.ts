/**
 * @module Who may act on the console, and the browser session's CSRF protection.
 *
 * Actions need the admin token (BONAFIDE_ADMIN_TOKEN) even from loopback: as `Authorization: Bearer` (the
 * JSON endpoints, `curl`), or for a browser a session cookie it gets by posting the token once to `/login`.
 * The cookie is stateless — `expiry.nonce.HMAC(token, expiry.nonce)` — so it dies with the token (a new token
 * ends every session) and the server keeps nothing. Each form post must carry the session's CSRF token,
 * HMAC(token, "csrf" + nonce), in a hidden field (a cross-site page cannot read it), and the cookie is
 * `SameSite=Strict; HttpOnly`; posts whose `Sec-Fetch-Site` or `Origin` say they come from another site are
 * refused before either is looked at.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SESSION_COOKIE = "bonafide_console";
/** How long a console session lasts. */
export const SESSION_MS = 12 * 3_600_000;

const mac = (token: string, text: string) => createHmac("sha256", token).update(text).digest("base64url");

/** Constant-time string equality. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A token's fingerprint for the audit trail: the first 12 hex digits of its SHA-256 (not reversible). */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 12);
}

/** A new session cookie's value for `token`. */
export function newSession(token: string, now = Date.now()): string {
  const body = `${now + SESSION_MS}.${randomBytes(16).toString("base64url")}`;
  return `${body}.${mac(token, `session.${body}`)}`;
}

/** The session's nonce if `value` is a live session signed with `token`, else null. */
export function verifySession(value: string | undefined, token: string, now = Date.now()): string | null {
  if (!value) return null;
  const parts = value.split(".");
  if (parts.length !== 3) return null;
  const [expiry, nonce, signature] = parts as [string, string, string];
  if (!/^\d{1,15}$/.test(expiry) || Number(expiry) < now) return null;
  return sameSecret(signature, mac(token, `session.${expiry}.${nonce}`)) ? nonce : null;
}

/** The CSRF token of the session with `nonce`. */
export function csrfToken(token: string, nonce: string): string {
  return mac(token, `csrf.${nonce}`);
}

/** The value of cookie `name` in `req`'s Cookie header. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header of a session (or, with `value` null, of its removal). */
export function sessionCookie(value: string | null): string {
  return value === null
    ? `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`
    : `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`;
}

/**
 * Why a browser post is cross-site, or null when it is not: `Sec-Fetch-Site` other than same-origin (or
 * none, a typed URL), or an `Origin` that is not this server's own (`Host`). Browsers that send neither
 * still need the CSRF token.
 */
export function crossSiteReason(req: IncomingMessage): string | null {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") {
    const host = req.headers.host;
    if (!host || (origin !== `http://${host}` && origin !== `https://${host}`))
      return `Origin ${origin} is not this console`;
  } else if (origin === "null") return "Origin: null";
  return null;
}

/** Who did an action, for the audit trail: the token's fingerprint and where the request came from. */
export function actorOf(token: string, remoteAddress: string | undefined, loopback: boolean): string {
  return `token ${tokenFingerprint(token)} from ${loopback ? "loopback" : (remoteAddress ?? "?")}`;
}
