/**
 * @module Batching in the background: domains asked for by any tab within a short window go to the edge
 * together, deduplicated, at most 50 per request (research/rating.md §5.3).
 */
import { chunkList, MAX_DOMAINS_PER_REQUEST } from "./schedule.ts";

/** Sends one chunk to the edge and answers by domain; throws when the edge cannot be asked. */
export type SendChunk<T> = (domains: string[]) => Promise<Map<string, T>>;

interface Waiter<T> {
  domains: string[];
  resolve(result: Map<string, T | Error>): void;
}

export interface Batcher<T> {
  /** Every asked domain mapped to its answer, or to the Error of the request that carried it. */
  request(domains: readonly string[]): Promise<Map<string, T | Error>>;
}

/** Collects asks for `windowMs`, then sends the deduplicated set in chunks, all chunks at once. */
export function createBatcher<T>(
  send: SendChunk<T>,
  windowMs = 50,
  maxPerRequest = MAX_DOMAINS_PER_REQUEST,
): Batcher<T> {
  let waiters: Waiter<T>[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function flush(): Promise<void> {
    const batch = waiters;
    waiters = [];
    timer = null;
    const all = [...new Set(batch.flatMap((w) => w.domains))];
    const answers = new Map<string, T | Error>();
    await Promise.all(
      chunkList(all, maxPerRequest).map(async (chunk) => {
        try {
          const got = await send(chunk);
          for (const d of chunk) answers.set(d, got.get(d) ?? new Error(`no answer for ${d}`));
        } catch (error) {
          const e = error instanceof Error ? error : new Error(String(error));
          for (const d of chunk) answers.set(d, e);
        }
      }),
    );
    for (const w of batch) w.resolve(new Map(w.domains.map((d) => [d, answers.get(d) ?? new Error("lost")])));
  }

  return {
    request(domains) {
      if (domains.length === 0) return Promise.resolve(new Map());
      return new Promise((resolve) => {
        waiters.push({ domains: [...domains], resolve });
        const queued = waiters.reduce((n, w) => n + w.domains.length, 0);
        if (queued >= maxPerRequest) {
          if (timer !== null) clearTimeout(timer);
          void flush();
        } else if (timer === null) {
          timer = setTimeout(() => void flush(), windowMs);
        }
      });
    },
  };
}
