/**
 * @module A JSX runtime for the aggregator's TSX templates that renders straight to strings: `jsx()` of an
 * element returns its escaped HTML (an {@link Html}), so rendering a page is string concatenation, not a tree
 * built and then walked. Its output is byte-identical to hono/jsx's server rendering (hono 4.13, the runtime
 * templates are written for: `@jsxImportSource hono/jsx`): the same escaping (`& < > " '` in text and
 * attribute values alike), attribute names (`className` → `class`, `htmlFor` → `for` …, invalid names
 * dropped, SVG's camelCase names inside `<svg>`), boolean attributes, style objects as CSS text, void
 * elements as `<br/>`, `dangerouslySetInnerHTML`, `raw()` values from hono/html, and hono's special
 * elements: `<title>`, `<meta>`, `<script src async>`, `<link>`, `<style href precedence>` outside `<head>`
 * are moved into it when the page is turned into text, as hono does.
 *
 * Three things cannot be decided when an element is made, because children are made before their parents:
 * - where it ends up (inside `<head>` or `<svg>` or neither) matters for a few elements: such an element is
 *   a *context-dependent* Html (`r`), rendered again by the nearest `<head>`/`<svg>` or at the root;
 * - a Promise anywhere (an async component, a Promise child or attribute value): the element becomes a
 *   Promise of its Html, resolved with hono's rules for each kind of value; slower, same bytes. As with
 *   hono, the head-hoisting of such a page is not applied (hono's async `toString()` leaves it undone);
 * - function components run when their element is made (hono calls them while stringifying): output is the
 *   same, but hono's context API (`createContext`/`useContext`, `Suspense`, `ErrorBoundary`) is not
 *   supported; elements made by hono itself (`createElement` from "hono/jsx") render through hono.
 * No code is shared with hono; its behaviour is the specification, checked by test/origin/aggregator-jsx.test.ts.
 */

/** A callback in hono's shape (`raw(str, callbacks)`), run when a page is turned into text. */
type Callback = (opts: { phase: number; buffer: [string]; context: object }) => unknown;
type Ns = "" | "head" | "svg";
type Props = Record<string, unknown>;
type Component = (props: Props) => unknown;

/** Rendered, escaped HTML. `toString()` gives the page text (hoisting done), as hono's element does. */
export class Html {
  /** The HTML text (meaningless when `r` is set). */
  readonly s: string;
  /** Callbacks to run on the final text (head hoisting), in document order. */
  readonly cb: Callback[] | undefined;
  /** Set when the text depends on the enclosing `<head>`/`<svg>`: renders it for one. */
  readonly r: ((ns: Ns) => Html) | undefined;
  /** Made through the async path: its callbacks are left undone by toString, as hono leaves them. */
  a = false;
  declare readonly isEscaped: true;
  constructor(s: string, cb?: Callback[], r?: (ns: Ns) => Html) {
    this.s = s;
    this.cb = cb;
    this.r = r;
  }
  toString(): string {
    if (this.r !== undefined) return this.r("").toString();
    return this.cb === undefined || this.a ? this.s : runCallbacks(this.s, this.cb);
  }
}
// On the prototype, not per instance: hono and hono/html treat any value with `isEscaped` as ready HTML.
Object.defineProperty(Html.prototype, "isEscaped", { value: true });

const EMPTY = new Html("");

/** Runs hono-shaped callbacks over the text, in order, one shared context (hono's resolveCallbackSync). */
function runCallbacks(s: string, cb: readonly Callback[]): string {
  const buffer: [string] = [s];
  const context = {};
  for (const c of cb) c({ phase: 1, buffer, context });
  return buffer[0];
}

// ---------------------------------------------------------------------------------------------- escaping

/** `& < > " '` → entities; the only characters hono escapes, in text and in attribute values. */
export function escapeHtml(str: string): string {
  const n = str.length;
  let i = 0;
  // most text has none of the five: one pass of char codes, no allocation
  for (; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c <= 62 && (c === 38 || c === 60 || c === 62 || c === 34 || c === 39)) break;
  }
  if (i === n) return str;
  let out = "";
  let from = 0;
  for (; i < n; i++) {
    let entity: string;
    switch (str.charCodeAt(i)) {
      case 38:
        entity = "&amp;";
        break;
      case 60:
        entity = "&lt;";
        break;
      case 62:
        entity = "&gt;";
        break;
      case 34:
        entity = "&quot;";
        break;
      case 39:
        entity = "&#39;";
        break;
      default:
        continue;
    }
    out += str.slice(from, i) + entity;
    from = i + 1;
  }
  return out + str.slice(from);
}

/** hono escapes with a string method: anything but a string (or String) is a TypeError there too. */
function escapeValue(v: unknown): string {
  if (typeof v === "string") return escapeHtml(v);
  if (v instanceof String) return escapeHtml(String(v));
  throw new TypeError(`cannot render ${typeof v} as text`);
}

// ------------------------------------------------------------------------------------ names and values

/** Elements written `<br/>` when they have no children. */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/** Attributes written `name=""` for true and left out for false (other booleans are written as text). */
const BOOLEAN_ATTRS = new Set(
  (
    "allowfullscreen async autofocus autoplay checked controls default defer disabled download formnovalidate " +
    "hidden inert ismap itemscope loop multiple muted nomodule novalidate open playsinline readonly required " +
    "reversed selected shadowrootclonable shadowrootdelegatesfocus shadowrootserializable"
  ).split(" "),
);

/** React-style prop names written under their HTML name. */
const RENAMED: Record<string, string> = {
  className: "class",
  htmlFor: "for",
  crossOrigin: "crossorigin",
  httpEquiv: "http-equiv",
  itemProp: "itemprop",
  fetchPriority: "fetchpriority",
  noModule: "nomodule",
  formAction: "formaction",
};

const SPACE = /\s/;

/** Whether `name` holds a white-space or control character (C0, DEL, C1) or one of `others`. */
function hasBadChar(name: string, others: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || others.includes(name[i] as string) || SPACE.test(name[i] as string)) {
      return true;
    }
  }
  return false;
}

function validAttrName(name: string): boolean {
  return name.length > 0 && !hasBadChar(name, "\"'<>/=`\\");
}

/** camelCase attribute families that SVG writes kebab-case (strokeWidth → stroke-width); the rest keep case. */
const SVG_PREFIXES = [
  "al",
  "basel",
  "co",
  "do",
  "fill",
  "fl",
  "fo",
  "gl",
  "let",
  "lig",
  "i",
  "markerE",
  "markerM",
  "markerS",
  "o",
  "pai",
  "pointe",
  "sh",
  "sto",
  "str",
  "tr",
  "u",
  "ve",
  "w",
];
function svgAttrName(name: string): string {
  if (!/[A-Z]/.test(name)) return name;
  const kebab =
    SVG_PREFIXES.some((p) => name.startsWith(p)) ||
    name === "clipPath" ||
    name === "clipRule" ||
    (name.startsWith("text") && name.length > 4 && name[4] !== "L");
  return kebab ? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : name;
}

/** A prop's attribute name outside and inside `<svg>`; null when it is not a valid attribute name. */
type Names = readonly [html: string | null, svg: string | null];
const namesCache = new Map<string, Names>();
function attrNames(key: string): Names {
  let names = namesCache.get(key);
  if (names === undefined) {
    const html = RENAMED[key] ?? key;
    const svg = svgAttrName(html);
    names = [validAttrName(html) ? html : null, validAttrName(svg) ? svg : null];
    if (namesCache.size >= 4096) namesCache.clear(); // keys come from code, but do not grow without bound
    namesCache.set(key, names);
  }
  return names;
}

function checkTag(tag: unknown): string {
  if (typeof tag !== "string" || tag[0] === "!" || tag[0] === "?" || hasBadChar(tag, "\"'<>/=`\\"))
    throw new Error(`Invalid JSX tag name: ${String(tag)}`);
  return tag;
}

/** Properties whose numbers take no `px` (opacity, z-index, flex, line-height …), as hono decides. */
const UNITLESS_PREFIXES = [
  "a",
  "border-im",
  "column-c",
  "columns",
  "font-w",
  "li",
  "or",
  "sca",
  "st",
  "ta",
  "wido",
  "z",
];
function unitless(p: string): boolean {
  if (p.endsWith("ty") || UNITLESS_PREFIXES.some((x) => p.startsWith(x))) return true;
  if (p === "flex" || (p.startsWith("flex-") && p.length > 5 && p[5] !== "b")) return true;
  if (p.startsWith("grid-") && p.length > 5 && !p.slice(5).includes("gap")) return p[5] !== "a" || p[6] === "r";
  return false;
}

const STYLE_SPECIAL = /[;"'\\/[\](){}]/;

/** A value that could end its declaration or open a block (`;`, `}`, an unclosed quote …): dropped. */
function unsafeStyleValue(v: string): boolean {
  if (!STYLE_SPECIAL.test(v)) return false;
  let quote = 0;
  const closers: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (i === v.length - 1) return true;
      i++;
    } else if (quote !== 0) {
      if (c === 10 || c === 12 || c === 13) return true;
      if (c === quote) quote = 0;
    } else if (c === 47 /* / */ && v.charCodeAt(i + 1) === 42 /* * */) {
      const end = v.indexOf("*/", i + 2);
      if (end < 0) return true;
      i = end + 1;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 40) closers.push(41);
    else if (c === 91) closers.push(93);
    else if (c === 123 || c === 125) return true;
    else if (c === 41 || c === 93) {
      if (closers.pop() !== c) return true;
    } else if (c === 59 && closers.length === 0) return true;
  }
  return quote !== 0 || closers.length > 0;
}

/** A style object as CSS text: camelCase → kebab-case, numbers in px unless unitless, unsafe values dropped. */
function cssText(style: object): string {
  let css = "";
  for (const [k, v] of Object.entries(style)) {
    const name = k[0] === "-" || !/[A-Z]/.test(k) ? k : k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (name.length === 0 || hasBadChar(name, "\"'():;\\/[]{}")) continue;
    let value: string;
    if (typeof v === "number") value = unitless(name) ? `${v}` : `${v}px`;
    else if (typeof v === "string" && !unsafeStyleValue(v)) value = v;
    else continue;
    css += `${css ? ";" : ""}${name}:${value}`;
  }
  return css;
}

/** An attribute value already resolved from a Promise: its text, escaped. */
class AttrText {
  readonly t: string;
  constructor(t: string) {
    this.t = t;
  }
}

/** hono marks the String its async render resolves to; such a String is escaped again as an attribute. */
function renderedJsx(v: object): boolean {
  return Object.getOwnPropertySymbols(v).some((s) => s.description === "RENDERED_JSX");
}

const ASYNC = Symbol("async");

/** ` name="value"`, "" to leave it out, or ASYNC when the value is only known later. */
function attribute(name: string, v: unknown, tag: string): string | typeof ASYNC {
  if (v === null || v === undefined || name === "ref") return "";
  switch (typeof v) {
    case "string":
      return ` ${name}="${escapeHtml(v)}"`;
    case "number":
      return ` ${name}="${v}"`;
    case "boolean":
      if (BOOLEAN_ATTRS.has(name)) return v ? ` ${name}=""` : "";
      return ` ${name}="${v}"`;
    case "function":
      if (name.startsWith("on")) return "";
      throw new Error(`Invalid prop '${name}' of type 'function' supplied to '${tag}'.`);
    case "object": {
      if (v instanceof AttrText) return ` ${name}="${v.t}"`;
      if (name === "style") return ` style="${escapeHtml(cssText(v))}"`;
      if (v instanceof String && (v as { isEscaped?: boolean }).isEscaped && !renderedJsx(v)) return ` ${name}="${v}"`;
      if (v instanceof Promise) return ASYNC;
      const s: unknown = v.toString();
      return s instanceof Promise ? ASYNC : ` ${name}="${escapeHtml(String(s))}"`;
    }
    default:
      return ` ${name}="${escapeHtml(String((v as { toString(): string }).toString()))}"`;
  }
}

// -------------------------------------------------------------------------------------------- rendering

/** Set while rendering when the text turned out to depend on the enclosing `<head>`/`<svg>`. */
const st = { dependent: false };
/** The Promises this runtime made: their Html goes in place, like an element; other Promises are values. */
const ours = new WeakSet<Promise<unknown>>();

function ourPromise(p: Promise<Html>): Promise<Html> {
  const marked = p.then(asyncMade);
  ours.add(marked);
  return marked;
}

/** Marks Html made through the async path (hono's async toString leaves callbacks undone). */
function asyncMade(h: Html): Html {
  if (h.r !== undefined) {
    const r = h.r;
    return new Html("", undefined, (ns) => asyncMade(r(ns)));
  }
  if (h.a || h.cb === undefined) {
    h.a = true;
    return h;
  }
  const made = new Html(h.s, h.cb);
  made.a = true;
  return made;
}

function isHonoNode(v: object): boolean {
  return typeof (v as { toStringToBuffer?: unknown }).toStringToBuffer === "function";
}

/** Callbacks met while rendering one element's children (saved and restored around each element). */
let pendingCb: Callback[] | undefined;

function collect(cb: readonly Callback[] | undefined): void {
  if (cb === undefined || cb.length === 0) return;
  if (pendingCb === undefined) pendingCb = [...cb];
  else pendingCb.push(...cb);
}

/** Children (one value or a list) as text by hono's rules; null when one is a Promise (go async). */
function childText(c: unknown, ns: Ns): string | null {
  if (typeof c === "string") return escapeHtml(c);
  if (c === null || c === undefined || typeof c === "boolean") return "";
  if (c instanceof Html) {
    let h = c;
    if (h.r !== undefined) {
      st.dependent = true;
      h = h.r(ns);
    }
    if (h.cb !== undefined) collect(h.cb);
    return h.s;
  }
  if (typeof c === "number") return `${c}`;
  if ((c as { isEscaped?: unknown }).isEscaped) {
    if (isHonoNode(c as object)) {
      const t: unknown = (c as object).toString();
      return t instanceof Promise ? null : `${t}`;
    }
    collect((c as { callbacks?: Callback[] }).callbacks);
    return `${c as string}`; // hono's `+=`: a String's value
  }
  if (c instanceof Promise) return null;
  // arrays; any other object by index, as hono walks it (most have no length: nothing)
  const list = c as ArrayLike<unknown>;
  let s = "";
  for (let i = 0, n = list.length; i < n; i++) {
    const t = childText(list[i], ns);
    if (t === null) return null;
    s += t;
  }
  return s;
}

/** Whether children given as `c` (`none`: no `children` prop at all) are no children for hono. */
function noKids(c: unknown, none: boolean): boolean {
  return none || (Array.isArray(c) && c.length === 0);
}

/**
 * Renders an element (tag) or a fragment (tag null) for one context; a Promise when something in it is one.
 * `c` is its children prop (one child or a list), `none` true when it has no such prop.
 */
function render(
  tag: string | null,
  props: Props,
  c: unknown,
  none: boolean,
  ns: Ns,
  head: boolean,
): Html | Promise<Html> {
  let s = "";
  let inner: string | undefined;
  if (tag !== null) {
    const svg = tag === "svg" || ns === "svg";
    s = `<${tag}`;
    for (const key in props) {
      const names = attrNames(key);
      if (names[0] !== names[1] && tag !== "svg") st.dependent = true;
      const name = svg ? names[1] : names[0];
      if (name === null || name === "children") continue;
      const v = props[key];
      if (name === "dangerouslySetInnerHTML" && typeof v === "object" && v !== null && "__html" in v) {
        // hono's <head>/<svg> always have one child (their context provider)
        if (!noKids(c, none) || head) {
          throw new Error("Can only set one of `children` or `props.dangerouslySetInnerHTML`.");
        }
        inner = String((v as { __html: unknown }).__html);
        continue;
      }
      const a = attribute(name, v, tag);
      if (a === ASYNC) return later(tag, props, c, none, head);
      s += a;
    }
    if (inner !== undefined) return new Html(`${s}>${inner}</${tag}>`);
    if (!head && VOID.has(tag) && noKids(c, none)) return new Html(`${s}/>`);
    s += ">";
  }
  if (head) {
    // <head> and <svg> set the context of everything inside: what depends on it is settled here
    const outer = st.dependent;
    const content = contextContent(none ? [] : Array.isArray(c) ? c : [c], tag as Ns);
    st.dependent = outer;
    if (content === ASYNC) return later(tag, props, c, none, head);
    return new Html(`${s}${content.s}</${tag}>`, content.cb);
  }
  const outerCb = pendingCb;
  pendingCb = undefined;
  const body = childText(c, ns);
  const cb = pendingCb;
  pendingCb = outerCb;
  if (body === null) return later(tag, props, c, none, head);
  return new Html(tag === null ? body : `${s}${body}</${tag}>`, cb);
}

/** True while `later` renders settled values: hono's async renders leave callbacks to the caller. */
let settling = false;

/**
 * The content of `<head>`/`<svg>`: hono renders it through a context provider, which turns its children
 * into text on its own (their callbacks run there, on that text alone), with rules of its own for one
 * child: `0` is nothing, `true` and numbers are their text, a plain object is its escaped toString.
 */
function contextContent(kids: ArrayLike<unknown>, ns: Ns): Html | typeof ASYNC {
  if (kids.length === 0) return EMPTY;
  const c = kids.length === 1 ? kids[0] : kids;
  if (typeof c === "string") return new Html(escapeHtml(c));
  if (!c) return EMPTY;
  if (c instanceof Html || Array.isArray(c)) {
    const outerCb = pendingCb;
    pendingCb = undefined;
    const body = childText(c, ns);
    const cb = pendingCb;
    pendingCb = outerCb;
    if (body === null) return ASYNC;
    if (settling) return new Html(body, cb);
    return new Html(cb === undefined ? body : runCallbacks(body, cb));
  }
  if (c instanceof Promise) return ours.has(c) ? ASYNC : new Html(String(c));
  if (typeof c === "object") {
    const o = c as { isEscaped?: unknown; toString?: unknown };
    if (isHonoNode(o)) {
      const t: unknown = c.toString();
      return t instanceof Promise ? ASYNC : new Html(String(t));
    }
    if (!o.isEscaped && typeof o.toString === "function") return new Html(escapeValue(String(c.toString())));
  }
  return new Html(String((c as { toString(): string }).toString()));
}

/** An element or fragment as made by `jsx()`: rendered now; context-dependent or async when it must be. */
function node(tag: string | null, props: Props, c: unknown, none: boolean, head: boolean): Html | Promise<Html> {
  const outer = st.dependent;
  st.dependent = false;
  const h = render(tag, props, c, none, "", head);
  const dep = st.dependent;
  st.dependent = outer;
  if (!dep || h instanceof Promise) return h;
  return new Html("", undefined, (ns) => render(tag, props, c, none, ns, head) as Html);
}

/** The async path: every Promise in props and children awaited (all at once), then rendered as usual. */
function later(tag: string | null, props: Props, c: unknown, none: boolean, head: boolean): Promise<Html> {
  return ourPromise(
    Promise.all([resolveProps(props, tag ?? ""), resolveChildren([c])]).then(([p, k]) => {
      settling = true;
      try {
        return node(tag, p, k[0], none, head) as Html; // nothing left to wait for: synchronous
      } finally {
        settling = false;
      }
    }),
  );
}

async function resolveProps(props: Props, tag: string): Promise<Props> {
  const out: Props = {};
  const waits: Promise<void>[] = [];
  for (const key in props) {
    const v = props[key];
    out[key] = v;
    const name = attrNames(key)[0];
    if (typeof v !== "object" || v === null || name === null || name === "style" || name === "children") continue;
    if (v instanceof AttrText || (v instanceof String && (v as { isEscaped?: boolean }).isEscaped)) continue;
    if (name === "dangerouslySetInnerHTML" && "__html" in v) continue;
    const pending: unknown = v instanceof Promise ? v.then(attrObject) : v.toString();
    if (pending instanceof Promise) {
      waits.push(
        pending.then((r) => {
          out[key] = attrValue(r);
        }),
      );
    }
  }
  void tag;
  await Promise.all(waits);
  return out;
}

/** hono: an object a Promise attribute resolved to is stringified (unless it is a raw String). */
function attrObject(r: unknown): unknown {
  if (typeof r !== "object" || r === null) return r;
  if (r instanceof String && (r as { isEscaped?: boolean }).isEscaped && !renderedJsx(r)) return r;
  const s: unknown = r.toString();
  return s instanceof Promise ? s.then(String) : String(s);
}

/** A resolved attribute value as hono writes it between the quotes. */
function attrValue(r: unknown): AttrText {
  if (r === null || r === undefined || typeof r === "boolean") return new AttrText("");
  if (typeof r === "number") return new AttrText(String(r));
  if (typeof r === "object" && (r as { isEscaped?: boolean }).isEscaped) return new AttrText(String(r));
  return new AttrText(escapeValue(r));
}

/** Children with every Promise replaced by the Html it stands for (array-likes become arrays). */
async function resolveChildren(kids: ArrayLike<unknown>): Promise<unknown[]> {
  const waits: Promise<unknown>[] = [];
  const walk = (list: ArrayLike<unknown>): unknown[] => {
    const copy: unknown[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      copy[i] = c;
      if (typeof c !== "object" || c === null || c instanceof Html) continue;
      if (c instanceof Promise) {
        const put = (h: unknown) => {
          copy[i] = h;
        };
        waits.push(ours.has(c) ? c.then(put) : c.then(valueHtml).then(put));
      } else if ((c as { isEscaped?: unknown }).isEscaped) {
        if (!isHonoNode(c)) continue;
        const t: unknown = c.toString();
        if (t instanceof Promise) {
          waits.push(
            t.then(valueHtml).then((h) => {
              copy[i] = h;
            }),
          );
        } else copy[i] = new Html(String(t));
      } else copy[i] = walk(c as ArrayLike<unknown>);
    }
    return copy;
  };
  const out = walk(kids);
  await Promise.all(waits);
  return out;
}

/** A value a Promise child resolved to, by hono's rules for those (objects by their toString). */
function valueHtml(r: unknown): Html | Promise<Html> {
  if (r === null || r === undefined || typeof r === "boolean") return EMPTY;
  if (typeof r === "number") return new Html(String(r));
  if (typeof r !== "object") return new Html(escapeValue(r));
  const cb = [...((r as { callbacks?: Callback[] }).callbacks ?? [])];
  const escaped = (r as { isEscaped?: boolean }).isEscaped;
  const finish = (t: unknown): Html => {
    if (typeof t === "object" && t !== null) cb.push(...((t as { callbacks?: Callback[] }).callbacks ?? []));
    const text = ((t as { isEscaped?: boolean } | null)?.isEscaped ?? escaped) ? String(t) : escapeValue(t);
    return new Html(text, cb.length > 0 ? cb : undefined);
  };
  const t: unknown = r.toString();
  return t instanceof Promise ? t.then(finish) : finish(t);
}

/** What a function component returned, as hono renders it. */
function componentResult(res: unknown): Html | Promise<Html> {
  if (res instanceof Html) return res;
  if (res === null || res === undefined || typeof res === "boolean") return EMPTY;
  if (typeof res === "string") return new Html(escapeHtml(res));
  if (typeof res === "number") return new Html(String(res));
  if (Array.isArray(res)) return node(null, {}, res, false, false);
  if (res instanceof Promise) return ourPromise(res.then(asyncComponentResult));
  if (typeof res === "object" && (res as { isEscaped?: unknown }).isEscaped) {
    if (isHonoNode(res)) return node(null, {}, res, false, false);
    return new Html(String(res), (res as { callbacks?: Callback[] }).callbacks);
  }
  throw new TypeError(`a component returned ${typeof res}, not JSX`);
}

/** What an async component resolved to: text, lists and elements as children, the rest as values. */
function asyncComponentResult(r: unknown): Html | Promise<Html> {
  if (
    typeof r === "string" ||
    Array.isArray(r) ||
    r instanceof Html ||
    (typeof r === "object" && r !== null && isHonoNode(r))
  ) {
    return node(null, {}, r, false, false);
  }
  return valueHtml(r);
}

// --------------------------------------------------------------------------- hono's special elements

function list(children: unknown): unknown[] {
  return Array.isArray(children) ? children : [children];
}

/** A function used as `action`/`formAction` renders as its permalink (hono's server actions) or not at all. */
function permalink(fn: object): unknown {
  const sym = Object.getOwnPropertySymbols(fn).find((s) => s.description === "PERMALINK");
  return sym === undefined ? undefined : (fn as Record<symbol, unknown>)[sym];
}

const DEDUPE_KEYS: Record<string, readonly string[]> = {
  title: [],
  script: ["src"],
  style: ["data-href"],
  link: ["href"],
  meta: ["name", "httpEquiv", "charset", "itemProp"],
};

type Hoisted = { tag: string; props: Props; precedence: unknown };
const hoistedByRender = new WeakMap<object, Record<string, Hoisted[]>>();

/**
 * The callback that moves a `<title>`/`<meta>`/`<link>`/… into `<head>` once the page is text: each run
 * removes every such tag met so far and writes them all before `</head>` (titles and metas newest first,
 * links and sorted styles by precedence group), dropping duplicates (same src/href/name …).
 */
function hoist(tagName: string, text: string, props: Props, precedence: unknown): Callback {
  return ({ buffer, context }) => {
    const byTag = hoistedByRender.get(context) ?? {};
    hoistedByRender.set(context, byTag);
    const seen = byTag[tagName] ?? [];
    byTag[tagName] = seen;
    const keys = DEDUPE_KEYS[tagName] ?? [];
    const byKey = tagName === "link" ? precedence !== undefined : keys.length > 0;
    const duplicate =
      byKey &&
      seen.some(
        (e) =>
          (tagName !== "link" || (e.props.rel === "stylesheet" && e.props["data-precedence"] !== undefined)) &&
          keys.some((k) => (e.props[k] ?? null) === props[k]),
      );
    const entry = { tag: text, props, precedence };
    if (duplicate) buffer[0] = buffer[0].replaceAll(text, "");
    else if (byKey || tagName === "link") seen.push(entry);
    else seen.unshift(entry);
    if (!buffer[0].includes("</head>")) return;
    let tags: string[];
    if (tagName === "link" || precedence !== undefined) {
      const groups: unknown[] = [];
      const rank = (e: Hoisted): number => {
        if (e.precedence === undefined) return Number.MAX_SAFE_INTEGER;
        if (!groups.includes(e.precedence)) groups.push(e.precedence);
        return groups.indexOf(e.precedence);
      };
      tags = seen
        .map((e, i) => ({ text: e.tag, rank: rank(e), i }))
        .sort((a, b) => a.rank - b.rank || a.i - b.i)
        .map((e) => e.text);
    } else tags = seen.map((e) => e.tag);
    for (const t of tags) buffer[0] = buffer[0].replaceAll(t, "");
    const at = buffer[0].indexOf("</head>");
    buffer[0] = buffer[0].slice(0, at) + tags.join("") + buffer[0].slice(at);
  };
}

/** A tag hoisted into `<head>`: rendered alone (its own callbacks run), plus the hoisting callback. */
function metadata(tag: string, children: unknown, props: Props, sort: boolean, ns: Ns): Html | Promise<Html> {
  if ("itemProp" in props) return render(tag, props, list(children ?? []), false, ns, false);
  const { precedence: given, blocking: _blocking, ...rest } = props;
  const precedence = sort ? (given ?? "") : undefined;
  if (sort) rest["data-precedence"] = precedence;
  const h = render(tag, rest, children ? list(children) : [], false, ns, false);
  if (h instanceof Promise) return h.then((d) => new Html(d.s, [...(d.cb ?? []), hoist(tag, d.s, rest, precedence)]));
  const text = h.toString();
  return new Html(text, [hoist(tag, text, rest, precedence)]);
}

type Special = (children: unknown, props: Props, ns: Ns) => Html | Promise<Html>;
const plain =
  (tag: string): Special =>
  (children, props, ns) =>
    render(tag, props, list(children ?? []), false, ns, false);

/** hono's elements with behaviour of their own; `inContext` says whether the output depends on head/svg. */
const SPECIAL = new Map<string, { run: Special; inContext: (props: Props) => boolean }>([
  [
    "title",
    {
      run: (c, p, ns) =>
        ns === "head" || ns === "svg" ? plain("title")(c, p, ns) : metadata("title", c, p, false, ns),
      inContext: () => true,
    },
  ],
  [
    "meta",
    {
      run: (c, p, ns) => (ns === "head" ? plain("meta")(c, p, ns) : metadata("meta", c, p, false, ns)),
      inContext: () => true,
    },
  ],
  [
    "script",
    {
      run: (c, p, ns) =>
        !p.src || !p.async || ns === "head" ? plain("script")(c, p, ns) : metadata("script", c, p, false, ns),
      inContext: (p) => Boolean(p.src && p.async),
    },
  ],
  [
    "style",
    {
      run: (c, p, ns) => {
        if (!("href" in p && "precedence" in p)) return plain("style")(c, p, ns);
        p["data-href"] = p.href;
        delete p.href;
        return metadata("style", c, p, true, ns);
      },
      inContext: () => false,
    },
  ],
  [
    "link",
    {
      run: (c, p, ns) => {
        const sheet = p.rel === "stylesheet";
        if ("onLoad" in p || "onError" in p || (sheet && (!("precedence" in p) || "disabled" in p))) {
          return plain("link")(c, p, ns);
        }
        return metadata("link", c, p, sheet && "precedence" in p, ns);
      },
      inContext: () => false,
    },
  ],
  ["form", { run: (c, p, ns) => actionable("form", "action", c, p, ns), inContext: () => false }],
  ["input", { run: (c, p, ns) => actionable("input", "formAction", c, p, ns), inContext: () => false }],
  ["button", { run: (c, p, ns) => actionable("button", "formAction", c, p, ns), inContext: () => false }],
]);

function actionable(tag: string, key: string, children: unknown, props: Props, ns: Ns): Html | Promise<Html> {
  const fn = props[key];
  if (typeof fn === "function") props[key] = permalink(fn);
  return render(tag, props, list(children ?? []), false, ns, false);
}

/** A special element as made by `jsx()`, following {@link node}. */
function specialNode(
  tag: string,
  special: { run: Special; inContext: (props: Props) => boolean },
  props: Props,
): Html | Promise<Html> {
  const { children, ...rest } = props;
  const once = (ns: Ns) => special.run(children, { ...rest }, ns); // run may rename props: a fresh copy each time
  const outer = st.dependent;
  st.dependent = false;
  const h = once("");
  const dep = st.dependent || special.inContext(rest);
  st.dependent = outer;
  if (h instanceof Promise) {
    // resolve first, then decide on the settled values (same bytes, nothing awaited inside)
    return ourPromise(
      h
        .then(() => Promise.all([resolveProps(rest, tag), resolveChildren(list(children))]))
        .then(([p, k]) => specialNode(tag, special, { ...p, children: Array.isArray(children) ? k : k[0] }) as Html),
    );
  }
  if (!dep) return h;
  return new Html("", undefined, (ns) => once(ns) as Html);
}

// --------------------------------------------------------------------------------------------- the API

/** hono's Fragment: children as they are, but one falsy child (`0`, `""`) renders nothing. */
export function Fragment(props: { children?: unknown }): Html | Promise<Html> {
  const c = props.children;
  return node(null, {}, Array.isArray(c) ? c : c ? c : [], false, false);
}

/** The automatic runtime's element factory (`jsxs` is the same: children are read from props either way). */
export function jsx(tag: unknown, props: Props | null | undefined, _key?: unknown): Html | Promise<Html> {
  const p = props ?? {};
  if (typeof tag === "function") {
    if (tag === Fragment) return Fragment(p);
    const c = p.children;
    // hono gives a component one child as itself, even when it came as a one-element array
    return componentResult((tag as Component)(Array.isArray(c) && c.length === 1 ? { ...p, children: c[0] } : p));
  }
  // one lookup for what the tag is: valid, hono-special, or plain (head/svg set their children's context)
  let kind = tagKinds.get(tag as string);
  if (kind === undefined) kind = tagKind(tag);
  const name = tag as string;
  if (kind !== PLAIN && kind !== CONTEXT) {
    const special = kind;
    const c = p.children;
    return specialNode(name, special, Array.isArray(c) && c.length === 1 ? { ...p, children: c[0] } : p);
  }
  const c = p.children;
  return node(name, p, c, c === undefined && !("children" in p), kind === CONTEXT);
}

const PLAIN = 0;
const CONTEXT = 1;
type TagKind = typeof PLAIN | typeof CONTEXT | { run: Special; inContext: (props: Props) => boolean };
const tagKinds = new Map<string, TagKind>();

/** Checks a tag name hono would accept (else throws as hono does) and learns its kind. */
function tagKind(tag: unknown): TagKind {
  const name = checkTag(tag);
  const kind = SPECIAL.get(name) ?? (name === "head" || name === "svg" ? CONTEXT : PLAIN);
  if (tagKinds.size >= 1024) tagKinds.clear(); // tags come from code, but do not grow without bound
  tagKinds.set(name, kind);
  return kind;
}

export const jsxs = jsx;

export type { JSX } from "hono/jsx/jsx-runtime";
