/**
 * @module The resolved document as it crosses to a render worker: call results become small plain
 * objects (XML as the text that came, parsed — and so checked — in the worker; JSON already parsed), so the
 * structured clone is cheap and the XML work happens off the event loop. The event loop does not check the
 * XML first: the worker's parser checks it as it reads (origin/aggregator/xml.ts), and a body it refuses
 * fails the render as MalformedInput, after which the page checks its bodies, marks the bad ones failed and
 * renders again (respond.ts) — as libxml2 does for an XSLT page.
 */

import { OriginError } from "../../errors/model.ts";
import { type ErrorNode, failedSoFar } from "../call.ts";
import { isCallResult, type Resolved } from "../document.ts";
import { parseCheckedXml } from "../parse.ts";

/** The page's input a render thread would not read (so the page can find the body at fault and try again). */
export class MalformedInput extends OriginError<"MALFORMED_INPUT"> {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("MALFORMED_INPUT", message, options);
  }
}

const CALL = "\u0000call";

type WireCall = { ok: boolean; xml: string | null; data: unknown; error: ErrorNode | null };
export type Wire = string | number | boolean | null | Wire[] | { [key: string]: Wire } | { [CALL]: WireCall };

/** Main thread: the resolved document, ready for postMessage. */
export function toWire(doc: Resolved): Wire {
  if (isCallResult(doc)) {
    // Not `doc.ok`: that would run the XML check the worker's parse makes anyway (see the module's note).
    const ok = !failedSoFar(doc);
    const xml = ok && doc.kind === "xml" ? doc.text : null;
    return { [CALL]: { ok, xml, data: ok && xml === null ? (doc.data as Wire) : null, error: ok ? null : doc.error } };
  }
  if (Array.isArray(doc)) return doc.map(toWire);
  if (doc !== null && typeof doc === "object")
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, toWire(v)]));
  return doc;
}

/** Worker: the template's data, as `documentToData` gives it on the main thread. */
export function fromWire(wire: unknown): unknown {
  if (Array.isArray(wire)) return wire.map(fromWire);
  if (wire !== null && typeof wire === "object") {
    const call = (wire as Record<string, unknown>)[CALL] as WireCall | undefined;
    if (call) return call.ok ? (call.xml !== null ? readXmlBody(call.xml) : call.data) : { "@error": call.error };
    return Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, fromWire(v)]));
  }
  return wire;
}

function readXmlBody(xml: string): unknown {
  try {
    return parseCheckedXml(xml);
  } catch (error) {
    throw new MalformedInput(`a back-end's XML is not well-formed: ${(error as Error).message}`, { cause: error });
  }
}
