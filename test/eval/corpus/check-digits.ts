/**
 * @module Check digits for the identifiers the corpus prints, so every VAT id and company number a site shows
 * is one its country could really issue (a real shop's numbers pass their checksums; ours must too).
 */

const digits = (s: string) => [...s].map(Number);

/** German USt-IdNr: DE + 8 digits + ISO 7064 MOD 11,10 check digit. */
export function deVat(base8: string): string {
  let product = 10;
  for (const d of digits(base8)) {
    let sum = (d + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = (11 - product) % 10;
  return `DE${base8}${check}`;
}

/** French SIREN (Luhn) from 8 digits, and its VAT id FR + key + SIREN. */
export function frSiren(base8: string): { siren: string; vat: string } {
  const siren = luhnComplete(base8);
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return { siren, vat: `FR${String(key).padStart(2, "0")}${siren}` };
}

/** Appends the Luhn check digit. */
export function luhnComplete(base: string): string {
  for (let c = 0; c < 10; c++) {
    const all = digits(base + c).reverse();
    const sum = all.reduce((s, d, i) => s + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
    if (sum % 10 === 0) return base + c;
  }
  throw new Error("unreachable");
}

/** Italian partita IVA: 10 digits + Luhn-style check. */
export function itPiva(base10: string): string {
  return luhnComplete(base10);
}

/** Polish NIP: 9 digits + weighted mod 11 (a base giving 10 is not issued; pick another). */
export function plNip(base9: string): string {
  const w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  const c = digits(base9).reduce((s, d, i) => s + d * (w[i] ?? 0), 0) % 11;
  if (c === 10) throw new Error(`NIP base ${base9} has no valid check digit`);
  return base9 + c;
}

/** Austrian UID: ATU + 7 digits + check. */
export function atUid(base7: string): string {
  const d = digits(base7);
  let sum = 0;
  d.forEach((x, i) => {
    if (i % 2 === 0) sum += x;
    else {
      const y = x * 2;
      sum += Math.floor(y / 10) + (y % 10);
    }
  });
  const check = (10 - ((sum + 4) % 10)) % 10;
  return `ATU${base7}${check}`;
}

/** Swiss UID CHE-xxx.xxx.xxx: 8 digits + mod 11 (weights 5,4,3,2,7,6,5,4). */
export function chUid(base8: string): string {
  const w = [5, 4, 3, 2, 7, 6, 5, 4];
  const r = 11 - (digits(base8).reduce((s, d, i) => s + d * (w[i] ?? 0), 0) % 11);
  if (r === 10) throw new Error(`UID base ${base8} has no valid check digit`);
  const n = base8 + (r === 11 ? 0 : r);
  return `CHE-${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`;
}

/** Czech IČO: 7 digits + mod 11. */
export function czIco(base7: string): string {
  const sum = digits(base7).reduce((s, d, i) => s + d * (8 - i), 0);
  const c = (11 - (sum % 11)) % 10;
  return base7 + c;
}

/** Swedish organisationsnummer NNNNNN-NNNN (Luhn over the 10 digits). */
export function seOrgNr(base9: string): string {
  const n = luhnComplete(base9);
  return `${n.slice(0, 6)}-${n.slice(6)}`;
}

/** Dutch BTW-id of a company: NL + 8 digits + "elfproef" check digit + B01. */
export function nlBtw(base8: string): string {
  const c = digits(base8).reduce((s, d, i) => s + d * (9 - i), 0) % 11;
  if (c === 10) throw new Error(`BTW base ${base8} has no valid check digit`);
  return `NL${base8}${c}B01`;
}

/** Spanish CIF for a company (letter B, 7 digits, control digit). */
export function esCif(base7: string): string {
  const d = digits(base7);
  let even = 0;
  let odd = 0;
  d.forEach((x, i) => {
    if (i % 2 === 1) even += x;
    else {
      const y = x * 2;
      odd += Math.floor(y / 10) + (y % 10);
    }
  });
  const c = (10 - ((even + odd) % 10)) % 10;
  return `B${base7}${c}`;
}

/** Portuguese NIF: 8 digits + mod 11. */
export function ptNif(base8: string): string {
  const sum = digits(base8).reduce((s, d, i) => s + d * (9 - i), 0);
  const r = 11 - (sum % 11);
  return base8 + (r >= 10 ? 0 : r);
}

/** Brazilian CNPJ formatted 00.000.000/0001-00 from 8 root digits. */
export function brCnpj(root8: string): string {
  const base = `${root8}0001`;
  const dv = (s: string, w: number[]) => {
    const r = digits(s).reduce((a, d, i) => a + d * (w[i] ?? 0), 0) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(base, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = dv(base + d1, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const n = `${base}${d1}${d2}`;
  return `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 8)}/${n.slice(8, 12)}-${n.slice(12)}`;
}

/** Belgian enterprise number 0xxx.xxx.xxx (97 − mod 97 of the first 8 digits). */
export function beEnterprise(base8: string): string {
  const c = 97 - (Number(base8) % 97);
  const n = `${base8}${String(c).padStart(2, "0")}`;
  return `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
}

/** UK VAT GB + 7 digits + 2 check digits (mod 97, the pre-2010 scheme). */
export function gbVat(base7: string): string {
  const sum = digits(base7).reduce((s, d, i) => s + d * (8 - i), 0);
  let c = sum % 97;
  c = c === 0 ? 0 : 97 - c;
  return `GB ${base7.slice(0, 3)} ${base7.slice(3)} ${String(c).padStart(2, "0")}`;
}

/** Japanese corporate number (法人番号): check digit + 12 digits. */
export function jpCorporate(base12: string): string {
  const d = digits(base12).reverse();
  const sum = d.reduce((s, x, i) => s + x * (i % 2 === 0 ? 1 : 2), 0);
  return `${9 - (sum % 9)}${base12}`;
}
