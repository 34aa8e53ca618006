/**
 * @module EU VIES VAT number validation (REST: `{base}/ms/{CC}/vat/{number}`, no key): `isValid`, and the
 * trader's `name` and `address` where the member state returns them ("---" where it withholds them). An
 * invalid number is a negative-ish answer (not found); a withheld name cannot corroborate anything. The
 * errors (`userError`, or `actionSucceed: false` with `errorWrappers`) MS_UNAVAILABLE, TIMEOUT,
 * SERVICE_UNAVAILABLE, MS_MAX_CONCURRENT_REQ, GLOBAL_MAX_CONCURRENT_REQ … mean "could not be asked".
 * VIES has no public page per number.
 */
import type { RegisterClient } from "./client.ts";
import { obj, str } from "./shape.ts";
import type { LookupAnswer, RegisterConnector } from "./types.ts";

export const VIES_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api";
/** Banca d'Italia's VAT number: valid, with name and address, for check-registers. */
export const VIES_PROBE_VAT = "IT00950501007";
/** Member-state prefixes VIES answers for (Greece is EL; XI is Northern Ireland). */
const MEMBER_STATES = new Set(
  "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split(" "),
);
const WITHHELD = (value: unknown): string | undefined => {
  const s = str(value);
  return s === undefined || /^-+$/.test(s) ? undefined : s.slice(0, 300);
};

/** A VIES answer body for `vat` as a lookup answer (pure; throws on a shape it does not know). */
export function viesAnswer(vat: string, status: number, json: unknown): LookupAnswer {
  const body = obj(json, "body");
  if (body.actionSucceed === false) {
    const wrappers = Array.isArray(body.errorWrappers) ? body.errorWrappers : [];
    const code = str(obj(wrappers[0] ?? {}, "errorWrappers[0]").error) ?? "UNKNOWN_ERROR";
    if (code === "INVALID_INPUT") return { kind: "inconclusive", id: vat, why: `EU VIES refused ${vat} as input` };
    return { kind: "unavailable", id: vat, why: `EU VIES could not be asked: ${code}` };
  }
  if (status !== 200) throw new Error(`HTTP ${status}`);
  const userError = str(body.userError) ?? (body.isValid === true ? "VALID" : "INVALID");
  if (userError === "INVALID_INPUT") return { kind: "inconclusive", id: vat, why: `EU VIES refused ${vat} as input` };
  if (userError !== "VALID" && userError !== "INVALID") {
    return { kind: "unavailable", id: vat, why: `EU VIES could not be asked: ${userError.slice(0, 60)}` };
  }
  if (typeof body.isValid !== "boolean") throw new TypeError("isValid is not a boolean");
  if (!body.isValid) return { kind: "not_found", id: vat, why: `EU VIES: ${vat} is not a valid VAT number` };
  const address = WITHHELD(body.address);
  return {
    kind: "found",
    record: {
      id: vat,
      name: WITHHELD(body.name) ?? null,
      state: "active",
      localities: [],
      postcodes: [],
      ...(address ? { addressText: address } : {}),
    },
  };
}

export function createVies(client: RegisterClient, baseUrl = VIES_URL): RegisterConnector {
  const base = baseUrl.replace(/\/+$/, "");
  const check = (vat: string) =>
    client.ask(`vat:${vat}`, vat, async () => {
      const cc = vat.slice(0, 2);
      const number = vat.slice(2);
      const answer = await client.getJson(`${base}/ms/${cc}/vat/${encodeURIComponent(number)}`);
      return viesAnswer(vat, answer.status, answer.json);
    });
  return {
    id: "vies",
    label: "EU VIES",
    lookup: (site) =>
      Promise.all(
        site.vatIds
          .map((v) => v.replace(/^GR/, "EL"))
          .filter((v) => MEMBER_STATES.has(v.slice(0, 2)) && /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(v))
          .slice(0, 3)
          .map(check),
      ),
    probe: () => check(VIES_PROBE_VAT),
  };
}
