/**
 * @module A register read from a JSON feed (a file or URL of `{register, number, name, postcode?, status?}`
 * entries, cached a day): the operator's own list, and the demo web's stand-in for a register. One more
 * connector: its entries are compared like any register's (match.ts).
 */
import { createCachedValue, type FeedReader } from "../feed.ts";
import type { LookupAnswer, RegisterConnector } from "./types.ts";

export interface FeedEntry {
  register?: string;
  number: string;
  name: string;
  postcode?: string;
  status?: "active" | "dissolved";
}

// Numbers are written with and without their separators ("556712-3459", "CHE-116.543.212", "SA-412345"):
// only letters and digits are compared.
const key = (n: string) => n.replace(/[\s./–-]/g, "").toUpperCase();

function isEntry(value: unknown): value is FeedEntry {
  const v = value as Record<string, unknown>;
  return typeof v === "object" && v !== null && typeof v.number === "string" && typeof v.name === "string";
}

export function createFeedRegister(read: FeedReader, location: string, ttlMs = 24 * 3600_000): RegisterConnector {
  const entries = createCachedValue(async () => {
    const data: unknown = JSON.parse(await read(location, ["application/json"]));
    return (Array.isArray(data) ? data : []).filter(isEntry);
  }, ttlMs);
  const label = `register feed ${location}`.slice(0, 200);
  const answers = async (numbers: string[]): Promise<LookupAnswer[]> => {
    let list: FeedEntry[];
    try {
      list = await entries();
    } catch (error) {
      const why = `${label} could not be read: ${(error as Error).message}`.slice(0, 300);
      return numbers.length > 0 ? [{ kind: "unavailable", id: numbers[0] as string, why }] : [];
    }
    // A number the feed does not list says nothing: the feed is not a whole register.
    return numbers.flatMap((n) =>
      list
        .filter((e) => key(e.number) === key(n))
        .map(
          (e): LookupAnswer => ({
            kind: "found",
            record: {
              id: e.number,
              name: e.name,
              state: e.status === "dissolved" ? "closed" : "active",
              ...(e.status ? { status: e.status } : {}),
              localities: [],
              postcodes: e.postcode ? [e.postcode] : [],
            },
          }),
        ),
    );
  };
  return {
    id: "feed",
    label,
    lookup: (site) => answers([...site.ukCompanyNumbers, ...site.otherNumbers, ...site.vatIds].slice(0, 10)),
    probe: async () => (await answers(["-"]))[0] ?? { kind: "inconclusive", id: "-", why: "feed read" },
  };
}
