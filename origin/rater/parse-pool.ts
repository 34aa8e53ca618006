/**
 * @module Parsing HTML off the event loop when it is heavy: pages above `heavyBytes` go to a small pool of
 * worker threads (parse-worker.ts); small pages are parsed inline, where a worker round trip would cost more
 * than the parse. One rater process runs many ratings at once, so a slow parse would delay all of them.
 */
import { Worker } from "node:worker_threads";
import { type ParsedPage, parseHtml } from "./html.ts";

export interface ParsePool {
  parse(html: string, url: string): Promise<ParsedPage>;
  stats(): { inline: number; offloaded: number };
  close(): Promise<void>;
}

/** Above this many characters a page is parsed in a worker (~2 ms of parsing on a typical core). */
export const HEAVY_PAGE_CHARS = 200_000;

type Pending = { resolve: (page: ParsedPage) => void; reject: (error: Error) => void };

/** A pool of up to `size` workers, started on first use and unref'd so they never keep the process alive. */
export function createParsePool(options: { size?: number; heavyChars?: number } = {}): ParsePool {
  const size = options.size ?? 2;
  const heavy = options.heavyChars ?? HEAVY_PAGE_CHARS;
  const workers: Worker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let turn = 0;
  let inline = 0;
  let offloaded = 0;

  function spawn(): Worker {
    const worker = new Worker(new URL("./parse-worker.ts", import.meta.url));
    worker.unref();
    worker.on("message", (m: { id: number; page?: ParsedPage; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.page) p?.resolve(m.page);
      else p?.reject(Object.assign(new Error(m.error ?? "parse failed"), { code: "PARSE_FAILED" }));
    });
    worker.on("error", (error) => {
      // A dead worker fails what it held; the next heavy page starts a fresh one in its place.
      workers.splice(workers.indexOf(worker), 1);
      for (const [id, p] of pending) {
        p.reject(error);
        pending.delete(id);
      }
    });
    return worker;
  }

  return {
    async parse(html, url) {
      if (html.length < heavy) {
        inline++;
        return parseHtml(html, url);
      }
      offloaded++;
      if (workers.length < size) workers.push(spawn());
      const worker = workers[turn++ % workers.length] as Worker;
      const id = nextId++;
      return new Promise<ParsedPage>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, html, url });
      });
    },
    stats: () => ({ inline, offloaded }),
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}
