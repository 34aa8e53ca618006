/**
 * @module `npx bonafide pages warm FILE`: a list of page URLs (one per line, `-` for stdin) queued as
 * `page` jobs in the `pagewarm` lane, behind every stale refresh, with the edge's own enqueue statement
 * (shared/queue-sql.ts enqueuePagesSql: duplicates only count a request). The file is streamed, never held:
 * one chunk and one batch in memory, the read paused while a batch is written, so a million lines cost
 * what ten do. Ctrl-C stops after the batch being written (each is one autocommit statement), saying how far
 * it got; a second Ctrl-C exits at once.
 */
import { createReadStream, statSync } from "node:fs";
import type { ResultSetHeader } from "mysql2/promise";
import { PAGE_WARM_LANE, pageJobFor, parsePageUrl } from "../../shared/page-jobs.ts";
import { enqueuePagesSql } from "../../shared/queue-sql.ts";
import type { Db } from "../db/pool.ts";
import { clientKeyBytes } from "../queue/types.ts";
import { createProgress } from "./progress.ts";

/** URLs per statement. */
export const WARM_BATCH = 500;
const MAX_REPORTED_BAD = 50;

export interface WarmResult {
  lines: number;
  urls: number;
  queued: number;
  alreadyQueued: number;
  duplicates: number;
  bad: number;
  interrupted: boolean;
}

/** Streams `file` into page jobs at `priority`; `stop.requested` (Ctrl-C) ends it after the current batch. */
export async function warmPages(
  db: Db,
  file: string,
  priority: number,
  stop: { requested: boolean },
  err: NodeJS.WriteStream = process.stderr,
): Promise<WarmResult> {
  const input = file === "-" ? process.stdin : createReadStream(file, { highWaterMark: 64 * 1024 });
  const size = file === "-" ? null : statSync(file).size;
  // By bytes read when the file's size is known; from stdin, a line per batch.
  const progress = createProgress(size, err, (label, percent) =>
    percent === null ? `progress: ${label}` : `progress: ${label} (${percent}%)`,
  );
  const lane = clientKeyBytes(PAGE_WARM_LANE);
  const result: WarmResult = {
    lines: 0,
    urls: 0,
    queued: 0,
    alreadyQueued: 0,
    duplicates: 0,
    bad: 0,
    interrupted: false,
  };
  let batch = new Map<string, string>(); // job key → payload: the same page twice in a batch is one job
  let bytes = 0;
  let rest = "";

  const flush = async () => {
    if (batch.size === 0) return;
    const rows = [...batch];
    batch = new Map();
    const params = rows.flatMap(([key, payload]) => [key, payload, lane, priority]);
    const [answer] = await db.query<ResultSetHeader>(enqueuePagesSql(rows.length), params);
    // 1 per inserted row, 2 per duplicate (its request count always changes).
    const inserted = Math.max(0, 2 * rows.length - answer.affectedRows);
    result.queued += inserted;
    result.alreadyQueued += rows.length - inserted;
    progress.update(bytes, `${result.urls} URLs`);
  };

  const take = async (line: string) => {
    result.lines++;
    const text = line.trim();
    if (text === "" || text.startsWith("#")) return;
    const checked = parsePageUrl(text);
    if (!checked.ok) {
      result.bad++;
      if (result.bad <= MAX_REPORTED_BAD)
        err.write(`line ${result.lines}: ${JSON.stringify(text.slice(0, 80))}: ${checked.message}\n`);
      return;
    }
    const job = await pageJobFor(checked.url);
    result.urls++;
    if (batch.has(job.jobKey)) result.duplicates++;
    else batch.set(job.jobKey, job.payload);
    if (batch.size >= WARM_BATCH) await flush();
  };

  progress.update(0, "0 URLs");
  // The stream's own iterator: it reads the next chunk only when this loop asks, so a slow database
  // pauses the read instead of buffering the file.
  // One decoder for the whole stream: a character split between two chunks is decoded whole, not as two U+FFFD.
  const decoder = new TextDecoder();
  for await (const chunk of input) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.decode(chunk as Buffer, { stream: true }));
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
    const lines = text.split(/\r?\n/);
    rest = lines.pop() ?? "";
    if (rest.length > 1024 * 1024)
      throw new Error(`line ${result.lines + 1} is longer than 1 MiB; is this a URL list?`);
    for (const line of lines) {
      await take(line);
      if (stop.requested) break;
    }
    if (stop.requested) {
      result.interrupted = true;
      break;
    }
  }
  rest += decoder.decode();
  if (!result.interrupted && rest !== "") await take(rest);
  await flush();
  if (input !== process.stdin) (input as ReturnType<typeof createReadStream>).destroy();
  progress.update(size ?? bytes, `${result.urls} URLs`);
  progress.stop();
  if (result.bad > MAX_REPORTED_BAD) err.write(`… and ${result.bad - MAX_REPORTED_BAD} more bad lines\n`);
  return result;
}
