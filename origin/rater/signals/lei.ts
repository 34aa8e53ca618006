/**
 * @module Legal Entity Identifiers (ISO 17442): 18 alphanumeric characters and two check digits, valid when
 * the whole code, letters read as 10–35, is 1 modulo 97 (ISO 7064 MOD 97-10, as IBANs). An LEI on a site
 * can be looked up in GLEIF's global index (sources/registers/gleif.ts).
 */

const LEI_SHAPE = /^[0-9A-Z]{18}[0-9]{2}$/;

/** Whether `lei` (upper case, no spaces) has the ISO 17442 shape and right check digits. */
export function leiChecksumValid(lei: string): boolean {
  if (!LEI_SHAPE.test(lei)) return false;
  // Piecewise mod 97 over the digit string keeps every step within a safe integer.
  let rest = 0;
  for (const ch of lei) {
    const value = ch >= "A" ? ch.charCodeAt(0) - 55 : Number(ch);
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest === 1;
}

const LEI_CONTEXT = /\bLEI\b|legal entity identifier|rechtsträgerkennung|identifiant d[’']entité juridique/i;
const LEI_CANDIDATE = /\b([0-9A-Z]{4}[ ]?[0-9A-Z]{4}[ ]?[0-9A-Z]{4}[ ]?[0-9A-Z]{4}[ ]?[0-9A-Z]{2}[ ]?[0-9]{2})\b/g;

/**
 * LEIs written on a page: only near the word LEI (or "Legal Entity Identifier"), and only with valid check
 * digits — a random 20-character token passes the checksum one time in 97, so the wording is required too.
 */
export function findLeis(lines: readonly string[]): string[] {
  const found = new Set<string>();
  lines.forEach((line, i) => {
    if (!LEI_CONTEXT.test(`${lines[i - 1] ?? ""} ${line}`)) return;
    for (const m of line.toUpperCase().matchAll(LEI_CANDIDATE)) {
      const lei = (m[1] ?? "").replace(/ /g, "");
      if (leiChecksumValid(lei)) found.add(lei);
    }
  });
  return [...found];
}
