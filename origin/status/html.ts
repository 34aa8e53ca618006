/**
 * @module The status page as HTML: one self-contained document (inline CSS and SVG, no scripts, no
 * external assets) that reloads itself every few seconds.
 */

import { type ActionContext, actionForm, CONSOLE_CSS, consoleSections, jobHref, laneHref } from "../console/html.ts";
import type { ProcessRow } from "../process/registry.ts";
import { renderStackedChart } from "./chart.ts";
import type { StatusView } from "./view.ts";

export const REFRESH_S = 5;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

function age(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

function table(headers: string[], rows: string[][], empty: string, id: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2330;background:#fafbfc}
h1{font-size:1.4rem;margin:0 0 .2rem}h2{font-size:1.05rem;margin:1.6rem 0 .4rem}
.meta{color:#667}table{border-collapse:collapse;background:#fff}th,td{padding:.25rem .6rem;border:1px solid #dde;text-align:left}
th{background:#eef1f6}td.n{text-align:right;font-variant-numeric:tabular-nums}.tiles{display:flex;gap:.8rem;flex-wrap:wrap}
.tile{background:#fff;border:1px solid #dde;padding:.5rem .9rem;min-width:7rem}.tile b{display:block;font-size:1.5rem}
.chart rect.ok{fill:#3b7dd8}.chart rect.failed{fill:#d8553b}.chart line.grid{stroke:#dde}.chart text{font-size:10px;fill:#667}
pre{white-space:pre-wrap;font-size:12px;margin:.2rem 0;max-height:12rem;overflow:auto}details summary{cursor:pointer}
.empty{color:#667;font-style:italic}.outage{background:#fde8e4;border:1px solid #d8553b;padding:.5rem .9rem}
h3{font-size:.95rem;margin:1rem 0 .3rem}`;

/** The status page's CSS, which the console's own pages share. */
export const STATUS_CSS = CSS;

/** Says that the database did not answer, and how old the figures shown are; empty while it answers. */
function outageBanner(view: StatusView): string {
  if (view.database.up) return "";
  const shown =
    view.database.ageSeconds === null
      ? "No read has succeeded since this status server started, so there are no figures to show."
      : `The figures below are from the last successful read, ${age(view.database.ageSeconds)} ago.`;
  return `<p class="outage" id="database-down"><b>The database is unreachable</b> (${escapeHtml(view.database.error ?? "")}). ${escapeHtml(shown)}</p>`;
}

/** The page's head and title line. */
function pageHead(asOf: string, search: string, reload = true): string {
  const refresh = reload ? `<meta http-equiv="refresh" content="${REFRESH_S}">` : "";
  const every = reload
    ? `reloads every ${REFRESH_S} s`
    : `logged in: <a href="status${escapeHtml(search)}">reload</a> by hand (the page holds action buttons) · <form method="post" class="act" action="logout${escapeHtml(search)}"><button type="submit">log out</button></form>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${refresh}
<meta name="viewport" content="width=device-width,initial-scale=1"><title>bonafide status</title><style>${CSS}
${CONSOLE_CSS}</style></head>
<body><h1>bonafide status</h1><div class="meta">as of ${escapeHtml(asOf)} · ${every} · <a href="status.json${escapeHtml(search)}">JSON</a> · <a href="metrics${escapeHtml(search)}">metrics</a></div>`;
}

/** Chart titles of the kinds of job bonafide runs; another kind is shown as "<kind> jobs". */
const KIND_TITLES: Record<string, string> = { rate: "Ratings", page: "Page refreshes" };

/**
 * The whole page for `view`; `search` (e.g. `?token=…`) is kept on the links to the JSON and metrics; `ctx`
 * says whether (and with which CSRF token) to draw the console's action buttons.
 */
export function renderStatusHtml(
  view: StatusView,
  search = "",
  ctx: ActionContext = { csrf: null, search, actionsEnabled: false },
): string {
  const data = view.data;
  const self = `<p class="meta">this status server: ${escapeHtml(view.self.host)} pid ${view.self.pid}, up ${age(view.self.uptimeSeconds)}, ${(view.self.rssBytes / 1_048_576).toFixed(0)} MiB</p>`;
  if (!data)
    return `${pageHead(new Date().toISOString(), search, ctx.csrf === null)}\n${outageBanner(view)}\n${self}\n</body></html>`;
  const t = data.queue.totals;
  const oldest = Object.entries(data.queue.oldestWaitingSeconds);
  const maxOldest = oldest.length ? Math.max(...oldest.map(([, s]) => s)) : null;
  const tiles = [
    ["waiting", (t.new ?? 0) + (t.ready ?? 0)],
    ["being worked on", t.leased ?? 0],
    ["retry later", t.delayed ?? 0],
    ["dead", t.dead ?? 0],
    ["oldest waiting", maxOldest === null ? "—" : age(maxOldest)],
    ["live processes", data.processes.length],
    ["KV push backlog", data.pushBacklog],
  ]
    .map(([label, value]) => `<div class="tile"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`)
    .join("");
  // One chart per kind of job: ratings always, page refreshes (and any other kind) once there are some.
  const kinds = new Set<string>(["rate"]);
  for (const p of data.throughput)
    for (const k of [...Object.keys(p.completed), ...Object.keys(p.failed)]) kinds.add(k);
  for (const d of data.queue.depth) kinds.add(d.kind);
  const charts = [...kinds]
    .map((kind) => {
      const perMinute = data.throughput.map((p) => ({
        label: p.minute.slice(11, 16),
        values: [p.completed[kind] ?? 0, p.failed[kind] ?? 0],
      }));
      const lastHour = perMinute.reduce((n, p) => n + (p.values[0] ?? 0) + (p.values[1] ?? 0), 0);
      const title = KIND_TITLES[kind] ?? `${kind} jobs`;
      return `<h2>${escapeHtml(title)} per minute, last hour (${lastHour} in all)</h2>${renderStackedChart(
        perMinute,
        [
          { name: "done", className: "ok" },
          { name: "failed attempts", className: "failed" },
        ],
        `${title.toLowerCase()} per minute over the last hour`,
        "jobs / min",
      )}`;
    })
    .join("\n");
  const depth = table(
    ["kind", "state", "priority", "jobs"],
    data.queue.depth.map((d) => [escapeHtml(d.kind), escapeHtml(d.state), `${d.priority}`, `${d.jobs}`]),
    "The queue is empty.",
    "queue",
  );
  const now = Date.parse(data.generatedAt);
  const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;
  const started = (p: ProcessRow) => escapeHtml(p.startedAt.toISOString().replace("T", " ").slice(0, 19));
  const heartbeat = (p: ProcessRow) => `${age(Math.max(0, (now - p.heartbeatAt.getTime()) / 1000))} ago`;
  const aggregators = data.processes.filter((p) => p.role === "aggregator");
  const processes = table(
    ["role", "host", "pid", "started", "last heartbeat", "state", "in flight", "completed", "failed", "RSS"],
    data.processes
      .filter((p) => p.role !== "aggregator")
      .map((p) => [
        escapeHtml(p.role),
        escapeHtml(p.host),
        `${p.pid}`,
        started(p),
        heartbeat(p),
        escapeHtml(p.state),
        `${p.inFlight} / ${p.concurrency}`,
        `${p.completed}`,
        `${p.failed}`,
        mib(p.rssBytes),
      ]),
    "No live raters: start one with npx bonafide rater.",
    "processes",
  );
  const aggregatorTable = table(
    [
      "host",
      "port",
      "pid",
      "started",
      "last heartbeat",
      "state",
      "active requests",
      "served",
      "5xx",
      "page refreshes (failed)",
      "RSS",
    ],
    aggregators.map((p) => [
      escapeHtml(p.host),
      p.port === null ? "—" : `${p.port}`,
      `${p.pid}`,
      started(p),
      heartbeat(p),
      escapeHtml(p.state),
      `${p.inFlight} / ${p.concurrency}`,
      `${p.completed}`,
      `${p.failed}`,
      p.metrics ? `${p.metrics.completed} (${p.metrics.failed})` : "off",
      mib(p.rssBytes),
    ]),
    "No live aggregators: start one with npx bonafide aggregator.",
    "aggregators",
  );
  const gone = table(
    ["role", "host", "pid", "started", "last heartbeat", "state"],
    [...data.goneProcesses]
      .sort((a, b) => b.heartbeatAt.getTime() - a.heartbeatAt.getTime())
      .slice(0, 20)
      .map((p) => [escapeHtml(p.role), escapeHtml(p.host), `${p.pid}`, started(p), heartbeat(p), escapeHtml(p.state)]),
    "None: every registered process is reporting on time.",
    "gone",
  );
  const clients = table(
    ["kind", "client", "waiting", "being worked on"],
    data.clients.map((c) => [
      escapeHtml(c.kind),
      `<a href="${escapeHtml(laneHref(c.kind, c.clientHex, search))}">${escapeHtml(c.client)}</a>`,
      `${c.waiting}`,
      `${c.leased}`,
    ]),
    "No client has work queued.",
    "clients",
  );
  const errors = table(
    ["at", "process", "code", "message"],
    data.errors.map((e) => [
      escapeHtml(e.at.replace("T", " ").slice(0, 19)),
      `${escapeHtml(e.process)}@${escapeHtml(e.host)}:${e.pid}`,
      escapeHtml(e.code ?? ""),
      `<details><summary>${escapeHtml(e.message)}</summary><pre>${escapeHtml(e.stack ?? "")}</pre>${e.context ? `<pre>${escapeHtml(e.context)}</pre>` : ""}</details>`,
    ]),
    "No errors recorded.",
    "errors",
  );
  const dead = table(
    ["at", "kind", "key", "attempts", "last error", ""],
    data.deadJobs.map((d) => [
      escapeHtml(d.at.replace("T", " ").slice(0, 19)),
      escapeHtml(d.kind),
      `<a href="${escapeHtml(jobHref(d.id, search))}">${escapeHtml(d.key)}</a>`,
      `${d.attempts}`,
      escapeHtml(d.lastError ?? ""),
      actionForm(ctx, `/api/jobs/${d.id}/retry`, "Retry", "/status"),
    ]),
    "No dead jobs. (Asking for a dead job again — the API, or npx bonafide import — revives it.)",
    "dead",
  );
  const consoleParts = consoleSections(data, ctx);
  return `${pageHead(data.generatedAt, search, ctx.csrf === null)}
${outageBanner(view)}
${consoleParts.top}
<div class="tiles">${tiles}</div>
${charts}
${consoleParts.failures}
<h2>Queue by kind, state and priority</h2>${depth}
<h2>Live raters</h2>${processes}
<h2>Live page aggregators</h2>${aggregatorTable}
<h2>Gone processes (heartbeat overdue; their rows are pruned an hour after their last report)</h2>${gone}
<h2>Busiest clients</h2>${clients}
<h2>Latest errors</h2>${errors}
<h2>Dead jobs (attempts used up)</h2>${dead}
${consoleParts.bottom}
${self}
</body></html>`;
}
