/**
 * @module The console's HTML: a job's page, a client's lane, the login form, and the console's sections of
 * the status page (paused kinds, failed attempts by minute and error kind, dead jobs with their actions,
 * the audit trail). Actions are plain form posts carrying the session's CSRF token; without a session the
 * pages show a link to log in with the admin token instead of buttons.
 */
import { renderStackedChart } from "../status/chart.ts";
import { escapeHtml } from "../status/html.ts";
import type { StatusData } from "../status/read.ts";
import type { JobView, LaneView } from "./store.ts";

/** What a page needs to draw actions: the CSRF token of the session (null: not logged in), and the query to keep. */
export interface ActionContext {
  csrf: string | null;
  /** The query string the page was asked with (`?token=…` for the status token), kept on links and forms. */
  search: string;
  /** Whether the server has an admin token at all (else actions are off and the page says so). */
  actionsEnabled: boolean;
}

const when = (iso: string | null) => (iso ? escapeHtml(iso.replace("T", " ").slice(0, 19)) : "—");

/** A one-button form posting to `path` with the CSRF token, returning to `back`. */
export function actionForm(ctx: ActionContext, path: string, label: string, back: string): string {
  if (!ctx.csrf) return "";
  return `<form method="post" class="act" action="${escapeHtml(path + ctx.search)}"><input type="hidden" name="csrf" value="${escapeHtml(ctx.csrf)}"><input type="hidden" name="back" value="${escapeHtml(back)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

/** Says how to act when the page cannot: log in, or configure the admin token. */
function loginHint(ctx: ActionContext, back: string): string {
  if (ctx.csrf) return "";
  if (!ctx.actionsEnabled)
    return `<p class="meta" id="actions-off">Actions are off: start the status server with BONAFIDE_ADMIN_TOKEN set.</p>`;
  const sep = ctx.search ? "&" : "?";
  return `<p class="meta" id="login-hint"><a href="/login${escapeHtml(ctx.search + sep)}back=${encodeURIComponent(back)}">Log in with the admin token</a> to retry, cancel, pause or resume.</p>`;
}

export const jobHref = (id: string, search: string) => `/jobs/${encodeURIComponent(id)}${search}`;
export const laneHref = (kind: string, clientHex: string, search: string) =>
  `/lanes/${encodeURIComponent(kind)}/${encodeURIComponent(clientHex)}${search}`;

function table(headers: string[], rows: string[][], empty: string, id: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The console's CSS, added to the status page's. */
export const CONSOLE_CSS = `form.act{display:inline;margin:0 .2rem}form.act button{font:inherit;padding:.1rem .5rem;cursor:pointer}
.paused{background:#fff4d6;border:1px solid #d8a03b;padding:.5rem .9rem}.chart rect.hit{fill:transparent}
.chart g.bar:hover rect.hit{fill:#eef1f6}.chart rect.retried{fill:#e8a33b}.chart rect.final{fill:#a3281a}
.chart text.axis{font-size:11px;fill:#445}.chart line.tick,.chart line.axisline{stroke:#99a}.chart .legend text{font-size:11px;fill:#1d2330}
dl.job{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;background:#fff;border:1px solid #dde;padding:.6rem .9rem}dl.job dt{color:#667}dl.job dd{margin:0}`;

/** The page chrome for the console's own pages (no reload: they hold forms). */
export function consolePage(title: string, body: string, css: string, search: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · bonafide console</title><style>${css}\n${CONSOLE_CSS}</style></head>
<body><p class="meta"><a href="/status${escapeHtml(search)}">← status</a></p><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

/** A job's page: state, attempts, lease owner, last error with its stack, history, and its actions. */
export function renderJobPage(job: JobView, ctx: ActionContext, css: string): string {
  const back = `/jobs/${job.id}`;
  const actions = [
    job.state === "dead" ? actionForm(ctx, `/api/jobs/${job.id}/retry`, "Retry this job", back) : "",
    job.state !== "leased" ? actionForm(ctx, `/api/jobs/${job.id}/cancel`, "Cancel this job", "/status") : "",
  ].join("");
  const fields: [string, string][] = [
    ["kind", escapeHtml(job.kind)],
    ["key", escapeHtml(job.key)],
    [
      "state",
      `<b id="job-state">${escapeHtml(job.state)}</b>${job.paused ? ' <span class="paused-tag">(kind paused: not claimed until resumed)</span>' : ""}`,
    ],
    ["attempts", `${job.attempts} of ${job.maxAttempts}`],
    ["priority", `${job.priority}`],
    [
      "lane",
      `<a href="${escapeHtml(laneHref(job.kind, job.clientHex, ctx.search))}">${escapeHtml(job.client)}</a>${job.position === null ? "" : ` · ${job.position} ready job(s) of this kind are claimed before it`}`,
    ],
    ["lease owner", job.leaseOwner ? escapeHtml(job.leaseOwner) : "—"],
    ["due", when(job.dueAt)],
    ["queued", when(job.createdAt)],
    ["last change", when(job.updatedAt)],
    [
      "last error",
      job.lastError
        ? `<span id="last-error">${escapeHtml(job.lastError)}</span>${job.lastStack ? `<details open><summary>stack</summary><pre id="last-stack">${escapeHtml(job.lastStack)}</pre></details>` : ""}`
        : "—",
    ],
  ];
  const dl = `<dl class="job">${fields.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
  const history = table(
    ["at", "event", "attempt", "by", "error kind", "message"],
    job.history.map((e) => [
      when(e.at),
      escapeHtml(e.event),
      `${e.attempt}`,
      escapeHtml(e.owner ?? ""),
      escapeHtml(e.code ?? ""),
      e.stack
        ? `<details><summary>${escapeHtml(e.message ?? "")}</summary><pre>${escapeHtml(e.stack)}</pre></details>`
        : escapeHtml(e.message ?? ""),
    ]),
    "No failures or actions recorded for this job.",
    "history",
  );
  return consolePage(
    `Job ${job.id}`,
    `${dl}<div id="job-actions">${actions}</div>${loginHint(ctx, back)}<h2>History (newest first)</h2>${history}`,
    css,
    ctx.search,
  );
}

/** A client's lane of one kind: its jobs in claim order with their place, and the lane's cancel action. */
export function renderLanePage(lane: LaneView, ctx: ActionContext, css: string): string {
  const back = `/lanes/${lane.kind}/${lane.clientHex}`;
  const counts = Object.entries(lane.counts)
    .map(([state, n]) => `${n} ${escapeHtml(state)}`)
    .join(", ");
  const jobs = table(
    ["job", "key", "state", "priority", "attempts", "place in the kind's claim order", "last error"],
    lane.jobs.map((j) => [
      `<a href="${escapeHtml(jobHref(j.id, ctx.search))}">${escapeHtml(j.id)}</a>`,
      escapeHtml(j.key),
      escapeHtml(j.state),
      `${j.priority}`,
      `${j.attempts}`,
      j.position === null ? "—" : `${j.position + 1}`,
      escapeHtml(j.lastError ?? ""),
    ]),
    "This lane has no jobs.",
    "lane",
  );
  const paused = lane.paused
    ? `<p class="paused" id="paused">Kind ${escapeHtml(lane.kind)} is paused: nothing is claimed until it is resumed.</p>`
    : "";
  return consolePage(
    `Lane ${lane.client} (${lane.kind})`,
    `${paused}<p id="lane-counts">${counts || "no jobs"}</p><div>${actionForm(ctx, `/api/lanes/${lane.kind}/${lane.clientHex}/cancel`, "Cancel this lane's waiting jobs", back)}</div>${loginHint(ctx, back)}<h2>Jobs (ready ones in claim order; at most 100)</h2>${jobs}`,
    css,
    ctx.search,
  );
}

/** The login form: the admin token, posted once, exchanged for a session cookie. */
export function renderLoginPage(ctx: ActionContext, back: string, css: string, message = ""): string {
  const body = ctx.actionsEnabled
    ? `${message ? `<p class="outage" id="login-error">${escapeHtml(message)}</p>` : ""}<form method="post" action="/login${escapeHtml(ctx.search)}"><input type="hidden" name="back" value="${escapeHtml(back)}"><label>Admin token <input type="password" name="token" autocomplete="current-password" required></label> <button type="submit">Log in</button></form><p class="meta">The token is checked once; the session lasts 12 hours (a cookie only this site gets).</p>`
    : `<p id="actions-off">Actions are off: start the status server with BONAFIDE_ADMIN_TOKEN set.</p>`;
  return consolePage("Log in", body, css, ctx.search);
}

/** The console's part of the status page. */
export function consoleSections(
  data: StatusData,
  ctx: ActionContext,
): { top: string; failures: string; bottom: string } {
  const kinds = new Set<string>(["rate"]);
  for (const d of data.queue.depth) kinds.add(d.kind);
  for (const f of data.failures.byCode) kinds.add(f.kind);
  for (const p of data.paused) kinds.add(p.kind);
  const paused = new Map(data.paused.map((p) => [p.kind, p]));
  const banner = data.paused
    .map(
      (p) =>
        `<div class="paused" id="paused-${escapeHtml(p.kind)}"><b>${escapeHtml(p.kind)} is paused</b> since ${when(p.at)} by ${escapeHtml(p.by)}: nothing of this kind is claimed; the edge keeps queueing. ${actionForm(ctx, `/api/kinds/${p.kind}/resume`, `Resume ${p.kind}`, "/status")}</div>`,
    )
    .join("");
  const kindActions = table(
    ["kind", "state", "actions"],
    [...kinds]
      .sort()
      .map((k) => [
        escapeHtml(k),
        paused.has(k) ? "<b>paused</b>" : "running",
        [
          paused.has(k)
            ? actionForm(ctx, `/api/kinds/${k}/resume`, "Resume", "/status")
            : actionForm(ctx, `/api/kinds/${k}/pause`, "Pause", "/status"),
          actionForm(ctx, `/api/kinds/${k}/retry-dead`, "Retry all dead", "/status"),
        ].join(""),
      ]),
    "No kinds.",
    "kinds",
  );
  const failureCharts = [...kinds]
    .sort()
    .map((kind) => {
      const points = data.failures.perMinute.map((p) => ({
        label: p.minute.slice(11, 16),
        values: [p.retried[kind] ?? 0, p.final[kind] ?? 0],
      }));
      const all = points.reduce((n, p) => n + (p.values[0] ?? 0) + (p.values[1] ?? 0), 0);
      if (all === 0) return "";
      return `<h3>${escapeHtml(kind)}: ${all} failed attempts in the last hour</h3>${renderStackedChart(
        points,
        [
          { name: "failed, will be retried", className: "retried" },
          { name: "failed for good (dead)", className: "final" },
        ],
        `${kind} failed attempts per minute over the last hour`,
        "attempts / min",
      )}`;
    })
    .join("");
  const byCode = table(
    ["kind", "error kind", "will be retried", "final", "latest example"],
    data.failures.byCode.map((f) => [
      escapeHtml(f.kind),
      `<code>${escapeHtml(f.code)}</code>`,
      `${f.retried}`,
      `${f.final}`,
      `${when(f.latest.at)} <a href="${escapeHtml(jobHref(f.latest.jobId, ctx.search))}">${escapeHtml(f.latest.key)}</a>: ${escapeHtml(f.latest.message ?? "")}`,
    ]),
    "No failed attempts in the last hour.",
    "failures",
  );
  const audit = table(
    ["at", "who", "action", "target", "jobs"],
    data.audit.map((a) => [
      when(a.at),
      escapeHtml(a.actor),
      escapeHtml(a.action),
      escapeHtml(a.target),
      `${a.affected}`,
    ]),
    "No console actions yet.",
    "audit",
  );
  return {
    top: `${banner}${loginHint(ctx, "/status")}`,
    failures: `<h2>Failed attempts, retried and final, minute by minute (last hour)</h2>${failureCharts || '<p class="empty">None in the last hour.</p>'}<h2>Failed attempts by error kind, last hour</h2>${byCode}`,
    bottom: `<h2>Kinds: pause, resume, retry dead jobs</h2>${kindActions}<h2>Console actions (audit)</h2>${audit}`,
  };
}
