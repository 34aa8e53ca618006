/**
 * @module Credentials out of messages: a URL's password (`mysql://user:PASSWORD@host`) must never reach an
 * error message, a log line, the error table or a terminal, whoever reads those. Used wherever a message
 * may carry a configured URL (DATABASE_URL, BONAFIDE_ADMIN_DATABASE_URL, edge and feed URLs) and on every
 * log line as a last line of defence. Plain Web-standard code: the edge may use it too.
 */

/** What a removed password reads as. */
export const REDACTED = "***";

/**
 * `url` with its password replaced by `***` (the user name stays: it says which login failed). Works on a
 * string that does not parse as a URL too — the case where a message most wants to show the value — by
 * treating everything between `://` and the last `@` as the user information, which over-redacts rather
 * than leaks a password holding `/`, `@` or `#`. Without `://…@` there is nothing to hide.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf("://");
  const at = url.lastIndexOf("@");
  if (start < 0 || at < start) return url;
  const userInfo = url.slice(start + 3, at);
  const colon = userInfo.indexOf(":");
  if (colon < 0) return url; // a user name alone is no secret
  return `${url.slice(0, start + 3)}${userInfo.slice(0, colon)}:${REDACTED}${url.slice(at)}`;
}

/**
 * Each `scheme://user:password@` in free text (an error message, a log field) with the password replaced.
 * Text has no known end of a URL, so the password runs to the last `@` before a space or quote.
 */
const USERINFO_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#"'<>]*):[^\s"'<>]*@/gi;

export function redactText(text: string): string {
  if (!text.includes("://") || !text.includes("@")) return text; // the common case: nothing to scan
  return text.replace(USERINFO_IN_TEXT, `$1:${REDACTED}@`);
}
