/**
 * @module Rules versions in KV: an immutable snapshot per version (chunked under the 25 MiB value limit) plus a
 * small pointer to the live one, so a reader sees the old set or the new one, never half of each
 * (research edge.md §1.2). Rolling back moves the pointer; versions are never rewritten, only pruned whole.
 */

import type { RulesDocument } from "../../shared/rules/model.ts";
import { kvCall } from "../errors.ts";

const POINTER_KEY = "rules:current";
const LATEST_KEY = "rules:latest";
const MANIFEST_PREFIX = "rules:m:";
/** KV values may be 25 MiB; stay well below it. */
export const CHUNK_BYTES = 20 * 1024 * 1024;
/** Snapshots never change, so edge locations may cache them for a day. */
const SNAPSHOT_CACHE_TTL_S = 86_400;
/** The minimum KV allows since 2026-01-30; the isolate re-checks more often than that anyway. */
const POINTER_CACHE_TTL_S = 30;
/** KV metadata is at most 1,024 bytes of JSON; the list of versions is read from it. */
const MAX_METADATA_BYTES = 1024;
export const MAX_COMMENT_CHARS = 200;
export const MAX_AUTHOR_CHARS = 64;

export interface VersionInfo {
  version: number;
  createdAt: string;
  count: number;
  bytes: number;
  chunks: number;
  comment: string;
  /** Who published it, as the publisher said (the admin token is shared, so this is not authenticated). */
  author: string;
  /** The live version when it was published (null: none was); two versions with one `basedOn` were concurrent. */
  basedOn: number | null;
  /** Names this version's chunks; absent on versions stored before chunks were keyed by it. */
  id?: string;
}

export type VersionSummary = Omit<VersionInfo, "bytes" | "chunks" | "id">;

export interface Pointer {
  version: number;
  publishedAt: string;
  /** Who made it live (a publish or a rollback); "" when not said. */
  author?: string;
}

const manifestKey = (version: number) => `${MANIFEST_PREFIX}${String(version).padStart(10, "0")}`;
// A random id per publish keeps two publishers that picked the same number from mixing each other's chunks.
const chunkKey = (info: Pick<VersionInfo, "version" | "id">, i: number) =>
  info.id ? `rules:c:${info.id}:${i}` : `rules:c:${info.version}:${i}`;

/** `text` without control characters, cut to `max` code points (never inside a surrogate pair). */
export function clipText(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return Array.from(text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim())
    .slice(0, max)
    .join("");
}

export async function readPointer(kv: KVNamespace): Promise<Pointer | null> {
  return kv.get<Pointer>(POINTER_KEY, { type: "json", cacheTtl: POINTER_CACHE_TTL_S });
}

export async function readVersionInfo(kv: KVNamespace, version: number): Promise<VersionInfo | null> {
  return kv.get<VersionInfo>(manifestKey(version), { type: "json", cacheTtl: SNAPSHOT_CACHE_TTL_S });
}

/** The rules document of `version`, or null if no such version is kept. */
export async function readVersion(kv: KVNamespace, version: number): Promise<RulesDocument | null> {
  const info = await readVersionInfo(kv, version);
  if (!info) return null;
  if (info.chunks === 1) {
    // The common case: parse straight from KV, without holding a second copy of the bytes.
    const document = await kv.get<RulesDocument>(chunkKey(info, 0), { type: "json", cacheTtl: SNAPSHOT_CACHE_TTL_S });
    if (!document) throw new Error(`rules version ${version} is missing its data`);
    return document;
  }
  const parts = await Promise.all(
    Array.from({ length: info.chunks }, (_, i) =>
      kv.get(chunkKey(info, i), { type: "arrayBuffer", cacheTtl: SNAPSHOT_CACHE_TTL_S }),
    ),
  );
  const bytes = new Uint8Array(info.bytes);
  let at = 0;
  for (const part of parts) {
    if (!part) throw new Error(`rules version ${version} is missing a chunk`);
    bytes.set(new Uint8Array(part), at);
    at += part.byteLength;
  }
  return JSON.parse(new TextDecoder().decode(bytes)) as RulesDocument;
}

export interface VersionMeta {
  comment?: string;
  author?: string;
  basedOn?: number | null;
}

/** What `listVersions` reads from each manifest key's metadata, shortened until it fits KV's 1,024 bytes. */
function summaryMetadata(info: VersionInfo): Omit<VersionSummary, "version"> {
  const meta = {
    createdAt: info.createdAt,
    count: info.count,
    comment: info.comment,
    author: info.author,
    basedOn: info.basedOn,
  };
  const size = () => new TextEncoder().encode(JSON.stringify(meta)).length;
  while (size() > MAX_METADATA_BYTES && meta.comment) meta.comment = Array.from(meta.comment).slice(0, -8).join("");
  while (size() > MAX_METADATA_BYTES && meta.author) meta.author = Array.from(meta.author).slice(0, -4).join("");
  return meta;
}

/** How many numbers a publish tries before giving up (each taken one means another publish claimed it). */
const MAX_CLAIM_ATTEMPTS = 10;

/**
 * Writes `document` as a new immutable version without making it live: chunks under a fresh id, then the
 * manifest under the next free number, read back to see that no concurrent publisher took the same number
 * (if one did, the next number is tried). Numbers only grow: pruned numbers are never handed out again.
 */
export async function storeVersion(
  kv: KVNamespace,
  document: RulesDocument,
  meta: VersionMeta = {},
  chunkBytes = CHUNK_BYTES,
): Promise<VersionInfo> {
  const id = `p${crypto.randomUUID().replaceAll("-", "")}`;
  const bytes = new TextEncoder().encode(JSON.stringify({ origins: document.origins ?? {}, rules: document.rules }));
  const chunks = Math.max(1, Math.ceil(bytes.length / chunkBytes));
  for (let i = 0; i < chunks; i++)
    await kvCall(kv.put(chunkKey({ version: 0, id }, i), bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)));
  const [latest, newest] = await Promise.all([kv.get<number>(LATEST_KEY, "json"), newestListedVersion(kv)]);
  let version = Math.max(latest ?? 0, newest) + 1;
  for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++, version++) {
    if (await kv.get(manifestKey(version))) continue; // another publisher got there first
    const info: VersionInfo = {
      version,
      createdAt: new Date().toISOString(),
      count: document.rules.length,
      bytes: bytes.length,
      chunks,
      comment: clipText(meta.comment ?? "", MAX_COMMENT_CHARS),
      author: clipText(meta.author ?? "", MAX_AUTHOR_CHARS),
      basedOn: meta.basedOn ?? null,
      id,
    };
    // The manifest goes last: a version is only listed once every chunk is in place.
    await kvCall(kv.put(manifestKey(version), JSON.stringify(info), { metadata: summaryMetadata(info) }));
    const stored = await kvCall(kv.get<VersionInfo>(manifestKey(version), "json"));
    if (stored?.id !== id) continue; // written over by a publisher that claimed the same number: take the next
    await kvCall(kv.put(LATEST_KEY, JSON.stringify(version)));
    return info;
  }
  await deleteChunks(kv, { version: 0, id, chunks });
  throw new Error(`no free rules version number after ${MAX_CLAIM_ATTEMPTS} attempts; publish again`);
}

/** Stores `document` as a new version and makes it live at once, unconditionally (tests, scripts). */
export async function publishVersion(
  kv: KVNamespace,
  document: RulesDocument,
  comment: string,
  chunkBytes = CHUNK_BYTES,
): Promise<VersionInfo> {
  const info = await storeVersion(kv, document, { comment }, chunkBytes);
  await writePointer(kv, info.version);
  return info;
}

export async function writePointer(kv: KVNamespace, version: number, author = ""): Promise<Pointer> {
  const pointer: Pointer = {
    version,
    publishedAt: new Date().toISOString(),
    author: clipText(author, MAX_AUTHOR_CHARS),
  };
  await kvCall(kv.put(POINTER_KEY, JSON.stringify(pointer)));
  return pointer;
}

async function deleteChunks(kv: KVNamespace, info: Pick<VersionInfo, "version" | "id" | "chunks">): Promise<void> {
  for (let i = 0; i < info.chunks; i++) await kvCall(kv.delete(chunkKey(info, i)));
}

/** Removes a version: the manifest first (so it is no longer listed or readable), then its chunks. */
export async function deleteVersion(kv: KVNamespace, version: number): Promise<void> {
  const info = await kvCall(kv.get<VersionInfo>(manifestKey(version), "json"));
  await kvCall(kv.delete(manifestKey(version)));
  if (info) await deleteChunks(kv, info);
}

async function newestListedVersion(kv: KVNamespace): Promise<number> {
  return (await listVersions(kv))[0]?.version ?? 0;
}

/** Every kept version, newest first (KV list pages of 1,000 keys, read to the end). */
export async function listVersions(kv: KVNamespace): Promise<VersionSummary[]> {
  const out: VersionSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await kvCall(kv.list<Partial<Omit<VersionSummary, "version">>>({ prefix: MANIFEST_PREFIX, cursor }));
    for (const key of res.keys) {
      const meta = key.metadata;
      out.push({
        version: Number(key.name.slice(MANIFEST_PREFIX.length)),
        createdAt: meta?.createdAt ?? "",
        count: meta?.count ?? 0,
        comment: meta?.comment ?? "",
        author: meta?.author ?? "",
        basedOn: meta?.basedOn ?? null,
      });
    }
    if (res.list_complete) break;
    cursor = res.cursor;
  }
  return out.reverse();
}
