/**
 * @module Microdata (itemscope/itemtype/itemprop, WHATWG HTML §5) and RDFa Lite (vocab/typeof/property) read
 * while html.ts parses, into the JSON-LD shape the signals already read: `{"@type": "Organization", "name":
 * …, "address": {"@type": "PostalAddress", …}}`. Platforms (Magento, PrestaShop, older WooCommerce themes,
 * hand-written sites) mark up shop and address this way instead of JSON-LD.
 *
 * Bounded: at most MAX_ITEMS items and MAX_PROPS properties per page, property text cut at MAX_TEXT.
 */

type Item = Record<string, unknown>;

export const MAX_ITEMS = 200;
const MAX_PROPS = 2000;
const MAX_TEXT = 300;

interface Frame {
  /** The item this element opened (its descendants' properties go there). */
  item?: Item;
  /** A property whose value is this element's text, collected until it closes. */
  capture?: { item: Item; name: string; text: string };
}

// Elements whose property value is an attribute, not their text (WHATWG HTML "property value").
const URL_ATTR: Record<string, string> = { a: "href", link: "href", area: "href", img: "src", iframe: "src" };

/** The last segment of a type IRI or CURIE: "http://schema.org/Store" and "schema:Store" → "Store". */
function localName(value: string): string {
  return (value.trim().split(/\s+/)[0] ?? "").replace(/^.*[/:#]/, "").slice(0, 60);
}

export interface MicrodataReader {
  open(name: string, attrs: Record<string, string>): void;
  text(text: string): void;
  close(): void;
  items: Item[];
}

/** A reader fed by the HTML parser's events; `items` holds the top-level items found. */
export function createMicrodataReader(): MicrodataReader {
  const items: Item[] = [];
  const stack: Frame[] = [];
  // Kept beside the element stack so each event costs O(1), however deeply a hostile page nests.
  const itemStack: Item[] = [];
  const captures: NonNullable<Frame["capture"]>[] = [];
  let props = 0;
  let made = 0;

  const set = (item: Item, name: string, value: unknown) => {
    if (props >= MAX_PROPS || !name || name in item) return;
    props++;
    item[name] = value;
  };

  return {
    items,
    open(name, attrs) {
      const frame: Frame = {};
      const prop = attrs.itemprop ?? attrs.property;
      const propName = prop ? localName(prop) : "";
      const parent = itemStack.at(-1);
      const isItem = attrs.itemscope !== undefined || attrs.typeof !== undefined;
      if (isItem && made < MAX_ITEMS) {
        made++;
        const item: Item = { "@type": localName(attrs.itemtype ?? attrs.typeof ?? "Thing") || "Thing" };
        if (parent && propName) set(parent, propName, item);
        else if (!parent) items.push(item);
        frame.item = item;
        itemStack.push(item);
      } else if (parent && propName) {
        const attr = URL_ATTR[name];
        const value = attrs.content ?? (attr ? attrs[attr] : undefined) ?? attrs.datetime ?? attrs.value;
        if (value !== undefined) set(parent, propName, value.slice(0, MAX_TEXT));
        else {
          frame.capture = { item: parent, name: propName, text: "" };
          captures.push(frame.capture);
        }
      }
      stack.push(frame);
    },
    text(text) {
      const capture = captures.at(-1);
      if (capture && capture.text.length < MAX_TEXT) capture.text += text.slice(0, MAX_TEXT);
    },
    close() {
      const frame = stack.pop();
      if (frame?.item) itemStack.pop();
      if (frame?.capture) {
        captures.pop();
        const value = frame.capture.text.replace(/\s+/g, " ").trim().slice(0, MAX_TEXT);
        if (value) set(frame.capture.item, frame.capture.name, value);
      }
    },
  };
}
