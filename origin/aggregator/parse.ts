/**
 * @module Parsing back-end bodies by content type: XML with the aggregator's own reader (xml.ts: one pass
 * that checks well-formedness and builds the object fast-xml-parser used to) — no DOCTYPE accepted, so no
 * declared or external entity is ever expanded (no billion laughs, no file reads); only XML's five
 * predefined entities, a fixed table of HTML names and character references are decoded — JSON,
 * otherwise text.
 */
import { checkXmlWellFormed, parseXml } from "./xml.ts";

export type BodyKind = "xml" | "json" | "text";

/** The kind of body a Content-Type header announces. */
export function kindOf(contentType: string): BodyKind {
  const ct = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (ct === "application/json" || ct.endsWith("+json")) return "json";
  if (ct === "application/xml" || ct === "text/xml" || ct.endsWith("+xml")) return "xml";
  return "text";
}

/**
 * Throws a SyntaxError unless `text` is well-formed XML without a DOCTYPE (so no entities to expand) that
 * `parseCheckedXml` reads; builds nothing (the main thread's check when a worker parses the body).
 */
export function checkXml(text: string): void {
  checkXmlWellFormed(text);
}

const BLANK = /^[\x20\t\r\n]*$/;

/**
 * Throws a SyntaxError unless `text` has the shape of one XML document: no DOCTYPE, exactly one root
 * element, every tag closed inside the body (it never closes an element it did not open), nothing but
 * whitespace, comments and processing instructions around the root. It tokenises as an XML parser does
 * (comments, CDATA, processing instructions and quoted attribute values are skipped whole) but checks no
 * names, attributes or references: the parser that reads the body does that. For a page rendered with
 * XSLT that is libxml2 reading the whole page document at once, and a body of this shape cannot make
 * that document well-formed unless it is well-formed itself: it cannot close its wrapper element or
 * open a sibling of it. ~2× cheaper than `checkXml` (bench/_xml-parse.ts).
 */
export function checkXmlShape(text: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new SyntaxError("XML with a DOCTYPE or ENTITY is refused");
  const n = text.length;
  let depth = 0;
  let roots = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const lt = text.indexOf("<", i);
    const end = lt < 0 ? n : lt;
    if (depth === 0 && end > i && !BLANK.test(text.slice(i, end)))
      throw new SyntaxError("malformed XML: text outside the root element");
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      const comment = text.startsWith("!--", lt + 1);
      if (!comment && !(depth > 0 && text.startsWith("![CDATA[", lt + 1)))
        throw new SyntaxError("malformed XML: unexpected <!");
      const close = text.indexOf(comment ? "-->" : "]]>", lt + (comment ? 4 : 9));
      if (close < 0) throw new SyntaxError(`malformed XML: unclosed ${comment ? "comment" : "CDATA section"}`);
      i = close + 3;
    } else if (c === 0x3f /* ? */) {
      const close = text.indexOf("?>", lt + 2);
      if (close < 0) throw new SyntaxError("malformed XML: unclosed processing instruction");
      i = close + 2;
    } else if (c === 0x2f /* / */) {
      const close = text.indexOf(">", lt + 2);
      if (close < 0 || --depth < 0) throw new SyntaxError("malformed XML: an end tag without its start");
      i = close + 1;
    } else {
      // A start tag: up to the first ">" outside a quoted attribute value ("<" is never inside one).
      let j = lt + 1;
      let quote = 0;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (quote) {
          if (d === quote) quote = 0;
        } else if (d === 0x22 || d === 0x27) quote = d;
        else if (d === 0x3e /* > */) break;
        else if (d === 0x3c /* < */) j = n;
      }
      if (j >= n) throw new SyntaxError("malformed XML: unclosed start tag");
      if (depth === 0 && ++roots > 1) throw new SyntaxError("malformed XML: more than one root element");
      if (text.charCodeAt(j - 1) !== 0x2f /* / */) depth++;
      i = j + 1;
    }
  }
  if (roots === 0) throw new SyntaxError("malformed XML: no root element");
  if (depth !== 0) throw new SyntaxError("malformed XML: unclosed element");
}

/** Parses XML already checked by `checkXml` (the render worker's half of `prepareBody`). */
export function parseCheckedXml(text: string): unknown {
  return parseXml(text);
}

/**
 * Checks `text` as `kind` now and returns a function giving the parsed value. XML gets only its shape
 * checked here (`checkXmlShape`) and is parsed on first use, after the caller's `checkXml`: an XSLT page
 * embeds the XML as it came, libxml2 checks it there, and it never needs the object form.
 */
export function prepareBody(kind: BodyKind, text: string): () => unknown {
  if (kind === "json") {
    const value: unknown = JSON.parse(text);
    return () => value;
  }
  if (kind === "xml") {
    try {
      checkXmlShape(text);
    } catch (error) {
      checkXml(text); // a malformed body is rare: say what is wrong with it, with its line
      throw error;
    }
    let parsed: { value: unknown } | null = null;
    return () => {
      parsed ??= { value: parseXml(text) }; // checks as it reads: a malformed body throws SyntaxError here
      return parsed.value;
    };
  }
  return () => text;
}

/** The XML body without its declaration, ready to be embedded in the page document. */
export function stripXmlDeclaration(text: string): string {
  return text.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, "");
}
