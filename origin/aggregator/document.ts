/**
 * @module The page document: a plain tree in which pending back-end calls may sit as placeholders.
 * `resolveDocument` awaits every placeholder at once and puts each result in its place; the resolved tree
 * is then handed to TSX as data (failed calls become `{ "@error": … }` nodes) or serialised to XML for
 * XSLT (XML bodies embedded verbatim, failed calls become `<error …/>` elements).
 */
import { XMLBuilder } from "fast-xml-parser";
import { type CallResult, type ErrorNode, failedSoFar } from "./call.ts";
import { stripXmlDeclaration } from "./parse.ts";

/** A back-end call in flight; awaitable, and placeable into the document as it is. */
export class BackendCall implements PromiseLike<CallResult> {
  readonly backend: string;
  readonly result: Promise<CallResult>;
  constructor(backend: string, result: Promise<CallResult>) {
    this.backend = backend;
    this.result = result;
  }
  // biome-ignore lint/suspicious/noThenProperty: awaitable on purpose, so a handler can `await` a placeholder.
  then<A = CallResult, B = never>(
    onFulfilled?: ((value: CallResult) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.result.then(onFulfilled, onRejected);
  }
}

/** A document node after resolution: placeholders replaced by their results. */
export type Resolved = CallResult | string | number | boolean | null | Resolved[] | { [key: string]: Resolved };

export function isCallResult(v: unknown): v is CallResult {
  return typeof v === "object" && v !== null && "backend" in v && "kind" in v && "ok" in v && "text" in v;
}

/** Awaits all placeholders (in parallel) and returns the tree with results in place. */
export async function resolveDocument(value: unknown): Promise<Resolved> {
  if (value instanceof BackendCall) return value.result;
  if (value instanceof Promise) return resolveDocument(await value);
  if (Array.isArray(value)) return Promise.all(value.map(resolveDocument));
  if (value !== null && typeof value === "object" && !isCallResult(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolveDocument(v)] as const),
    );
    return Object.fromEntries(entries);
  }
  if (value === undefined) return null;
  return value as Resolved;
}

/** The tree as plain data for TSX and the raw-data switch. */
export function documentToData(doc: Resolved): unknown {
  if (isCallResult(doc)) return doc.ok ? doc.data : { "@error": doc.error satisfies ErrorNode | null };
  if (Array.isArray(doc)) return doc.map(documentToData);
  if (doc !== null && typeof doc === "object")
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, documentToData(v)]));
  return doc;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", suppressEmptyNode: true });

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[c]};`);
}

function xmlName(key: string): string {
  const clean = key.replace(/[^A-Za-z0-9_.-]/g, "_");
  return /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`;
}

/** Serialises the tree as XML under `<root>` for XSLT. */
export function documentToXml(doc: Resolved, root = "page"): string {
  return `<${root}>${nodeToXml(doc)}</${root}>`;
}

function nodeToXml(doc: Resolved): string {
  if (isCallResult(doc)) {
    // Without the full XML check: the XSLT path leaves it to libxml2 (see renderXsltPage).
    const e = failedSoFar(doc) ? doc.error : null;
    if (e)
      return `<error backend="${escapeXml(e.backend)}" failure="${e.failure}" status="${e.status ?? ""}" url="${escapeXml(e.url)}">${escapeXml(e.message)}</error>`;
    if (doc.kind === "xml") return stripXmlDeclaration(doc.text);
    if (doc.kind === "json") return builder.build(doc.data as object) as string;
    return escapeXml(doc.text);
  }
  if (Array.isArray(doc)) return doc.map((v) => `<item>${nodeToXml(v)}</item>`).join("");
  if (doc !== null && typeof doc === "object")
    return Object.entries(doc)
      .map(([k, v]) => `<${xmlName(k)}>${nodeToXml(v)}</${xmlName(k)}>`)
      .join("");
  return doc === null ? "" : escapeXml(String(doc));
}
