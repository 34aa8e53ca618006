/**
 * @module Reads one HTML page into what the rater looks at: text lines grouped as a browser would break
 * them (blocks and <br>), links with their anchor text, JSON-LD blocks, form and button labels.
 *
 * SiteTruth's address finder relied on block boundaries (<p>, <br>, <li>, <td>, <div>) to see a mailing
 * label (research/rating.md §1.2), so line structure is kept rather than flattening the page to one string.
 */
import { Parser } from "htmlparser2";
import { createMicrodataReader } from "./microdata.ts";
import { COMMERCE_MARKUP } from "./signals/commerce.ts";

export interface PageLink {
  href: string;
  text: string;
}

export interface ParsedPage {
  title: string;
  /** Visible text, one entry per rendered line; "" separates blocks. */
  lines: string[];
  links: PageLink[];
  jsonLd: unknown[];
  /** Microdata and RDFa items, in JSON-LD's shape ({"@type": …, property: value or item}). */
  microdata: unknown[];
  /** Cart markup the shop platforms emit (a class, id or form action), as "tag attribute=value", ≤ 20. */
  markup: string[];
  /** Labels of buttons and submit inputs (e.g. "Add to cart"). */
  buttons: string[];
  lang: string;
}

export const MAX_LINKS_PER_PAGE = 1000;
/** A JSON-LD block longer than this is not read (real ones are a few kB; parsing is the cost). */
export const MAX_JSON_LD_CHARS = 256 * 1024;
const MAX_MARKUP = 20;
const MARKUP_ATTRS = ["class", "id", "action", "name", "data-action"] as const;

const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "section",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
]);
// Cells, rows and list items end a line but not the block: an address laid out one line per table row or
// list item is still one mailing label.
const LINE_TAGS = new Set(["td", "th", "tr", "li", "dd", "dt"]);
const HIDDEN_TAGS = new Set(["script", "style", "noscript", "template", "svg", "head"]);

function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Parses a JSON-LD block, forgiving what CMS plug-ins commonly get wrong: trailing commas, HTML comments
 * around the data, and control characters inside strings. Undefined when it is still not JSON.
 */
export function parseJsonLd(text: string): unknown {
  const attempts = [
    text,
    text
      .replace(/^\s*<!--|-->\s*$/g, "")
      .replace(/,(\s*[}\]])/g, "$1")
      .replace(/[\n\r\t]+/g, " "), // raw line breaks inside strings are invalid JSON
  ];
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt);
    } catch {
      // try the repaired text next
    }
  }
  return undefined;
}

/** Parses `html` fetched from `baseUrl` (links are made absolute; fragments dropped). */
export function parseHtml(html: string, baseUrl: string): ParsedPage {
  const page: ParsedPage = {
    title: "",
    lines: [],
    links: [],
    jsonLd: [],
    microdata: [],
    markup: [],
    buttons: [],
    lang: "",
  };
  const microdata = createMicrodataReader();
  let line = "";
  let hidden = 0;
  let inTitle = false;
  let jsonLdText: string | null = null;
  let link: { href: string; text: string } | null = null;
  let button: string | null = null;

  const breakLine = (block: boolean) => {
    const text = clean(line);
    if (text) page.lines.push(text);
    if (block && page.lines.at(-1) !== "") page.lines.push("");
    line = "";
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "html" && attrs.lang) page.lang = attrs.lang.toLowerCase();
        if (name === "title") inTitle = true;
        if (name === "script" && /ld\+json/i.test(attrs.type ?? "")) jsonLdText = "";
        if (HIDDEN_TAGS.has(name)) hidden++;
        microdata.open(name, attrs);
        if (page.markup.length < MAX_MARKUP) {
          for (const attr of MARKUP_ATTRS) {
            const value = attrs[attr];
            if (value && COMMERCE_MARKUP.test(value.slice(0, 300))) {
              page.markup.push(`${name} ${attr}=${value.slice(0, 80)}`);
              break;
            }
          }
        }
        if (hidden) return;
        if (name === "br" || LINE_TAGS.has(name)) breakLine(false);
        else if (BLOCK_TAGS.has(name)) breakLine(true);
        if (name === "a" && attrs.href !== undefined) link = { href: attrs.href, text: "" };
        if (name === "button") button = "";
        if (name === "input" && /^(submit|button)$/i.test(attrs.type ?? "") && attrs.value) {
          page.buttons.push(clean(attrs.value));
        }
      },
      ontext(text) {
        if (inTitle) page.title += text;
        if (jsonLdText !== null && jsonLdText.length <= MAX_JSON_LD_CHARS) jsonLdText += text;
        if (!hidden && jsonLdText === null) microdata.text(text);
        if (hidden) return;
        line += text;
        if (link) link.text += text;
        if (button !== null) button += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        microdata.close();
        if (name === "script" && jsonLdText !== null) {
          const data = jsonLdText.length <= MAX_JSON_LD_CHARS ? parseJsonLd(jsonLdText) : undefined;
          if (data !== undefined) page.jsonLd.push(data);
          jsonLdText = null;
        }
        if (HIDDEN_TAGS.has(name)) {
          hidden = Math.max(0, hidden - 1);
          return;
        }
        if (hidden) return;
        if (name === "a" && link) {
          try {
            const url = new URL(link.href, baseUrl);
            url.hash = "";
            if (page.links.length < MAX_LINKS_PER_PAGE) page.links.push({ href: url.href, text: clean(link.text) });
          } catch {
            // An unparseable href is not a link.
          }
          link = null;
        }
        if (name === "button" && button !== null) {
          if (clean(button)) page.buttons.push(clean(button));
          button = null;
        }
        if (LINE_TAGS.has(name)) breakLine(false);
        else if (BLOCK_TAGS.has(name)) breakLine(true);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  breakLine(true);
  page.title = clean(page.title);
  page.microdata = microdata.items;
  return page;
}
