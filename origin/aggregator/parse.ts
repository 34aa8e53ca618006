/**
 * @module Parsing back-end bodies by content type: XML with fast-xml-parser (entity expansion off, so a
 * back-end cannot blow up memory with nested entities or read files), JSON, otherwise text.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export type BodyKind = "xml" | "json" | "text";

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  processEntities: false, // no entity expansion: billion-laughs and external entities stay inert
  htmlEntities: false,
  parseTagValue: false, // keep "007" a string; templates decide what is a number
  trimValues: true,
});

/** The kind of body a Content-Type header announces. */
export function kindOf(contentType: string): BodyKind {
  const ct = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (ct === "application/json" || ct.endsWith("+json")) return "json";
  if (ct === "application/xml" || ct === "text/xml" || ct.endsWith("+xml")) return "xml";
  return "text";
}

/** Parses `text` as `kind`; throws a SyntaxError-like error on malformed input. */
export function parseBody(kind: BodyKind, text: string): unknown {
  if (kind === "json") return JSON.parse(text);
  if (kind === "xml") {
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new SyntaxError("XML with a DOCTYPE or ENTITY is refused");
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new SyntaxError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
    return xmlParser.parse(text);
  }
  return text;
}

/** The XML body without its declaration, ready to be embedded in the page document. */
export function stripXmlDeclaration(text: string): string {
  return text.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, "");
}
