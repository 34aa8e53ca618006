/**
 * @module The resolved document as it crosses to a render worker: call results become small plain
 * objects (XML as checked text, parsed in the worker; JSON already parsed), so the structured clone is
 * cheap and the expensive XML parsing happens off the event loop.
 */
import type { ErrorNode } from "../call.ts";
import { isCallResult, type Resolved } from "../document.ts";
import { parseCheckedXml } from "../parse.ts";

const CALL = "\u0000call";

type WireCall = { ok: boolean; xml: string | null; data: unknown; error: ErrorNode | null };
export type Wire = string | number | boolean | null | Wire[] | { [key: string]: Wire } | { [CALL]: WireCall };

/** Main thread: the resolved document, ready for postMessage. */
export function toWire(doc: Resolved): Wire {
  if (isCallResult(doc)) {
    const xml = doc.ok && doc.kind === "xml" ? doc.text : null;
    return { [CALL]: { ok: doc.ok, xml, data: doc.ok && xml === null ? (doc.data as Wire) : null, error: doc.error } };
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
    if (call) return call.ok ? (call.xml !== null ? parseCheckedXml(call.xml) : call.data) : { "@error": call.error };
    return Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, fromWire(v)]));
  }
  return wire;
}
