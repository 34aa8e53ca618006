/**
 * @module Rules versions in KV: an immutable snapshot per version (chunked under the 25 MiB value limit) plus a
 * small pointer to the live one, so a reader sees the old set or the new one, never half of each
 * (research edge.md §1.2). Rolling back moves the pointer; versions are never rewritten.
 */
import type { RulesDocument } from "../../shared/rules/model.ts";

const POINTER_KEY = "rules:current";
const LATEST_KEY = "rules:latest";
const MANIFEST_PREFIX = "rules:m:";
/** KV values may be 25 MiB; stay well below it. */
export const CHUNK_BYTES = 20 * 1024 * 1024;
/** Snapshots never change, so edge locations may cache them for a day. */
const SNAPSHOT_CACHE_TTL_S = 86_400;
/** The minimum KV allows since 2026-01-30; the isolate re-checks more often than that anyway. */
const POINTER_CACHE_TTL_S = 30;

export interface VersionInfo {
  version: number;
  createdAt: string;
  count: number;
  bytes: number;
  chunks: number;
  comment: string;
}

export interface Pointer {
  version: number;
  publishedAt: string;
}

const manifestKey = (version: number) => `${MANIFEST_PREFIX}${String(version).padStart(10, "0")}`;
const chunkKey = (version: number, i: number) => `rules:c:${version}:${i}`;

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
    const document = await kv.get<RulesDocument>(chunkKey(version, 0), {
      type: "json",
      cacheTtl: SNAPSHOT_CACHE_TTL_S,
    });
    if (!document) throw new Error(`rules version ${version} is missing its data`);
    return document;
  }
  const parts = await Promise.all(
    Array.from({ length: info.chunks }, (_, i) =>
      kv.get(chunkKey(version, i), { type: "arrayBuffer", cacheTtl: SNAPSHOT_CACHE_TTL_S }),
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

/** Writes `document` as a new immutable version, then moves the pointer to it. */
export async function publishVersion(
  kv: KVNamespace,
  document: RulesDocument,
  comment: string,
  chunkBytes = CHUNK_BYTES,
): Promise<VersionInfo> {
  let version = ((await kv.get<number>(LATEST_KEY, "json")) ?? 0) + 1;
  while (await kv.get(manifestKey(version))) version++; // another publisher got there first
  const bytes = new TextEncoder().encode(JSON.stringify({ origins: document.origins ?? {}, rules: document.rules }));
  const chunks = Math.max(1, Math.ceil(bytes.length / chunkBytes));
  for (let i = 0; i < chunks; i++)
    await kv.put(chunkKey(version, i), bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes));
  const info: VersionInfo = {
    version,
    createdAt: new Date().toISOString(),
    count: document.rules.length,
    bytes: bytes.length,
    chunks,
    comment: comment.slice(0, 200),
  };
  // The manifest goes last: a version is only listed once every chunk is in place.
  await kv.put(manifestKey(version), JSON.stringify(info), {
    metadata: { createdAt: info.createdAt, count: info.count, comment: info.comment },
  });
  await kv.put(LATEST_KEY, JSON.stringify(version));
  await writePointer(kv, version);
  return info;
}

export async function writePointer(kv: KVNamespace, version: number): Promise<Pointer> {
  const pointer: Pointer = { version, publishedAt: new Date().toISOString() };
  await kv.put(POINTER_KEY, JSON.stringify(pointer));
  return pointer;
}

/** Every kept version, newest first (KV list pages of 1,000 keys, read to the end). */
export async function listVersions(kv: KVNamespace): Promise<Omit<VersionInfo, "bytes" | "chunks">[]> {
  const out: Omit<VersionInfo, "bytes" | "chunks">[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await kv.list<{ createdAt: string; count: number; comment: string }>({
      prefix: MANIFEST_PREFIX,
      cursor,
    });
    for (const key of res.keys) {
      const meta = key.metadata;
      out.push({
        version: Number(key.name.slice(MANIFEST_PREFIX.length)),
        createdAt: meta?.createdAt ?? "",
        count: meta?.count ?? 0,
        comment: meta?.comment ?? "",
      });
    }
    if (res.list_complete) break;
    cursor = res.cursor;
  }
  return out.reverse();
}
