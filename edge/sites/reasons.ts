/**
 * @module The evidence page's reasons: each one under a plain-language title (shared/points.ts), negative ones
 * apart and marked as against, and the score explained as the sum of their points. Codes stay in the JSON
 * and in a `data-code` attribute, not in the text people read.
 */
import { GATES, MAX_SCORE, POINTS, SCORE_MIDPOINT, scoreFromPoints } from "../../shared/points.ts";
import { isReasonLink, type Reason, type StoredRating } from "../../shared/rating.ts";
import { esc, humanText } from "./html.ts";

/** The title and meaning of a code; an unknown code (a newer rater's) is shown as words, not dropped. */
export function describeCode(code: string): { title: string; means?: string; advice?: string } {
  if (code in POINTS) return POINTS[code as keyof typeof POINTS];
  if (code in GATES) return GATES[code as keyof typeof GATES];
  const words = code
    .replace(/^gate:/, "")
    .replace(/[_:-]+/g, " ")
    .trim();
  return { title: words ? `${words[0]?.toUpperCase()}${words.slice(1)}` : "Other" };
}

/** "+2", "−1", "+0.5", "0" — with a real minus sign, so a negative is never read as a dash. */
export const formatPoints = (weight: number): string =>
  weight > 0 ? `+${weight}` : weight < 0 ? `\u2212${Math.abs(weight)}` : "0";

/** Where a reason was found. One place, so a register link can be rendered beside the source here. */
/** Where a reason came from, linked to its public record (a register's page) when it has a valid one. */
function sourceCell(r: Reason): string {
  if (isReasonLink(r.link))
    return `<small><a href="${esc(r.link)}" rel="noopener nofollow">${esc(r.source ?? r.link)}</a></small>`;
  return r.source ? `<small>${esc(r.source)}</small>` : "";
}

function row(r: Reason): string {
  const { title, means } = describeCode(r.code);
  const cls = r.weight > 0 ? "pos" : r.weight < 0 ? "neg" : "zero";
  const label = r.weight < 0 ? "against" : r.weight > 0 ? "for" : "no points";
  const detail = r.detail ? `<br><small>${esc(humanText(r.detail))}</small>` : "";
  return `<tr data-code="${esc(r.code)}"><td class="${cls}"><strong>${esc(formatPoints(r.weight))}</strong> <small>${label}</small></td><td><strong>${esc(title)}</strong>${means ? ` — ${esc(means)}` : ""}${detail}</td><td>${sourceCell(r)}</td></tr>`;
}

function group(heading: string, id: string, reasons: Reason[], empty: string): string {
  const body = reasons.length
    ? `<table><thead><tr><th scope="col">Points</th><th scope="col">Reason</th><th scope="col">Found on</th></tr></thead><tbody>${reasons.map(row).join("\n")}</tbody></table>`
    : `<p>${esc(empty)}</p>`;
  return `<section aria-labelledby="${id}"><h3 id="${id}">${esc(heading)} (${reasons.length})</h3>${body}</section>`;
}

/** The reasons, against first: what lowers a rating is what a webmaster most needs to see. */
export function reasonsSection(reasons: Reason[]): string {
  const points = reasons.filter((r) => !r.code.startsWith("gate:"));
  return [
    group(
      "Against",
      "against",
      points.filter((r) => r.weight < 0),
      "Nothing counts against this site.",
    ),
    group(
      "For",
      "for",
      points.filter((r) => r.weight > 0),
      "Nothing counts for this site yet.",
    ),
    group(
      "Noted, no points",
      "noted",
      points.filter((r) => r.weight === 0),
      "Nothing else was noted.",
    ),
  ].join("\n");
}

/** The gate's reason: why the letter is what it is. */
export function gateReason(reasons: Reason[]): { title: string; detail?: string } | undefined {
  const gate = reasons.find((r) => r.code.startsWith("gate:"));
  if (!gate) return undefined;
  return { title: describeCode(gate.code).title, ...(gate.detail ? { detail: humanText(gate.detail) } : {}) };
}

/** The score and how it is made, from the same reasons the page lists. */
export function scoreExplanation(rating: StoredRating): string {
  if (rating.rating === "U") return "<p>Not scored: a site that could not be rated has no score.</p>";
  const sum = (sign: 1 | -1) => rating.reasons.reduce((s, r) => (Math.sign(r.weight) === sign ? s + r.weight : s), 0);
  const plus = sum(1);
  const minus = sum(-1);
  const total = Math.round((plus + minus) * 10) / 10;
  // A rating made before the scale changed keeps its stored score until it is re-rated: say so.
  const earlier =
    scoreFromPoints(total) === rating.score
      ? ""
      : ` This rating's score was set on an earlier scale (it reached 100); the next rating uses this one.`;
  return `<p class="score">Score <strong>${esc(rating.score)} / 100</strong>, confidence ${esc(rating.confidence)}.</p>
<p><small>How the score is made: each reason below carries points. Here they add up to <strong>${esc(formatPoints(total))}</strong> (${esc(formatPoints(plus))} for, ${esc(formatPoints(minus))} against). The score grows with the points and flattens out: ${SCORE_MIDPOINT} points make ${scoreFromPoints(SCORE_MIDPOINT)}, 6 make ${scoreFromPoints(6)}, 10 make ${scoreFromPoints(10)}; it never goes above ${MAX_SCORE}, and points against pull it down. The letter comes from the check named beside it, not from the score.${earlier}</small></p>`;
}
