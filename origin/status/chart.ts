/**
 * @module A stacked bar chart as inline SVG (no external assets): one bar per minute, a legend, a y axis
 * with its unit, time labels every ten minutes on the x axis, and each bar's values on hover (an SVG
 * `<title>`, which browsers show as a tooltip and screen readers read, plus a highlighted bar).
 */

const WIDTH = 720;
const HEIGHT = 190;
const PAD = { left: 48, right: 8, top: 26, bottom: 34 };

/** One stacked series: its name in the legend and tooltips, and its CSS class (colour). */
export interface ChartSeries {
  name: string;
  className: string;
}

/** A bar: its x label (e.g. `14:05`) and one value per series, bottom first. */
export interface ChartPoint {
  label: string;
  values: readonly number[];
}

/** A "nice" axis maximum at or above `n` (1, 2, 5 × 10^k). */
function niceMax(n: number): number {
  if (n <= 5) return 5;
  const exp = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * exp >= n) return m * exp;
  return 10 * exp;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The chart of `points` (oldest first) stacked by `series`; `title` names it for screen readers, `unit`
 * labels the y axis (e.g. `jobs / min`).
 */
export function renderStackedChart(
  points: readonly ChartPoint[],
  series: readonly ChartSeries[],
  title: string,
  unit: string,
): string {
  const total = (p: ChartPoint) => p.values.reduce((a, b) => a + b, 0);
  const max = niceMax(Math.max(0, ...points.map(total)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const base = PAD.top + plotH;
  const step = plotW / Math.max(1, points.length);
  const barW = Math.max(1, step - 2);
  const y = (v: number) => base - (v / max) * plotH;
  const bars = points
    .map((p, i) => {
      const x = (PAD.left + i * step + 1).toFixed(1);
      const tip = `${p.label} UTC: ${series.map((s, k) => `${p.values[k] ?? 0} ${s.name}`).join(", ")}`;
      let below = 0;
      const rects = series
        .map((s, k) => {
          const v = p.values[k] ?? 0;
          if (v <= 0) return "";
          const top = y(below + v);
          const height = y(below) - top;
          below += v;
          return `<rect class="${s.className}" x="${x}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${height.toFixed(1)}"/>`;
        })
        .join("");
      // A full-height transparent hit area, so a minute with nothing in it still answers a hover.
      return `<g class="bar" data-values="${escapeXml(p.values.join(","))}"><title>${escapeXml(tip)}</title><rect class="hit" x="${x}" y="${PAD.top}" width="${barW.toFixed(1)}" height="${plotH}"/>${rects}</g>`;
    })
    .join("");
  const grid = [0, max / 2, max]
    .map(
      (v) =>
        `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>` +
        `<text x="${PAD.left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`,
    )
    .join("");
  const yTitle = `<text class="axis" transform="translate(11 ${(PAD.top + plotH / 2).toFixed(1)}) rotate(-90)" text-anchor="middle">${escapeXml(unit)}</text>`;
  // Time labels every ten minutes (and the last bar), centred under their bar.
  const ticks = points
    .map((p, i) =>
      i % 10 === 0 || i === points.length - 1
        ? `<line class="tick" x1="${(PAD.left + i * step + step / 2).toFixed(1)}" x2="${(PAD.left + i * step + step / 2).toFixed(1)}" y1="${base}" y2="${base + 4}"/>` +
          `<text x="${(PAD.left + i * step + step / 2).toFixed(1)}" y="${base + 15}" text-anchor="middle">${escapeXml(p.label)}</text>`
        : "",
    )
    .join("");
  const xTitle = `<text class="axis" x="${PAD.left + plotW / 2}" y="${HEIGHT - 3}" text-anchor="middle">minute (UTC)</text>`;
  const legend = series
    .map(
      (s, k) =>
        `<g class="legend" transform="translate(${PAD.left + k * 170} 6)"><rect class="${s.className}" width="12" height="12"/><text x="17" y="10">${escapeXml(s.name)}</text></g>`,
    )
    .join("");
  return `<svg class="chart" role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">${legend}${grid}<line class="axisline" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${base}"/>${yTitle}${ticks}${xTitle}${bars}</svg>`;
}
