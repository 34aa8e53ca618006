/**
 * @module `/`: the job board's home — the latest vacancies from the search back-end, placed into the
 * document as a pending call.
 */
import type { Handler } from "../../../origin/aggregator/page.ts";
import { jobBoardCacheControl, jobBoardTags } from "../cache.ts";
import { homeTemplate } from "../templates/home.tsx";

export const GET: Handler = (page) => {
  page.doc.latest = page.fetch("search", { path: "/search", query: { limit: 12 } });
  page.header("cache-control", jobBoardCacheControl("public, s-maxage=60, max-age=0"));
  page.header("cache-tag", jobBoardTags("home", "vacancies"));
  return page.render(homeTemplate);
};
