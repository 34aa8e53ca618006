/**
 * @module Shortening text for people: where a length limit is really needed (a hostile site's text kept in a
 * reason, an error message), cut at a word boundary and say so with an ellipsis, never mid-word or mid-phrase.
 */

const ELLIPSIS = "…";

/**
 * `text` with white space collapsed, at most `maxChars` characters long: if longer, cut after the last whole
 * word that fits (with its trailing punctuation dropped) and end in "…". A single word longer than the limit
 * (a URL, a token) is cut inside it, since there is no boundary to cut at.
 */
export function clipText(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return clean;
  const room = Math.max(1, maxChars - ELLIPSIS.length);
  const head = clean.slice(0, room + 1);
  const space = head.lastIndexOf(" ");
  const cut = space > room / 2 ? head.slice(0, space) : head.slice(0, room);
  return `${cut.replace(/[\s,;:.\-–—(]+$/u, "")}${ELLIPSIS}`;
}
