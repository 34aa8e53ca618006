/**
 * @module Conditional publishing (RFC 9110 §13.1): the live rules version is the entity tag of
 * /_bonafide/rules (`ETag: "7"`), and `If-Match` / `If-None-Match` make a publish or rollback
 * compare-and-set against it, answering 412 with the live version when it no longer matches.
 */
import { EdgeError } from "../errors.ts";
import type { Pointer } from "../rules/store.ts";

interface EntityTag {
  weak: boolean;
  tag: string;
}

export interface Precondition {
  /** The raw header values, for messages. */
  raw: { ifMatch?: string; ifNoneMatch?: string };
  ifMatch?: "*" | EntityTag[];
  ifNoneMatch?: "*" | EntityTag[];
}

/** The entity tag of a live version. */
export function versionETag(version: number): string {
  return `"${version}"`;
}

/** `"*"` or a comma-separated list of entity tags; a bare number (`If-Match: 7`) is taken as `"7"`. */
function parseTags(name: string, value: string): "*" | EntityTag[] {
  if (value.trim() === "*") return "*";
  const tags: EntityTag[] = [];
  const token = /\s*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"|(\d+))\s*(?:,|$)/y;
  while (token.lastIndex < value.length) {
    const at = token.lastIndex;
    const m = token.exec(value);
    if (!m || token.lastIndex === at)
      throw new EdgeError(
        "BAD_PRECONDITION",
        `${name} must be * or entity tags such as "7", got ${JSON.stringify(value)}`,
      );
    tags.push({ weak: Boolean(m[1]), tag: m[2] ?? m[3] ?? "" });
  }
  if (tags.length === 0) throw new EdgeError("BAD_PRECONDITION", `${name} is empty`);
  return tags;
}

/** Reads If-Match / If-None-Match; neither = unconditional (last write wins, as before). 400 when malformed. */
export function parsePrecondition(ifMatch: string | undefined, ifNoneMatch: string | undefined): Precondition {
  const out: Precondition = { raw: {} };
  if (ifMatch !== undefined) {
    out.raw.ifMatch = ifMatch;
    out.ifMatch = parseTags("If-Match", ifMatch);
  }
  if (ifNoneMatch !== undefined) {
    out.raw.ifNoneMatch = ifNoneMatch;
    out.ifNoneMatch = parseTags("If-None-Match", ifNoneMatch);
  }
  return out;
}

/** RFC 9110 §13.1.1–2: If-Match compares strongly (a weak tag never matches), If-None-Match weakly. */
export function preconditionHolds(p: Precondition, live: number | null): boolean {
  const tag = live === null ? null : String(live);
  if (p.ifMatch === "*" && tag === null) return false;
  if (Array.isArray(p.ifMatch) && !p.ifMatch.some((t) => !t.weak && t.tag === tag)) return false;
  if (p.ifNoneMatch === "*" && tag !== null) return false;
  if (Array.isArray(p.ifNoneMatch) && p.ifNoneMatch.some((t) => t.tag === tag)) return false;
  return true;
}

/**
 * Throws 412 PRECONDITION_FAILED naming the live version unless `p` holds for it. `stored` is the version
 * a publish already wrote (kept, not live) when the conflict was found only just before the pointer moved.
 */
export function requirePrecondition(p: Precondition, live: Pointer | null, stored?: number): void {
  if (preconditionHolds(p, live?.version ?? null)) return;
  const sent = [
    p.raw.ifMatch !== undefined ? `If-Match: ${p.raw.ifMatch}` : "",
    p.raw.ifNoneMatch !== undefined ? `If-None-Match: ${p.raw.ifNoneMatch}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  const liveText = live
    ? `version ${live.version} is live (made live ${live.publishedAt}${live.author ? ` by ${live.author}` : ""})`
    : "no rules version is live";
  const keptText =
    stored === undefined
      ? "nothing was changed"
      : `the live rules were not changed; your rules were kept as version ${stored}, which is not live (roll back to it to make it live)`;
  const next = live ? `If-Match: "${live.version}"` : "If-None-Match: *";
  throw new EdgeError(
    "PRECONDITION_FAILED",
    `${liveText}, which does not satisfy ${sent}: someone else published or rolled back meanwhile; ${keptText}. ` +
      `Review the live rules (GET /_bonafide/rules, or \`npx bonafide rules diff FILE\`), then send ${next}.`,
    {
      headers: live ? { etag: versionETag(live.version) } : {},
      details: {
        live: live ? { version: live.version, publishedAt: live.publishedAt, author: live.author ?? "" } : null,
        ...(stored === undefined ? {} : { stored }),
      },
    },
  );
}
