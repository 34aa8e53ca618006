/**
 * @module Who a site says it is: legal names with a legal-form suffix, company register numbers, VAT IDs,
 * phone numbers and schema.org Organization data (research/rating.md §3.1, S2 S4 S7 S8).
 */

import { findLeis } from "./lei.ts";
import { findNationalIds, type NationalIdKind } from "./tax-ids.ts";
import { vatChecksum } from "./vat.ts";

export interface Registration {
  kind: "uk-company" | "de-handelsregister" | "vat" | "lei" | NationalIdKind;
  value: string;
  /** For VAT IDs and national numbers: whether the check digits are right (only computed where we know the algorithm). */
  checksum?: "valid" | "invalid" | "unchecked";
}

// Longest first where one form starts another ("GmbH & Co. KG" before "GmbH", "S.A.S." before "S.A.").
// Bare two-letter capitals that are also words or places ("SA" South Australia, "SL") are left out.
const LEGAL_FORMS = [
  "GmbH & Co\\.? KGaA",
  "GmbH & Co\\.? KG",
  "gGmbH",
  "GmbH",
  "AG & Co\\.? KG",
  "AG",
  "KGaA",
  "UG \\(haftungsbeschränkt\\)",
  "UG",
  "KG",
  "OHG",
  "e\\.K\\.",
  "e\\.V\\.",
  "e\\.U\\.",
  "Co\\., Ltd\\.?",
  "Pty\\.? Ltd\\.?",
  "Ltd\\.?",
  "Limited",
  "PLC",
  "plc",
  "LLP",
  "LLC",
  "L\\.L\\.C\\.",
  "Inc\\.?",
  "Incorporated",
  "Corp\\.?",
  "Corporation",
  "S\\.A\\.S\\.U\\.",
  "SASU",
  "S\\.A\\.S\\.?",
  "SAS",
  "SARL",
  "S\\.à r\\.l\\.",
  "S\\.a r\\.l\\.",
  "EURL",
  "S\\.A\\.U\\.",
  "S\\.L\\.U\\.",
  "S\\.L\\.",
  "S\\.A\\.",
  "S/A",
  "S\\.r\\.l\\.s\\.",
  "S\\.r\\.l\\.",
  "Srl",
  "S\\.p\\.A\\.",
  "SpA",
  "S\\.n\\.c\\.",
  "B\\.V\\.",
  "BV",
  "N\\.V\\.",
  "NV",
  "V\\.O\\.F\\.",
  "VOF",
  "[Ss]p\\. z o\\.o\\.",
  "[Ss]p\\. j\\.",
  "spol\\. s r\\.o\\.",
  "s\\.r\\.o\\.",
  "a\\.s\\.",
  "Ltda\\.?",
  "EIRELI",
  "Unipessoal,? Lda\\.?",
  "Lda\\.?",
  "ApS",
  "A/S",
  "ASA",
  "AS",
  "AB",
  "Oyj",
  "Oy",
  "Kft\\.",
  "Zrt\\.",
  "K\\.K\\.",
];
/** One word of a company name: a capital or digit first, then letters, digits and the marks names carry. */
const NAME_WORD = String.raw`[\p{Lu}\d][\p{L}\p{M}\d'’.-]{0,40}`;
// Words that join or sit inside names in lower case: "Tallis & Rowe", "Müller und Söhne", "Banco do Brasil",
// "Smith + Partners", "Kowalski i Wspólnicy", "Novák a syn".
const NAME_JOINER = String.raw`(?:&|\+|and|und|et|e|y|en|och|og|i|a|of|de|del|della|di|da|do|dos|das|du|des|la|le|van|von|der|den|het|zu)`;
// Every quantifier is bounded: the line is attacker text and must cost linear work whatever it holds.
const LEGAL_NAME = new RegExp(
  `(${NAME_WORD}(?:\\s{1,3}(?:${NAME_JOINER}\\s{1,3}){0,2}${NAME_WORD}){0,5}?),?\\s{1,3}(${LEGAL_FORMS.join("|")})(?=$|[\\s,.;:)])`,
  "gu",
);
// Japanese names carry the form before or after the name, with no space: 株式会社山田商店, 山田商店株式会社.
const JP_LEGAL_NAME =
  /(?:株式会社|合同会社|有限会社)\s?[\p{Script=Han}\p{Script=Katakana}ーA-Za-z0-9・&＆]{1,30}|[\p{Script=Han}\p{Script=Katakana}ーA-Za-z0-9・&＆]{1,30}(?:株式会社|合同会社|有限会社)/gu;
// Names may hold hiragana too (株式会社信州そば本舗), but in running text hiragana are the particles after a
// name (株式会社山田商店が運営): a name with hiragana is taken only when it fills its line or table cell.
const JP_LEGAL_NAME_WHOLE =
  /^(?:[^：:]{1,12}[：:]\s?)?((?:株式会社|合同会社|有限会社)\s?[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ーA-Za-z0-9・&＆]{1,30}|[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ーA-Za-z0-9・&＆]{1,30}(?:株式会社|合同会社|有限会社))$/u;
/** A cell that is a sentence, not a name: it ends in hiragana (a verb, a particle) or holds が/を/です/ます. */
const JP_SENTENCE = /\p{Script=Hiragana}$|が|を|です|ます|した|する/u;
const NAME_NOISE = /^(?:©|\(c\)|copyright|\d{4}(?:[–-]\d{4})?|by|von|der|die|das|the)\s+/i;
/** Lines longer than this are cut before the name patterns see them (a name sits in a short line). */
const MAX_NAME_LINE = 2000;

/** Company names with a legal form ("Hartmann Werkzeuge GmbH", "Tallis & Rowe Ltd", "株式会社山田商店"). */
export function findLegalNames(lines: readonly string[]): string[] {
  const names = new Set<string>();
  for (const full of lines) {
    const line = full.slice(0, MAX_NAME_LINE);
    for (const m of line.matchAll(LEGAL_NAME)) {
      let base = (m[1] ?? "").trim();
      while (NAME_NOISE.test(base)) base = base.replace(NAME_NOISE, "");
      if (base.length >= 2) names.add(`${base} ${m[2]}`.replace(/\s+/g, " "));
    }
    const cell = line.length <= 80 ? JP_LEGAL_NAME_WHOLE.exec(line.trim())?.[1] : undefined;
    const whole = cell && !JP_SENTENCE.test(cell) ? cell : undefined;
    if (whole) names.add(whole.replace(/\s+/g, ""));
    else for (const m of line.matchAll(JP_LEGAL_NAME)) names.add(m[0].replace(/\s+/g, ""));
  }
  return [...names];
}

export { germanVatCheckDigitValid } from "./vat.ts";

const VAT_PATTERN =
  /\b(DE ?\d{9}|ATU ?\d{8}|GB ?\d{3} ?\d{4} ?\d{2}(?:\d{3})?|FR ?[0-9A-Z]{2} ?\d{9}|NL ?\d{9}B\d{2}|BE ?0?\d{9,10}|IT ?\d{11}|ES ?[0-9A-Z]\d{7}[0-9A-Z]|IE ?\d{7}[A-W][A-I]?|DK ?\d{8}|SE ?\d{12}|PL ?\d{10})\b/g;
const UK_COMPANY_CONTEXT =
  /company (?:registration )?(?:number|no\.?)|registered in (?:england|scotland|wales|northern ireland)|companies house/i;
const UK_COMPANY_NUMBER = /\b((?:SC|NI|OC|SO|NC|FC|GE|LP|SL|R0)\d{6}|\d{8})\b/;
// German court registers: Handelsregister (HRA, HRB), and, named only beside the word register or the court,
// Vereinsregister (VR), Genossenschaftsregister (GnR) and Partnerschaftsregister (PR) — "VR 360" alone is a
// headset. Some courts write their letters after the number, and another court's "HRB 1234" is another
// company: Berlin (B), Bremen (HB), Kiel (KI), Lübeck (HL), Flensburg (FL), Pinneberg (PI), Neumünster (NM).
const HANDELSREGISTER = /\b(HR[AB]|VR|GnR|PR)\s?(\d{1,6})(?:\s?(B|HB|KI|HL|FL|PI|NM)(?![\p{L}\d]))?(?!\d)/u;
const COURT_REGISTER_CONTEXT = /regist|amtsgericht/i;

/** Register numbers, VAT IDs and LEIs found near the legal wording that introduces them. */
export function findRegistrations(lines: readonly string[]): Registration[] {
  const found = new Map<string, Registration>();
  lines.forEach((line, i) => {
    // "DE 136 695 976" is written with spaces as often as without.
    const compact = line.replace(/\b([A-Z]{2,3})\s+(?=\d)/g, "$1").replace(/(\d)\s+(?=\d)/g, "$1");
    for (const m of compact.matchAll(VAT_PATTERN)) {
      const value = (m[1] ?? "").replace(/\s+/g, "");
      const checksum = vatChecksum(value);
      found.set(`vat:${value}`, { kind: "vat", value, checksum });
    }
    const context = [lines[i - 1] ?? "", line].join(" ");
    if (UK_COMPANY_CONTEXT.test(context)) {
      const m = UK_COMPANY_NUMBER.exec(line);
      if (m?.[1]) found.set(`uk:${m[1]}`, { kind: "uk-company", value: m[1] });
    }
    // A table of legal details puts the keyword in one cell and the number in the next ("法人番号 | 7000…").
    const label = lines[i - 1] ?? "";
    const labelled = label.length <= 40 && !/\d/.test(label) ? findNationalIds(`${label} ${line}`) : [];
    for (const id of [...findNationalIds(line), ...labelled]) {
      const key = `${id.kind}:${id.value}`;
      if (!found.has(key)) found.set(key, { kind: id.kind, value: id.value, checksum: id.checksum });
    }
    const hr = HANDELSREGISTER.exec(line);
    if (hr?.[1] && hr[2] && (hr[1].startsWith("HR") || COURT_REGISTER_CONTEXT.test(context))) {
      const value = [hr[1], hr[2], hr[3]].filter(Boolean).join(" ");
      found.set(`hr:${value}`, { kind: "de-handelsregister", value });
    }
  });
  for (const lei of findLeis(lines)) found.set(`lei:${lei}`, { kind: "lei", value: lei, checksum: "valid" });
  return [...found.values()];
}

const PHONE =
  /(?:\+|00)\d{1,3}[\s./-]?(?:\(0\))?[\s./-]?\d{2,5}(?:[\s./-]?\d{2,8}){1,3}|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\b0\d{2,5}[\s/.-]\d{3,8}(?:[\s-]\d{1,5})?/g;

/** Phone numbers as written (digits and a leading + kept), from text lines and tel: links. */
export function findPhones(lines: readonly string[], telLinks: readonly string[]): string[] {
  const found = new Set<string>();
  for (const tel of telLinks) found.add(decodeURIComponent(tel.replace(/^tel:/i, "")).replace(/[^\d+]/g, ""));
  for (const line of lines) {
    for (const m of line.matchAll(PHONE)) {
      const digits = m[0].replace(/[^\d+]/g, "");
      if (digits.replace("+", "").length >= 9 && digits.replace("+", "").length <= 15) found.add(digits);
    }
  }
  return [...found];
}

export { findOrganizations, type Organization } from "./organizations.ts";
