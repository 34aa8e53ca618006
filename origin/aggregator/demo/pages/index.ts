/**
 * @module `/`: the job board's home — the latest vacancies from the search back-end, placed into the
 * document as a pending call.
 */
import type { Handler } from "../../page.ts";
import { homeTemplate } from "../templates/home.tsx";

export const GET: Handler = (page) => {
  page.doc.latest = page.fetch("search", { path: "/search", query: { limit: 12 } });
  page.header("cache-control", "public, s-maxage=60, max-age=0");
  return page.render(homeTemplate);
};
