/**
 * @module Whether a register's entry is the business the site describes (pure). A match needs the legal
 * name AND the locality or postcode to agree, compared normalised: case, diacritics, punctuation, `&` /
 * and / und / et, and the legal form (Ltd = Limited, GmbH, S.A., SARL, B.V., …) do not count. A closed
 * company (dissolved, struck off, in liquidation, inactive) is negative information whatever the name.
 */
import { postcodeKey } from "../../signals/address.ts";
import type { LookupAnswer, RegisterFinding, SiteIdentity } from "./types.ts";

/** Lower case, diacritics off, ß → ss, punctuation → space; dots and apostrophes vanish ("S.A." → "sa"). */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/œ/g, "oe")
    .replace(/ł/g, "l")
    .replace(/[.'’´`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// Legal forms as fold() writes them, longest first; stripped from the end, repeatedly ("pty ltd").
const LEGAL_FORMS = [
  "gmbh co kg",
  "gmbh co kgaa",
  "ug haftungsbeschrankt",
  "sp z oo",
  "sa rl",
  "s a r l",
  "s a",
  "b v",
  "n v",
  "s r l",
  "s p a",
  "l l c",
  ...(
    "ltd limited plc llp llc lp inc incorporated corp corporation co company gmbh ggmbh mbh ag kgaa kg ohg ug ek ev " +
    "sa sas sasu sarl eurl snc sci srl srls spa sapa sl slu bv nv bvba vof cv pty aps as asa ab oy oyj se sro kft zrt " +
    "doo dd spzoo lda kk pte pvt bhd sdn"
  ).split(" "),
].sort((a, b) => b.length - a.length);
const CONNECTIVES = new Set(["and", "und", "et", "en", "y", "e", "og", "och", "i"]);

/** A company name reduced to what identifies it: "Tallis & Rowe Limited" → "tallis rowe". */
export function companyKey(name: string): string {
  let words = fold(name.replace(/&|\+/g, " and "))
    .split(" ")
    .filter((w) => w !== "");
  for (let changed = true; changed && words.length > 1; ) {
    changed = false;
    const tail = words.join(" ");
    for (const form of LEGAL_FORMS) {
      if (tail.endsWith(` ${form}`)) {
        words = tail.slice(0, -form.length - 1).split(" ");
        changed = true;
        break;
      }
    }
  }
  if (words[0] === "the" && words.length > 1) words = words.slice(1);
  return words.filter((w) => !CONNECTIVES.has(w)).join(" ");
}

/** Whether two legal names name the same company. */
export function sameLegalName(a: string, b: string): boolean {
  const ka = companyKey(a);
  return ka.length >= 2 && ka === companyKey(b);
}

/** Whether two town names agree: equal, or one is the other with more words ("Frankfurt am Main"). */
export function sameLocality(a: string, b: string): boolean {
  const fa = ` ${fold(a)} `;
  const fb = ` ${fold(b)} `;
  if (fa.trim() === "" || fb.trim() === "") return false;
  return fa === fb || fa.includes(fb) || fb.includes(fa);
}

/** Whether free address text (VIES) names one of the site's postcodes or towns. */
function textHasPlace(text: string, site: SiteIdentity): boolean {
  const words = fold(text).split(" ");
  const keys = new Set(site.postcodes.map(postcodeKey));
  for (let i = 0; i < words.length; i++) {
    const one = postcodeKey(words[i] ?? "");
    const two = postcodeKey(`${words[i] ?? ""}${words[i + 1] ?? ""}`);
    if (keys.has(one) || (i + 1 < words.length && keys.has(two))) return true;
  }
  const padded = ` ${words.join(" ")} `;
  return site.localities.some((l) => fold(l) !== "" && padded.includes(` ${fold(l)} `));
}

/** The register's answer compared with the site. */
export function compareAnswer(
  register: { id: string; label: string },
  site: SiteIdentity,
  answer: LookupAnswer,
): RegisterFinding {
  const base = { register: register.id, label: register.label };
  if (answer.kind === "unavailable") return { ...base, id: answer.id, kind: "unavailable", why: answer.why };
  if (answer.kind === "not_found") return { ...base, id: answer.id, kind: "not_found", why: answer.why };
  if (answer.kind === "inconclusive") return { ...base, id: answer.id, kind: "unverifiable", why: answer.why };
  const r = answer.record;
  const withLink = { ...base, id: r.id, ...(r.link ? { link: r.link } : {}) };
  if (r.state === "closed") return { ...withLink, kind: "closed", name: r.name, status: r.status ?? "closed" };
  if (r.name === null) {
    return { ...withLink, kind: "unverifiable", why: `${register.label} confirms ${r.id} but withholds the name` };
  }
  if (!site.names.some((n) => sameLegalName(n, r.name as string))) {
    return { ...withLink, kind: "mismatch", name: r.name, why: `${r.id} is registered to ${r.name}` };
  }
  const place = [r.postcodes[0], r.localities[0]].filter(Boolean).join(" ") || (r.addressText ?? "");
  if (r.postcodes.length === 0 && r.localities.length === 0 && !r.addressText) {
    return { ...withLink, kind: "unverifiable", why: `${register.label} gives no address for ${r.id}` };
  }
  const keys = new Set(site.postcodes.map(postcodeKey));
  const placed =
    r.postcodes.some((p) => keys.has(postcodeKey(p))) ||
    r.localities.some((l) => site.localities.some((s) => sameLocality(s, l))) ||
    (r.addressText !== undefined && textHasPlace(r.addressText, site));
  if (!placed) {
    const stated = [site.postcodes[0], site.localities[0]].filter(Boolean).join(" ") || "no address";
    const why = `${r.name} (${r.id}) is registered at ${place.replace(/\s+/g, " ").trim()}, the site says ${stated}`;
    return { ...withLink, kind: "mismatch", name: r.name, why };
  }
  return { ...withLink, kind: "match", name: r.name, place: place.replace(/\s+/g, " ").trim() };
}
