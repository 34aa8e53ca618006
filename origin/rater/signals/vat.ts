/**
 * @module EU and UK VAT identification numbers: the check digits of each country's scheme, so a number made
 * up or mistyped is told from a real-looking one (research/rating.md S8; algorithms as published by the
 * national tax administrations and collected in python-stdnum / jsvat).
 */

const digits = (s: string) => [...s].map(Number);

/** Luhn (ISO/IEC 7812): Italian partita IVA and the Swedish organisation number. */
function luhnValid(number: string): boolean {
  let sum = 0;
  digits(number)
    .reverse()
    .forEach((d, i) => {
      const x = i % 2 === 1 ? d * 2 : d;
      sum += x > 9 ? x - 9 : x;
    });
  return sum % 10 === 0;
}

/** ISO 7064 MOD 11,10, the check digit of German VAT IDs (USt-IdNr.). */
export function germanVatCheckDigitValid(nine: string): boolean {
  if (!/^\d{9}$/.test(nine)) return false;
  let product = 10;
  for (const ch of nine.slice(0, 8)) {
    let sum = (Number(ch) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10 === Number(nine[8]);
}

function weighted(ds: number[], weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * (ds[i] ?? 0), 0);
}

const CHECKS: Record<string, (body: string) => boolean | undefined> = {
  DE: (b) => germanVatCheckDigitValid(b),
  // HMRC: weights 8..2 on the first 7 digits plus the last two as a number; ≡ 0 or ≡ 42 (mod 97, "9755").
  GB: (b) => {
    if (!/^\d{9}$/.test(b)) return undefined;
    const ds = digits(b);
    const sum = weighted(ds, [8, 7, 6, 5, 4, 3, 2]) + Number(b.slice(7));
    return sum % 97 === 0 || (sum + 55) % 97 === 0;
  },
  AT: (b) => {
    const m = /^U(\d{8})$/.exec(b);
    if (!m?.[1]) return undefined;
    const ds = digits(m[1]);
    const f = (x: number) => Math.floor((2 * x) / 10) + ((2 * x) % 10);
    const s = (ds[0] ?? 0) + f(ds[1] ?? 0) + (ds[2] ?? 0) + f(ds[3] ?? 0) + (ds[4] ?? 0) + f(ds[5] ?? 0) + (ds[6] ?? 0);
    return (10 - ((s + 4) % 10)) % 10 === ds[7];
  },
  IT: (b) => (/^\d{11}$/.test(b) ? luhnValid(b) : undefined),
  SE: (b) => (/^\d{10}01$/.test(b) ? luhnValid(b.slice(0, 10)) : /^\d{12}$/.test(b) ? false : undefined),
  DK: (b) => (/^\d{8}$/.test(b) ? weighted(digits(b), [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0 : undefined),
  PL: (b) => {
    if (!/^\d{10}$/.test(b)) return undefined;
    const ds = digits(b);
    return weighted(ds, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === ds[9];
  },
  BE: (b) => {
    const n = b.length === 9 ? `0${b}` : b;
    if (!/^[01]\d{9}$/.test(n)) return undefined;
    return 97 - (Number(n.slice(0, 8)) % 97) === Number(n.slice(8));
  },
  FR: (b) => {
    const m = /^(\d{2})(\d{9})$/.exec(b);
    if (!m?.[1] || !m[2]) return undefined; // letter keys (new-style) are not checked here
    return Number(m[1]) === (12 + 3 * (Number(m[2]) % 97)) % 97;
  },
  NL: (b) => {
    const m = /^(\d{9})B\d{2}$/.exec(b);
    if (!m?.[1]) return undefined;
    // Before 2020 the number was a fiscal number (mod 11); sole traders since then get a mod 97 number.
    const ds = digits(m[1]);
    if ((weighted(ds, [9, 8, 7, 6, 5, 4, 3, 2]) - (ds[8] ?? 0)) % 11 === 0) return true;
    const numeric = `2321${b}`.replace(/B/g, "11");
    return BigInt(numeric) % 97n === 1n;
  },
};

/** Whether the check digits of a VAT ID (country prefix, no spaces) are right, or "unchecked". */
export function vatChecksum(value: string): "valid" | "invalid" | "unchecked" {
  const check = CHECKS[value.slice(0, 2)];
  const result = check?.(value.slice(2));
  return result === undefined ? "unchecked" : result ? "valid" : "invalid";
}
