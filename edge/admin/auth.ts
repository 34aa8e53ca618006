/**
 * @module Bearer-token auth for every /_bonafide admin path (RFC 6750): the token is the secret
 * BONAFIDE_ADMIN_TOKEN, compared in constant time; without that secret the admin API is disabled, not open.
 */
import type { MiddlewareHandler } from "hono";
import { readEdgeConfig } from "../config.ts";
import type { EdgeBindings } from "../env.ts";
import { EdgeError } from "../errors.ts";

const REALM = 'Bearer realm="bonafide-admin"';

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/**
 * Compares through SHA-256 digests so both inputs have the same length (timingSafeEqual requires it) and the
 * time taken says nothing about the token's length or content.
 */
export async function tokensEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * Middleware: 403 when admin is disabled, 401 with `WWW-Authenticate` for a missing token, and for a wrong
 * one 401 (RFC 6750's `invalid_token`) or, where an API's contract says so (the page cache's), 403.
 */
export function requireAdminToken(
  options: { wrongTokenStatus?: 401 | 403 } = {},
): MiddlewareHandler<{ Bindings: EdgeBindings }> {
  return async function requireAdminToken(c, next) {
    const expected = readEdgeConfig(c.env).adminToken;
    if (!expected) {
      throw new EdgeError(
        "ADMIN_DISABLED",
        "the admin API is disabled: set the secret BONAFIDE_ADMIN_TOKEN on the edge",
      );
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header("authorization") ?? "");
    if (!match?.[1]) {
      throw new EdgeError("UNAUTHORIZED", "send the admin token as 'Authorization: Bearer <token>'", {
        headers: { "www-authenticate": REALM },
      });
    }
    if (!(await tokensEqual(match[1], expected))) {
      if (options.wrongTokenStatus === 403) throw new EdgeError("BAD_TOKEN_FORBIDDEN");
      throw new EdgeError("BAD_TOKEN", "the admin token is not right", {
        headers: { "www-authenticate": `${REALM}, error="invalid_token"` },
      });
    }
    await next();
  };
}
