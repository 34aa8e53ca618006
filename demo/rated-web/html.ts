/** @module Small HTML helpers shared by the demonstration sites: escaping, the document shell, JSON-LD blocks. */

/** Escapes text for use in HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export interface DocumentParts {
  /** The page language (`<html lang>`), e.g. "de" or "en-GB". */
  lang: string;
  /** Plain text; escaped here. */
  title: string;
  /** Plain text for `<meta name="description">`; escaped here. */
  description?: string;
  /** Inline CSS (self-contained: no external style sheets). */
  css: string;
  /** Extra markup for `<head>` (JSON-LD, inline scripts). */
  head?: string;
  /** The markup of `<body>`. */
  body: string;
}

/** A complete HTML5 document; everything inline, nothing fetched from elsewhere. */
export function htmlDocument(parts: DocumentParts): string {
  const description = parts.description ? `\n<meta name="description" content="${escapeHtml(parts.description)}">` : "";
  return `<!DOCTYPE html>
<html lang="${escapeHtml(parts.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>${description}
<style>${parts.css}</style>${parts.head ? `\n${parts.head}` : ""}
</head>
<body>
${parts.body}
</body>
</html>
`;
}

/** A `<script type="application/ld+json">` block; `<` is escaped so the data cannot end the script early. */
export function jsonLdScript(data: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(data, null, 2).replace(/</g, "\\u003c")}</script>`;
}

/** A navigation link; the current page is marked with `aria-current` rather than dropped. */
export function navLink(href: string, text: string, current: string): string {
  return href === current
    ? `<a href="${escapeHtml(href)}" aria-current="page">${escapeHtml(text)}</a>`
    : `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}
