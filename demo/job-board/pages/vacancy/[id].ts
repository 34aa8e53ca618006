/**
 * @module `/vacancy/:id`: three back-ends — the vacancy (required: a 404 there is this page's 404), then,
 * knowing its employer and city, the employer (JSON) and the salary statistics (XML) in parallel, both
 * optional and put into the document as pending calls.
 */
import { AggregatorError } from "../../../../origin/aggregator/errors.ts";
import type { Handler } from "../../../../origin/aggregator/page.ts";
import { jobBoardCacheControl, jobBoardTags } from "../../cache.ts";
import type { VacancyXml } from "../../templates/util.ts";

// Rendered in the worker pool (its three back-ends' XML parsed there too): the event loop only does I/O.
const vacancyTemplate = tsxWorkerTemplate(new URL("../../templates/vacancy.tsx", import.meta.url), "vacancyTemplate");

import { tsxWorkerTemplate } from "../../../../origin/aggregator/render/template.ts";

export const GET: Handler = async (page) => {
  const id = page.params.id ?? "";
  if (!/^\d{1,9}$/.test(id)) throw new AggregatorError("NOT_FOUND", `no vacancy ${JSON.stringify(id)}`);
  const vacancy = page.fetch("vacancies", `/vacancy/${id}`);
  page.doc.vacancy = vacancy;
  const result = await vacancy;
  const v = result.ok ? (result.data as { vacancy: VacancyXml }).vacancy : null;
  if (v) {
    page.doc.employer = page.fetch("employers", `/employer/${encodeURIComponent(v["@employer"])}`);
    page.doc.stats = page.fetch("stats", { path: "/salary-stats", query: { title: v.title, city: v.city } });
  }
  page.header("cache-control", jobBoardCacheControl("public, s-maxage=60, max-age=0"));
  // Purge one vacancy, every page of one employer, or every page listing vacancies.
  page.header("cache-tag", jobBoardTags("vacancies", `vacancy-${id}`, v ? `employer-${v["@employer"]}` : null));
  return page.render(vacancyTemplate);
};
