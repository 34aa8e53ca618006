/**
 * @module The client's timing rules, as SiteTruth's clients kept them (research/rating.md §1.4, §1.5):
 * ask for at most 50 domains at once, re-ask W items every 5 s, give up after 2 minutes.
 */

export const MAX_DOMAINS_PER_REQUEST = 50;
export const RETRY_MS = 5_000;
export const GIVE_UP_MS = 120_000;
/** Re-scan a changing page at most this often (Ad Limiter used 2 s). */
export const RESCAN_DEBOUNCE_MS = 1_000;
/** Links looked at per scan, as Ad Limiter bounded its scans. */
export const MAX_LINKS_PER_SCAN = 1_000;

/** `items` in chunks of at most `size`, order kept. */
export function chunkList<T>(items: readonly T[], size = MAX_DOMAINS_PER_REQUEST): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** A domain waiting on a W: when it was first asked, and when it may be asked again. */
export interface PendingDomain {
  firstAskedMs: number;
  nextAskMs: number;
}

export interface RetryPlan {
  /** Due now: ask again. */
  ask: string[];
  /** Waited the whole 2 minutes: show U / timeout and stop. */
  timedOut: string[];
  /** When the next plan is due, or null when nothing is pending any more. */
  nextTickMs: number | null;
}

/** Which pending domains to re-ask at `nowMs`; `retryAfterSeconds` from the server is honoured if longer. */
export function planRetries(pending: ReadonlyMap<string, PendingDomain>, nowMs: number): RetryPlan {
  const ask: string[] = [];
  const timedOut: string[] = [];
  let next: number | null = null;
  for (const [domain, p] of pending) {
    if (nowMs - p.firstAskedMs >= GIVE_UP_MS) timedOut.push(domain);
    else if (p.nextAskMs <= nowMs) ask.push(domain);
    else next = next === null ? p.nextAskMs : Math.min(next, p.nextAskMs);
  }
  if (ask.length > 0) next = Math.min(next ?? Number.POSITIVE_INFINITY, nowMs + RETRY_MS);
  return { ask, timedOut, nextTickMs: next };
}

/** When a W answered at `nowMs` may be asked again: never sooner than 5 s. */
export function nextAskAt(nowMs: number, retryAfterSeconds: number | null): number {
  return nowMs + Math.max(RETRY_MS, (retryAfterSeconds ?? 0) * 1000);
}
