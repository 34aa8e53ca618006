/**
 * @module Translations by key: templates write `{{t:key}}`; after rendering the keys on the page are
 * collected, the ones not in the cache are fetched in ONE call to the translation back-end, and each
 * marker is replaced by its HTML-escaped text (the key itself when unknown, so a gap is visible).
 */
import type { PostProcessor } from "./types.ts";

const MARKER = /\{\{t:([A-Za-z0-9_.-]{1,100})\}\}/g;

export interface TranslationOptions {
  /** Back-end name; it answers `GET {path}?lang=xx&keys=a,b,c` with JSON `{ "a": "…", … }`. */
  readonly backend: string;
  readonly path?: string;
  readonly ttlMs?: number;
  readonly maxEntries?: number;
}

function escapeHtml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "#39" }[c]};`);
}

/** The post-processor and its cache (exposed for tests and metrics). */
export function createTranslations(options: TranslationOptions): PostProcessor & { cacheSize(): number } {
  const ttl = options.ttlMs ?? 60_000;
  const max = options.maxEntries ?? 10_000;
  const cache = new Map<string, { text: string; until: number }>();
  return {
    name: "translations",
    cacheSize: () => cache.size,
    async run(html, ctx) {
      const keys = new Set<string>();
      for (const m of html.matchAll(MARKER)) if (m[1]) keys.add(m[1]);
      if (keys.size === 0) return html;
      const now = Date.now();
      const missing = [...keys].filter((k) => (cache.get(`${ctx.lang}\0${k}`)?.until ?? 0) <= now).sort();
      if (missing.length > 0) {
        const result = await ctx.fetch(options.backend, {
          path: options.path ?? "/translations",
          query: { lang: ctx.lang, keys: missing.join(",") },
          required: false,
        });
        if (result.ok && result.data && typeof result.data === "object") {
          for (const [k, v] of Object.entries(result.data as Record<string, unknown>)) {
            if (typeof v !== "string") continue;
            if (cache.size >= max) cache.delete(cache.keys().next().value ?? "");
            cache.set(`${ctx.lang}\0${k}`, { text: v, until: now + ttl });
          }
        }
      }
      return html.replace(MARKER, (_, key: string) => escapeHtml(cache.get(`${ctx.lang}\0${key}`)?.text ?? key));
    },
  };
}
