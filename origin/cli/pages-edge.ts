/**
 * @module `npx bonafide pages purge|status`: the edge's page admin endpoints (issue 14 contract §3, §4),
 * with the admin token from the environment (BONAFIDE_ADMIN_TOKEN, as `npx bonafide rules` reads it) —
 * never from the command line, where every local user sees it in `ps`.
 */
import { PAGE_PURGE_PATH, PAGE_STATUS_PATH, parsePageUrl } from "../../shared/page-jobs.ts";
import { type ParsedArgs, UsageError } from "./args.ts";

/** Bad input: the command prints the message and exits 2 (one class for every command: args.ts). */
export { UsageError };

export interface EdgeAdmin {
  edge: string;
  token: string;
}

/** The edge's answer, or a clear error when there was none. */
async function callEdge(admin: EdgeAdmin, method: string, pathAndQuery: string, body?: unknown) {
  let res: Response;
  try {
    res = await fetch(`${admin.edge}${pathAndQuery}`, {
      method,
      headers: { authorization: `Bearer ${admin.token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new Error(`cannot reach the edge at ${admin.edge}: ${(error as Error).message}`);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported with the status below
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } | string } | null)?.error;
    const message = typeof err === "string" ? err : (err?.message ?? text.slice(0, 300));
    const hint =
      res.status === 401 || res.status === 403 ? " (check BONAFIDE_ADMIN_TOKEN: `npm start` prints how to set it)" : "";
    throw new Error(
      `the edge answered ${res.status}${typeof err === "object" && err?.code ? ` ${err.code}` : ""}: ${message}${hint}`,
    );
  }
  return json;
}

const TAG = /^[\x21-\x7e](?:[\x20-\x7e]{0,1022}[\x21-\x7e])?$/;

/** The purge body from `--url`, `--prefix`, `--tag`, `--soft`; throws UsageError naming the bad value. */
export function purgeBody(parsed: ParsedArgs): { urls: string[]; prefixes: string[]; tags: string[]; soft: boolean } {
  const urls = parsed.lists.get("url") ?? [];
  const prefixes = parsed.lists.get("prefix") ?? [];
  const tags = parsed.lists.get("tag") ?? [];
  if (urls.length + prefixes.length + tags.length === 0)
    throw new UsageError("pages purge needs at least one --url, --prefix or --tag");
  for (const [what, list] of [
    ["--url", urls],
    ["--prefix", prefixes],
  ] as const) {
    for (const value of list) {
      const checked = parsePageUrl(value);
      if (!checked.ok) throw new UsageError(`${what} ${JSON.stringify(value)}: ${checked.message}`);
    }
  }
  for (const tag of tags)
    if (!TAG.test(tag) || tag.includes(","))
      throw new UsageError(`--tag ${JSON.stringify(tag)}: a tag is 1–1024 printable ASCII characters, no comma`);
  return { urls, prefixes, tags, soft: parsed.flags.has("soft") };
}

export async function purge(admin: EdgeAdmin, body: ReturnType<typeof purgeBody>): Promise<void> {
  const answer = (await callEdge(admin, "POST", PAGE_PURGE_PATH, body)) as { purged?: unknown } | null;
  const n = Number(answer?.purged ?? 0);
  console.log(
    `${body.soft ? "soft-purged (marked stale, refreshed on the next request)" : "purged"} ${n} page${n === 1 ? "" : "s"}`,
  );
}

interface PageStatus {
  url?: string;
  key?: string;
  stored?: boolean;
  status?: number;
  storedAt?: string | null;
  age?: number | null;
  freshUntil?: string | null;
  staleWhileRevalidateUntil?: string | null;
  staleIfErrorUntil?: string | null;
  state?: string;
  tags?: string[];
  bytes?: number | null;
}

const STATE_TEXT: Record<string, string> = {
  fresh: "fresh: answered HIT",
  stale: "stale: answered STALE while a refresh is queued",
  "stale-if-error-only": "stale: answered only if the origin fails (STALE-IF-ERROR), else MISS",
  expired: "expired: kept no longer; the next request is a MISS",
  absent: "not stored: the next request is a MISS",
};

/** A readable summary of the edge's status answer. */
export function formatStatus(s: PageStatus, now = Date.now()): string {
  const when = (iso: string | null | undefined) => {
    if (!iso) return "—";
    const delta = Math.round((Date.parse(iso) - now) / 1000);
    return `${iso} (${delta >= 0 ? `in ${delta} s` : `${-delta} s ago`})`;
  };
  const lines = [
    `${s.url ?? "?"}`,
    `  state        ${STATE_TEXT[s.state ?? ""] ?? s.state ?? "?"}`,
    `  key          ${s.key ?? "?"}`,
  ];
  if (s.stored) {
    lines.push(
      `  stored       status ${s.status ?? "?"}, ${s.bytes ?? "?"} bytes, at ${s.storedAt ?? "?"} (age ${s.age ?? "?"} s)`,
      `  fresh until  ${when(s.freshUntil)}`,
      `  stale while revalidate until ${when(s.staleWhileRevalidateUntil)}`,
      `  stale if error until         ${when(s.staleIfErrorUntil)}`,
      `  tags         ${s.tags?.length ? s.tags.join(", ") : "none"}`,
    );
  }
  return lines.join("\n");
}

export async function status(admin: EdgeAdmin, url: string, json: boolean): Promise<void> {
  const checked = parsePageUrl(url);
  if (!checked.ok) throw new UsageError(`${JSON.stringify(url)}: ${checked.message}`);
  const answer = (await callEdge(admin, "GET", `${PAGE_STATUS_PATH}?url=${encodeURIComponent(url)}`)) as PageStatus;
  console.log(json ? JSON.stringify(answer, null, 2) : formatStatus(answer));
}
