/**
 * @module Finds postal addresses written as a mailing label: a street line, a postcode-and-town line
 * (checked against the country's postcode format), and for foreign addresses a country line.
 *
 * "No address found" made up ~35 % of all SiteTruth ratings (research/rating.md §1.2): recall here
 * decides most answers, so one-line comma-separated addresses are split and tried as labels too.
 */

export interface PostalAddress {
  street: string;
  postcode: string;
  locality: string;
  region?: string;
  countryCode: string;
  lines: string[];
}

const COUNTRY_NAMES: Record<string, string> = {
  deutschland: "DE",
  germany: "DE",
  "united kingdom": "GB",
  uk: "GB",
  "great britain": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  usa: "US",
  "u.s.a.": "US",
  "united states": "US",
  "united states of america": "US",
  us: "US",
  österreich: "AT",
  austria: "AT",
  schweiz: "CH",
  suisse: "CH",
  switzerland: "CH",
  france: "FR",
  nederland: "NL",
  netherlands: "NL",
  belgië: "BE",
  belgique: "BE",
  belgium: "BE",
  italia: "IT",
  italy: "IT",
  españa: "ES",
  spain: "ES",
  ireland: "IE",
  danmark: "DK",
  denmark: "DK",
  sverige: "SE",
  sweden: "SE",
  canada: "CA",
  australia: "AU",
  polska: "PL",
  poland: "PL",
};

const US_STATES = new Set(
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR".split(
    " ",
  ),
);

const UK_POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b/;
const US_LOCALITY = /^(?:([A-Za-z][A-Za-z .'-]{1,40}),?\s+)?([A-Z]{2})\s+(\d{5})(?:-\d{4})?$/;
const EU_LOCALITY = /^(?:([A-Z]{1,2})[- ])?(\d{4,5})\s+(\p{Lu}[\p{L} .'()/-]{1,40})$/u;
const NL_LOCALITY = /^(\d{4}) ?([A-Z]{2})\s+(\p{Lu}[\p{L} .'-]{1,40})$/u;
const STREET = /(\p{L}{3,}.*\d|\d+[a-z]?,?\s+\p{L}{2,}|\bP\.?\s?O\.?\s+Box\s+\d+|\bPostfach\s+\d+)/iu;
// British and Irish addresses often have no house number ("Old Mill, Station Road"): a street word will do.
const STREET_WORD =
  /\b(?:road|street|lane|avenue|way|drive|close|place|square|crescent|terrace|row|mews|walk|wharf|quay|rd|st|ave|straße|strasse|gasse|platz|allee|rue|via|calle|straat|laan|plein)\b\.?$/iu;

/** Country from a line that is only a country name or code ("Deutschland", "United Kingdom", "USA"). */
export function countryFromLine(line: string): string | undefined {
  return COUNTRY_NAMES[line.trim().replace(/[.,]$/, "").toLowerCase()];
}

interface LocalityMatch {
  postcode: string;
  locality: string;
  region?: string;
  country?: string;
  /** Formats shared by many countries (4- or 5-digit postcodes) need the country from elsewhere. */
  ambiguousDigits?: 4 | 5;
}

function matchLocality(line: string): LocalityMatch | undefined {
  const us = US_LOCALITY.exec(line);
  if (us?.[2] && us[3] && US_STATES.has(us[2])) {
    return { postcode: us[3], locality: (us[1] ?? "").trim(), region: us[2], country: "US" };
  }
  const uk = UK_POSTCODE.exec(line);
  if (uk?.[1] && uk[2]) {
    const locality = line
      .replace(uk[0], "")
      .replace(/[,\s]+$/, "")
      .replace(/^[,\s]+/, "");
    return { postcode: `${uk[1]} ${uk[2]}`, locality, country: "GB" };
  }
  const nl = NL_LOCALITY.exec(line);
  if (nl?.[1] && nl[2] && nl[3]) return { postcode: `${nl[1]} ${nl[2]}`, locality: nl[3], country: "NL" };
  const eu = EU_LOCALITY.exec(line);
  if (eu?.[2] && eu[3]) {
    const prefix = eu[1] === "D" ? "DE" : eu[1] === "A" ? "AT" : eu[1];
    const digits = eu[2].length as 4 | 5;
    return { postcode: eu[2], locality: eu[3].trim(), country: prefix, ambiguousDigits: prefix ? undefined : digits };
  }
  return undefined;
}

const FIVE_DIGIT = new Set(["DE", "FR", "ES", "IT", "FI", "US"]);
const FOUR_DIGIT = new Set(["AT", "CH", "BE", "DK", "NO", "LU", "HU", "AU"]);

function resolveCountry(m: LocalityMatch, countryLine: string | undefined, tldCountry: string | undefined) {
  if (m.country) return m.country;
  const candidate = countryLine ?? tldCountry;
  if (!candidate) return undefined;
  const set = m.ambiguousDigits === 5 ? FIVE_DIGIT : FOUR_DIGIT;
  return set.has(candidate) ? candidate : undefined;
}

/** Checks a German postcode's range (01001–99998); other formats were checked by their pattern. */
function plausiblePostcode(country: string, postcode: string): boolean {
  if (country === "DE") return Number(postcode) >= 1001 && Number(postcode) <= 99998;
  return true;
}

function labelsOf(lines: readonly string[]): string[][] {
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line === "") blocks.push([]);
    else {
      // "14 Harbour Road, Falmouth, Cornwall, TR11 2AB, United Kingdom" is a label on one line; "Unit 4,
      // Quay Street" is one street line, so only a line with a postcode part in it is split.
      const parts = line.length < 200 && !US_LOCALITY.test(line) ? line.split(/\s*[,|·•]\s*/).filter(Boolean) : [];
      if (parts.length > 1 && parts.some((p) => matchLocality(p))) blocks.at(-1)?.push(...parts);
      else blocks.at(-1)?.push(line);
    }
  }
  return blocks.filter((b) => b.length >= 2);
}

/** Every mailing-label address in the page's lines; `tldCountry` resolves bare 4/5-digit postcodes. */
export function findAddresses(lines: readonly string[], tldCountry?: string): PostalAddress[] {
  const found: PostalAddress[] = [];
  for (const block of labelsOf(lines)) {
    block.forEach((line, i) => {
      const m = matchLocality(line);
      if (!m || i === 0) return;
      // The street is within three lines above the postcode line; town and county may stand between
      // (UK labels put the postcode on a line of its own).
      const isStreet = (l: string) => STREET.test(l) || (l.length <= 60 && STREET_WORD.test(l));
      const streetIndex = [i - 1, i - 2, i - 3].find((j) => j >= 0 && isStreet(block[j] ?? ""));
      if (streetIndex === undefined) return;
      const between = block.slice(streetIndex + 1, i);
      if (between.some((l) => /\d/.test(l) || l.length > 40)) return;
      const next = block[i + 1];
      const countryLine = next ? countryFromLine(next) : undefined;
      const country = resolveCountry(m, countryLine, tldCountry);
      if (!country || !plausiblePostcode(country, m.postcode)) return;
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
      });
    });
  }
  return found;
}
