/**
 * @module How every register is called: through the rater's guarded fetcher (the public-address guard of
 * the pages applies; loopback only by `--connect-to`), within a token bucket per register, never while a
 * "do not call until" mark stands (set by 429 + Retry-After, 5xx, timeouts, refused connections, doubling
 * while they last), with answers cached per process in a bounded map: found ~a day, not found shorter,
 * unavailable never. Any failure — network, status, bad JSON, wrong shape, an answer too large — becomes
 * an "unavailable" answer with its reason: unknown, neutral, never a crash and never a penalty.
 */

import { OriginError } from "../../../errors/model.ts";
import type { SiteFetcher } from "../../crawl.ts";
import type { LookupAnswer } from "./types.ts";

export interface RegisterClientOptions {
  /** The register's name in reasons ("GLEIF"). */
  label: string;
  fetcher: SiteFetcher;
  /** Sustained requests per minute to this register from this process, and the burst allowed. */
  perMinute: number;
  burst?: number;
  /** Budget of one HTTP request. */
  timeoutMs?: number;
  /** How long answers are kept: found, and not found / inconclusive. */
  foundTtlMs?: number;
  notFoundTtlMs?: number;
  /** Entries kept at most (oldest dropped first). */
  cacheSize?: number;
  /** First back-off after a failure (doubling per failure in a row, capped at maxBackoffMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

/** A register's answer to one HTTP request: status, headers and the parsed JSON body. */
export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}

/** Thrown inside a lookup when the register cannot be asked or did not answer usably. */
export class RegisterUnavailable extends OriginError<"REGISTER_UNAVAILABLE"> {
  constructor(message: string) {
    super("REGISTER_UNAVAILABLE", message);
  }
}

export interface RegisterClient {
  /** The cached answer for `key`, else `load`'s; a throw in `load` (any kind) is an unavailable answer. */
  ask(key: string, id: string, load: () => Promise<LookupAnswer>): Promise<LookupAnswer>;
  /** GET `url` as JSON (2xx and 4xx other than 429 are returned; 429, 5xx and failures throw). */
  getJson(url: string, headers?: Record<string, string>): Promise<JsonAnswer>;
  /** When calls resume, for tests and check-registers (epoch ms; 0 = no mark). */
  readonly blockedUntil: () => number;
}

const JSON_TYPES = ["application/json", "application/vnd.api+json", "application/problem+json", "text/plain"];
/** Failures worth a back-off: the register or the road to it is struggling. */
const TRANSIENT = new Set([
  "FETCH_TIMEOUT",
  "FETCH_RESET",
  "FETCH_REFUSED",
  "FETCH_UNREACHABLE",
  "FETCH_DNS_TEMPORARY",
]);
const MAX_RETRY_AFTER_MS = 3600_000;

/** Retry-After as seconds or an HTTP date, else Companies House's X-Ratelimit-Reset (epoch seconds). */
export function retryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const value = headers["retry-after"]?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers["x-ratelimit-reset"]?.trim();
  if (reset && /^\d{9,11}$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

export function createRegisterClient(options: RegisterClientOptions): RegisterClient {
  const now = options.now ?? (() => Date.now());
  const burst = options.burst ?? Math.max(1, Math.ceil(options.perMinute / 6));
  const foundTtl = options.foundTtlMs ?? 24 * 3600_000;
  const notFoundTtl = options.notFoundTtlMs ?? 3600_000;
  const cacheSize = options.cacheSize ?? 5_000;
  const backoffBase = options.backoffMs ?? 5_000;
  const maxBackoff = options.maxBackoffMs ?? 10 * 60_000;
  // Plain data only: numbers and a bounded map.
  let tokens = burst;
  let refilledAt = now();
  let until = 0;
  let failures = 0;
  const cache = new Map<string, { expires: number; answer: LookupAnswer }>();

  const takeToken = (): boolean => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - refilledAt) * options.perMinute) / 60_000);
    refilledAt = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const backOff = (why: string, ms?: number): never => {
    failures += 1;
    const wait = ms ?? Math.min(maxBackoff, backoffBase * 2 ** (failures - 1));
    until = Math.max(until, now() + Math.min(wait, MAX_RETRY_AFTER_MS));
    throw new RegisterUnavailable(`${why}; not asked again before ${new Date(until).toISOString()}`);
  };

  return {
    blockedUntil: () => (until > now() ? until : 0),
    async ask(key, id, load) {
      const hit = cache.get(key);
      if (hit && hit.expires > now()) return hit.answer;
      if (hit) cache.delete(key);
      let answer: LookupAnswer;
      try {
        answer = await load();
      } catch (error) {
        const message = error instanceof RegisterUnavailable ? error.message : `unusable answer: ${String(error)}`;
        return { kind: "unavailable", id, why: `${options.label} could not be asked: ${message}`.slice(0, 300) };
      }
      const ttl = answer.kind === "found" ? foundTtl : answer.kind === "unavailable" ? 0 : notFoundTtl;
      if (ttl > 0) {
        while (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
        cache.set(key, { expires: now() + ttl, answer });
      }
      return answer;
    },
    async getJson(url, headers) {
      if (until > now()) {
        throw new RegisterUnavailable(`backing off until ${new Date(until).toISOString()} after errors`);
      }
      if (!takeToken()) throw new RegisterUnavailable(`this rater's limit of ${options.perMinute} requests a minute`);
      let page: Awaited<ReturnType<SiteFetcher["fetchPage"]>>;
      try {
        page = await options.fetcher.fetchPage(url, {
          accept: JSON_TYPES,
          timeoutMs: options.timeoutMs ?? 10_000,
          ...(headers ? { headers } : {}),
        });
      } catch (error) {
        const code = (error as { code?: string }).code ?? "FETCH_FAILED";
        const message = `${code}: ${(error as Error).message ?? String(error)}`.slice(0, 200);
        if (TRANSIENT.has(code)) backOff(message);
        throw new RegisterUnavailable(message);
      }
      if (page.status === 429) {
        backOff("HTTP 429 (rate limited)", retryAfterMs(page.headers, now()) ?? 60_000);
      }
      if (page.status >= 500) backOff(`HTTP ${page.status}`);
      failures = 0;
      if (page.truncated) throw new RegisterUnavailable(`answer larger than ${page.bytes} bytes`);
      if (page.status === 401 || page.status === 403) {
        throw new RegisterUnavailable(`HTTP ${page.status}: the register refused our credentials`);
      }
      let json: unknown;
      try {
        json = page.body.trim() === "" ? null : JSON.parse(page.body);
      } catch {
        throw new RegisterUnavailable(`HTTP ${page.status} with a body that is not JSON`);
      }
      return { status: page.status, headers: page.headers, json };
    },
  };
}
