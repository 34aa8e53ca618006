/**
 * @module `npx bonafide import FILE [--priority P]`: bulk import of domains (or URLs) to rate, one per
 * line (`#` comments and blank lines skipped; a CSV line counts by its first field). Bad lines are
 * reported with their line numbers and skipped; good ones are queued in batches on one fairness lane
 * (`import`), so a big import takes one slot per round and never crowds out users waiting for a rating.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { normalizeDomainInput } from "../../shared/domain.ts";
import { PRIORITY_IMPORT } from "../../shared/queue-contract.ts";
import { readOriginConfig } from "../config.ts";
import { createDb } from "../db/pool.ts";
import { ensureSchema } from "../db/schema.ts";
import { enqueueJobs } from "../queue/index.ts";
import { RATE_KIND } from "../rater/service.ts";
import { intOption, parseArgs } from "./args.ts";
import { createProgress } from "./progress.ts";

const USAGE = `usage: npx bonafide import FILE [--priority P]

Queues every domain or URL in FILE (one per line, "-" for stdin) for rating at priority P (default 150:
after users waiting for a rating). Bad lines are reported and skipped; already queued domains are counted once.`;

const BATCH = 500;
export const IMPORT_LANE = "import";

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ["priority"]);
  if (parsed.flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0 || parsed.flags.size > 0) {
    console.error(USAGE);
    return 2;
  }
  const priority = intOption(parsed, "priority", PRIORITY_IMPORT, 255);
  const input = file === "-" ? process.stdin : createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    if (file === "-") resolve();
    input.once("error", reject);
    input.once("readable", () => resolve());
    input.once("end", () => resolve());
  });
  await opened.catch((error: Error) => {
    throw new Error(`cannot read ${file}: ${error.message}`);
  });

  const domains = new Set<string>();
  let bad = 0;
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNo++;
    const text = line.split(/[,;\t]/)[0]?.trim() ?? "";
    if (text === "" || text.startsWith("#")) continue;
    const result = normalizeDomainInput(text);
    if (result.ok) domains.add(result.domain);
    else {
      bad++;
      if (bad <= 50) process.stderr.write(`line ${lineNo}: ${JSON.stringify(text.slice(0, 80))}: ${result.message}\n`);
    }
  }
  if (bad > 50) process.stderr.write(`… and ${bad - 50} more bad lines\n`);

  const config = readOriginConfig();
  await ensureSchema(config);
  const db = createDb(config.database, { connectionLimit: 2 });
  const progress = createProgress(domains.size, process.stderr, (label, percent) => `progress: ${label} (${percent}%)`);
  const all = [...domains];
  let added = 0;
  try {
    progress.update(0, `0/${all.length}`);
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      added += await enqueueJobs(
        db,
        RATE_KIND,
        batch.map((key) => ({ key, clientKey: IMPORT_LANE, priority })),
      );
      const done = Math.min(all.length, i + BATCH);
      progress.update(done, `${done}/${all.length}`);
    }
    progress.stop();
  } finally {
    await db.end();
  }
  console.log(
    `imported ${all.length} domains from ${lineNo} lines: ${added} newly queued, ${all.length - added} already queued; ${bad} bad lines skipped`,
  );
  return 0;
}
