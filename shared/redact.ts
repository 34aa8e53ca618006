/**
 * @module Credentials out of messages: a URL's password (`mysql://user:PASSWORD@host`) and a token in a
 * query (`?_debug=TOKEN`, `?token=TOKEN`, as the aggregator's debug view and the status page take them in a
 * browser) must never reach an error message, a log line, the error table or a terminal, whoever reads
 * those. Used wherever a message may carry a configured URL (DATABASE_URL, BONAFIDE_ADMIN_DATABASE_URL,
 * edge and feed URLs) and on every log line and error_log row as a last line of defence (request paths are
 * logged). Plain Web-standard code: the edge may use it too.
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

/** `scheme://user:password@` in free text; the password runs to the last `@` before a space or quote. */
const USERINFO_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#"'<>]*):[^\s"'<>]*@/gi;

/** The query parameters that carry a secret in this project's URLs (and the usual names elsewhere). */
const SECRET_PARAM_IN_TEXT = /([?&](?:_debug|token|access_token|api_key|apikey|password|secret)=)[^&#\s"'<>]+/gi;

/**
 * `text` (an error message, a log field, a request path) with each URL password and each secret query
 * parameter's value replaced by `***`.
 */
export function redactText(text: string): string {
  let out = text;
  if (out.includes("://") && out.includes("@")) out = out.replace(USERINFO_IN_TEXT, `$1:${REDACTED}@`);
  if (out.includes("=")) out = out.replace(SECRET_PARAM_IN_TEXT, `$1${REDACTED}`);
  return out;
}
