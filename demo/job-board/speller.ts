/**
 * @module The speller back-end's logic: each word of a query is replaced by the nearest vocabulary word
 * (Damerau–Levenshtein distance ≤ 2), the way a search speller suggests "java" for "jvaa".
 */

/** Optimal-string-alignment distance (adjacent transpositions count as one edit). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  const row0 = d[0];
  if (row0) for (let j = 0; j <= b.length; j++) row0[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] ?? [];
    const prev = d[i - 1] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (d[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = v;
    }
  }
  return d[a.length]?.[b.length] ?? 0;
}

/** The corrected query, or null when every word is known or nothing is close enough. */
export function suggestCorrection(query: string, vocabulary: ReadonlySet<string>): string | null {
  let changed = false;
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => {
      if (vocabulary.has(w) || w.length < 3) return w;
      let best = w;
      let bestDistance = 3;
      for (const v of vocabulary) {
        if (Math.abs(v.length - w.length) > 2) continue;
        const dist = editDistance(w, v);
        if (dist < bestDistance) {
          best = v;
          bestDistance = dist;
        }
      }
      if (best !== w) changed = true;
      return best;
    });
  return changed ? words.join(" ") : null;
}
