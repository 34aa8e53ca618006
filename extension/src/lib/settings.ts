/**
 * @module The user's choices, stored in `storage.local` under `settings`: nothing is sent before opt-in.
 */
import type { LinkMode } from "./links.ts";

export interface Settings {
  /** The user agreed to send link domains to `endpoint` (AMO and Chrome Web Store policy, and ours). */
  optIn: boolean;
  /** The edge's origin, e.g. `https://bonafide.example` or `http://127.0.0.1:8787`. */
  endpoint: string;
  /** Ads only (default), or every outbound link. */
  mode: LinkMode;
}

export const SETTINGS_KEY = "settings";
export const DEFAULT_ENDPOINT = "http://127.0.0.1:8787";
export const DEFAULT_SETTINGS: Settings = Object.freeze({ optIn: false, endpoint: DEFAULT_ENDPOINT, mode: "ads" });

/** The endpoint's origin if `value` is an http(s) URL without credentials; null otherwise. */
export function parseEndpoint(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password) return null; // never send credentials along
    const path = url.pathname.replace(/\/+$/, "");
    return `${url.origin}${path}`;
  } catch {
    return null;
  }
}

/** Settings read from storage, every field checked and defaulted. */
export function readSettings(value: unknown): Settings {
  if (typeof value !== "object" || value === null) return { ...DEFAULT_SETTINGS };
  const v = value as Record<string, unknown>;
  return {
    optIn: v.optIn === true,
    endpoint: (typeof v.endpoint === "string" && parseEndpoint(v.endpoint)) || DEFAULT_ENDPOINT,
    mode: v.mode === "all" ? "all" : "ads",
  };
}

/** The evidence page for a domain at the edge (`GET /api/v1/sites/{domain}`, HTML for a browser). */
export function evidenceUrl(settings: Settings, domain: string): string {
  return `${settings.endpoint}/api/v1/sites/${encodeURIComponent(domain)}`;
}
