/**
 * @module `npx bonafide time-to-rating [--edge URL] DOMAIN…`: how long an unknown domain takes from its first
 * ask to a rating through a running edge — asks `GET /api/v1/rate?d=DOMAIN`, asks again every `--every` ms
 * while the answer is W, then once more to show where the next answer comes from (KV). Only domains not rated
 * yet measure the whole path (queue → rater → MySQL → KV); a second run finds them in KV at once.
 */
import { normalizeDomainInput } from "../../shared/domain.ts";
import { readOriginConfig } from "../config.ts";
import { intOption, parseArgs } from "./args.ts";

const USAGE = `usage: npx bonafide time-to-rating [--edge URL] [--every MS] [--give-up S] DOMAIN [DOMAIN …]

Times each DOMAIN from its first ask to its rating through the edge, asking again every --every ms (50)
while it is W, for at most --give-up seconds (60), then asks once more to show the next answer's source.
--edge defaults to $BONAFIDE_EDGE_URL or the local stack's edge, http://127.0.0.1:8787.`;

/** How long one ask may take: an edge answers within seconds or is in trouble. */
const ASK_TIMEOUT_MS = 10_000;

export interface TimeToRatingIo {
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

interface Answer {
  rating: string;
  source: string;
}

/**
 * One ask. 200 and the whole-answer 429 (new work past this client's budget: the domain is already queued
 * from the first ask and its rating still arrives) and 503 (database down: KV may still answer) carry items;
 * anything else is an error worth stopping for.
 */
async function ask(edge: string, domain: string): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(`${edge}/api/v1/rate?d=${encodeURIComponent(domain)}`, {
      signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`cannot reach the edge at ${edge}: ${(error as Error).message}`);
  }
  const text = await res.text();
  if (![200, 429, 503].includes(res.status)) {
    throw new Error(`${domain}: the edge answered HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  let item: { rating?: unknown } | undefined;
  try {
    item = (JSON.parse(text) as { items?: { rating?: unknown }[] }).items?.[0];
  } catch {
    throw new Error(`${domain}: the edge at ${edge} did not answer bonafide's JSON (is it the edge?)`);
  }
  if (typeof item?.rating !== "string") throw new Error(`${domain}: no item in the edge's answer`);
  return { rating: item.rating, source: res.headers.get("x-bonafide-source") ?? "?" };
}

function edgeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--edge must be a URL such as http://127.0.0.1:8787, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("--edge must be an http(s) URL");
  return url.origin;
}

/** Runs the command; returns the exit code (0 every domain rated, 1 one was not, 2 bad usage). */
export async function run(args: string[], io: TimeToRatingIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const parsed = parseArgs(args, ["edge", "every", "give-up"]);
  if (parsed.flags.has("help") || parsed.positionals.length === 0 || parsed.flags.size > 0) {
    out(`${USAGE}\n`);
    return parsed.flags.has("help") ? 0 : 2;
  }
  const domains: string[] = [];
  for (const input of parsed.positionals) {
    const target = normalizeDomainInput(input);
    if (!target.ok) {
      out(`bonafide time-to-rating: ${JSON.stringify(input)}: ${target.message}; give a domain such as example.com\n`);
      return 2;
    }
    domains.push(input);
  }
  const edge = edgeUrl(parsed.options.get("edge") ?? readOriginConfig(io.env).edgeUrl);
  const everyMs = intOption(parsed, "every", 50, 60_000);
  const giveUpMs = intOption(parsed, "give-up", 60, 3_600) * 1_000;
  let code = 0;
  for (const domain of domains) {
    const started = performance.now();
    let answer = await ask(edge, domain);
    const firstSource = answer.source;
    let asks = 1;
    while (answer.rating === "W" && performance.now() - started < giveUpMs) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      answer = await ask(edge, domain);
      asks++;
    }
    const rated = performance.now() - started;
    if (answer.rating === "W") {
      out(`${domain}: still W after ${(rated / 1000).toFixed(0)} s (is a rater running?)\n`);
      code = 1;
      continue;
    }
    const next = performance.now();
    const again = await ask(edge, domain);
    out(
      `${domain}: first answer from ${firstSource}; ${answer.rating} after ${rated.toFixed(0)} ms (${asks} asks); ` +
        `the next ask ${(performance.now() - next).toFixed(1)} ms, from ${again.source}\n`,
    );
  }
  return code;
}
