/**
 * @module HTTP plumbing for the psdb endpoint: bounded JSON bodies, Basic auth, JSON replies.
 *
 * Every failure becomes a small JSON `{error: {code, message}}` — the shape database-js turns into a
 * `DatabaseError` for non-2xx answers — so bad input can neither crash the server nor leak a stack.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** A request we refuse with a specific status and vtrpc-style code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Reads and parses a JSON body of at most `limit` bytes; an empty body reads as `emptyAs`. */
export function readJsonBody(req: IncomingMessage, limit: number, emptyAs?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true; // keep draining so the reply can still be written on this socket
      if (!tooLarge) chunks.push(chunk);
    });
    const unreadable = () => reject(new HttpError(400, "INVALID_ARGUMENT", "request body could not be read"));
    req.on("error", unreadable);
    // A client that hangs up mid-body never sends "end"; settle anyway so nothing waits forever.
    req.on("close", () => {
      if (!req.complete) unreadable();
    });
    req.on("end", () => {
      if (tooLarge) {
        reject(new HttpError(413, "RESOURCE_EXHAUSTED", `request body larger than ${limit} bytes`));
        return;
      }
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "" && emptyAs !== undefined) {
        resolve(emptyAs);
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, "INVALID_ARGUMENT", "request body is not valid JSON"));
      }
    });
  });
}

export interface Credentials {
  username: string;
  password: string;
}

/** Decodes a URL component, keeping the raw text if it is not valid percent-encoding. */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Parses `Authorization: Basic …`. database-js takes username and password from `new URL(url)`, which
 * leaves them percent-encoded, so we decode them to get back what the operator put in the URL.
 */
export function parseBasicAuth(header: string | undefined): Credentials | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("latin1");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decodeComponent(decoded.slice(0, colon)), password: decodeComponent(decoded.slice(colon + 1)) };
}

/** Writes a JSON reply unless the client has already gone away. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(payload)),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(payload);
}

/** The JSON error reply for a refused request. */
export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}
