/**
 * @module The evidence page as HTML: the letter in words and why, the score and how it is made, what to do,
 * every reason under a plain title (against apart from for), what was found and the pages read — and a
 * button to ask for a re-rating. One self-contained page (inline CSS, no scripts, no fetches), every value
 * escaped, dates written for people.
 */
import { formatWhen } from "../../shared/human-time.ts";
import { LETTER_MEANINGS, LETTER_WORDS } from "../../shared/rating.ts";
import { adviceFor } from "./advice.ts";
import { foundTable, pagesTable } from "./found.ts";
import { esc } from "./html.ts";
import { gateReason, reasonsSection, scoreExplanation } from "./reasons.ts";
import type { SiteReport } from "./store.ts";

// Colours meet WCAG AA (4.5:1) for their text: white on each letter's colour, the red and green on white.
const CSS = `body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1f1f1f;background:#fff;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
.verdict{display:flex;gap:1rem;align-items:center}.letter{font-size:3rem;font-weight:800;min-width:4rem;text-align:center;border-radius:8px;color:#fff}
.A{background:#2e7d32}.Q{background:#8a5a00}.X{background:#c62828}.U{background:#616161}
.neg{color:#b71c1c}.pos{color:#1b5e20}.zero{color:#555}.score{font-size:1.2rem;margin-bottom:0}
td:first-child{white-space:nowrap}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;word-break:break-all}h3{margin-bottom:0}`;

/** The letter with its words, why, the score and the dates. */
function verdict(report: SiteReport, now: Date): string {
  const { rating } = report;
  const why = gateReason(rating.reasons);
  const stale = Date.parse(rating.expiresAt) <= now.getTime();
  const next = stale
    ? `Due for a new rating since ${esc(formatWhen(rating.expiresAt, now))}; a new one is made when someone asks.`
    : `Next rating by ${esc(formatWhen(rating.expiresAt, now))}.`;
  return `<section aria-labelledby="letter-words" class="verdict"><span class="letter ${esc(rating.rating)}" aria-hidden="true">${esc(rating.rating)}</span>
<div><h2 id="letter-words">${esc(rating.rating)} — ${esc(LETTER_WORDS[rating.rating])}</h2><p>${esc(LETTER_MEANINGS[rating.rating])}</p></div></section>
${why ? `<p><strong>Why ${esc(rating.rating)}:</strong> ${esc(why.title)}${why.detail ? ` — ${esc(why.detail)}` : ""}.</p>` : ""}
${scoreExplanation(rating)}
<p>Rated ${esc(formatWhen(rating.ratedAt, now))}. ${next}</p>`;
}

function ratedBody(report: SiteReport, now: Date): string {
  const advice = adviceFor(report.rating, report.evidence);
  return `${verdict(report, now)}
<h2>What to do</h2><ul>${advice.map((a) => `<li>${esc(a)}</li>`).join("")}</ul>
<h2>Reasons</h2>${reasonsSection(report.rating.reasons)}
<h2>What was found</h2>${foundTable(report.evidence)}
<h2>Pages read</h2>${pagesTable(report.evidence)}`;
}

/** The evidence page of `domain`; `report` null = not rated yet. `rerateUntil`: a re-rating is queued. */
export function renderSitePage(
  domain: string,
  report: SiteReport | null,
  rerateUntil: string | null,
  now: Date = new Date(),
): string {
  const form = rerateUntil
    ? `<p>A re-rating is queued; the next request is possible after ${esc(formatWhen(rerateUntil, now))}.</p>`
    : `<form method="post" action="/api/v1/sites/${esc(domain)}/rerate"><button type="submit">Ask for a re-rating</button> <small>(once an hour)</small></form>`;
  const body = report
    ? ratedBody(report, now)
    : `<p>${esc(domain)} has not been rated yet. Ask for it with <code>GET /api/v1/rate?d=${esc(domain)}</code>.</p>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(domain)} – bonafide evidence</title><style>${CSS}</style></head><body>
<header><p><small>bonafide — is there a real, findable business behind this site?</small></p><h1>${esc(domain)}</h1></header>
<main>${body}${form}</main>
<footer><p><small>The same as data: <a href="/api/v1/sites/${esc(domain)}?format=json">/api/v1/sites/${esc(domain)}?format=json</a></small></p></footer></body></html>`;
}
