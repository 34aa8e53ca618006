/**
 * @module The evidence page as HTML: the letter and why, every reason with its weight and what it means,
 * what to do to be rated better, the pages read and what was found on each, the certificate and the
 * outside sources — and a button to ask for a re-rating. Self-contained (inline CSS, no scripts).
 */
import { GATES, POINTS } from "../../shared/points.ts";
import { isReasonLink, type Reason } from "../../shared/rating.ts";
import type { SiteReport } from "./store.ts";

const esc = (value: unknown): string => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
.letter{font-size:3rem;font-weight:800;display:inline-block;width:4rem;text-align:center;border-radius:8px;color:#fff}
.A{background:#2e7d32}.Q{background:#f9a825}.X{background:#c62828}.U{background:#757575}.neg{color:#c62828}.pos{color:#2e7d32}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}`;

const MEANING: Record<string, string> = {
  A: "Site ownership and business identity verified.",
  Q: "Site ownership identified but not verified.",
  X: "Site ownership unknown or questionable, or significant negative information.",
  U: "Not rated: no website, blocked, or not a commercial site.",
};

type Rec = Record<string, unknown>;
const list = (value: unknown): Rec[] => (Array.isArray(value) ? value.filter((v) => v && typeof v === "object") : []);
const rec = (value: unknown): Rec | undefined => (value && typeof value === "object" ? (value as Rec) : undefined);

function rule(code: string): { means?: string; advice?: string } {
  if (code in POINTS) return POINTS[code as keyof typeof POINTS];
  if (code in GATES) return { means: GATES[code as keyof typeof GATES] };
  return {};
}

/** Where a reason came from, linked to its public record (a register's page) when it has a valid one. */
function sourceCell(r: Reason): string {
  return isReasonLink(r.link)
    ? `<a href="${esc(r.link)}" rel="noopener nofollow">${esc(r.source ?? r.link)}</a>`
    : esc(r.source);
}

function reasonRows(reasons: Reason[]): string {
  return reasons
    .map((r) => {
      const cls = r.weight > 0 ? "pos" : r.weight < 0 ? "neg" : "";
      return `<tr><td><code>${esc(r.code)}</code></td><td class="${cls}">${r.weight > 0 ? "+" : ""}${esc(r.weight)}</td><td>${esc(rule(r.code).means)}${r.detail ? `<br><small>${esc(r.detail)}</small>` : ""}</td><td><small>${sourceCell(r)}</small></td></tr>`;
    })
    .join("\n");
}

function advice(report: SiteReport): string[] {
  const out = report.rating.reasons.flatMap((r) => {
    const a = rule(r.code).advice;
    return a ? [a] : [];
  });
  const disclosure = rec(report.evidence?.disclosure);
  const missing = Array.isArray(disclosure?.missing) ? disclosure.missing : [];
  if (missing.length) out.push(`Under ${String(disclosure?.law)}, add: ${missing.map(String).join(", ")}.`);
  const { rating, ratingInfo } = report.rating;
  if (rating === "Q")
    out.push(
      "To be verified (A): be findable in a business register under the name and postcode on the site, or serve an OV/EV certificate issued to that legal name (not to your CDN).",
    );
  if (ratingInfo === "no_location")
    out.push(
      "Publish a postal address as a mailing label (name, street, postcode and town, country) on the home, contact or imprint page.",
    );
  if (ratingInfo === "blocked")
    out.push("Let the user agent <code>bonafide</code> read your home and contact pages in robots.txt.");
  return [...new Set(out)];
}

function pagesTable(evidence: Rec | null): string {
  const pages = list(evidence?.pages);
  if (!pages.length) return "<p>No pages were read.</p>";
  const rows = pages.map(
    (p) =>
      `<tr><td>${esc(p.kind)}</td><td><code>${esc(p.url)}</code></td><td>${esc(p.status ?? p.error)}</td><td>${esc(p.bytes)}${p.truncated ? " (truncated)" : ""}</td></tr>`,
  );
  return `<table><thead><tr><th>Kind</th><th>URL</th><th>Status</th><th>Bytes</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function foundTable(evidence: Rec | null): string {
  const rows: string[] = [];
  const add = (what: string, value: unknown, where: unknown) =>
    rows.push(`<tr><td>${esc(what)}</td><td>${esc(value)}</td><td><small>${esc(where)}</small></td></tr>`);
  for (const a of list(evidence?.addresses))
    add("postal address", Array.isArray(a.lines) ? a.lines.join(", ") : a.street, a.page);
  for (const n of list(evidence?.legalNames)) add("legal name", n.name, n.page);
  for (const r of list(evidence?.registrations))
    add(String(r.kind), `${r.value}${r.checksum ? ` (${r.checksum})` : ""}`, r.page);
  for (const o of list(evidence?.organizations)) add(`schema.org ${o.type}`, o.legalName ?? o.name, o.page);
  for (const p of list(evidence?.phones))
    add("phone", `${p.number} ${p.country ?? ""}${p.valid ? "" : " (invalid)"}`, "");
  for (const e of Array.isArray(evidence?.emails) ? evidence.emails : []) add("e-mail", e, "");
  const tls = rec(evidence?.tls);
  if (tls)
    add(
      "certificate",
      `${tls.validation}${tls.organization ? `, O=${tls.organization}` : ""}, issuer ${tls.issuer}`,
      tls.intermediary ? "a CDN or host" : "",
    );
  const age = rec(evidence?.domainAge);
  if (age) add("domain registered", age.registeredAt ?? `unknown (${age.unknown})`, age.source);
  for (const r of list(evidence?.registers))
    add(`register: ${String(r.label)}`, `${r.id}: ${r.kind}`, r.why ?? r.place);
  const blacklist = rec(evidence?.blacklist);
  if (blacklist) add("blacklist", blacklist.reason ?? blacklist.entry, blacklist.source);
  if (!rows.length) return "<p>Nothing that identifies a business was found.</p>";
  return `<table><thead><tr><th>What</th><th>Value</th><th>Where</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** The evidence page of `domain`; `report` null = not rated yet. `rerateUntil`: a re-rating is queued. */
export function renderSitePage(domain: string, report: SiteReport | null, rerateUntil: string | null): string {
  const form = rerateUntil
    ? `<p>A re-rating is queued; the next request is possible after ${esc(rerateUntil)}.</p>`
    : `<form method="post" action="/api/v1/sites/${esc(domain)}/rerate"><button type="submit">Ask for a re-rating</button> <small>(once an hour)</small></form>`;
  const body = report
    ? `<p><span class="letter ${esc(report.rating.rating)}">${esc(report.rating.rating)}</span>
 <strong>${esc(MEANING[report.rating.rating])}</strong><br>score ${esc(report.rating.score)}/100, confidence ${esc(report.rating.confidence)},
 rated ${esc(report.rating.ratedAt)}, next rating by ${esc(report.rating.expiresAt)}</p>
<h2>How to be rated better</h2><ul>${
        advice(report)
          .map((a) => `<li>${a.includes("<code>") ? a : esc(a)}</li>`)
          .join("") || "<li>Nothing to do: keep the information current.</li>"
      }</ul>
<h2>Reasons</h2><table><thead><tr><th>Code</th><th>Weight</th><th>Meaning</th><th>Source</th></tr></thead><tbody>${reasonRows(report.rating.reasons)}</tbody></table>
<h2>What was found</h2>${foundTable(report.evidence)}
<h2>Pages read</h2>${pagesTable(report.evidence)}`
    : `<p>${esc(domain)} has not been rated yet. Ask for it with <code>GET /api/v1/rate?d=${esc(domain)}</code>.</p>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(domain)} – bonafide evidence</title><style>${CSS}</style></head><body>
<h1>${esc(domain)}</h1>${body}${form}
<p><small>JSON: <a href="/api/v1/sites/${esc(domain)}?format=json">/api/v1/sites/${esc(domain)}?format=json</a></small></p></body></html>`;
}
