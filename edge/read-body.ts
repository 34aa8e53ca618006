/**
 * @module Reading a request body with a hard limit. A Worker isolate has 128 MB: `req.text()` on an
 * unsigned 100 MB push grew workerd by 197 MB before any check ran. So the declared `Content-Length` is
 * refused first, and a chunked (or lying) body is read chunk by chunk and cancelled as soon as it passes
 * the limit — the rest is never pulled from the client.
 */
import { EdgeError } from "./errors.ts";

const encoder = new TextEncoder();

function tooLarge(limitBytes: number, what: string): EdgeError {
  return new EdgeError("BODY_TOO_LARGE", `${what} is over ${limitBytes} bytes; send less at once`);
}

/** 413 BODY_TOO_LARGE when the request declares more than `limitBytes`; reads nothing. */
export function refuseDeclaredOver(request: Request, limitBytes: number, what: string): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw tooLarge(limitBytes, what);
}

/** The body as UTF-8 text, at most `limitBytes` of it; 413 BODY_TOO_LARGE (and the stream cancelled) past that. */
export async function readBodyText(request: Request, limitBytes: number, what: string): Promise<string> {
  refuseDeclaredOver(request, limitBytes, what);
  if (!request.body) return "";
  // A declared length within the limit bounds the body: HTTP's framing delivers no more than it declares
  // (HTTP/1.1's Content-Length; RFC 9113 §8.1.1 for HTTP/2), so it is read in one call, not chunk by
  // chunk. Only a Request built in this Worker could carry a longer stream under a shorter header, and
  // none does; the length is checked again after the read all the same.
  if (request.headers.has("content-length")) {
    const text = await request.text();
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only a text that could be over is encoded to count it.
    if (text.length > limitBytes || (text.length * 3 > limitBytes && encoder.encode(text).byteLength > limitBytes))
      throw tooLarge(limitBytes, what);
    return text;
  }
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > limitBytes) {
      await reader.cancel("body over the limit").catch(() => {});
      throw tooLarge(limitBytes, what);
    }
    text += decoder.decode(value, { stream: true });
  }
}
