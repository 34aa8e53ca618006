/**
 * @module National company and tax numbers as legal pages write them, each after its own keyword (SIRET,
 * "Registre du Commerce et des Sociétés de … sous le numéro", CIF, P.IVA, REA, KvK, NIP, IČO, FN, 法人番号,
 * CNPJ …), with the check digits of each scheme where one exists
 * (algorithms as the national administrations publish them, collected in python-stdnum).
 *
 * A number alone is any number; the keyword in front of it is what makes it a register or tax number, so
 * each pattern reads only the few characters after its keyword (bounded work on any line).
 */

export type NationalIdKind =
  | "fr-siren"
  | "it-rea"
  | "at-fn"
  | "es-nif"
  | "nl-kvk"
  | "pl-nip"
  | "pl-krs"
  | "cz-ico"
  | "jp-corporate-number"
  | "br-cnpj"
  | "se-orgnr"
  | "dk-cvr"
  | "fi-business-id"
  | "pt-nif"
  | "ch-uid";

export interface NationalId {
  kind: NationalIdKind | "vat";
  value: string;
  checksum: "valid" | "invalid" | "unchecked";
}

const digitsOf = (s: string) => [...s].map(Number);
const weighted = (ds: number[], ws: number[]) => ws.reduce((sum, w, i) => sum + w * (ds[i] ?? 0), 0);

function luhn(number: string): boolean {
  let sum = 0;
  digitsOf(number)
    .reverse()
    .forEach((d, i) => {
      const x = i % 2 === 1 ? d * 2 : d;
      sum += x > 9 ? x - 9 : x;
    });
  return sum % 10 === 0;
}

const CIF_LETTERS = "JABCDEFGHI";
const NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/** Spanish NIF of a person (8 digits + letter, NIE with X/Y/Z) or a company's CIF (letter, 7 digits, control). */
function spanishNifValid(v: string): boolean {
  const person = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(v);
  if (person) {
    const prefix = person[1] ? String("XYZ".indexOf(person[1])) : "";
    const n = Number(`${prefix}${person[2]}`);
    return NIF_LETTERS[n % 23] === person[3];
  }
  const company = /^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$/.exec(v);
  if (!company?.[2]) return false;
  const ds = digitsOf(company[2]);
  let sum = 0;
  ds.forEach((d, i) => {
    if (i % 2 === 1) sum += d;
    else sum += Math.floor((2 * d) / 10) + ((2 * d) % 10);
  });
  const control = (10 - (sum % 10)) % 10;
  return company[3] === String(control) || company[3] === CIF_LETTERS[control];
}

function cnpjValid(v: string): boolean {
  const ds = digitsOf(v);
  const check = (n: number) => {
    const ws = n === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const r = weighted(ds, ws) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return !/^(\d)\1+$/.test(v) && check(12) === ds[12] && check(13) === ds[13];
}

/** 法人番号: the first digit checks the twelve after it (National Tax Agency). */
function japaneseCorporateNumberValid(v: string): boolean {
  const body = digitsOf(v.slice(1)).reverse();
  const p = body.reduce((sum, d, i) => sum + d * (i % 2 === 0 ? 1 : 2), 0);
  return 9 - (p % 9) === Number(v[0]);
}

function mod11(ds: number[], ws: number[], map: (r: number) => number | undefined, check: number | undefined) {
  const expected = map(weighted(ds, ws) % 11);
  return expected !== undefined && expected === check;
}

interface IdRule {
  kind: NationalIdKind | "vat";
  keyword: RegExp;
  /** Read at the start of the text after the keyword (at most 40 characters of it). */
  value: RegExp;
  normalize: (raw: string) => string;
  valid: (value: string) => boolean | undefined;
}

const onlyDigits = (s: string) => s.replace(/\D/g, "");
// After the keyword: a colon, "n°", "no.", "nr", dashes; then the number.
// French and Italian write "sous le numéro", "n. MI-1234567".
const LEAD = String.raw`^[\s:.°º#-]{0,4}(?:(?:n[°ºo]|nr|no|num[ée]ro|num|number|nummer|n(?=\.))\.?[\s:.]{0,3})?`;

/**
 * Italian province codes (sigle automobilistiche): the REA number is kept by the chamber of commerce of a
 * province and written after its code ("REA MI-1234567").
 */
const IT_PROVINCES = new Set(
  "AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CI CL CN CO CR CS CT CZ EN FC FE FG FI FM FR GE GO GR IM IS KR LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA NO NU OG OR OT PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC RE RG RI RM RN RO SA SI SO SP SR SS SU SV TA TE TN TO TP TR TS TV UD VA VB VC VE VI VR VS VT VV".split(
    " ",
  ),
);

const RULES: IdRule[] = [
  {
    kind: "fr-siren",
    // "RCS Paris B 732 829 320", "RCS de Marseille", and written out: "immatriculée au Registre du Commerce et
    // des Sociétés de Marseille sous le numéro 812 345 676".
    keyword:
      /\b(?:SIRE[NT]|(?:RCS|Registre du [Cc]ommerce et des [Ss]oci[ée]t[ée]s)(?:\s(?:de\s|d'|du\s)?\p{Lu}[\p{L}-]{1,30}){0,2}(?: [AB])?(?:\ssous le)?)(?![\p{L}])/gu,
    value: new RegExp(`${LEAD}(\\d{3}[ .]?\\d{3}[ .]?\\d{3}(?:[ .]?\\d{5})?)\\b`),
    normalize: onlyDigits,
    valid: (v) => (v.length === 9 || v.length === 14 ? luhn(v) : undefined),
  },
  {
    kind: "es-nif",
    keyword: /\b(?:C\.?I\.?F|N\.?I\.?F)\b/g,
    value: new RegExp(`${LEAD}(?:ES)?([A-Z]-?\\d{7}-?[0-9A-J]|[XYZ]?\\d{7,8}-?[A-Z])\\b`),
    normalize: (s) => s.replace(/-/g, ""),
    valid: spanishNifValid,
  },
  {
    kind: "pt-nif",
    keyword: /\b(?:NIPC|NIF|Contribuinte)\b/gi,
    value: new RegExp(`${LEAD}(?:PT)?(\\d{3} ?\\d{3} ?\\d{3})\\b`),
    normalize: onlyDigits,
    valid: (v) => mod11(digitsOf(v), [9, 8, 7, 6, 5, 4, 3, 2], (r) => (r < 2 ? 0 : 11 - r), digitsOf(v)[8]),
  },
  {
    // The partita IVA is the VAT number without its "IT"; written so on almost every Italian footer.
    kind: "vat",
    keyword: /\b(?:P\.?\s?IVA|Partita IVA|C\.F\. e P\.\s?IVA|P\.IVA e C\.F\.)/gi,
    value: new RegExp(`${LEAD}(?:IT)?\\s?(\\d{11})\\b`),
    normalize: (s) => `IT${onlyDigits(s)}`,
    valid: (v) => luhn(v.slice(2)),
  },
  {
    // Repertorio Economico Amministrativo: the chamber's province code, then up to seven digits.
    kind: "it-rea",
    keyword: /\b(?:R\.E\.A\.|REA)(?![\p{L}])/gu,
    value: new RegExp(`${LEAD}([A-Z]{2} ?[-–]? ?\\d{4,7})\\b`),
    normalize: (s) => s.replace(/^([A-Z]{2})[\s–-]*/, "$1-"),
    valid: (v) => (IT_PROVINCES.has(v.slice(0, 2)) ? undefined : false),
  },
  {
    // Austrian Firmenbuch: "FN 123456 a", "Firmenbuchnummer: 123456a" — digits and a check letter.
    kind: "at-fn",
    keyword: /\b(?:FN|Firmenbuchnummer|Firmenbuch-Nr\.?|FB-Nr\.?)(?![\p{L}])/gu,
    value: /^[\s:.]{0,4}(?:FN\s?)?(\d{1,6}\s?[a-z])\b/,
    normalize: (s) => `FN ${s.replace(/\s/g, "").replace(/(\d)(?=[a-z])/, "$1 ")}`,
    valid: () => undefined,
  },
  {
    kind: "nl-kvk",
    keyword: /\b(?:KvK|K\.v\.K\.?|Kamer van Koophandel)(?:[- ]?nummer)?/gi,
    value: new RegExp(`${LEAD}(\\d{8})\\b`),
    normalize: onlyDigits,
    valid: () => undefined,
  },
  {
    kind: "pl-nip",
    keyword: /\bNIP\b/g,
    value: new RegExp(`${LEAD}(?:PL)?(\\d{3}-?\\d{2,3}-?\\d{2}-?\\d{2,3})\\b`),
    normalize: onlyDigits,
    valid: (v) =>
      v.length === 10 ? weighted(digitsOf(v), [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === digitsOf(v)[9] : false,
  },
  {
    kind: "pl-krs",
    keyword: /\bKRS\b/g,
    value: new RegExp(`${LEAD}(\\d{10})\\b`),
    normalize: onlyDigits,
    valid: () => undefined,
  },
  {
    kind: "cz-ico",
    keyword: /(?:^|[\s(,;])I[ČC]O?(?=[\s:])/g,
    value: new RegExp(`${LEAD}(\\d{2} ?\\d{3} ?\\d{3})\\b`),
    normalize: onlyDigits,
    valid: (v) => {
      const r = weighted(digitsOf(v), [8, 7, 6, 5, 4, 3, 2]) % 11;
      return (11 - r) % 10 === digitsOf(v)[7];
    },
  },
  {
    kind: "jp-corporate-number",
    keyword: /法人番号/g,
    value: /^[\s:：]{0,3}(\d{13})(?!\d)/,
    normalize: onlyDigits,
    valid: japaneseCorporateNumberValid,
  },
  {
    kind: "br-cnpj",
    keyword: /\bCNPJ\b/g,
    value: new RegExp(`${LEAD}(\\d{2}\\.?\\d{3}\\.?\\d{3}/?\\d{4}-?\\d{2})(?!\\d)`),
    normalize: onlyDigits,
    valid: cnpjValid,
  },
  {
    kind: "se-orgnr",
    keyword: /\b(?:org\.?\s?nr|organisationsnummer|organisationsnr)\b/gi,
    value: new RegExp(`${LEAD}(\\d{6}-?\\d{4})\\b`),
    normalize: onlyDigits,
    valid: luhn,
  },
  {
    kind: "dk-cvr",
    keyword: /\bCVR(?:-nr\.?|-nummer)?/g,
    value: new RegExp(`${LEAD}(\\d{2} ?\\d{2} ?\\d{2} ?\\d{2})\\b`),
    normalize: onlyDigits,
    valid: (v) => weighted(digitsOf(v), [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0,
  },
  {
    kind: "fi-business-id",
    keyword: /\b(?:Y-tunnus|FO-nummer|Business ID)\b/gi,
    value: new RegExp(`${LEAD}(\\d{7}-\\d)\\b`),
    normalize: onlyDigits,
    valid: (v) =>
      mod11(digitsOf(v), [7, 9, 10, 5, 8, 4, 2], (r) => (r === 0 ? 0 : r === 1 ? undefined : 11 - r), digitsOf(v)[7]),
  },
  {
    // The Swiss UID carries its own prefix: "CHE-123.456.789", with "MWST"/"TVA"/"IVA" after it for VAT.
    kind: "ch-uid",
    keyword: /(?=\bCHE-?\d)/g,
    value: /^CHE-?(\d{3}\.?\d{3}\.?\d{3})\b/,
    normalize: (s) => `CHE${onlyDigits(s)}`,
    valid: (v) =>
      mod11(
        digitsOf(v.slice(3)),
        [5, 4, 3, 2, 7, 6, 5, 4],
        (r) => (r === 0 ? 0 : r === 1 ? undefined : 11 - r),
        digitsOf(v.slice(3))[8],
      ),
  },
];

/** At most this many numbers per line: a legal page has a handful, a hostile line thousands. */
const MAX_PER_LINE = 8;

/** The national ids on one line, each after its keyword. */
export function findNationalIds(line: string): NationalId[] {
  const found: NationalId[] = [];
  const text = line.slice(0, 2000);
  for (const rule of RULES) {
    let n = 0;
    for (const k of text.matchAll(rule.keyword)) {
      if (++n > MAX_PER_LINE) break;
      const after = text.slice((k.index ?? 0) + k[0].length, (k.index ?? 0) + k[0].length + 40);
      const m = rule.value.exec(after);
      if (!m?.[1]) continue;
      const value = rule.normalize(m[1]);
      const ok = rule.valid(value);
      found.push({ kind: rule.kind, value, checksum: ok === undefined ? "unchecked" : ok ? "valid" : "invalid" });
    }
  }
  return found;
}
