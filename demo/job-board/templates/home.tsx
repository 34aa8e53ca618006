/** @jsxImportSource hono/jsx */
/**
 * @module The job board's home page: the latest vacancies.
 */
import type { RenderInfo } from "../../../origin/aggregator/render/template.ts";
import { tsxTemplate } from "../../../origin/aggregator/render/template.ts";
import { Layout } from "./layout.tsx";
import { asList, type VacancyXml } from "./util.ts";
import { VacancyList } from "./vacancy-list.tsx";

interface HomeData {
  latest: { results?: { "@total": string; vacancy?: VacancyXml | VacancyXml[] } };
}

function Home(data: HomeData, info: RenderInfo) {
  return (
    <Layout info={info} title="{{t:site.title}}">
      <h1>{"{{t:site.title}}"}</h1>
      <p class="muted">{"{{t:site.tagline}}"}</p>
      <VacancyList items={asList(data.latest?.results?.vacancy)} info={info} />
    </Layout>
  );
}

export const homeTemplate = tsxTemplate<HomeData>("home", Home);
