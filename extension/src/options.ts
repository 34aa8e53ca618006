/**
 * @module The options page: opt-in (nothing is sent before it), the endpoint, which links, clear cache.
 */
import { api } from "./lib/browser.ts";
import type { LinkMode } from "./lib/links.ts";
import { CACHE_PREFIX } from "./lib/ratings.ts";
import { parseEndpoint, readSettings, SETTINGS_KEY, type Settings } from "./lib/settings.ts";

function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`options page lacks #${id}`);
  return e as T;
}

const optIn = byId<HTMLInputElement>("optIn");
const endpoint = byId<HTMLInputElement>("endpoint");
const status = byId<HTMLSpanElement>("status");

function say(text: string, error = false): void {
  status.textContent = text;
  status.className = error ? "error" : "";
}

async function load(): Promise<void> {
  const s = readSettings((await api.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  optIn.checked = s.optIn;
  endpoint.value = s.endpoint;
  for (const r of document.querySelectorAll<HTMLInputElement>("input[name=mode]")) r.checked = r.value === s.mode;
}

async function save(): Promise<void> {
  const origin = parseEndpoint(endpoint.value);
  if (!origin) {
    say("The endpoint must be an http(s) URL without a user name or password.", true);
    return;
  }
  const mode = (document.querySelector<HTMLInputElement>("input[name=mode]:checked")?.value ?? "ads") as LinkMode;
  const settings: Settings = { optIn: optIn.checked, endpoint: origin, mode };
  await api.storage.local.set({ [SETTINGS_KEY]: settings });
  endpoint.value = origin;
  say(settings.optIn ? "Saved. Ratings appear on pages you open or reload." : "Saved. bonafide sends nothing.");
}

async function clearCache(): Promise<void> {
  const all = await api.storage.local.get(null);
  const keys = Object.keys(all).filter((k) => k.startsWith(CACHE_PREFIX));
  await api.storage.local.remove(keys);
  say(`Cleared ${keys.length} cached rating${keys.length === 1 ? "" : "s"}.`);
}

byId("save").addEventListener("click", () => void save());
byId("clear").addEventListener("click", () => void clearCache());
void load();
