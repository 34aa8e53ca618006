/** @jsxImportSource hono/jsx */
/**
 * @module The job board's page frame: header with search, language and region switches, footer.
 */
import type { Child } from "hono/jsx";
import type { RenderInfo } from "../../../origin/aggregator/render/template.ts";
import { link } from "./util.ts";

const STYLE = `body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#222}header{background:#d6001c;color:#fff;padding:12px 24px}
header a{color:#fff}main{max-width:860px;margin:24px auto;padding:0 16px}.card{border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:10px 0}
.muted{color:#666}.note{background:#fff6d6;padding:8px 12px;border-radius:6px}form{display:flex;gap:8px;margin:8px 0}input{flex:1;padding:6px}nav a{margin-right:12px}`;

export function Layout(props: { info: RenderInfo; title: string; q?: string; children?: Child }) {
  const { info } = props;
  const other = info.lang === "ru" ? "en" : "ru";
  const withParam = (name: string, value: string) => {
    const q = new URLSearchParams(info.query);
    q.set(name, value);
    return `${info.path}?${q}`;
  };
  return (
    <html lang={info.lang}>
      <head>
        <meta charset="utf-8" />
        <title>{props.title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <nav>
            <a href={link("/", info)}>{"{{t:nav.home}}"}</a>
            <a href={link("/employers", info)}>{"{{t:nav.employers}}"}</a>
            <a href={withParam("lang", other)}>{other.toUpperCase()}</a>
            <span class="muted">{"{{t:region.label}}"}: </span>
            <a href={withParam("region", "msk")}>MSK</a> <a href={withParam("region", "spb")}>SPB</a>
          </nav>
          <form action="/search" method="get">
            <input name="q" value={props.q ?? ""} placeholder="{{t:search.placeholder}}" />
            {info.lang !== "en" ? <input type="hidden" name="lang" value={info.lang} /> : null}
            <button type="submit">{"{{t:search.button}}"}</button>
          </form>
        </header>
        <main>
          {info.degraded.length > 0 ? <p class="note">{"{{t:degraded.note}}"}</p> : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}
