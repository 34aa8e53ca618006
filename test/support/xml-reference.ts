/**
 * @module What bonafide's XML reader (origin/aggregator/xml.ts) is compared with and fuzzed by: the
 * fast-xml-parser configuration whose object form it builds (the differential test and
 * bench/_xml-parse.ts), and the characters that matter to XML's structure (the mutation tests).
 */
import { XMLParser } from "fast-xml-parser";

/** fast-xml-parser configured as the aggregator read XML before its own reader: the reference form. */
export function referenceXmlParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    processEntities: true,
    htmlEntities: true,
    ignoreDeclaration: true,
    parseTagValue: false,
    trimValues: true,
    jPath: false,
  });
}

/** Characters that matter to XML's structure, to insert, delete and replace at random. */
export const XML_NOISE: readonly string[] = ["<", ">", "/", '"', "'", "&", "!", "?", "-", "[", "]"];
