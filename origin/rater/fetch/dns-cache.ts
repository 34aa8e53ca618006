/**
 * @module The resolver's answer cache: positive and negative answers until their TTL, bounded in entries
 * (least recently used goes first), and "holds" that keep a site's answers past their TTL while a rating of
 * that site runs, so one rating resolves each name once whatever TTL the zone gives. A hold keeps only the
 * answers stored after it began: a new rating never starts from an answer that had already expired.
 */
import type { ResolvedAddress } from "./guard.ts";

/** What a name resolved to: its addresses, or a lasting "no such name" / "no address" (RFC 2308). */
export type DnsAnswer =
  | { readonly kind: "addresses"; readonly addresses: readonly ResolvedAddress[] }
  | { readonly kind: "negative"; readonly code: "ENOTFOUND" | "ENODATA" };

export interface DnsCache {
  get(name: string): DnsAnswer | undefined;
  set(name: string, answer: DnsAnswer, ttlMs: number): void;
  /** Keeps the answers of `domain` and its subdomains, expired or not, until the returned release is called. */
  hold(domain: string): () => void;
  readonly size: number;
}

interface Entry {
  answer: DnsAnswer;
  expiresAt: number;
  /** Order of storing, compared with a hold's start (a clock could stand still; this cannot). */
  seq: number;
}

interface Hold {
  count: number;
  /** The `seq` the earliest live hold of the domain began at. */
  from: number;
}

/** A cache of at most `maxEntries` names; `now` is the clock TTLs are measured with (ms). */
export function createDnsCache(maxEntries: number, now: () => number): DnsCache {
  // A Map iterates in insertion order: re-inserting on every hit makes its first key the least recently used.
  const entries = new Map<string, Entry>();
  const holds = new Map<string, Hold>();
  let seq = 0;

  function held(name: string, entry: Entry): boolean {
    if (holds.size === 0) return false;
    for (let suffix = name; ; ) {
      const hold = holds.get(suffix);
      if (hold && hold.from <= entry.seq) return true;
      const dot = suffix.indexOf(".");
      if (dot < 0) return false;
      suffix = suffix.slice(dot + 1);
    }
  }

  return {
    get(name) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      entries.delete(name);
      if (entry.expiresAt <= now() && !held(name, entry)) return undefined;
      entries.set(name, entry);
      return entry.answer;
    },
    set(name, answer, ttlMs) {
      entries.delete(name);
      entries.set(name, { answer, expiresAt: now() + ttlMs, seq: ++seq });
      // Held entries can be evicted too: under that much pressure a second look-up is the lesser harm.
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
    hold(domain) {
      const hold = holds.get(domain) ?? { count: 0, from: seq + 1 };
      hold.count++;
      holds.set(domain, hold);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--hold.count === 0) holds.delete(domain);
      };
    },
    get size() {
      return entries.size;
    },
  };
}
