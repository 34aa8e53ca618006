/**
 * @module The origin's configuration (origin/config.ts): the crawl settings a rater used to hard-code are
 * settings now, with the old values as defaults, validated with an error that names the variable; and what
 * the rater's fetcher is built with comes from them.
 */

import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { readAggregatorConfig, readOriginConfig, readRaterConfig } from "../../origin/config.ts";
import { siteFetcherOptions } from "../../origin/rater/site-fetcher.ts";

describe("crawl settings", () => {
  it("default to the values the rater used before they were settings", () => {
    expect(readRaterConfig({}).crawl).toEqual({
      maxPages: 20,
      concurrency: 4,
      pageMaxBytes: 1_048_576,
      pageTimeoutMs: 10_000,
      siteTimeoutMs: 60_000,
      userAgentToken: "bonafide",
      parseThreads: 2,
    });
  });

  it("are read from RATER_* and reach the rater's fetcher", () => {
    const config = readOriginConfig({
      RATER_MAX_PAGES: "7",
      RATER_CRAWL_CONCURRENCY: "2",
      RATER_PAGE_MAX_BYTES: "65536",
      RATER_PAGE_TIMEOUT_MS: "3000",
      RATER_SITE_TIMEOUT_MS: "20000",
      RATER_ROBOTS_TOKEN: "acme-bot",
      RATER_PARSE_THREADS: "1",
    });
    expect(config.rater.crawl).toEqual({
      maxPages: 7,
      concurrency: 2,
      pageMaxBytes: 65_536,
      pageTimeoutMs: 3_000,
      siteTimeoutMs: 20_000,
      userAgentToken: "acme-bot",
      parseThreads: 1,
    });
    expect(siteFetcherOptions(config).maxBytes).toBe(65_536);
  });

  it.each([
    ["RATER_CRAWL_CONCURRENCY", "0", /^RATER_CRAWL_CONCURRENCY must be an integer >= 1, got "0"$/],
    ["RATER_PAGE_MAX_BYTES", "100", /^RATER_PAGE_MAX_BYTES must be an integer >= 1024, got "100"$/],
    ["RATER_PARSE_THREADS", "two", /^RATER_PARSE_THREADS must be an integer >= 1, got "two"$/],
    ["RATER_ROBOTS_TOKEN", "bona fide/1.0", /^RATER_ROBOTS_TOKEN must be letters, _ and - only/],
    ["BONAFIDE_VERBOSE", "maybe", /^BONAFIDE_VERBOSE must be on or off, got "maybe"$/],
  ])("a bad %s is an error naming it", (name, value, message) => {
    expect(() => readOriginConfig({ [name]: value })).toThrow(message);
  });
});

describe("render threads", () => {
  it("default to one per core beside the event loop's, at least one, and AGGREGATOR_RENDER_THREADS sets them", () => {
    expect(readAggregatorConfig({}).renderThreads).toBe(Math.max(1, availableParallelism() - 1));
    expect(readAggregatorConfig({ AGGREGATOR_RENDER_THREADS: "3" }).renderThreads).toBe(3);
    expect(() => readAggregatorConfig({ AGGREGATOR_RENDER_THREADS: "0" })).toThrow(/AGGREGATOR_RENDER_THREADS/);
  });

  it("render .tsx with bonafide's runtime unless BONAFIDE_TSX_RUNTIME=hono, and refuse anything else", () => {
    expect(readAggregatorConfig({}).tsxRuntime).toBe("bonafide");
    expect(readAggregatorConfig({ BONAFIDE_TSX_RUNTIME: "hono" }).tsxRuntime).toBe("hono");
    expect(() => readAggregatorConfig({ BONAFIDE_TSX_RUNTIME: "react" })).toThrow(/BONAFIDE_TSX_RUNTIME/);
  });
});

describe("the launcher's own settings", () => {
  it("BONAFIDE_VERBOSE is read with the rest of the stack's settings", () => {
    expect(readOriginConfig({}).stack.verbose).toBe(false);
    expect(readOriginConfig({ BONAFIDE_VERBOSE: "1" }).stack.verbose).toBe(true);
  });
});
