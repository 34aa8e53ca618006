/**
 * @module The postcode-and-town line of a mailing label, per country: one table entry per line shape
 * (pattern, the countries it can mean, how it reads), and one plausibility check per country.
 *
 * Many shapes are shared ("0150 Oslo" and "1010 Wien" are both four digits and a town): such a line names
 * only candidate countries, and the label's country line or the site's ccTLD must pick one of them
 * (address.ts). A shape only one country uses ("M5V 3L9", "D02 X285", "Sydney NSW 2000", "00-950") names
 * its country itself. Patterns are anchored and have no nested quantifiers, so they run in linear time on
 * the short lines they see.
 */

export interface LocalityMatch {
  /** The postcode in its national form, without a country prefix ("CH-8001" → "8001"). */
  postcode: string;
  locality: string;
  region?: string;
  /** The countries this line can belong to. */
  countries: readonly string[];
  /** The line names its country by itself (a shape, a prefix, a state or province, "Cedex"). */
  certain: boolean;
  /** The pattern found the postcode anywhere in the line (UK), so the line may be a whole one-line label. */
  loose?: boolean;
}

/** A town: a capital, then letters, spaces and the punctuation place names use ("Saint-Denis", "L'Aquila"). */
const TOWN = String.raw`\p{Lu}[\p{L}\p{M} .'’/-]{0,40}?`;

const US_STATES = new Set(
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR".split(
    " ",
  ),
);

/** Canadian provinces by code and name, with the first letters of their postcodes (Canada Post). */
const CA_PROVINCES: Record<string, { code: string; letters: string }> = {};
for (const [code, letters, ...names] of [
  ["NL", "A", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador"],
  ["NS", "B", "Nova Scotia", "Nouvelle-Écosse"],
  ["PE", "C", "Prince Edward Island", "Île-du-Prince-Édouard"],
  ["NB", "E", "New Brunswick", "Nouveau-Brunswick"],
  ["QC", "GHJ", "Quebec", "Québec", "PQ"],
  ["ON", "KLMNP", "Ontario"],
  ["MB", "R", "Manitoba"],
  ["SK", "S", "Saskatchewan"],
  ["AB", "T", "Alberta"],
  ["BC", "V", "British Columbia", "Colombie-Britannique"],
  ["NT", "X", "Northwest Territories", "Territoires du Nord-Ouest"],
  ["NU", "X", "Nunavut"],
  ["YT", "Y", "Yukon"],
] as const) {
  for (const key of [code, ...names]) CA_PROVINCES[key.toLowerCase()] = { code, letters };
}
// The province at the end of the rest of the line, longest names first ("New Brunswick", not "Brunswick").
const CA_PROVINCE_AT_END = new RegExp(
  String.raw`(?:^|[\s,]+)\(?(${Object.keys(CA_PROVINCES)
    .sort((a, b) => b.length - a.length)
    .join("|")})\)?$`,
  "iu",
);

/** Australian states with the postcode ranges Australia Post gives them. */
const AU_STATES: Record<string, readonly [number, number][]> = {
  NSW: [
    [1000, 2599],
    [2619, 2899],
    [2921, 2999],
  ],
  ACT: [
    [200, 299],
    [2600, 2618],
    [2900, 2920],
  ],
  VIC: [
    [3000, 3999],
    [8000, 8999],
  ],
  QLD: [
    [4000, 4999],
    [9000, 9999],
  ],
  SA: [[5000, 5999]],
  WA: [[6000, 6999]],
  TAS: [[7000, 7999]],
  NT: [[800, 999]],
};

/** Italian province codes, written after the town: "20121 Milano (MI)". */
const IT_PROVINCES = new Set(
  "AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CI CL CN CO CR CS CT CZ EN FC FE FG FI FM FR GE GO GR IM IS KR LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA NO NU OG OR OT PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC RE RG RI RM RN RO SA SI SO SP SR SS SU SV TA TE TN TO TP TR TS TV UD VA VB VC VE VI VR VS VT VV".split(
    " ",
  ),
);

/** Indian states and the largest union territories, which make a six-digit PIN line Indian. */
const IN_STATES = new Set([
  "andhra pradesh",
  "arunachal pradesh",
  "assam",
  "bihar",
  "chhattisgarh",
  "goa",
  "gujarat",
  "haryana",
  "himachal pradesh",
  "jharkhand",
  "karnataka",
  "kerala",
  "madhya pradesh",
  "maharashtra",
  "manipur",
  "meghalaya",
  "mizoram",
  "nagaland",
  "odisha",
  "punjab",
  "rajasthan",
  "sikkim",
  "tamil nadu",
  "telangana",
  "tripura",
  "uttar pradesh",
  "uttarakhand",
  "west bengal",
  "delhi",
  "new delhi",
  "chandigarh",
  "puducherry",
  "jammu and kashmir",
]);

/** Territories that are also their own capital: "New Delhi - 110001" names the town, not only the state. */
const IN_CITY_STATES = new Set(["delhi", "new delhi", "chandigarh", "puducherry"]);

/** Country prefixes written before a postcode ("CH-8001", "L-1234", "D-10115"): ISO codes and car plates. */
const PREFIXES: Record<string, string> = {
  D: "DE",
  DE: "DE",
  A: "AT",
  AT: "AT",
  CH: "CH",
  L: "LU",
  LU: "LU",
  B: "BE",
  BE: "BE",
  F: "FR",
  FR: "FR",
  I: "IT",
  IT: "IT",
  E: "ES",
  ES: "ES",
  DK: "DK",
  N: "NO",
  NO: "NO",
  S: "SE",
  SE: "SE",
  FI: "FI",
  SF: "FI",
  FIN: "FI",
  CZ: "CZ",
  SK: "SK",
  H: "HU",
  HU: "HU",
};

/** Countries whose postcodes are the bare digit shapes below; which one it is comes from elsewhere. */
const FIVE_DIGIT = ["DE", "FR", "IT", "ES", "FI", "US", "SE", "CZ", "SK"];
const FOUR_DIGIT = ["AT", "CH", "BE", "DK", "NO", "LU", "HU", "AU", "NZ"];
const THREE_TWO = ["SE", "CZ", "SK"];

const between = (n: number, ...ranges: [number, number][]) => ranges.some(([lo, hi]) => n >= lo && n <= hi);

/**
 * Whether a postcode can exist in a country: the ranges the postal services use, where a range is cheap
 * to state. It is what keeps "10000 happy customers" on an .at site from being Austrian (AT ends at 9992).
 */
const PLAUSIBLE: Record<string, (digits: number, postcode: string) => boolean> = {
  US: (n) => between(n, [501, 99950]),
  DE: (n) => between(n, [1001, 99998]),
  FR: (n) => between(n, [1000, 98999]),
  IT: (n) => between(n, [10, 98168]),
  ES: (n) => between(n, [1001, 52999]),
  FI: (n) => between(n, [2, 99999]),
  SE: (n) => between(n, [10000, 98499]),
  CZ: (n) => between(n, [10000, 79999]),
  SK: (n) => between(n, [1001, 9999], [80000, 99999]),
  AT: (n) => between(n, [1010, 9992]),
  CH: (n) => between(n, [1000, 9658]),
  BE: (n) => between(n, [1000, 9992]),
  LU: (n) => between(n, [1000, 9999]),
  DK: (n) => between(n, [800, 9990]),
  NO: (n) => between(n, [1, 9991]),
  HU: (n) => between(n, [1011, 9985]),
  AU: (n) => between(n, [200, 9999]),
  NZ: (n) => between(n, [110, 9893]),
  NL: (n, p) => between(n, [1000, 9999]) && !/\b(?:SA|SD|SS)$/.test(p),
  PT: (n) => between(n, [1000000, 9999999]),
  IN: (n) => between(n, [110000, 899999]),
  BR: (n) => between(n, [1000000, 99999999]),
};

/** Whether `postcode` is in the range `country` uses (true for countries without a stated range). */
export function plausiblePostcode(country: string, postcode: string): boolean {
  const digits = postcode.replace(/\D/g, "");
  const check = PLAUSIBLE[country];
  return !check || (digits !== "" && check(Number(digits), postcode));
}

/**
 * Words that follow a number but are not a town: counts, money, units, months. "10000 Kunden" and
 * "2500 Bewertungen" have the shape of a German postcode line, and German capitalises nouns.
 */
const NOT_A_PLACE = new Set(
  `customers clients kunden kundinnen users nutzer members mitglieder reviews bewertungen ratings orders bestellungen
  products produkte artikel items pieces stück stk pcs downloads followers fans sold verkauft happy satisfied zufriedene
  clientes clienti klientów clients vendus venduti units stores filialen shops partner partners projects projekte
  euro euros eur usd dollar dollars chf franken sek nok dkk kr pln zł czk kč gbp pounds pfund yen
  jahre jahren years year jahr ans anni años days tage hours stunden minutes minuten points punkte sterne stars
  km kg mm cm ml mb gb tb liter litres liters meter metres meters tonnen tons watt
  mitarbeiter employees staff collection kollektion edition model modell season saison version series serie
  order number invoice ref sku suite level unit floor room box copyright since est established founded seit gegründet nr no call phone tel fax
  shipped versandt delivered geliefert paid bezahlt ordered bestellt hotline freephone freecall service support
  january february march april may june july august september october november december
  januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août septembre octobre
  novembre décembre`.split(/\s+/),
);

function isPlace(town: string): boolean {
  return !town
    .toLowerCase()
    .split(/[\s/-]+/)
    .some((w) => NOT_A_PLACE.has(w));
}

type Reader = (m: RegExpExecArray, line: string) => LocalityMatch | undefined;

interface LineShape {
  /** What the shape looks like, for readers of this table. */
  example: string;
  pattern: RegExp;
  read: Reader;
}

const g = (m: RegExpExecArray, name: string) => m.groups?.[name]?.trim() ?? "";

/** The shapes of postcode-and-town lines, most specific first; the first that reads the line wins. */
const SHAPES: LineShape[] = [
  {
    example: "Evanston, IL 60201",
    pattern: /^(?:(?<town>[A-Za-z][A-Za-z .'-]{1,40}),?\s+)?(?<state>[A-Z]{2})\s+(?<pc>\d{5})(?:-\d{4})?$/,
    read: (m) =>
      US_STATES.has(g(m, "state"))
        ? { postcode: g(m, "pc"), locality: g(m, "town"), region: g(m, "state"), countries: ["US"], certain: true }
        : undefined,
  },
  {
    // Canada Post: "TORONTO ON  M5V 3L9"; French: "Montréal (Québec) H3B 4W8". The letter-digit pattern is
    // Canada's alone; the province, when given, must be the one the postcode's first letter belongs to.
    example: "Toronto, ON M5V 3L9",
    pattern:
      /^(?<rest>[\p{L}\p{M} .'’(),-]{0,60}?)[\s,]*(?<pc>[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(?<pc2>\d[ABCEGHJ-NPRSTV-Z]\d)$/u,
    read: (m) => {
      const postcode = `${g(m, "pc")} ${g(m, "pc2")}`;
      const rest = g(m, "rest").replace(/[\s,]+$/, "");
      const region = CA_PROVINCE_AT_END.exec(rest);
      const named = region?.[1] ?? "";
      // Codes are capitals ("ON"); "on" at the end of a town name is not Ontario.
      const province =
        named.length > 2 || named === named.toUpperCase() ? CA_PROVINCES[named.toLowerCase()] : undefined;
      if (!province && rest !== "" && !/^\p{Lu}/u.test(rest)) return undefined;
      if (province && !province.letters.includes(postcode[0] ?? "")) return undefined;
      const town = province && region ? rest.slice(0, region.index).replace(/[\s,]+$/, "") : rest;
      return { postcode, locality: town, region: province?.code, countries: ["CA"], certain: true };
    },
  },
  {
    // State and four digits are Australian; the state's range is checked here, where the state is known.
    example: "Sydney NSW 2000",
    pattern: new RegExp(
      String.raw`^(?:(?<town>${TOWN}),?\s+)?(?<state>NSW|VIC|QLD|SA|WA|TAS|ACT|NT)\s+(?<pc>\d{4})$`,
      "u",
    ),
    read: (m) => {
      const state = g(m, "state");
      const ranges = AU_STATES[state] ?? [];
      if (!between(Number(g(m, "pc")), ...ranges)) return undefined;
      return { postcode: g(m, "pc"), locality: g(m, "town"), region: state, countries: ["AU"], certain: true };
    },
  },
  {
    example: "Bristol BS1 4QA",
    pattern: /\b(?<out>[A-Z]{1,2}\d[A-Z\d]?) ?(?<in>\d[ABD-HJLNP-UW-Z]{2})\b/,
    read: (m, line) => {
      const locality = line
        .replace(m[0], "")
        .replace(/[,\s]+$/, "")
        .replace(/^[,\s]+/, "");
      return { postcode: `${g(m, "out")} ${g(m, "in")}`, locality, countries: ["GB"], certain: true, loose: true };
    },
  },
  {
    // Eircode: routing key and a four-character identifier, at the end of the line or on a line of its own.
    example: "Dublin 2, D02 X285",
    pattern:
      /^(?:(?<town>\p{Lu}[\p{L}\p{M}\d .'’-]{0,40}?)[\s,]+)?(?<key>[ACDEFHKNPRTVWXY]\d[\dW]) ?(?<id>[0-9ACDEFHKNPRTVWXY]{4})$/u,
    // An identifier of four digits ("T12 2024") reads like a model and a year, so it needs the country.
    read: (m) => ({
      postcode: `${g(m, "key")} ${g(m, "id")}`,
      locality: g(m, "town"),
      countries: ["IE"],
      certain: /[A-Z]/.test(g(m, "id")),
    }),
  },
  {
    example: "1015 CJ Amsterdam",
    pattern: new RegExp(String.raw`^(?:NL[- ])?(?<pc>\d{4}) ?(?<letters>[A-Z]{2})\s+(?<town>${TOWN})$`, "u"),
    read: (m) => ({
      postcode: `${g(m, "pc")} ${g(m, "letters")}`,
      locality: g(m, "town"),
      countries: ["NL"],
      certain: true,
    }),
  },
  {
    example: "00-950 Warszawa",
    pattern: new RegExp(String.raw`^(?:PL[- ])?(?<pc>\d{2}-\d{3})\s+(?<town>${TOWN})$`, "u"),
    read: (m) => ({ postcode: g(m, "pc"), locality: g(m, "town"), countries: ["PL"], certain: true }),
  },
  {
    example: "1000-001 Lisboa",
    pattern: new RegExp(String.raw`^(?:PT?[- ])?(?<pc>\d{4}-\d{3})\s+(?<town>${TOWN})$`, "u"),
    read: (m) => ({ postcode: g(m, "pc"), locality: g(m, "town"), countries: ["PT"], certain: true }),
  },
  {
    // CEP: "01310-100 São Paulo - SP" or "São Paulo - SP, 01310-100" split at the comma; the digits alone
    // could be any reference number, so a state code or the word CEP must come with them, or the country.
    example: "01310-100 São Paulo - SP",
    pattern: new RegExp(
      String.raw`^(?:CEP:?\s*)?(?<pc>\d{5}-\d{3})(?:\s+(?<town>${TOWN})(?:\s*[-/]\s*(?<uf>[A-Z]{2}))?)?$`,
      "u",
    ),
    read: (m, line) => ({
      postcode: g(m, "pc"),
      locality: g(m, "town"),
      ...(g(m, "uf") ? { region: g(m, "uf") } : {}),
      countries: ["BR"],
      certain: /^CEP/.test(line) || g(m, "uf") !== "",
    }),
  },
  {
    // PIN: "Mumbai 400001", "New Delhi - 110 001", "Bengaluru, Karnataka 560001". Six digits are also order
    // and reference numbers, so only a state name makes the line Indian by itself.
    example: "Bengaluru, Karnataka 560001",
    pattern: new RegExp(
      String.raw`^(?<town>${TOWN})(?:,\s*(?<state>\p{Lu}[\p{L} ]{2,30}?))?\s*[-–,]?\s*(?<pc>[1-8]\d{2} ?\d{3})$`,
      "u",
    ),
    read: (m) => {
      const state = g(m, "state");
      const known = IN_STATES.has(state.toLowerCase());
      if (state && !known) return undefined;
      // "…, Bengaluru, Karnataka 560001" split at its commas: the state stands where the town would.
      if (!state && IN_STATES.has(g(m, "town").toLowerCase()) && !IN_CITY_STATES.has(g(m, "town").toLowerCase())) {
        return {
          postcode: g(m, "pc").replace(" ", ""),
          locality: "",
          region: g(m, "town"),
          countries: ["IN"],
          certain: true,
        };
      }
      return {
        postcode: g(m, "pc").replace(" ", ""),
        locality: g(m, "town"),
        ...(state ? { region: state } : {}),
        countries: ["IN"],
        certain: known,
      };
    },
  },
  {
    // The digit shapes most of Europe shares: "1010 Wien", "75008 Paris Cedex 08", "20121 Milano (MI)",
    // "114 55 Stockholm", "CH-8001 Zürich", "Praha 1" districts. A prefix, "Cedex" (French only) or an
    // Italian province in parentheses name the country; otherwise the country line or the ccTLD must.
    example: "CH-8001 Zürich",
    pattern: new RegExp(
      String.raw`^(?:(?<prefix>[A-Z]{1,3})[- ])?(?<pc>\d{4,5}|\d{3} \d{2})\s+(?<town>${TOWN})(?:\s+(?<district>\d{1,2}))?(?:\s+(?<cedex>[Cc]edex|CEDEX)(?:\s+\d{1,3})?)?(?:\s*\((?<paren>[^()]{2,30})\)|\s+(?<bare>[A-Z]{2}))?$`,
      "u",
    ),
    read: (m) => {
      const pc = g(m, "pc");
      const prefix = g(m, "prefix");
      const paren = g(m, "paren");
      const bare = g(m, "bare");
      const town = [g(m, "town"), g(m, "district")].filter(Boolean).join(" ");
      const shape = pc.includes(" ") ? THREE_TWO : pc.length === 5 ? FIVE_DIGIT : FOUR_DIGIT;
      let countries = shape;
      let certain = false;
      if (prefix) {
        const country = PREFIXES[prefix];
        if (!country || !shape.includes(country)) return undefined;
        countries = [country];
        certain = true;
      } else if (g(m, "cedex")) {
        if (pc.length !== 5) return undefined;
        countries = ["FR"];
        certain = true;
      } else if (pc.length === 5 && IT_PROVINCES.has(paren)) {
        countries = ["IT"];
        certain = true;
      }
      const region = paren || bare;
      return { postcode: pc, locality: town, ...(region ? { region } : {}), countries, certain };
    },
  },
  {
    // New Zealand puts the town first ("Auckland 1010"), as Australians do when they leave out the state.
    // A word and four digits is also "Suite 1010" or "Copyright 2024", so the country must be said.
    example: "Auckland 1010",
    pattern: new RegExp(String.raw`^(?<town>${TOWN})\s+(?<pc>\d{4})$`, "u"),
    read: (m) => ({ postcode: g(m, "pc"), locality: g(m, "town"), countries: ["NZ", "AU"], certain: false }),
  },
  {
    // Japan written in Latin letters: "Chiyoda-ku, Tokyo 100-0001". The digits look like a US phone number,
    // so the country line or .jp has to say Japan.
    example: "Chiyoda-ku, Tokyo 100-0001",
    pattern: new RegExp(String.raw`^(?<town>${TOWN})\s+(?<pc>\d{3}-\d{4})$`, "u"),
    read: (m) => ({ postcode: g(m, "pc"), locality: g(m, "town"), countries: ["JP"], certain: false }),
  },
];

/** Reads a postcode-and-town line by the first shape in the table that fits it. */
export function matchLocality(line: string): LocalityMatch | undefined {
  if (line.length > 120) return undefined;
  for (const shape of SHAPES) {
    const m = shape.pattern.exec(line);
    if (!m) continue;
    const found = shape.read(m, line);
    if (found && isPlace(found.locality)) return found;
    if (found) return undefined;
  }
  return undefined;
}

/**
 * The country of a locality line: its own when it names one, else the country line's, else the ccTLD's,
 * as long as the shape is one that country uses and the postcode is in its range.
 */
export function resolveCountry(
  m: LocalityMatch,
  countryLine: string | undefined,
  tldCountry: string | undefined,
): string | undefined {
  const country = m.certain ? m.countries[0] : (countryLine ?? tldCountry);
  if (!country || !m.countries.includes(country)) return undefined;
  return plausiblePostcode(country, m.postcode) ? country : undefined;
}

/**
 * A postcode as a comparable key: no country prefix, spaces, dashes or 〒, so "CH-8001" on the page and
 * "8001" in the JSON-LD, or "D02 X285" and "D02X285", are the same postcode.
 */
export function postcodeKey(postcode: string): string {
  return postcode
    .trim()
    .toUpperCase()
    .replace(/^〒\s*/, "")
    .replace(/^[A-Z]{1,3}-(?=\d)/, "")
    .replace(/[\s.-]/g, "");
}
