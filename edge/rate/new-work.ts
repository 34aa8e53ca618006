/**
 * @module New domains per client follow the raters' capacity. Asking for a rated domain costs the raters
 * nothing and is charged only by the overload bucket (compat/guard.ts); a domain the database has never
 * seen is new work, and a client may queue only its share of what the raters can rate: the budget the
 * maintenance leader publishes in `rater_capacity` (origin/rater/capacity.ts), as a token bucket per client
 * per isolate holding one minute of it, and at least one full request (a page's links arrive at once). Past it, the new domains are not queued and are answered 429 with
 * Retry-After (never W: W says "being rated").
 *
 * The budget is read from the database at most once a minute per isolate, and only when a request has
 * new domains to queue (a database round trip it was making anyway). Module state is plain numbers.
 */

import { createBucketTable } from "../compat/overload.ts";
import type { Reporter } from "../log.ts";
import { DeadlineError, withDeadline } from "./deadline.ts";
import type { RatingStore } from "./store.ts";

/** How long an isolate uses the budget it read before reading it again. */
export const BUDGET_REFRESH_MS = 60_000;

let budget: { perMinute: number; readAtMs: number } | null = null;
const buckets = createBucketTable();

/**
 * The per-client new-domain budget: published by the raters, else `fallback` (no raters measured lately,
 * or a database not yet migrated to have the table). A database that does not answer in time is down for
 * this request, as for every other statement: the error goes to the caller, which answers 503 items.
 */
async function currentBudget(
  store: RatingStore,
  fallback: number,
  deadlineMs: number,
  nowMs: number,
  log: Reporter,
): Promise<number> {
  if (budget && nowMs - budget.readAtMs < BUDGET_REFRESH_MS) return budget.perMinute;
  let published: number | null = null;
  try {
    published = await withDeadline(store.readClientBudget(), deadlineMs);
  } catch (error) {
    if (error instanceof DeadlineError) throw error;
    log.report({ level: "warn", msg: "new-domain budget unreadable", error: String(error) });
  }
  budget = { perMinute: published ?? fallback, readAtMs: nowMs };
  return budget.perMinute;
}

export interface Admission {
  /** May be queued now. */
  admitted: string[];
  /** Past the client's budget: not queued. */
  deferred: string[];
  retryAfterSeconds: number;
}

/** Splits `domains` (all new) into those `clientKey` may queue now and those it must ask for later. */
export async function admitNewDomains(
  store: RatingStore,
  clientKey: string,
  domains: readonly string[],
  options: { fallbackPerMinute: number; maxPerRequest: number; deadlineMs: number; nowMs: number; log: Reporter },
): Promise<Admission> {
  const perMinute = await currentBudget(
    store,
    options.fallbackPerMinute,
    options.deadlineMs,
    options.nowMs,
    options.log,
  );
  const { taken, retryAfterSeconds } = buckets.takeUpTo(
    clientKey,
    { burst: Math.max(perMinute, options.maxPerRequest), perMinute },
    domains.length,
    options.nowMs,
  );
  return { admitted: domains.slice(0, taken), deferred: domains.slice(taken), retryAfterSeconds };
}
