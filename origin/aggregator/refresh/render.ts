/**
 * @module Rendering one page job: a GET of the job's path and query from the aggregator's own listener on
 * loopback, with the stored validators, and what the answer means for the edge (contract §2).
 *
 * Why loopback HTTP and not an in-process call: a page's handler, the barrier, the renderer, proxying and
 * the error answers all write to a `ServerResponse` and read an `IncomingMessage` (server.ts, respond.ts,
 * proxy.ts); there is no entry that returns a page without them, and a fake request/response pair would be
 * a second code path to keep true. Through the listener a refresh is exactly a live request — same router,
 * handlers, deadline, admission cap (its 503 is retried), metrics and log line — for one loopback round
 * trip, small beside rendering.
 */
import { fetch } from "undici";
import type { PageJobPayload } from "../../../shared/page-jobs.ts";
import { PAGE_PUSH_MAX_BYTES, type PagePushBody } from "../../../shared/page-jobs.ts";
import { OriginError } from "../../errors/model.ts";
import { EDGE_PROOF_HEADER } from "../edge-trust.ts";

/** A refresh that should be tried again later (the queue's back-off), with a code for the metrics. */
export class RefreshRetryError extends OriginError<
  "RENDER_UNREACHABLE" | "PAGE_5XX" | "PAGE_DEGRADED" | "PUSH_UNREACHABLE" | "PUSH_5XX" | "PUSH_REFUSED"
> {}

/** What rendering a job produced. */
export type Rendered =
  | { kind: "push"; body: PagePushBody }
  /** Nothing to push, and nothing to retry: the page may not be stored (the edge keeps what it has). */
  | { kind: "skip"; code: string; reason: string };

/**
 * Headers a push never carries (contract §2): hop-by-hop, cookies (a page setting one is not pushed at all),
 * what the edge sets itself when it serves (`Age`, `Date`, the body's length and encoding) and per-response
 * identifiers. Everything else goes, so the edge serves a refreshed page with every header a visitor's
 * request got — a `Content-Disposition`, `Content-Security-Policy` or `X-Frame-Options` left behind would
 * change what every later visitor's browser does with the page.
 */
const NOT_PUSHED_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "set-cookie",
  "set-cookie2",
  "age",
  "date",
  "content-length",
  "content-encoding",
  "x-request-id",
  "server-timing",
]);

/**
 * Bytes of a page body that fit a push: base64 grows 4/3, and the JSON around it (URL, headers) is at most
 * a few KiB, so 6 MiB raw stays under the edge's 8 MiB limit.
 */
export const MAX_PAGE_BYTES = Math.floor((PAGE_PUSH_MAX_BYTES * 3) / 4) - 64 * 1024;

export interface RenderOptions {
  /** The aggregator's own listener, e.g. http://127.0.0.1:8788. */
  readonly baseUrl: string;
  /** BONAFIDE_ORIGIN_SECRET: sent as the edge's proof, so the request id counts as it would from the edge. */
  readonly edgeSecret: string | null;
  readonly timeoutMs: number;
  readonly requestId: string;
  readonly now?: () => number;
}

function directives(cacheControl: string): Set<string> {
  return new Set(
    cacheControl
      .toLowerCase()
      .split(",")
      .map((d) => d.trim().split("=")[0] ?? "")
      .filter(Boolean),
  );
}

/** Strong-or-weak equality of two entity tags (RFC 9110 §8.8.3.2, weak comparison). */
export function sameEtag(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return bare(a) === bare(b);
}

async function readCapped(body: AsyncIterable<Uint8Array> | null, max: number): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > max) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * Renders `job` and decides what to push: 304, or a 200 whose ETag equals the stored one → `notModified`;
 * a page the edge may store → the page; `no-store`/`private`/Set-Cookie → skip; 5xx, a degraded page (a
 * back-end failed: the stale copy is better than a lesser page, and the next try may get the full one) or
 * no answer → RefreshRetryError.
 */
export async function renderPageJob(job: PageJobPayload, url: URL, options: RenderOptions): Promise<Rendered> {
  const headers: Record<string, string> = {
    "x-forwarded-host": url.host,
    "x-forwarded-proto": url.protocol.slice(0, -1),
    "x-request-id": options.requestId,
    "user-agent": "bonafide-page-refresh",
  };
  if (options.edgeSecret) headers[EDGE_PROOF_HEADER] = options.edgeSecret;
  if (job.etag) headers["if-none-match"] = job.etag;
  if (job.lastModified) headers["if-modified-since"] = job.lastModified;
  const renderedAt = (options.now ?? Date.now)();
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(`${options.baseUrl}${url.pathname}${url.search}`, {
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new RefreshRetryError("RENDER_UNREACHABLE", `the aggregator did not answer: ${(error as Error).message}`);
  }
  const kept: [string, string][] = [];
  for (const [name, value] of response.headers)
    if (!NOT_PUSHED_HEADERS.has(name) && !name.startsWith("x-bonafide-")) kept.push([name, value]);
  const status = response.status;
  if (status >= 500) {
    await response.body?.cancel();
    throw new RefreshRetryError(
      "PAGE_5XX",
      `the page answered ${status} ${response.headers.get("x-bonafide-error") ?? ""}`.trim(),
    );
  }
  if (response.headers.has("x-bonafide-degraded")) {
    await response.body?.cancel();
    throw new RefreshRetryError(
      "PAGE_DEGRADED",
      `back-ends failed (${response.headers.get("x-bonafide-degraded")}); the stored page stays until a full one renders`,
    );
  }
  const cc = directives(response.headers.get("cache-control") ?? "");
  const unstorable = cc.has("no-store")
    ? "no-store"
    : cc.has("private")
      ? "private"
      : response.headers.has("set-cookie")
        ? "Set-Cookie"
        : null;
  if (unstorable) {
    await response.body?.cancel();
    return { kind: "skip", code: "NOT_STORABLE", reason: `the page answered ${status} with ${unstorable}` };
  }
  const unchanged =
    status === 304 ||
    (status === 200 && sameEtag(response.headers.get("etag"), job.etag)) ||
    (status === 200 &&
      !response.headers.has("etag") &&
      !job.etag &&
      !!job.lastModified &&
      response.headers.get("last-modified") === job.lastModified);
  if (unchanged) {
    await response.body?.cancel();
    // A 304 may leave out validators the page still has (RFC 9110 §15.4.5): keep the stored ones.
    if (job.etag && !kept.some(([n]) => n === "etag")) kept.push(["etag", job.etag]);
    if (job.lastModified && !kept.some(([n]) => n === "last-modified")) kept.push(["last-modified", job.lastModified]);
    return { kind: "push", body: { url: job.url, renderedAt, notModified: true, headers: kept } };
  }
  const bytes = await readCapped(response.body, MAX_PAGE_BYTES);
  if (!bytes) return { kind: "skip", code: "TOO_LARGE", reason: `the page is larger than ${MAX_PAGE_BYTES} bytes` };
  return {
    kind: "push",
    body: { url: job.url, renderedAt, status, headers: kept, body: bytes.toString("base64") },
  };
}
