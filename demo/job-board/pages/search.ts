/**
 * @module `/search?q=`: the spell-checker case. Search and the speller are asked at once; if the speller
 * has a correction, search is asked again with it, and the better result is shown (with a link to search
 * for the original words). `exact=1` skips the correction.
 */
import { AggregatorError } from "../../../origin/aggregator/errors.ts";
import type { Handler } from "../../../origin/aggregator/page.ts";
import { jobBoardCacheControl, jobBoardTags } from "../cache.ts";
import { type SearchData, searchTemplate } from "../templates/search.tsx";
import { asList, type VacancyXml } from "../templates/util.ts";

interface Results {
  results?: { "@total"?: string; vacancy?: VacancyXml | VacancyXml[] };
}

export const GET: Handler = async (page) => {
  const q = (page.query.get("q") ?? "").trim();
  if (q.length > 200) throw new AggregatorError("BAD_REQUEST", "the search query is longer than 200 characters");
  const exact = page.query.get("exact") === "1";
  const first = page.fetch("search", { path: "/search", query: { q, limit: 50 } });
  const speller = exact || !q ? null : page.fetch("speller", { path: "/speller", query: { q } });
  const [found, spelled] = await Promise.all([first, speller]);
  let best = found.data as Results | null;
  let shown = q;
  const suggestion = spelled?.ok
    ? (spelled.data as { speller?: { suggestion?: string } }).speller?.suggestion
    : undefined;
  if (suggestion && suggestion !== q.toLowerCase()) {
    // Dependent call: only now do we know what to ask.
    const second = await page.fetch("search", { path: "/search", query: { q: suggestion, limit: 50 } });
    const total = (r: Results | null) => Number(r?.results?.["@total"] ?? 0);
    if (second.ok && total(second.data as Results) > total(best)) {
      best = second.data as Results;
      shown = suggestion;
    }
  }
  const data: SearchData = {
    q,
    shown,
    corrected: shown !== q,
    total: Number(best?.results?.["@total"] ?? 0),
    items: asList(best?.results?.vacancy),
  };
  Object.assign(page.doc, data);
  page.header("cache-control", jobBoardCacheControl("public, s-maxage=30, max-age=0"));
  page.header("cache-tag", jobBoardTags("search", "vacancies"));
  return page.render(searchTemplate);
};
