/** @jsxImportSource hono/jsx */
/**
 * @module The search page: results, with "showing results for …" when the speller's correction won.
 */
import type { RenderInfo } from "../../../origin/aggregator/render/template.ts";
import { tsxTemplate } from "../../../origin/aggregator/render/template.ts";
import { Layout } from "./layout.tsx";
import type { VacancyXml } from "./util.ts";
import { link } from "./util.ts";
import { VacancyList } from "./vacancy-list.tsx";

export interface SearchData {
  q: string;
  shown: string;
  corrected: boolean;
  total: number;
  items: VacancyXml[];
}

function Search(data: SearchData, info: RenderInfo) {
  return (
    <Layout info={info} title={`${data.shown} — {{t:site.title}}`} q={data.shown}>
      {data.corrected ? (
        <p class="note">
          {"{{t:search.corrected}}"} <strong>{data.shown}</strong>. {"{{t:search.instead}}"}{" "}
          <a href={link("/search", info, { q: data.q, exact: "1" })}>{data.q}</a>
        </p>
      ) : null}
      <p>
        {data.total} {"{{t:search.found}}"}
      </p>
      {data.total === 0 ? <p>{"{{t:search.nothing}}"}</p> : <VacancyList items={data.items} info={info} />}
    </Layout>
  );
}

export const searchTemplate = tsxTemplate<SearchData>("search", Search);
