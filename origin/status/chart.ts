/**
 * @module A bar chart as inline SVG (no scripts, no external assets): jobs finished per minute.
 */

const WIDTH = 720;
const HEIGHT = 160;
const PAD = { left: 40, right: 8, top: 10, bottom: 22 };

/** A "nice" axis maximum at or above `n` (1, 2, 5 × 10^k). */
function niceMax(n: number): number {
  if (n <= 5) return 5;
  const exp = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * exp >= n) return m * exp;
  return 10 * exp;
}

/** Bars for `points` (oldest first) of `{label, ok, failed}`; `title` names the chart for screen readers. */
export function renderBarChart(
  points: readonly { label: string; ok: number; failed: number }[],
  title: string,
): string {
  const max = niceMax(Math.max(0, ...points.map((p) => p.ok + p.failed)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, points.length);
  const barW = Math.max(1, step - 2);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const bars = points
    .map((p, i) => {
      const x = PAD.left + i * step + 1;
      const okTop = y(p.ok);
      const failTop = y(p.ok + p.failed);
      const tip = `<title>${p.label}: ${p.ok} done, ${p.failed} failed</title>`;
      return (
        `<g>${tip}<rect class="ok" x="${x.toFixed(1)}" y="${okTop.toFixed(1)}" width="${barW.toFixed(1)}" height="${(PAD.top + plotH - okTop).toFixed(1)}"/>` +
        (p.failed > 0
          ? `<rect class="failed" x="${x.toFixed(1)}" y="${failTop.toFixed(1)}" width="${barW.toFixed(1)}" height="${(okTop - failTop).toFixed(1)}"/>`
          : "") +
        "</g>"
      );
    })
    .join("");
  const grid = [0, max / 2, max]
    .map(
      (v) =>
        `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>` +
        `<text x="${PAD.left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`,
    )
    .join("");
  const first = points[0]?.label ?? "";
  const last = points.at(-1)?.label ?? "";
  return `<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">${grid}${bars}<text x="${PAD.left}" y="${HEIGHT - 4}">${first}</text><text x="${WIDTH - PAD.right}" y="${HEIGHT - 4}" text-anchor="end">${last}</text></svg>`;
}
