/**
 * @module How a value the request sent is written into a `respond` body, by the body's content type. nginx
 * writes `return 200 "…$arg_q…"` values as they came; bonafide escapes them, because a body that reflects a
 * query parameter or header is a reflected-XSS vector (OWASP XSS Prevention Cheat Sheet, rule 1 and 3.1):
 *
 * - `text/html`, `application/xhtml+xml`, any XML type: `& < > " '` as character references — safe as element
 *   text and inside quoted attribute values (not in unquoted attributes, URLs or scripts).
 * - `application/json`, any `+json` type: the contents of a JSON string (quotes, backslashes, controls escaped;
 *   `< > &` as `\u003c…` so the text cannot close a `<script>` it is embedded in) — write the variable inside
 *   quotes.
 * - `text/plain` (the default): as is, and the answer carries `X-Content-Type-Options: nosniff` so no browser
 *   reads it as HTML.
 *
 * Any other type (scripts, CSS, octet-stream…) has no escaping bonafide can vouch for: a body with variables is
 * refused when publishing.
 */

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML[c] ?? c);

export const escapeJsonString = (value: string): string =>
  JSON.stringify(value)
    .slice(1, -1)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const asIs = (value: string): string => value;

/** The escaping for a body of `contentType` (default text/plain), or null when bonafide knows none. */
export function bodyEscaper(contentType: string | undefined): ((value: string) => string) | null {
  const type = (contentType ?? "text/plain").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "text/plain") return asIs;
  if (type === "text/html" || type === "application/xhtml+xml" || type.endsWith("/xml") || type.endsWith("+xml"))
    return escapeHtml;
  if (type === "application/json" || type.endsWith("+json")) return escapeJsonString;
  return null;
}
