/**
 * @module Where a site probably is when its address does not say: the country of its ccTLD, and the
 * countries of its page language (`lang="es"`, `lang="pt-BR"`) — the weakest hint, used only to read
 * postcodes several countries share, and always checked against the postcode's shape and range.
 */

/** Country-code TLDs of the countries whose postcodes the rater reads. */
export const TLD_COUNTRY: Readonly<Record<string, string>> = {
  de: "DE",
  uk: "GB",
  at: "AT",
  ch: "CH",
  fr: "FR",
  nl: "NL",
  be: "BE",
  it: "IT",
  es: "ES",
  dk: "DK",
  se: "SE",
  fi: "FI",
  ie: "IE",
  pl: "PL",
  us: "US",
  ca: "CA",
  au: "AU",
  lu: "LU",
  no: "NO",
  nz: "NZ",
  pt: "PT",
  cz: "CZ",
  sk: "SK",
  hu: "HU",
  jp: "JP",
  br: "BR",
  in: "IN",
};

/** The countries a language is mostly written in, most likely first (English says nothing). */
const LANGUAGE_COUNTRIES: Readonly<Record<string, readonly string[]>> = {
  de: ["DE", "AT", "CH"],
  fr: ["FR", "BE", "CH", "LU"],
  it: ["IT", "CH"],
  es: ["ES"],
  nl: ["NL", "BE"],
  pl: ["PL"],
  cs: ["CZ"],
  sk: ["SK"],
  sv: ["SE"],
  da: ["DK"],
  nb: ["NO"],
  nn: ["NO"],
  no: ["NO"],
  fi: ["FI"],
  pt: ["PT", "BR"],
  ja: ["JP"],
  hu: ["HU"],
};

/** The countries `lang` (a BCP 47 tag from <html lang>) points to; a region subtag comes first. */
export function languageCountries(lang: string): string[] {
  const [language = "", region = ""] = lang.toLowerCase().slice(0, 20).split(/[-_]/);
  const countries = [...(LANGUAGE_COUNTRIES[language] ?? [])];
  const fromRegion = /^[a-z]{2}$/.test(region) ? region.toUpperCase() : undefined;
  if (fromRegion) return [fromRegion, ...countries.filter((c) => c !== fromRegion)];
  return countries;
}
