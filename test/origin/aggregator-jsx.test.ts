import { type ChildProcess, spawn } from "node:child_process";
import { html, raw } from "hono/html";
import { Fragment as HonoFragment, jsx as honoJsx } from "hono/jsx/jsx-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobBackends, startJobBackends } from "../../demo/job-board/backends.ts";
import { homeTemplate } from "../../demo/job-board/templates/home.tsx";
import { Fragment, Html, jsx } from "../../origin/aggregator/render/jsx/jsx-runtime.ts";
import type { RenderInfo, TsxTemplate } from "../../origin/aggregator/render/template.ts";
import { importWithJsxRuntime } from "../support/jsx-bundle.ts";
import { freePort } from "../support/ports.ts";

// bonafide's string-building JSX runtime (origin/aggregator/render/jsx/) against hono/jsx, the runtime the
// templates are written for: the same bytes for a generated corpus of elements, attributes and children, for
// every template in the repository, and for the job board's pages served by the real aggregator with each.

type Jsx = (tag: unknown, props: Record<string, unknown>) => unknown;
interface Runtime {
  jsx: Jsx;
  Fragment: unknown;
}
const HONO: Runtime = { jsx: honoJsx as unknown as Jsx, Fragment: HonoFragment };
const OURS: Runtime = { jsx: jsx as Jsx, Fragment };

/** The page text, as the aggregator takes it: `String(await (await render()).toString())`. */
async function text(v: unknown): Promise<string> {
  const value = (await v) as { toString(): unknown };
  return String(await value.toString());
}

/** Renders with both runtimes; both throwing counts as agreeing (the message too). */
async function both(make: (r: Runtime) => unknown): Promise<[string, string]> {
  const run = async (r: Runtime) => {
    try {
      return await text(make(r));
    } catch (e) {
      return `THROWS ${(e as Error).message}`;
    }
  };
  return [await run(HONO), await run(OURS)];
}

const HOSTILE = [
  "",
  "plain",
  "</script><script>alert(1)</script>",
  `"quoted" 'single' & ampersand <tag> >`,
  "&amp; already &lt;escaped&gt;",
  "unicode: Ж 漢字 🎉 \u202f\u00a0\u2028",
  "lone surrogates: \ud800 x \udfff",
  "{{t:key}} $" + "{x} `tick`", // a template literal's syntax, as text
  "\u0000\u0001\u007f\u0085",
];

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = [
  "div",
  "span",
  "p",
  "a",
  "b",
  "li",
  "ul",
  "section",
  "br",
  "hr",
  "img",
  "input",
  "meta",
  "link",
  "td",
  "svg",
  "path",
  "g",
  "textarea",
  "option",
  "button",
  "form",
  "label",
  "script",
  "style",
  "title",
  "",
];
const ATTR_NAMES = [
  "id",
  "class",
  "className",
  "htmlFor",
  "href",
  "title",
  "data-x",
  "aria-label",
  "disabled",
  "checked",
  "selected",
  "hidden",
  "readonly",
  "value",
  "style",
  "tabIndex",
  "crossOrigin",
  "httpEquiv",
  "itemProp",
  "fetchPriority",
  "noModule",
  "formAction",
  "onClick",
  "ref",
  "key",
  "strokeWidth",
  "fillOpacity",
  "viewBox",
  "clipPath",
  "textAnchor",
  "markerEnd",
  "xlinkHref",
  "bad name",
  'bad"q',
  "x=y",
  "a/b",
  "",
  "ünï",
  "colSpan",
  "dangerouslySetInnerHTML",
  "async",
  "src",
  "rel",
  "precedence",
];
const STYLE_KEYS = [
  "color",
  "fontSize",
  "zIndex",
  "opacity",
  "lineHeight",
  "flex",
  "flexGrow",
  "flexBasis",
  "gridArea",
  "gridColumn",
  "gridGap",
  "gridRowGap",
  "columnCount",
  "columns",
  "width",
  "--custom-prop",
  "WebkitTransition",
  "msFilter",
  "order",
  "scale",
  "tabSize",
  "widows",
  "fontWeight",
  "borderImageWidth",
  "animationIterationCount",
  "aspectRatio",
  "strokeOpacity",
  "bad key",
  "a;b",
  "",
];
const STYLE_VALUES: unknown[] = [
  0,
  1,
  1.5,
  -2,
  "red",
  'url("a;b")',
  "a;b",
  "calc(1px + (2px))",
  "'unclosed",
  "a}b",
  "/* c */ x",
  "/* open",
  "[x]",
  "(x]",
  "x\\",
  '"a\\"b"',
  null,
  undefined,
  true,
  { x: 1 },
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** A random attribute value of every kind hono distinguishes. */
function attrValue(r: () => number, name: string): unknown {
  switch (Math.floor(r() * 14)) {
    case 0:
      return true;
    case 1:
      return false;
    case 2:
      return null;
    case 3:
      return undefined;
    case 4:
      return Math.floor(r() * 1000) - 500 + (r() < 0.3 ? 0.25 : 0);
    case 5:
      return raw(pick(r, HOSTILE));
    case 6: {
      const style: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 4); i > 0; i--) style[pick(r, STYLE_KEYS)] = pick(r, STYLE_VALUES);
      const s = pick(r, HOSTILE);
      return name === "style" ? style : { toString: () => s };
    }
    case 7:
      return name === "dangerouslySetInnerHTML" ? { __html: pick(r, HOSTILE) } : [pick(r, HOSTILE), 1];
    case 8:
      return name.startsWith("on") ? () => 1 : pick(r, HOSTILE);
    case 9:
      return name === "style" ? pick(r, HOSTILE) : 0;
    default:
      return pick(r, HOSTILE);
  }
}

/** A random tree, as a recipe both runtimes build. */
type Recipe = (rt: Runtime) => unknown;
function recipe(r: () => number, depth: number, async: boolean): Recipe {
  const kind = Math.floor(r() * (depth > 3 ? 6 : 12));
  switch (kind) {
    case 0: {
      const s = pick(r, HOSTILE);
      return () => s;
    }
    case 1: {
      const v = pick<unknown>(r, [0, -0, 1, 2.5, -7, 1e21, Number.NaN, null, undefined, true, false]);
      return () => v;
    }
    case 2: {
      const s = pick(r, HOSTILE);
      return () => raw(s);
    }
    case 3: {
      const s = pick(r, HOSTILE);
      return () => html`<i title="${s}">${s}</i>`;
    }
    case 4:
    case 5: {
      const s = pick(r, HOSTILE);
      return () => [s, 0, null];
    }
    case 6: {
      const kids = children(r, depth, async);
      return (rt) => rt.jsx(rt.Fragment, { children: kids.length === 1 ? kids[0]?.(rt) : kids.map((k) => k(rt)) });
    }
    case 7: {
      // a function component with children and props
      const kids = children(r, depth, async);
      const label = pick(r, HOSTILE);
      const shape = Math.floor(r() * 5);
      return (rt) => {
        const Comp = (p: { children?: unknown; label: string }) =>
          shape === 0
            ? rt.jsx("em", { "data-l": p.label, children: p.children })
            : shape === 1
              ? [p.label, p.children]
              : shape === 2
                ? p.label
                : shape === 3
                  ? null
                  : rt.jsx(rt.Fragment, { children: p.children });
        return rt.jsx(Comp, { label, children: kids.length === 1 ? kids[0]?.(rt) : kids.map((k) => k(rt)) });
      };
    }
    case 8: {
      if (!async) return recipe(r, depth + 1, async);
      // an async component, and a Promise child
      const kids = children(r, depth, async);
      const asChild = r() < 0.5;
      const value = pick(r, HOSTILE);
      const asRaw = r() < 0.5;
      return (rt) => {
        if (asChild) return Promise.resolve(asRaw ? raw(value) : value);
        const Comp = async (p: { children?: unknown }) => {
          await Promise.resolve();
          return rt.jsx("u", { children: p.children });
        };
        return rt.jsx(Comp, { children: kids.map((k) => k(rt)) });
      };
    }
    default: {
      const tag = pick(r, TAGS);
      const props: [string, unknown][] = [];
      for (let i = Math.floor(r() * 4); i > 0; i--) {
        const name = pick(r, ATTR_NAMES);
        props.push([name, attrValue(r, name)]);
      }
      const kids = r() < 0.25 ? [] : children(r, depth, async);
      const withChildren = r();
      return (rt) => {
        const p: Record<string, unknown> = Object.fromEntries(props);
        if (kids.length === 1 && withChildren < 0.8) p.children = kids[0]?.(rt);
        else if (kids.length > 1) p.children = kids.map((k) => k(rt));
        else if (withChildren < 0.1) p.children = undefined;
        return rt.jsx(tag, p);
      };
    }
  }
}

function children(r: () => number, depth: number, async: boolean): Recipe[] {
  const n = Math.floor(r() * 4);
  return Array.from({ length: n }, () => recipe(r, depth + 1, async));
}

describe("the JSX runtime against hono/jsx", () => {
  it("escapes text and attribute values as hono does: & < > \" ' and nothing else", async () => {
    for (const s of HOSTILE) {
      const [a, b] = await both((rt) =>
        rt.jsx("p", { title: s, "data-x": s, children: [s, rt.jsx("b", { children: s })] }),
      );
      expect(b).toBe(a);
    }
    expect(await text(jsx("p", { title: `"'&<>`, children: `"'&<>` }))).toBe(
      '<p title="&quot;&#39;&amp;&lt;&gt;">&quot;&#39;&amp;&lt;&gt;</p>',
    );
  });

  it("writes every case the same: attributes, void elements, children, fragments, components, raw values", async () => {
    const cases: Recipe[] = [
      (rt) => rt.jsx("br", {}),
      (rt) => rt.jsx("br", { children: undefined }),
      (rt) => rt.jsx("br", { children: [] }),
      (rt) => rt.jsx("img", { src: "a.png", alt: "" }),
      (rt) => rt.jsx("div", { className: "c", htmlFor: "f", tabIndex: 0, hidden: true, disabled: false, open: "x" }),
      (rt) => rt.jsx("input", { checked: true, value: 0, readonly: false, "data-n": -0, "data-b": true }),
      (rt) => rt.jsx("div", { style: { fontSize: 12, zIndex: 3, opacity: 0.5, "--x": "1", color: "a;b", margin: 0 } }),
      (rt) => rt.jsx("div", { style: "color: red", children: [0, 1, null, undefined, true, false, ""] }),
      (rt) => rt.jsx("div", { dangerouslySetInnerHTML: { __html: "<b>x</b>" } }),
      (rt) => rt.jsx("div", { dangerouslySetInnerHTML: { __html: "<b>x</b>" }, children: "y" }),
      (rt) => rt.jsx("div", { dangerouslySetInnerHTML: "not an object" }),
      (rt) => rt.jsx("p", { onClick: () => 1, ref: {}, key: "k" }),
      (rt) => rt.jsx("p", { title: () => 1 }),
      (rt) => rt.jsx("p!", {}),
      (rt) => rt.jsx(rt.Fragment, { children: 0 }),
      (rt) => rt.jsx(rt.Fragment, { children: [0, "a"] }),
      (rt) => rt.jsx(rt.Fragment, {}),
      (rt) => rt.jsx("ul", { children: [[["a", ["b", [rt.jsx("li", { children: 1 })]]]]] }),
      (rt) => rt.jsx((p: { children?: unknown }) => rt.jsx("i", { children: p.children }), { children: ["x"] }),
      (rt) => rt.jsx((p: { children?: unknown }) => p.children, { children: ["<x>", 1] }),
      (rt) => rt.jsx(() => 5, {}),
      (rt) => rt.jsx(() => raw("<hr>"), {}),
      (rt) =>
        rt.jsx("p", {
          children: [raw("<b>raw</b>"), html`<i>${"<"}</i>`, new String("a<b"), { length: 1, 0: "x" }, {}],
        }),
      (rt) => rt.jsx("p", { title: raw("&amp;"), lang: new String("<") }),
      (rt) =>
        rt.jsx("svg", {
          viewBox: "0 0 2 2",
          strokeWidth: 1,
          children: rt.jsx("path", { strokeLinecap: "round", textAnchor: "x", textLength: 2, clipPath: "u", d: "M0" }),
        }),
      (rt) => rt.jsx("div", { strokeWidth: 1, clipPath: "u", children: rt.jsx("g", { fillOpacity: 1 }) }),
      (rt) =>
        rt.jsx("svg", {
          children: [
            rt.jsx("title", { children: "icon" }),
            rt.jsx("g", { children: rt.jsx("rect", { strokeDasharray: "1" }) }),
          ],
        }),
      (rt) => rt.jsx("head", { children: 0 }),
      (rt) => rt.jsx("head", { children: true }),
      (rt) => rt.jsx("head", { children: {} }),
      (rt) => rt.jsx("head", { children: "<t>" }),
      (rt) => rt.jsx("head", { dangerouslySetInnerHTML: { __html: "x" } }),
      (rt) =>
        rt.jsx("html", {
          children: [
            rt.jsx("head", {
              children: [
                rt.jsx("meta", { charset: "utf-8" }),
                rt.jsx("title", { children: ["a", "<b>"] }),
                rt.jsx("link", { rel: "icon", href: "/i" }),
                rt.jsx("link", { rel: "icon", href: "/i" }),
                rt.jsx("link", { rel: "stylesheet", href: "/s.css" }),
                rt.jsx("script", { src: "/a.js", async: true }),
                rt.jsx("style", { children: "a>b{}" }),
              ],
            }),
            rt.jsx("body", {
              children: [
                rt.jsx("title", { children: "body title", precedence: "x" }),
                rt.jsx("meta", { name: "description", content: "d" }),
                rt.jsx("meta", { name: "description", content: "dup" }),
                rt.jsx("meta", { itemProp: "x", content: "y" }),
                rt.jsx("link", { rel: "stylesheet", href: "/b.css", precedence: "high" }),
                rt.jsx("link", { rel: "stylesheet", href: "/a.css", precedence: "low" }),
                rt.jsx("link", { rel: "stylesheet", href: "/b.css", precedence: "high" }),
                rt.jsx("link", { rel: "preload", href: "/p", as: "font", blocking: "render" }),
                rt.jsx("style", { href: "s", precedence: "p", children: "x{}" }),
                rt.jsx("script", { src: "/b.js", async: true, children: "" }),
                rt.jsx("script", { src: "/b.js", async: true }),
                rt.jsx("form", {
                  action: () => 1,
                  children: rt.jsx("button", { formAction: () => 1, children: "go" }),
                }),
              ],
            }),
          ],
        }),
      (rt) => rt.jsx("body", { children: [rt.jsx("title", { children: "no head" }), rt.jsx("meta", { name: "a" })] }),
    ];
    for (const [i, make] of cases.entries()) {
      const [a, b] = await both(make);
      expect(b, `case ${i}`).toBe(a);
    }
  });

  it("renders async components and Promise children and attributes as hono does (its Promise, same text)", async () => {
    const Slow = async (p: { children?: unknown; v: string }) => {
      await new Promise((resolve) => setImmediate(resolve));
      return p.v === "list" ? ["<a>", 1, null] : p.v === "num" ? 7 : p.v === "raw" ? raw("<r/>") : p.v;
    };
    const cases: Recipe[] = [
      (rt) => rt.jsx("div", { children: [rt.jsx(Slow, { v: "<x>" }), "after"] }),
      (rt) =>
        rt.jsx("div", {
          children: [rt.jsx(Slow, { v: "list" }), rt.jsx(Slow, { v: "num" }), rt.jsx(Slow, { v: "raw" })],
        }),
      (rt) =>
        rt.jsx("p", {
          title: Promise.resolve("a<b"),
          "data-n": Promise.resolve(null),
          children: Promise.resolve("<c>"),
        }),
      (rt) =>
        rt.jsx("p", { children: [Promise.resolve(["x", "y"]), Promise.resolve(5), Promise.resolve(raw("<raw>"))] }),
      (rt) => rt.jsx("p", { children: Promise.resolve(rt.jsx("b", { children: "<in promise>" })) }),
      (rt) =>
        rt.jsx("html", {
          children: [
            rt.jsx("head", { children: [rt.jsx("title", { children: "t" }), rt.jsx(Slow, { v: "in head" })] }),
            rt.jsx("body", { children: [rt.jsx("meta", { name: "m" }), rt.jsx(Slow, { v: "body" })] }),
          ],
        }),
      (rt) => rt.jsx("svg", { children: rt.jsx(async () => rt.jsx("path", { strokeWidth: 3 }), {}) }),
    ];
    for (const [i, make] of cases.entries()) {
      const [a, b] = await both(make);
      expect(b, `async case ${i}`).toBe(a);
    }
    expect(jsx(Slow, { v: "x" })).toBeInstanceOf(Promise);
    const rejected = jsx("div", { children: [Promise.reject(new Error("back-end gone")), jsx(Slow, { v: "a" })] });
    await expect(text(rejected)).rejects.toThrow("back-end gone");
  });

  it("matches hono on 3,000 generated trees (hostile strings, every attribute and child kind), sync and async", async () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const make = recipe(r, 0, seed % 5 === 0);
      // every random choice is drawn before building: both runtimes build the same tree
      const [a, b] = await both((rt) => make(rt));
      expect(b, `seed ${seed}`).toBe(a);
    }
  });
});

/** Bundles a template with the given JSX runtime (hono's, or ours in its place), imports the bundle. */
function bundled<T>(entry: string, ours: boolean): Promise<T> {
  return importWithJsxRuntime<T>(new URL(entry, import.meta.url), ours ? "bonafide" : "hono");
}

const INFO: RenderInfo = { path: "/", query: {}, lang: "en", degraded: [] };

describe("every template in the repository", () => {
  it("runs with this runtime under vitest and the loader alike (the .tsx import of hono/jsx's runtime is mapped)", async () => {
    const page = await homeTemplate.render({ latest: {} }, INFO);
    expect(page).toBeInstanceOf(Html);
  });

  it("renders the bench page byte for byte as hono/jsx does, hostile data included", async () => {
    type Mod = { listTemplate: TsxTemplate };
    const [h, o] = [
      await bundled<Mod>("../../bench/aggregator/list.tsx", false),
      await bundled<Mod>("../../bench/aggregator/list.tsx", true),
    ];
    const r = rng(7);
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        "@id": `${i}${pick(r, HOSTILE)}`,
        title: pick(r, HOSTILE),
        price: `${i}`,
      }));
    for (const data of [
      { a: { list: { item: items(50) } }, b: { list: { item: items(50) } }, c: { list: { item: items(50) } } },
      { a: {}, b: { list: {} }, c: { list: { item: items(1) } } },
    ]) {
      const mine = await text(o.listTemplate.render(data, INFO));
      expect(mine).toBe(await text(h.listTemplate.render(data, INFO)));
      expect(data.a.list?.item === undefined || mine.includes("&lt;/script&gt;")).toBe(true);
    }
  });

  it("renders the job board's templates byte for byte as hono/jsx does, with their real data shapes", async () => {
    type Mods = Record<string, TsxTemplate>;
    const T = "../../demo/job-board/templates/";
    const vacancy = (id: string, title: string) => ({
      "@id": id,
      "@employer": "e1",
      title,
      city: "Москва",
      salary: { "@from": "120000", "@to": "250000" },
      skills: { skill: id === "1" ? "Java" : ["Java", "<Kotlin>", "SQL & co"] },
      description: `Описание "${title}" — <b>не</b> HTML & 'quotes'`,
    });
    const infos: RenderInfo[] = [
      INFO,
      { path: "/search", query: { q: `"</script>`, lang: "ru", region: "spb" }, lang: "ru", degraded: ["stats"] },
    ];
    const pages: [string, string, unknown[]][] = [
      [
        "home.tsx",
        "homeTemplate",
        [
          { latest: {} },
          { latest: { results: { "@total": "2", vacancy: vacancy("1", "Java <dev>") } } },
          { latest: { results: { "@total": "2", vacancy: [vacancy("1", "A"), vacancy("2", "B & C")] } } },
        ],
      ],
      [
        "search.tsx",
        "searchTemplate",
        [
          {
            q: "jvaa",
            shown: "java",
            corrected: true,
            total: 2,
            items: [vacancy("1", "Java"), vacancy("2", "</script>")],
          },
          { q: `"'<>&`, shown: `"'<>&`, corrected: false, total: 0, items: [] },
        ],
      ],
      [
        "vacancy.tsx",
        "vacancyTemplate",
        [
          {
            vacancy: { vacancy: vacancy("2", "Python developer") },
            employer: { id: "e1", name: "Baikal <Travel>", about: 'Tours & "more"' },
            stats: { stats: { "@count": "12", p25: "100000", median: "150000", p75: "200000" } },
          },
          {
            vacancy: { vacancy: vacancy("1", "X") },
            employer: { "@error": { failure: "timeout" } },
            stats: { "@error": {} },
          },
          {
            vacancy: { vacancy: vacancy("1", "X") },
            employer: { id: "e1", name: "n", about: "a" },
            stats: { stats: { "@count": "0", p25: "", median: "", p75: "" } },
          },
        ],
      ],
    ];
    for (const [file, name, datas] of pages) {
      const [h, o] = [await bundled<Mods>(T + file, false), await bundled<Mods>(T + file, true)];
      for (const data of datas) {
        for (const info of infos) {
          const expected = await text(h[name]?.render(data, info));
          expect(await text(o[name]?.render(data, info)), `${file} ${JSON.stringify(data).slice(0, 60)}`).toBe(
            expected,
          );
        }
      }
    }
  });
});

describe("the job board served by the real aggregator, with each runtime", () => {
  let backends: JobBackends;
  const children: ChildProcess[] = [];
  const bases: Record<"ours" | "hono", string> = { ours: "", hono: "" };

  async function start(runtime: "ours" | "hono"): Promise<string> {
    const port = await freePort();
    const child = spawn(process.execPath, ["demo/job-board/main.ts", "--no-refresh"], {
      env: {
        ...process.env,
        DATABASE_URL: `mysql://root@127.0.0.1:${await freePort()}/nowhere`, // none: pages need no database
        BONAFIDE_AGGREGATOR_PORT: String(port),
        BONAFIDE_BACKENDS: backends.spec,
        AGGREGATOR_RENDER_THREADS: "1",
        ...(runtime === "hono" ? { BONAFIDE_TSX_RUNTIME: "hono" } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes('"msg":"aggregator started"')) resolve();
        else if (child.exitCode !== null) reject(new Error(`the aggregator exited\n${output}`));
      };
      child.stdout?.on("data", check);
      child.on("exit", check);
    });
    return `http://127.0.0.1:${port}`;
  }

  beforeAll(async () => {
    backends = await startJobBackends();
    [bases.ours, bases.hono] = await Promise.all([start("ours"), start("hono")]);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await backends?.close();
  });

  it("writes the same page bytes with this runtime as with hono/jsx", async () => {
    const paths = [
      "/",
      "/?lang=ru",
      "/?region=spb",
      "/search?q=java",
      "/search?q=jvaa",
      "/search?q=jvaa&exact=1",
      `/search?q=${encodeURIComponent(`"></script><b>'&`)}`,
      "/search?q=%F0%9F%8E%89%20%D0%96",
      "/vacancy/1000",
      "/vacancy/1002?lang=ru",
      "/vacancy/999999",
    ];
    let pages = 0;
    for (const path of paths) {
      const [a, b] = await Promise.all([fetch(bases.hono + path), fetch(bases.ours + path)]);
      // an error page names its request: the one thing that differs between two requests
      const id = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
      const [ta, tb] = [(await a.text()).replace(id, "ID"), (await b.text()).replace(id, "ID")];
      expect(b.status, path).toBe(a.status);
      expect(tb, path).toBe(ta);
      if (a.status === 200) pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(9);
  });
});
