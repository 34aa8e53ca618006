/**
 * @module Bytes in and out of libxslt's WebAssembly heap, for the render thread. The page document comes
 * in as UTF-8 bytes (transferred from the event loop, not cloned as a string and converted again) and the
 * page goes out as the bytes libxslt serialised, ready for the socket.
 *
 * libxslt-wasm's own `XmlDocument.from(bytes)` writes through a view of the heap taken when the module
 * loaded; once a large document has grown the heap that view is stale and every later call throws (a
 * thread that had rendered one big page could compile no new stylesheet). These read the module's live
 * view instead.
 */

import type { XsltStylesheet } from "libxslt-wasm";
import { XmlDocument } from "libxslt-wasm";
import { xmlOutputBufferGetContent, xmlOutputBufferGetSize, xmlReadMemory } from "libxslt-wasm/internal/libxml2";
import { free, malloc } from "libxslt-wasm/internal/main";
import { libxslt } from "libxslt-wasm/internal/module";
import { parseXmlOptions } from "libxslt-wasm/utils/parseXmlOptions";
import { DOCTYPE_HTML, DOCTYPE_START } from "./doctype.ts";

/**
 * libxml2 never fetches anything over the network (loads go through the thread's own fetch), and prints
 * no parse errors or warnings: a refused document is a thrown error here. Printed, each error was a
 * synchronous write to stderr from inside the WebAssembly; when that pipe was full (a busy reader, a flood
 * of malformed bodies) the write failed mid-call, the heap's lock stayed taken, and the thread's next
 * malloc waited on it forever (test/origin/aggregator-render-stderr.test.ts).
 */
const OPTIONS = parseXmlOptions({ noNet: true, noError: true, noWarning: true });

/** Parses `bytes` (UTF-8 unless the document declares otherwise); throws when libxml2 refuses them. */
export async function readXml(bytes: Uint8Array, url?: string): Promise<XmlDocument> {
  const data = malloc(Math.max(1, bytes.byteLength));
  const urlPtr = url ? libxslt.stringToNewUTF8(url) : 0;
  try {
    libxslt.HEAPU8.set(bytes, data);
    const doc = await xmlReadMemory(data, bytes.byteLength, urlPtr, 0, OPTIONS);
    if (!doc) throw new Error("libxml2 could not read the document");
    return new XmlDocument(doc);
  } finally {
    free(data);
    if (urlPtr) free(urlPtr);
  }
}

const DOCTYPE = new TextEncoder().encode(DOCTYPE_HTML);

/**
 * The transform's result serialised as its `xsl:output` says, as bytes of their own (transferable), with
 * `<!doctype html>` in front unless it starts with a doctype (doctype.ts): made here, in the one copy out
 * of the heap, it costs the event loop no second copy of the whole page.
 */
export function resultBytes(sheet: XsltStylesheet, result: XmlDocument): Uint8Array {
  const out = sheet.applyToOutputBuffer(result);
  try {
    const start = xmlOutputBufferGetContent(out.byteOffset as number);
    const size = xmlOutputBufferGetSize(out.byteOffset as number);
    const heap = libxslt.HEAPU8;
    const head = String.fromCharCode(...heap.subarray(start, start + Math.min(9, size)));
    if (DOCTYPE_START.test(head)) return heap.slice(start, start + size);
    const page = new Uint8Array(DOCTYPE.byteLength + size);
    page.set(DOCTYPE);
    page.set(heap.subarray(start, start + size), DOCTYPE.byteLength);
    return page;
  } finally {
    out.delete();
  }
}
