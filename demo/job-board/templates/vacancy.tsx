/** @jsxImportSource hono/jsx */
/**
 * @module The vacancy page, from three back-ends: the vacancy (XML, required), its employer (JSON,
 * optional) and the city's salary statistics (XML, optional). A failed optional part shows a note.
 */

import type { RenderInfo } from "../../../origin/aggregator/render/template.ts";
import { tsxTemplate } from "../../../origin/aggregator/render/template.ts";
import type { Employer } from "../data.ts";
import { Layout } from "./layout.tsx";
import { asList, isError, link, money, type VacancyXml } from "./util.ts";

export interface VacancyData {
  vacancy: { vacancy: VacancyXml };
  employer: Employer | { "@error": unknown };
  stats: { stats?: { "@count": string; p25: string; median: string; p75: string } } | { "@error": unknown };
}

function Vacancy(data: VacancyData, info: RenderInfo) {
  const v = data.vacancy.vacancy;
  const employer = isError(data.employer) ? null : (data.employer as Employer);
  const stats = isError(data.stats)
    ? null
    : (data.stats as { stats?: { "@count": string; p25: string; median: string; p75: string } }).stats;
  return (
    <Layout info={info} title={`${v.title} — {{t:site.title}}`}>
      <h1>{v.title}</h1>
      <p>
        <strong>{"{{t:vacancy.salary}}"}:</strong> {money(v.salary["@from"])}–{money(v.salary["@to"])} ₽ · {v.city}
      </p>
      <p>{v.description}</p>
      <p>
        <strong>{"{{t:vacancy.skills}}"}:</strong> {asList(v.skills.skill).join(", ")}
      </p>
      <div class="card">
        <strong>{"{{t:vacancy.employer}}"}:</strong>{" "}
        {employer ? (
          <span>
            {employer.name} — {employer.about}
          </span>
        ) : (
          <span class="muted">—</span>
        )}
      </div>
      <div class="card">
        <strong>{"{{t:vacancy.stats}}"}:</strong>{" "}
        {stats && Number(stats["@count"]) > 0 ? (
          <span>
            {money(stats.p25)} · <b>{money(stats.median)}</b> · {money(stats.p75)} ₽ (n={stats["@count"]})
          </span>
        ) : (
          <span class="muted">—</span>
        )}
      </div>
      <p>
        <a href={link(`/vacancy/${v["@id"]}/pdf`, info)}>{"{{t:vacancy.pdf}}"}</a>
      </p>
    </Layout>
  );
}

export const vacancyTemplate = tsxTemplate<VacancyData>("vacancy", Vacancy);
