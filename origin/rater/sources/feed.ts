/**
 * @module Remote sources are plug-ins: a blacklist, a business register, RDAP — each behind one interface
 * with a configurable endpoint and a cache. Feeds are read from a local file or over HTTP(S) through the
 * rater's guarded fetcher (the same public-address guard as the pages; loopback only by `--connect-to`).
 */
import { readFile } from "node:fs/promises";
import { OriginError } from "../../errors/model.ts";
import type { SiteFetcher } from "../crawl.ts";

/** Reads the text of a feed at `location` (a path or an http(s) URL). */
export type FeedReader = (location: string, accept: string[]) => Promise<string>;

/** Thrown when a feed cannot be read; a source that fails says "unknown", never "bad". */
export class SourceError extends OriginError<"SOURCE_UNAVAILABLE"> {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("SOURCE_UNAVAILABLE", message, options);
  }
}

/** A feed reader over the local file system and the guarded fetcher. */
export function createFeedReader(fetcher: SiteFetcher, timeoutMs = 10_000): FeedReader {
  return async (location, accept) => {
    if (!/^https?:\/\//i.test(location)) {
      return readFile(location.replace(/^file:\/\//, ""), "utf8").catch((error: unknown) => {
        throw new SourceError(`cannot read ${location}: ${(error as Error).message}`, { cause: error });
      });
    }
    const page = await fetcher.fetchPage(location, { accept, timeoutMs }).catch((error: unknown) => {
      throw new SourceError(`cannot fetch ${location}: ${(error as Error).message}`, { cause: error });
    });
    if (page.status !== 200) throw new SourceError(`${location} answered HTTP ${page.status}`);
    return page.body;
  };
}

/** Keeps the last good value of `load` for `ttlMs`; concurrent callers share one load. */
export function createCachedValue<T>(load: () => Promise<T>, ttlMs: number, now = () => Date.now()) {
  let value: { at: number; data: T } | undefined;
  let pending: Promise<T> | undefined;
  return async (): Promise<T> => {
    if (value && now() - value.at < ttlMs) return value.data;
    pending ??= load()
      .then((data) => {
        value = { at: now(), data };
        return data;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
