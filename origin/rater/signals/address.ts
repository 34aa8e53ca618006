/**
 * @module Finds postal addresses written as a mailing label: a street line, a postcode-and-town line
 * (checked against the country's postcode format), and for foreign addresses a country line.
 *
 * "No address found" made up ~35 % of all SiteTruth ratings (research/rating.md §1.2): recall here
 * decides most answers, so one-line comma-separated addresses are split and tried as labels too. Precision
 * matters as much — a false address lets an anonymous shop through the no_location gate — so the label
 * shape is kept: a street line (not a phone, price or date) above a postcode line whose town is no count or
 * currency (postcodes.ts, which holds the per-country line shapes and ranges).
 */
import { matchLocality, resolveCountry } from "./postcodes.ts";

export { postcodeKey } from "./postcodes.ts";

export interface PostalAddress {
  street: string;
  postcode: string;
  locality: string;
  region?: string;
  countryCode: string;
  lines: string[];
  /** The "street" is a post-office box: a mail drop, not a place of business. */
  poBox?: boolean;
}

// Country lines as labels write them: English, the native names, and the neighbours' names for them.
const COUNTRY_LINES: [string, string][] = [
  ["DE", "Deutschland, Germany, Allemagne, Germania, Alemania, Niemcy, Duitsland, Tyskland, Saksa"],
  ["GB", "United Kingdom, UK, U.K., Great Britain, GB, England, Scotland, Wales, Northern Ireland, Royaume-Uni"],
  ["GB", "Vereinigtes Königreich, Großbritannien, Regno Unito, Reino Unido"],
  ["US", "USA, U.S.A., US, U.S., United States, United States of America, États-Unis, Vereinigte Staaten"],
  ["CA", "Canada, Kanada, CDN"],
  ["IE", "Ireland, Republic of Ireland, Éire, Eire, Irland, Irlande, Irlanda, IRL"],
  ["AT", "Österreich, Oesterreich, Austria, Autriche"],
  ["CH", "Schweiz, Suisse, Svizzera, Svizra, Switzerland, Confoederatio Helvetica"],
  ["LU", "Luxembourg, Luxemburg, Lëtzebuerg, Lussemburgo, Luxemburgo"],
  ["FR", "France, Frankreich, Francia, Frankrijk"],
  ["NL", "Nederland, Netherlands, The Netherlands, Niederlande, Pays-Bas, Paesi Bassi, Países Bajos, Holland"],
  ["BE", "België, Belgique, Belgien, Belgium, Belgio, Bélgica"],
  ["IT", "Italia, Italy, Italien, Italie"],
  ["ES", "España, Espana, Spain, Spanien, Espagne, Spagna"],
  ["PT", "Portugal, Portogallo"],
  ["PL", "Polska, Poland, Polen, Pologne, Polonia"],
  ["CZ", "Česko, Česká republika, Czech Republic, Czechia, Tschechien, Tschechische Republik, République tchèque"],
  ["SK", "Slovensko, Slovenská republika, Slovakia, Slovak Republic, Slowakei"],
  ["HU", "Magyarország, Hungary, Ungarn, Hongrie"],
  ["DK", "Danmark, Denmark, Dänemark, Danemark"],
  ["SE", "Sverige, Sweden, Schweden, Suède"],
  ["NO", "Norge, Noreg, Norway, Norwegen, Norvège"],
  ["FI", "Suomi, Finland, Finnland, Finlande"],
  ["AU", "Australia, Australien, Australie, AUS"],
  ["NZ", "New Zealand, Aotearoa, Aotearoa New Zealand, Nouvelle-Zélande, Neuseeland, NZ"],
  ["JP", "Japan, 日本, Nippon, Japon, Giappone"],
  ["BR", "Brasil, Brazil, Brasilien, Brésil"],
  ["IN", "India, Indien, Inde, Bharat"],
];
const COUNTRY_NAMES: Record<string, string> = {};
for (const [code, names] of COUNTRY_LINES) {
  for (const name of names.split(", ")) COUNTRY_NAMES[name.toLowerCase()] = code;
}

// A post-office box stands where the street would: "PO Box 12" (EN), "Postfach 10 01 23" (DE), "BP 123" /
// "Boîte postale 5" / "CS 70001" (FR), "Postbus 1234" (NL), "Postboks 45" (NO, DK), "Box 7" (SE), "Apartado de
// correos 12" (ES, PT), "Casella postale 3" (IT), "Skrytka pocztowa 5" (PL), "Caixa Postal 9" (BR),
// "Postilokero 2" (FI), "Private Bag 92019" (NZ), "GPO Box 1" (AU), "PMB 100" (US), 私書箱 (JP).
const PO_BOX_WORDS = String.raw`(?:P\.?\s?O\.?\s?Box|Post Office Box|GPO Box|Private Bag|PMB|Postfach|Boîte postale|Boite postale|B\.?P\.?|CS|Postboks|Postbox|Postbus|Box|Apartado de correos|Apartado|Apdo\.?|Caixa Postal|Casella postale|Skrytka pocztowa|Postilokero|P\.?\s?O\.?\s?Drawer)`;
const PO_BOX = new RegExp(`^${PO_BOX_WORDS}\\s{0,3}(?:No\\.?\\s{0,2}|Nr\\.?\\s{0,2})?\\d{1,6}\\b`, "iu");
// In a longer street line ("Hartmann GmbH, Postfach 10 01 23") the box follows a comma or a label's colon.
const PO_BOX_IN_LINE = new RegExp(
  `(?:^|[,:;]\\s{0,3})${PO_BOX_WORDS}\\s{0,3}(?:No\\.?\\s{0,2}|Nr\\.?\\s{0,2})?\\d|私書箱`,
  "iu",
);
const STREET = /(\p{L}{3}.{0,80}\d|\d{1,6}[a-z]?,?\s{1,3}\p{L}{2})/iu;

/** Whether a street line is a post-office box (a mail drop) rather than a place. */
export function isPoBox(street: string): boolean {
  return PO_BOX_IN_LINE.test(street.slice(0, 200));
}

// British and Irish addresses often have no house number ("Old Mill, Station Road"): a street word will do.
const STREET_WORD =
  /\b(?:road|street|lane|avenue|way|drive|close|place|square|crescent|terrace|row|mews|walk|wharf|quay|rd|st|ave|boulevard|blvd|court|parade|esplanade|straße|strasse|gasse|platz|allee|weg|rue|via|calle|straat|laan|plein)\b\.?$/iu;
// Romance and Slavic street words come first ("chemin des Vignes", "ul. Długa", "rua Augusta"); Nordic and
// Finnish ones end the street's name ("Strandvejen", "Storgatan", "Mannerheimintie").
const STREET_WORD_FIRST =
  /^(?:rue|chemin|ch\.|route|allée|impasse|lieu-dit|via|viale|piazza|piazzale|corso|largo|vicolo|località|loc\.|strada|calle|c\/|avenida|avda\.|av\.|plaza|paseo|carrer|camino|ronda|rua|travessa|estrada|praça|ulica|ul\.|aleja|al\.|plac|osiedle|os\.)\s*\p{L}/iu;
const STREET_SUFFIX =
  /\p{L}{2,}(?:vej|vejen|gade|gaden|gatan|gata|vägen|väg|veien|vegen|vei|veg|gate|gaten|katu|tie|kuja|polku)\b\.?$/iu;
// A line with money, a percentage, a date, a time or a telephone on it is not a street, however many words
// and digits it has ("Order 4711 – 29,90 €", "Tel. 030 1234567", "Open 9:00–17:00").
const NOT_STREET =
  /[€$£¥%]|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(?:tel|tél|phone|telefon|telefax|fax|mobile|hotline|order|bestellung|rechnung|invoice|price|preis|prix|eur|usd|chf)\b/iu;
const HOUSE_NUMBER_ONLY = /^\d{1,5}[A-Za-z]?(?:\s[-–]\s.{0,40})?$/;
// A town with a district number may stand between street and postcode line ("Dublin 2", "Praha 1").
const DISTRICT = /^\p{Lu}[\p{L}\p{M} .'-]{1,30} \d{1,2}$/u;

/** Country from a line that is only a country name or code ("Deutschland", "United Kingdom", "USA"). */
export function countryFromLine(line: string): string | undefined {
  return COUNTRY_NAMES[line.trim().replace(/[.,]$/, "").toLowerCase()];
}

function isStreet(line: string): boolean {
  if (NOT_STREET.test(line)) return false;
  if (STREET.test(line) || PO_BOX.test(line)) return true;
  return line.length <= 60 && (STREET_WORD.test(line) || STREET_WORD_FIRST.test(line) || STREET_SUFFIX.test(line));
}

/** A paragraph this short may be one line of a label written one paragraph per line. */
const LABEL_LINE_MAX = 80;

/**
 * Site builders (Wix, Squarespace, Jimdo) write a label as one paragraph per line (`<p>Street</p><p>12345
 * Town</p>`), so the parser's block breaks fall between its lines: runs of one-line paragraphs are read as
 * one block. A paragraph of several lines or a long one stays a block of its own.
 */
function joinOneLineParagraphs(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const short = (l: string | undefined) => l !== undefined && l !== "" && l.length <= LABEL_LINE_MAX;
    // Drop a break that has a one-line paragraph on each side of it.
    const alone = (j: number) => short(lines[j]) && (lines[j - 1] ?? "") === "" && (lines[j + 1] ?? "") === "";
    if (line === "" && alone(i - 1) && alone(i + 1)) continue;
    out.push(line);
  }
  return out;
}

/** Prose lines longer than this are not split into label parts (the parts are read up to it). */
const MAX_SPLIT_LINE = 1000;

function labelsOf(lines: readonly string[]): string[][] {
  const blocks: string[][] = [[]];
  for (const line of joinOneLineParagraphs(lines)) {
    if (line === "") blocks.push([]);
    else {
      // "14 Harbour Road, Falmouth, Cornwall, TR11 2AB, United Kingdom" is a label on one line; "Unit 4,
      // Quay Street" is one street line, so only a line with a postcode part in it is split.
      // A locality line with a comma of its own ("Evanston, IL 60201", "Toronto, ON M5V 3L9") stays whole.
      // Italian, Spanish and Brazilian footers also separate with a spaced dash ("Via Roma 1 - 20121 Milano"),
      // tried second because "São Paulo - SP" is itself one locality line.
      const whole = matchLocality(line);
      // A legal page's sentence may hold the address between commas too ("… prowadzony przez Zielna sp. z
      // o.o., ul. Mokotowska 12, 00-561 Warszawa, wpisaną do KRS …"): the label shape is still required.
      const splittable = line.length < MAX_SPLIT_LINE && (!whole || whole.loose);
      // A part that is only the house number ("Av. Paulista, 1000 - Bela Vista", Brazil and Spain write the
      // number after the street and a comma) belongs to the street before it.
      const split = (re: RegExp) =>
        (splittable ? line.split(re).filter(Boolean) : []).reduce<string[]>((parts, part) => {
          const previous = parts.at(-1);
          if (previous !== undefined && HOUSE_NUMBER_ONLY.test(part) && !matchLocality(part)) {
            parts[parts.length - 1] = `${previous}, ${part}`;
          } else parts.push(part);
          return parts;
        }, []);
      const labelled = (parts: string[]) => parts.length > 1 && parts.some((p) => matchLocality(p));
      const byComma = split(/\s*[,|·•]\s*/);
      const byDash = labelled(byComma) ? byComma : split(/\s*[,|·•]\s*|\s[-–—]\s/);
      if (labelled(byDash)) blocks.at(-1)?.push(...byDash);
      else blocks.at(-1)?.push(line);
    }
  }
  return blocks.filter((b) => b.length >= 2);
}

// Japanese labels run the other way: 〒 and the postcode first, then prefecture, city, district and block
// number, on the same line or the next ("〒100-0001 東京都千代田区千代田1-1").
// A table or list may put its label first on the same line ("所在地：〒604-8005 京都府…").
const JP_POSTCODE = /^(?:[^〒:：]{1,10}[:：]\s?)?〒\s?(\d{3})-?(\d{4})\s*(.{0,80})$/u;
const JP_ADDRESS =
  /^(?<pref>東京都|北海道|京都府|大阪府|\p{Script=Han}{2,3}県)\s?(?<city>\p{Script=Han}{1,6}?[市区町村]).*?[0-9０-９一二三四五六七八九十]+(?:丁目|番地?|号|-|－|$)/u;

function japaneseAddresses(lines: readonly string[]): PostalAddress[] {
  const found: PostalAddress[] = [];
  lines.forEach((line, i) => {
    const m = JP_POSTCODE.exec(line);
    if (!m) return;
    const sameLine = (m[3] ?? "").trim();
    const rest = sameLine || (lines[i + 1] ?? "");
    // Address lines are short; a page-long line after a 〒 is not one (and keeps the pattern cheap).
    const a = rest.length <= 120 ? JP_ADDRESS.exec(rest) : undefined;
    if (!a?.groups) return;
    found.push({
      street: rest,
      postcode: `${m[1]}-${m[2]}`,
      locality: a.groups.city ?? "",
      region: a.groups.pref ?? "",
      countryCode: "JP",
      lines: sameLine ? [line] : [line, rest],
      ...(isPoBox(rest) ? { poBox: true } : {}),
    });
  });
  return found;
}

/**
 * Every mailing-label address in the page's lines; `tldCountry`, then the page language's `hints`, resolve
 * postcodes several countries share (bare 4/5-digit ones).
 */
export function findAddresses(
  lines: readonly string[],
  tldCountry?: string,
  hints: readonly string[] = [],
): PostalAddress[] {
  const found: PostalAddress[] = [];
  for (const block of labelsOf(lines)) {
    block.forEach((line, i) => {
      const m = matchLocality(line);
      if (!m || i === 0) return;
      // The street is within three lines above the postcode line; town and county may stand between
      // (UK labels put the postcode on a line of its own). A postcode alone on its line has its town on the
      // line above, which may look like a street ("Dublin 2"), so the street is looked for above that.
      const above = m.locality ? [i - 1, i - 2, i - 3] : [i - 2, i - 3];
      const streetIndex = above.find((j) => j >= 0 && isStreet(block[j] ?? ""));
      if (streetIndex === undefined) return;
      const between = block.slice(streetIndex + 1, i);
      if (between.some((l) => (/\d/.test(l) && !DISTRICT.test(l)) || l.length > 40)) return;
      const next = block[i + 1];
      const countryLine = next ? countryFromLine(next) : undefined;
      // The page's language is the weakest hint: only when neither a country line nor the ccTLD decides.
      const country =
        resolveCountry(m, countryLine, tldCountry) ??
        (countryLine ? undefined : hints.map((h) => resolveCountry(m, undefined, h)).find(Boolean));
      if (!country) return;
      const street = (block[streetIndex] ?? "").replace(/^[^:]{0,40}:\s*/, "");
      const locality = m.locality || between[0] || "";
      const region = m.region ?? (m.locality ? between[0] : between[1]);
      if (!locality) return;
      found.push({
        street,
        postcode: m.postcode,
        locality,
        ...(region ? { region } : {}),
        countryCode: country,
        lines: block.slice(streetIndex, countryLine ? i + 2 : i + 1),
        ...(isPoBox(street) ? { poBox: true } : {}),
      });
    });
  }
  found.push(...japaneseAddresses(lines));
  return found;
}
