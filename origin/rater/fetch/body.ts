/** @module Response bodies: read up to a byte cap, then decoded as a browser would (BOM, charset, <meta>, UTF-8). */
import { TextDecoder } from "node:util";

// The HTML prescan looks at the first 1024 bytes only (WHATWG HTML §13.2.3.2 "prescan a byte stream").
const PRESCAN_BYTES = 1024;
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i;

function charsetParam(contentTypeHeader: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentTypeHeader);
  return match?.[1];
}

function bomCharset(data: Uint8Array): string | undefined {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return "utf-8";
  if (data[0] === 0xfe && data[1] === 0xff) return "utf-16be";
  if (data[0] === 0xff && data[1] === 0xfe) return "utf-16le";
  return undefined;
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label); // WHATWG labels: "iso-8859-1" and "latin1" decode as windows-1252
  } catch {
    return undefined; // an unknown label is ignored, as browsers do
  }
}

/**
 * Decodes a (possibly truncated) body. `contentTypeHeader` is the raw header, `mediaType` its lowercased
 * essence; `<meta>` is consulted for HTML only. A multi-byte character cut by truncation becomes U+FFFD.
 */
export function decodeBody(data: Uint8Array, contentTypeHeader: string, mediaType: string): string {
  if (data.byteLength === 0) return "";
  const html = mediaType === "" || mediaType === "text/html" || mediaType === "application/xhtml+xml";
  const fromMeta = () => {
    if (!html) return undefined;
    const head = new TextDecoder("windows-1252").decode(data.subarray(0, PRESCAN_BYTES));
    return META_CHARSET.exec(head)?.[1];
  };
  const decoder =
    decoderFor(bomCharset(data)) ??
    decoderFor(charsetParam(contentTypeHeader)) ??
    decoderFor(fromMeta()) ??
    new TextDecoder("utf-8");
  // TextDecoder drops a BOM matching its encoding, so the text starts at the first character.
  return decoder.decode(data);
}

/** Reads `body` until it ends or `maxBytes` decoded bytes are in hand; the rest is cancelled, never read. */
export async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<{ data: Uint8Array<ArrayBuffer>; truncated: boolean }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - bytes;
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room));
        bytes += room;
        truncated = true;
        break;
      }
      chunks.push(value);
      bytes += value.byteLength;
    }
  } finally {
    // Cancelling stops the download (and the decompression) of the rest: a bomb costs at most maxBytes.
    if (truncated) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  const data = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { data, truncated };
}
