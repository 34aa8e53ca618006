/**
 * @module Every rendered page is sent with a doctype: `<!doctype html>` goes in front of one that does not
 * start with `<!doctype` (in any case). The render thread applies it as it makes the page's bytes (so the
 * event loop sends them as they are, with no second copy), the event loop to a page rendered on it.
 */

export const DOCTYPE_HTML = "<!doctype html>";
export const DOCTYPE_START = /^<!doctype/i;

/** `html` with `<!doctype html>` in front unless it starts with a doctype. */
export function withDoctypeText(html: string): string {
  return DOCTYPE_START.test(html) ? html : `${DOCTYPE_HTML}${html}`;
}
