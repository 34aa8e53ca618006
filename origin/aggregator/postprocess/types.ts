/**
 * @module Post-processors: text transforms on the rendered page (Frontik's render postprocessors).
 * Adding one is writing `{ name, run }` and listing it in the site's `postprocessors`.
 */
import type { CallOptions, CallResult } from "../call.ts";

export interface PostContext {
  readonly lang: string;
  readonly query: URLSearchParams;
  readonly cookies: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** A back-end call in the page's scope (deadline, request id, debug record). */
  fetch(backend: string, options: CallOptions): Promise<CallResult>;
}

export interface PostProcessor {
  readonly name: string;
  run(html: string, ctx: PostContext): string | Promise<string>;
}
