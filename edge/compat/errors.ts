/**
 * @module Errors on SiteTruth's paths: the status keeps SiteTruth's meaning and the body is a short
 * human-readable HTML page, as SiteTruth's was (its clients look only at the status).
 */
import type { Context } from "hono";
import { escapeXml } from "../../shared/protocol.ts";
import { EdgeError, handleError } from "../errors.ts";
import { eventOfContext } from "../log.ts";

/** Hono `onError` for /fcgi: EdgeErrors as HTML pages with their status and headers; the rest as the edge does. */
export function handleCompatError(error: Error, c: Context): Response {
  if (!(error instanceof EdgeError)) return handleError(error, c);
  eventOfContext(c)?.recordError(error);
  const title = `${error.status} ${escapeXml(error.wireCode)}`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p>${escapeXml(error.message)}</p>
<p>bonafide answers SiteTruth's rating API v3: <code>/fcgi/rateapiv3.fcgi?url=example.com&amp;key=guest&amp;format=json</code></p>
</body></html>
`;
  return c.body(html, error.status, {
    ...error.headers,
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-bonafide-error": error.wireCode,
  });
}
