/**
 * @module The evaluation's figures, pure: the confusion matrix per letter (expected × got), precision and
 * recall per gate, letters right, false A — and the report that prints them with every wrong site and the
 * reasons its rating gave. Kept apart from the harness so the arithmetic has its own unit test.
 */

export const LETTERS = ["A", "Q", "X", "U"] as const;
export type Letter = (typeof LETTERS)[number];

/** The gate a rating's letter and ratingInfo stand for (score.ts decideLetter names them so). */
export function gateOf(rating: string, ratingInfo: string): string {
  if (rating === "A") return "gate:verified";
  if (rating === "Q") return "gate:unverified";
  return ratingInfo ? `gate:${ratingInfo}` : `gate:${rating}`;
}

export interface Outcome {
  domain: string;
  /** Grouping keys for the breakdown (platform, country). */
  tags?: Record<string, string>;
  /** Diagnostics printed under a wrong site (which pages were read, which were not). */
  notes?: string[];
  expected: { rating: Letter; ratingInfo: string; why: string };
  got: { rating: string; ratingInfo: string; reasons: { code: string; weight: number; detail?: string }[] };
}

export interface GateFigures {
  gate: string;
  tp: number;
  fp: number;
  fn: number;
  /** null when the gate was never given (nothing to be precise about). */
  precision: number | null;
  /** null when the gate was never expected. */
  recall: number | null;
}

export interface Figures {
  total: number;
  /** Expected letter → got letter → count (got may be a letter outside LETTERS, e.g. W, counted as is). */
  matrix: Record<string, Record<string, number>>;
  lettersRight: number;
  /** Letter and ratingInfo both as expected. */
  exactRight: number;
  falseA: number;
  gates: GateFigures[];
  wrong: Outcome[];
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function computeFigures(outcomes: readonly Outcome[]): Figures {
  const matrix: Record<string, Record<string, number>> = {};
  for (const e of LETTERS) matrix[e] = Object.fromEntries(LETTERS.map((g) => [g, 0]));
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (gate: string, key: "tp" | "fp" | "fn") => {
    const c = counts.get(gate) ?? { tp: 0, fp: 0, fn: 0 };
    c[key]++;
    counts.set(gate, c);
  };
  let lettersRight = 0;
  let exactRight = 0;
  let falseA = 0;
  const wrong: Outcome[] = [];
  for (const o of outcomes) {
    const row = matrix[o.expected.rating] ?? {};
    matrix[o.expected.rating] = row;
    row[o.got.rating] = (row[o.got.rating] ?? 0) + 1;
    const letterOk = o.got.rating === o.expected.rating;
    const exact = letterOk && o.got.ratingInfo === o.expected.ratingInfo;
    if (letterOk) lettersRight++;
    if (exact) exactRight++;
    else wrong.push(o);
    if (o.got.rating === "A" && o.expected.rating !== "A") falseA++;
    const want = gateOf(o.expected.rating, o.expected.ratingInfo);
    const have = gateOf(o.got.rating, o.got.ratingInfo);
    if (want === have) bump(want, "tp");
    else {
      bump(want, "fn");
      bump(have, "fp");
    }
  }
  const gates = [...counts.entries()]
    .map(([gate, c]) => ({ gate, ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) }))
    .sort((a, b) => a.gate.localeCompare(b.gate));
  return { total: outcomes.length, matrix, lettersRight, exactRight, falseA, gates, wrong };
}

/** Letters right out of sites, per value of one tag (e.g. per platform), sorted by name. */
export function breakdown(outcomes: readonly Outcome[], tag: string): { key: string; right: number; total: number }[] {
  const by = new Map<string, { right: number; total: number }>();
  for (const o of outcomes) {
    const key = o.tags?.[tag] ?? "?";
    const c = by.get(key) ?? { right: 0, total: 0 };
    c.total++;
    if (o.got.rating === o.expected.rating) c.right++;
    by.set(key, c);
  }
  return [...by.entries()].map(([key, c]) => ({ key, ...c })).sort((a, b) => a.key.localeCompare(b.key));
}

const pct = (v: number | null) => (v === null ? "   –" : `${Math.round(v * 100)}%`.padStart(4));

/** The printed report. */
export function formatReport(f: Figures): string {
  const cols = [...new Set([...LETTERS, ...Object.values(f.matrix).flatMap((r) => Object.keys(r))])];
  const lines: string[] = [];
  lines.push("Confusion matrix (rows: expected, columns: got)");
  lines.push(`          ${cols.map((c) => c.padStart(5)).join("")}`);
  for (const e of LETTERS) {
    lines.push(`  ${e.padEnd(8)}${cols.map((c) => String(f.matrix[e]?.[c] ?? 0).padStart(5)).join("")}`);
  }
  lines.push("");
  lines.push("Per gate              tp   fp   fn  precision  recall");
  for (const g of f.gates) {
    lines.push(
      `  ${g.gate.padEnd(19)}${String(g.tp).padStart(3)}  ${String(g.fp).padStart(3)}  ${String(g.fn).padStart(3)}       ${pct(g.precision)}    ${pct(g.recall)}`,
    );
  }
  lines.push("");
  lines.push(`Letters right: ${f.lettersRight}/${f.total}   letter and ratingInfo right: ${f.exactRight}/${f.total}`);
  lines.push(`False A: ${f.falseA}`);
  if (f.wrong.length > 0) {
    lines.push("");
    lines.push("Wrong:");
    for (const o of f.wrong) {
      const info = (r: string, i: string) => (i ? `${r} ${i}` : r);
      lines.push(
        `  ${o.domain}: expected ${info(o.expected.rating, o.expected.ratingInfo)}, got ${info(o.got.rating, o.got.ratingInfo)}`,
      );
      lines.push(`    why expected: ${o.expected.why}`);
      for (const note of o.notes ?? []) lines.push(`    ${note}`);
      for (const r of o.got.reasons) {
        lines.push(
          `    ${r.weight >= 0 ? "+" : ""}${r.weight} ${r.code}${r.detail ? `: ${r.detail.slice(0, 140)}` : ""}`,
        );
      }
    }
  }
  return lines.join("\n");
}
