/**
 * @module `/employers`: the one page rendered with XSLT 1.0 (in the render worker pool), from the
 * employers back-end's XML list.
 */
import type { Handler } from "../../../origin/aggregator/page.ts";
import { xsltTemplate } from "../../../origin/aggregator/render/template.ts";
import { jobBoardCacheControl, jobBoardTags } from "../cache.ts";

const template = xsltTemplate(new URL("../templates/employers.xsl", import.meta.url));

export const GET: Handler = (page) => {
  page.doc.list = page.fetch("employers", "/employers");
  page.header("cache-control", jobBoardCacheControl("public, s-maxage=300, max-age=0"));
  page.header("cache-tag", jobBoardTags("employers"));
  return page.render(template);
};
