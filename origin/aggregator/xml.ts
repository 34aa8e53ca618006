/**
 * @module The aggregator's XML reader: one pass over a back-end's body that checks it is well-formed XML 1.0
 * and, when asked, builds the object fast-xml-parser built with the options the aggregator used before
 * (attributes as "@name", "#text" beside children or attributes, a lone text child as a string, an empty
 * element as "", repeated siblings as an array, values trimmed, no number parsing). Templates were written
 * against that shape, so it stays byte-for-byte the same; what changes is the cost (fast-xml-parser walked
 * the text twice, once to validate and once to parse, building a string one character at a time) and what
 * is refused: everything XML 1.0 says is not well-formed, which libxml2 refuses on the XSLT path too.
 *
 * Never expanded: declared entities. A DOCTYPE or ENTITY declaration anywhere refuses the body (no billion
 * laughs, no external files); references are XML's five, fast-xml-parser's small table of HTML names and
 * character references, anything else is an error. Prototype keys: elements named `__proto__`,
 * `constructor` or `prototype` are refused, and the names fast-xml-parser renamed (`toString` → `__toString`
 * …) are renamed the same way, so no parsed document can reach a prototype. No recursion: the depth of a
 * document costs heap, never stack, and more than MAX_DEPTH open elements are refused (fast-xml-parser's
 * limit, so the same bodies pass).
 */

/** Open elements at most, as fast-xml-parser's default `maxNestedTags` allowed (it counted from 0). */
export const MAX_DEPTH = 101;

type XmlObject = Record<string, unknown>;

const REFUSED_DECLARATION = /<!DOCTYPE|<!ENTITY/i;

/**
 * The named references decoded: XML's five plus the HTML and currency names fast-xml-parser's
 * `htmlEntities: true` accepted (its table, not HTML's full one), so bodies that used them read the same.
 */
const ENTITIES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: "&",
  apos: "'",
  gt: ">",
  lt: "<",
  quot: '"',
  nbsp: "\u00a0",
  copy: "\u00a9",
  reg: "\u00ae",
  trade: "\u2122",
  mdash: "\u2014",
  ndash: "\u2013",
  hellip: "\u2026",
  laquo: "\u00ab",
  raquo: "\u00bb",
  lsquo: "\u2018",
  rsquo: "\u2019",
  ldquo: "\u201c",
  rdquo: "\u201d",
  bull: "\u2022",
  para: "\u00b6",
  sect: "\u00a7",
  deg: "\u00b0",
  frac12: "\u00bd",
  frac14: "\u00bc",
  frac34: "\u00be",
  cent: "\u00a2",
  pound: "\u00a3",
  curren: "\u00a4",
  yen: "\u00a5",
  euro: "\u20ac",
  dollar: "$",
  fnof: "\u0192",
  inr: "\u20b9",
  af: "\u060b",
  birr: "\u1265\u122d",
  peso: "\u20b1",
  rub: "\u20bd",
  won: "\u20a9",
  yuan: "\u00a5",
  cedil: "\u00b8",
});

/** Element names that would reach a prototype: refused, as fast-xml-parser refused them. */
const REFUSED_NAMES = new Set(["__proto__", "constructor", "prototype"]);
/** Element names fast-xml-parser stored under another key (`__` + name), kept so templates read the same. */
const RENAMED = new Set([
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

// ASCII name characters (XML 1.0 fifth edition): 1 = may start a name, 2 = may only continue one.
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[-.0-9]/.test(ch)) ASCII_NAME[c] = 2;
}

/** A non-ASCII code point that may start a name (XML 1.0 fifth edition, NameStartChar). */
function isNameStartCp(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0xeffff)
  );
}

/** A non-ASCII code point that may continue a name (NameChar). */
function isNameCp(c: number): boolean {
  return isNameStartCp(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/** XML's white space (S): space, tab, line feed, carriage return. */
function isS(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** A character XML 1.0 allows (Char), for a code point from a character reference. */
function isCharCp(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** JavaScript's \s, which fast-xml-parser's attribute expression split processing-instruction data on. */
function isJsSpace(c: number): boolean {
  return (
    isS(c) ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const CRLF = /\r\n?/g;

/** Line breaks normalised as XML says (and fast-xml-parser did over the whole text). */
function lines(s: string): string {
  return s.replace(CRLF, "\n");
}

/** The 1-based line of `at` (only on the error path). */
function lineAt(text: string, at: number): number {
  let line = 1;
  const end = Math.min(at, text.length);
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) line++;
  }
  return line;
}

function fail(text: string, at: number, what: string): never {
  // A body that declares anything is refused as such, whatever else is wrong with it (as checkXml did).
  if (REFUSED_DECLARATION.test(text)) throw new SyntaxError("XML with a DOCTYPE or ENTITY is refused");
  throw new SyntaxError(`malformed XML: ${what} (line ${lineAt(text, at)})`);
}

/** The end of the name starting at `i` (`i` when there is none). */
function nameEnd(text: string, i: number): number {
  let c = text.charCodeAt(i);
  if (c < 128) {
    if (ASCII_NAME[c] !== 1) return i;
    i++;
  } else {
    const w = wide(text, i, c);
    if (w === 0 || !isNameStartCp(wideCp)) return i;
    i += w;
  }
  for (;;) {
    c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_NAME[c] === 0) return i;
      i++;
    } else if (i < text.length) {
      const w = wide(text, i, c);
      if (w === 0 || !isNameCp(wideCp)) return i;
      i += w;
    } else return i; // NaN: the end of the text
  }
}

/** The code point `wide` read last (module scope: plain data, used only synchronously). */
let wideCp = 0;
/** Reads the non-ASCII character at `i` into `wideCp`: its length in code units, 0 for a lone surrogate. */
function wide(text: string, i: number, c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) {
    const d = text.charCodeAt(i + 1);
    if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return 0;
    wideCp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    return 2;
  }
  wideCp = c;
  return 1;
}

/** Checks a non-ASCII character at `i` is a Char; returns its length. */
function wideChar(text: string, i: number, c: number): number {
  const w = wide(text, i, c);
  if (w === 0) fail(text, i, "a lone surrogate");
  if (wideCp === 0xfffe || wideCp === 0xffff)
    fail(text, i, `character U+${wideCp.toString(16).toUpperCase()} is not allowed`);
  return w;
}

function badControl(text: string, i: number, c: number): never {
  fail(text, i, `control character U+${c.toString(16).toUpperCase().padStart(4, "0")} is not allowed`);
}

/**
 * Checks the reference starting at `i` (an "&"): a character reference to a Char, or a name in ENTITIES.
 * Returns the index after its ";".
 */
function reference(text: string, i: number): number {
  let j = i + 1;
  if (text.charCodeAt(j) === 0x23 /* # */) {
    j++;
    const hex = text.charCodeAt(j) === 0x78; /* x */
    if (hex) j++;
    const digits = j;
    let cp = 0;
    for (; ; j++) {
      const c = text.charCodeAt(j);
      let v: number;
      if (c >= 0x30 && c <= 0x39) v = c - 0x30;
      else if (hex && c >= 0x61 && c <= 0x66) v = c - 0x57;
      else if (hex && c >= 0x41 && c <= 0x46) v = c - 0x37;
      else break;
      if (cp <= 0x10ffff) cp = cp * (hex ? 16 : 10) + v;
    }
    if (j === digits || text.charCodeAt(j) !== 0x3b /* ; */) fail(text, i, "a malformed character reference");
    if (!isCharCp(cp)) fail(text, i, "a character reference to a character XML does not allow");
    return j + 1;
  }
  const end = nameEnd(text, j);
  if (end === j || text.charCodeAt(end) !== 0x3b) fail(text, i, "'&' that does not start a reference");
  if (ENTITIES[text.slice(j, end)] === undefined)
    fail(text, i, `undeclared entity &${text.slice(j, end)}; (no DTD is read)`);
  return end + 1;
}

/** Decodes the references in `s`, all checked by `reference`. */
function decode(s: string): string {
  let k = s.indexOf("&");
  if (k < 0) return s;
  let out = "";
  let last = 0;
  while (k >= 0) {
    const semi = s.indexOf(";", k);
    out += s.slice(last, k);
    if (s.charCodeAt(k + 1) === 0x23) {
      const hex = s.charCodeAt(k + 2) === 0x78;
      out += String.fromCodePoint(Number.parseInt(s.slice(k + (hex ? 3 : 2), semi), hex ? 16 : 10));
    } else out += ENTITIES[s.slice(k + 1, semi)];
    last = semi + 1;
    k = s.indexOf("&", last);
  }
  return out + s.slice(last);
}

/**
 * Decodes references in a processing instruction's pseudo-attribute as fast-xml-parser did: there "&" is
 * not markup (XML does not read references in a PI), so anything unknown stays as written.
 */
function decodeLoosely(s: string, xml11: boolean): string {
  let k = s.indexOf("&");
  if (k < 0) return s;
  let out = "";
  let last = 0;
  while (k >= 0) {
    let semi = k + 1;
    while (semi < s.length && s.charCodeAt(semi) !== 0x3b && semi - k <= 32) semi++;
    const token = semi < s.length && s.charCodeAt(semi) === 0x3b ? s.slice(k + 1, semi) : "";
    let value: string | undefined;
    if (token.charCodeAt(0) === 0x23) {
      const x = token.charCodeAt(1);
      const cp = x === 0x78 || x === 0x58 ? Number.parseInt(token.slice(2), 16) : Number.parseInt(token.slice(1), 10);
      if (!(Number.isNaN(cp) || cp < 0 || cp > 0x10ffff)) {
        const removed =
          cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || (!xml11 && cp < 0x20 && cp !== 0x9 && cp !== 0xa && cp !== 0xd);
        value = removed ? "" : String.fromCodePoint(cp);
      }
    } else if (token) value = ENTITIES[token];
    if (value === undefined) {
      k = s.indexOf("&", k + 1);
      continue;
    }
    out += s.slice(last, k) + value;
    last = semi + 1;
    k = s.indexOf("&", last);
  }
  return out + s.slice(last);
}

/**
 * A processing instruction's data read as attributes, the way fast-xml-parser's attribute expression
 * did (`name="value"` pairs, anything else skipped); undefined when there are none.
 */
function piAttributes(data: string, xml11: boolean): XmlObject | undefined {
  let attrs: XmlObject | undefined;
  const n = data.length;
  let k = 0;
  while (k < n) {
    let c = data.charCodeAt(k);
    if (isJsSpace(c) || c === 0x3d /* = */) {
      k++;
      continue;
    }
    const start = k;
    while (k < n) {
      c = data.charCodeAt(k);
      if (isJsSpace(c) || c === 0x3d) break;
      k++;
    }
    const name = data.slice(start, k);
    let m = k;
    while (m < n && isJsSpace(data.charCodeAt(m))) m++;
    if (data.charCodeAt(m) !== 0x3d) continue;
    m++;
    while (m < n && isJsSpace(data.charCodeAt(m))) m++;
    const q = data.charCodeAt(m);
    if (q !== 0x22 && q !== 0x27) continue;
    const close = data.indexOf(q === 0x22 ? '"' : "'", m + 1);
    if (close < 0) continue;
    attrs ??= {};
    attrs[`@${name}`] = decodeLoosely(data.slice(m + 1, close).trim(), xml11);
    k = close + 1;
  }
  return attrs;
}

/** The object holding the children of the element open at `depth`, made on its first child. */
function childrenOf(objs: (XmlObject | null)[], depth: number): XmlObject {
  let obj = objs[depth];
  if (!obj) {
    obj = {};
    objs[depth] = obj;
  }
  return obj;
}

/** Adds `value` under `key`, a second one with the same key turning it into an array (document order). */
function addChild(parent: XmlObject, key: string, value: unknown): void {
  const prev = parent[key];
  if (prev === undefined || !Object.hasOwn(parent, key)) parent[key] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else parent[key] = [prev, value];
}

/**
 * Checks the characters of comment, CDATA or PI content in [from, to): Chars only. Returns flags:
 * 1 = a carriage return, 2 = a "<!" (a declaration quoted inside, see the end of `read`).
 */
function checkChars(text: string, from: number, to: number): number {
  let flags = 0;
  for (let k = from; k < to; ) {
    const c = text.charCodeAt(k);
    if (c >= 0x20 && c < 0xd800) {
      if (c === 0x3c && text.charCodeAt(k + 1) === 0x21) flags |= 2;
      k++;
    } else if (c < 0x20) {
      if (c === 0x0d) flags |= 1;
      else if (c !== 0x0a && c !== 0x09) badControl(text, k, c);
      k++;
    } else k += wideChar(text, k, c);
  }
  return flags;
}

/** Reads the XML declaration at `i` ("<?xml" and white space); returns the index after it and its version. */
function declaration(text: string, i: number): { end: number; version: string } {
  let j = i + 5;
  let version = "";
  let seen = 0; // 1 version, 2 encoding, 3 standalone: in this order only
  for (;;) {
    const ws = j;
    while (isS(text.charCodeAt(j))) j++;
    if (text.startsWith("?>", j)) {
      if (!version) fail(text, j, "an XML declaration without its version");
      return { end: j + 2, version };
    }
    const nameStart = j;
    const end = nameEnd(text, j);
    const name = text.slice(nameStart, end);
    const order = name === "version" ? 1 : name === "encoding" ? 2 : name === "standalone" ? 3 : 0;
    if (j === ws || order <= seen || (seen === 0 && order !== 1)) fail(text, j, "a malformed XML declaration");
    seen = order;
    j = end;
    while (isS(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 0x3d) fail(text, j, "a malformed XML declaration");
    j++;
    while (isS(text.charCodeAt(j))) j++;
    const q = text.charCodeAt(j);
    const close = q === 0x22 || q === 0x27 ? text.indexOf(q === 0x22 ? '"' : "'", j + 1) : -1;
    if (close < 0) fail(text, j, "a malformed XML declaration");
    const value = text.slice(j + 1, close);
    const ok =
      order === 1
        ? /^1\.[0-9]+$/.test(value)
        : order === 2
          ? /^[A-Za-z][A-Za-z0-9._-]*$/.test(value)
          : value === "yes" || value === "no";
    if (!ok) fail(text, j, `a bad ${name} in the XML declaration`);
    if (order === 1) version = value;
    j = close + 1;
  }
}

/** Parses `text` (a whole XML document) into fast-xml-parser's object form; throws SyntaxError unless well-formed. */
export function parseXml(text: string): XmlObject {
  return read(text, true) as XmlObject;
}

/** Throws SyntaxError unless `text` is a well-formed XML document this reader accepts (builds nothing). */
export function checkXmlWellFormed(text: string): void {
  read(text, false);
}

function read(text: string, build: boolean): XmlObject | null {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Pseudo-attributes of processing instructions decode C0 references in a 1.1 document (fast-xml-parser did).
  let xml11 = false;
  if (text.startsWith("<?xml", i) && isS(text.charCodeAt(i + 5))) {
    const decl = declaration(text, i);
    i = decl.end;
    xml11 = Number(decl.version) === 1.1;
  }
  const top: XmlObject | null = build ? {} : null;
  // The open elements, by depth (1 = the root): name, children so far, text so far, attributes.
  const names: string[] = [""];
  const objs: (XmlObject | null)[] = [top];
  const texts: string[] = [""];
  const attrsAt: (string[] | null)[] = [null];
  let depth = 0;
  let rootDone = false;
  let quoted = false; // a "<!" inside a comment, CDATA section or PI
  // Text split by comments is one text (fast-xml-parser trimmed it whole): held here until the next markup.
  let held = "";
  const tagAttrs: string[] = []; // the current start tag's attribute names (while few)
  let heldText = false;
  let heldAmp = false;
  let heldCr = false;

  for (;;) {
    // Character data up to the next "<".
    const start = i;
    let solid = false; // something other than XML white space
    let amp = false;
    let cr = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c > 0x3e) {
        solid = true;
        if (c < 0xd800) i++;
        else i += wideChar(text, i, c);
      } else if (c === 0x3c) break;
      else if (c === 0x20 || c === 0x0a || c === 0x09) i++;
      else if (c === 0x26) {
        i = reference(text, i);
        amp = solid = true;
      } else if (c === 0x0d) {
        cr = true;
        i++;
      } else if (c < 0x20) badControl(text, i, c);
      else {
        if (c === 0x3e && text.charCodeAt(i - 1) === 0x5d && text.charCodeAt(i - 2) === 0x5d && i - 2 >= start)
          fail(text, i, "']]>' in text");
        solid = true;
        i++;
      }
    }
    if (depth === 0 && solid) fail(text, start, "text outside the root element");
    if (i >= n) break;
    // Markup at i.
    const c1 = text.charCodeAt(i + 1);
    if (c1 === 0x21 /* ! */ && text.startsWith("--", i + 2)) {
      const end = text.indexOf("--", i + 4);
      if (end < 0) fail(text, i, "an unterminated comment");
      if (text.charCodeAt(end + 2) !== 0x3e) fail(text, end, "'--' inside a comment");
      if (checkChars(text, i + 4, end) & 2) quoted = true;
      if (build && depth > 0 && i > start) {
        held += text.slice(start, i);
        heldText ||= solid;
        heldAmp ||= amp;
        heldCr ||= cr;
      }
      i = end + 3;
      continue;
    }
    // Any other markup ends the text before it.
    if (build && depth > 0 && (heldText || solid)) {
      let piece = held ? held + text.slice(start, i) : text.slice(start, i);
      if (heldCr || cr) piece = lines(piece);
      piece = piece.trim();
      if (piece) texts[depth] += heldAmp || amp ? decode(piece) : piece;
    }
    held = "";
    heldText = heldAmp = heldCr = false;

    if (c1 === 0x21) {
      if (text.startsWith("[CDATA[", i + 2)) {
        if (depth === 0) fail(text, i, "a CDATA section outside the root element");
        const end = text.indexOf("]]>", i + 9);
        if (end < 0) fail(text, i, "an unterminated CDATA section");
        const flags = checkChars(text, i + 9, end);
        if (flags & 2) quoted = true;
        if (build) texts[depth] += flags & 1 ? lines(text.slice(i + 9, end)) : text.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (/^<!(DOCTYPE|ENTITY)/i.test(text.slice(i, i + 9)))
        throw new SyntaxError("XML with a DOCTYPE or ENTITY is refused");
      fail(text, i, "unexpected '<!'");
    }
    if (c1 === 0x3f /* ? */) {
      const targetEnd = nameEnd(text, i + 2);
      if (targetEnd === i + 2) fail(text, i, "a processing instruction without a target");
      const target = text.slice(i + 2, targetEnd);
      if (target.length === 3 && target.toLowerCase() === "xml")
        fail(text, i, "an XML declaration that is not at the start of the document");
      let end: number;
      if (text.startsWith("?>", targetEnd)) end = targetEnd;
      else {
        if (!isS(text.charCodeAt(targetEnd))) fail(text, targetEnd, "a malformed processing instruction");
        end = text.indexOf("?>", targetEnd);
        if (end < 0) fail(text, i, "an unterminated processing instruction");
      }
      const flags = checkChars(text, targetEnd, end);
      if (flags & 2) quoted = true;
      if (build) {
        let data = text.slice(targetEnd, end);
        if (flags & 1) data = lines(data);
        const attrs = piAttributes(data, xml11);
        if (attrs) xml11 = Number(attrs["@version"]) === 1.1;
        const parent = childrenOf(objs, depth);
        addChild(parent, `?${target}`, attrs ?? "");
      }
      i = end + 2;
      continue;
    }
    if (c1 === 0x2f /* / */) {
      const nameStart = i + 2;
      const end = nameEnd(text, nameStart);
      let j = end;
      while (isS(text.charCodeAt(j))) j++;
      if (end === nameStart || text.charCodeAt(j) !== 0x3e) fail(text, i, "a malformed end tag");
      if (depth === 0) fail(text, i, `an end tag </${text.slice(nameStart, end)}> without its start tag`);
      const name = names[depth] as string;
      if (end - nameStart !== name.length || !text.startsWith(name, nameStart))
        fail(text, i, `</${text.slice(nameStart, end)}> where </${name}> was expected`);
      if (build) {
        const obj = objs[depth] as XmlObject | null;
        const t = texts[depth] as string;
        const attrs = attrsAt[depth] as string[] | null;
        let value: unknown;
        if (attrs !== null) {
          const o = obj ?? {};
          if (t) o["#text"] = t;
          for (let k = 0; k < attrs.length; k += 2) o[attrs[k] as string] = attrs[k + 1];
          value = o;
        } else if (obj === null) value = t;
        else {
          if (t) obj["#text"] = t;
          value = obj;
        }
        objs[depth] = null;
        attrsAt[depth] = null;
        depth--;
        addChild(childrenOf(objs, depth), RENAMED.has(name) ? `__${name}` : name, value);
      } else depth--;
      if (depth === 0) rootDone = true;
      i = j + 1;
      continue;
    }
    // A start tag.
    const nameStart = i + 1;
    const end = nameEnd(text, nameStart);
    if (end === nameStart) fail(text, i, "'<' that does not start markup");
    if (depth === 0 && rootDone) fail(text, i, "more than one root element");
    const name = text.slice(nameStart, end);
    if (REFUSED_NAMES.has(name)) fail(text, i, `element name '${name}' is refused`);
    let attrs: string[] | null = null;
    let seen: Set<string> | null = null; // attribute names, once there are many
    let count = 0;
    let j = end;
    let empty = false;
    for (;;) {
      const ws = j;
      let c = text.charCodeAt(j);
      while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = text.charCodeAt(++j);
      if (c === 0x3e) {
        j++;
        break;
      }
      if (c === 0x2f && text.charCodeAt(j + 1) === 0x3e) {
        empty = true;
        j += 2;
        break;
      }
      if (j >= n) fail(text, i, `an unterminated start tag <${name}>`);
      const aStart = j;
      const aEnd = nameEnd(text, j);
      if (aEnd === aStart || ws === j) fail(text, j, `a malformed attribute in <${name}>`);
      const aName = text.slice(aStart, aEnd);
      j = aEnd;
      while (isS(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 0x3d) fail(text, j, `attribute '${aName}' without a value`);
      j++;
      while (isS(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if (q !== 0x22 && q !== 0x27) fail(text, j, `attribute '${aName}' with an unquoted value`);
      const vStart = ++j;
      let aAmp = false;
      let aCr = false;
      for (;;) {
        c = text.charCodeAt(j);
        if (c === q) break;
        if (c >= 0x20 && c < 0xd800) {
          if (c === 0x3c) fail(text, j, `'<' in the value of attribute '${aName}'`);
          if (c === 0x26) {
            j = reference(text, j);
            aAmp = true;
          } else j++;
        } else if (c < 0x20) {
          if (c === 0x0d) aCr = true;
          else if (c !== 0x0a && c !== 0x09) badControl(text, j, c);
          j++;
        } else if (j < n) j += wideChar(text, j, c);
        else fail(text, vStart, `an unterminated value of attribute '${aName}'`);
      }
      // Duplicates: a scan over the few attributes a tag usually has, a set past that (stays linear).
      if (seen !== null) {
        if (seen.has(aName)) fail(text, aStart, `attribute '${aName}' repeated`);
        seen.add(aName);
      } else {
        for (let k = 0; k < count; k++) if (tagAttrs[k] === aName) fail(text, aStart, `attribute '${aName}' repeated`);
        tagAttrs[count] = aName;
        if (count === 8) seen = new Set(tagAttrs.slice(0, 9));
      }
      count++;
      if (build) {
        let v = text.slice(vStart, j);
        if (aCr) v = lines(v);
        v = v.trim();
        if (aAmp) v = decode(v);
        if (attrs === null) attrs = [];
        attrs.push(`@${aName}`, v);
      }
      j++;
    }
    if (empty) {
      if (build) {
        let value: unknown = "";
        if (attrs !== null) {
          const o: XmlObject = {};
          for (let k = 0; k < attrs.length; k += 2) o[attrs[k] as string] = attrs[k + 1];
          value = o;
        }
        addChild(childrenOf(objs, depth), RENAMED.has(name) ? `__${name}` : name, value);
      }
      if (depth === 0) rootDone = true;
    } else {
      if (depth >= MAX_DEPTH) fail(text, i, `elements nested more than ${MAX_DEPTH} deep`);
      depth++;
      names[depth] = name;
      objs[depth] = null;
      texts[depth] = "";
      attrsAt[depth] = attrs;
    }
    i = j;
  }
  if (depth > 0) fail(text, n, `unclosed element <${names[depth]}>`);
  if (!rootDone) fail(text, n, "no root element");
  // A declaration quoted inside a comment, CDATA section or PI: refused as the whole-text check always did.
  if (quoted && REFUSED_DECLARATION.test(text)) throw new SyntaxError("XML with a DOCTYPE or ENTITY is refused");
  return top;
}
