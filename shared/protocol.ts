/**
 * @module Encodes rate answers: bonafide's JSON and XML (same data), and SiteTruth's v3 JSON array and
 * `sitetruth:rating` XML for clients of that era (research/rating.md §1.4, §5.2).
 */
import type { RateItem } from "./rating.ts";

export const API_VERSION = "1";
export const BONAFIDE_XML_NS = "urn:bonafide:rating:1";
export const SITETRUTH_XML_NS = "http://www.sitetruth.com/xml/rating";

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so we strip them.
  return value.replace(/[<>&"'\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (ch) => {
    switch (ch) {
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case "&":
        return "&amp;";
      case '"':
        return "&quot;";
      case "'":
        return "&apos;";
      default:
        return ""; // control characters are not allowed in XML 1.0 at all
    }
  });
}

function attrs(pairs: Record<string, string | number | boolean | null | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
}

/**
 * The JSON text of frozen items, by item: the edge hands the same frozen item to every request that asks
 * for the same rating with the same input (edge/rate/resolve.ts), so its text is made once. An item that is
 * not frozen could still change, and is stringified each time.
 */
const frozenItemJson = new WeakMap<RateItem, string>();

function itemJson(item: RateItem): string {
  if (!Object.isFrozen(item)) return JSON.stringify(item);
  let text = frozenItemJson.get(item);
  if (text === undefined) {
    text = JSON.stringify(item);
    frozenItemJson.set(item, text);
  }
  return text;
}

const JSON_HEAD = `{"apiVersion":${JSON.stringify(API_VERSION)},"generatedAt":`;

/** bonafide's JSON answer: the same text as JSON.stringify({ apiVersion, generatedAt, items }). */
export function encodeJson(items: readonly RateItem[], generatedAt: Date): string {
  return `${JSON_HEAD}${JSON.stringify(generatedAt.toISOString())},"items":[${items.map(itemJson).join(",")}]}`;
}

/** bonafide's XML answer: attributes for scalars, elements for lists. */
export function encodeXml(items: readonly RateItem[], generatedAt: Date): string {
  const body = items
    .map((item) => {
      const head = `<bf:rating${attrs({
        input: item.input,
        domain: item.domain,
        status: item.status,
        rating: item.rating,
        ratingInfo: item.ratingInfo,
        score: item.score,
        confidence: item.confidence,
        ratedAt: item.ratedAt,
        expiresAt: item.expiresAt,
        retryAfter: item.retryAfter,
        stale: item.stale,
      })}`;
      const children = [
        ...item.reasons.map(
          (r) => `<bf:reason${attrs({ code: r.code, weight: r.weight, source: r.source, detail: r.detail })}/>`,
        ),
        ...(item.business ? [`<bf:business${attrs({ ...item.business })}/>`] : []),
      ];
      return children.length ? `  ${head}>\n    ${children.join("\n    ")}\n  </bf:rating>` : `  ${head}/>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bf:ratings${attrs({
    "xmlns:bf": BONAFIDE_XML_NS,
    apiVersion: API_VERSION,
    generatedAt: generatedAt.toISOString(),
  })}>\n${body}\n</bf:ratings>\n`;
}

/**
 * An item's letter, ratinginfo and status in SiteTruth's terms: "200" final, "202" queued (W: ask again in
 * 5 s), strings as its clients compare them. An item that could not be queued because the database did not
 * answer is U / error / "503": W would promise a rating that is not coming (its clients retry a W for two
 * minutes, then show U / timeout), and SiteTruth's clients cache only "200" items, so the error is not kept.
 */
function siteTruthVerdict(item: RateItem): { rating: string; ratinginfo: string; status: "200" | "202" | "503" } {
  if (item.status === 503) return { rating: "U", ratinginfo: "error", status: "503" };
  return { rating: item.rating, ratinginfo: item.ratingInfo, status: item.rating === "W" ? "202" : "200" };
}

/** SiteTruth v3 JSON: a top-level array; `domain` echoes the value exactly as the client sent it. */
export function encodeSiteTruthJson(items: readonly RateItem[]): string {
  return JSON.stringify(
    items.map((item) => {
      const out: Record<string, string> = { domain: item.input, ...siteTruthVerdict(item) };
      const b = item.business;
      if (b?.legalName) out.name = b.legalName;
      if (b?.locality) out.location = b.locality.toUpperCase();
      if (b?.region) out.state = b.region;
      if (b?.countryCode) out.countrycode = b.countryCode;
      return out;
    }),
  );
}

/** SiteTruth XML: a sequence of `<sitetruth:rating url rating ratinginfo status/>` under one root. */
export function encodeSiteTruthXml(items: readonly RateItem[]): string {
  const body = items
    .map((item) => `  <sitetruth:rating${attrs({ url: item.input, ...siteTruthVerdict(item) })}/>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitetruth:ratings xmlns:sitetruth="${SITETRUTH_XML_NS}">\n${body}\n</sitetruth:ratings>\n`;
}
