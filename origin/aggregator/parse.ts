/**
 * @module Parsing back-end bodies by content type: XML with fast-xml-parser — no DOCTYPE accepted, so no
 * declared or external entity is ever expanded (no billion laughs, no file reads); only XML's five
 * predefined entities and character references are decoded — JSON, otherwise text.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export type BodyKind = "xml" | "json" | "text";

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // Decodes &amp; &lt; … and &#…; only: DOCTYPEs (where entities are declared) are refused before parsing.
  processEntities: true,
  htmlEntities: true, // character references (&#65;) and a fixed table of named ones; never declared ones
  ignoreDeclaration: true,
  parseTagValue: false, // keep "007" a string; templates decide what is a number
  trimValues: true,
  jPath: false, // no callbacks here read the path: do not build its string for every tag (~11% of a parse)
});

/** The kind of body a Content-Type header announces. */
export function kindOf(contentType: string): BodyKind {
  const ct = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (ct === "application/json" || ct.endsWith("+json")) return "json";
  if (ct === "application/xml" || ct === "text/xml" || ct.endsWith("+xml")) return "xml";
  return "text";
}

/** Throws a SyntaxError unless `text` is well-formed XML without a DOCTYPE (so no entities to expand). */
export function checkXml(text: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new SyntaxError("XML with a DOCTYPE or ENTITY is refused");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new SyntaxError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
}

/** Parses XML already checked by `checkXml` (the render worker's half of `prepareBody`). */
export function parseCheckedXml(text: string): unknown {
  return xmlParser.parse(text);
}

/**
 * Checks `text` as `kind` now and returns a function giving the parsed value. XML is only checked here
 * and parsed on first use: an XSLT page embeds the XML as it came and never needs the object form.
 */
export function prepareBody(kind: BodyKind, text: string): () => unknown {
  if (kind === "json") {
    const value: unknown = JSON.parse(text);
    return () => value;
  }
  if (kind === "xml") {
    checkXml(text);
    let parsed: { value: unknown } | null = null;
    return () => {
      parsed ??= { value: xmlParser.parse(text) };
      return parsed.value;
    };
  }
  return () => text;
}

/** The XML body without its declaration, ready to be embedded in the page document. */
export function stripXmlDeclaration(text: string): string {
  return text.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, "");
}
