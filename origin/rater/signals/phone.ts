/**
 * @module Phone numbers checked with libphonenumber-js (Google's metadata): valid for their country, and
 * whether that country agrees with the address and the ccTLD (research/rating.md S4).
 */
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

export interface CheckedPhone {
  /** E.164 form. */
  number: string;
  country?: string;
  valid: boolean;
}

/** Checks the raw numbers (as found on the pages); national numbers are read as `defaultCountry`'s. */
export function checkPhones(raw: readonly string[], defaultCountry?: string): CheckedPhone[] {
  const out = new Map<string, CheckedPhone>();
  for (const text of raw) {
    const normalized = text.startsWith("00") ? `+${text.slice(2)}` : text;
    const parsed = parsePhoneNumberFromString(normalized, defaultCountry as CountryCode | undefined);
    if (!parsed) continue;
    const phone: CheckedPhone = { number: parsed.number, valid: parsed.isValid() };
    if (parsed.country) phone.country = parsed.country;
    out.set(phone.number, phone);
  }
  return [...out.values()];
}
