/**
 * @module Debian's Chromium for browser tests (driven by playwright-core): found, or installed from
 * Debian's packages. Playwright's own browser download cannot work here (no internet but the registries).
 */
import { aptInstall, firstExisting } from "./apt.ts";

const PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The flags a headless Chromium needs on this kind of machine (root, closed network). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

/** The Chromium executable's path, installing the `chromium` package if it is missing. */
export async function ensureChromium(log: (m: string) => void = () => undefined): Promise<string> {
  const found = process.env.CHROMIUM_PATH || (await firstExisting(PATHS));
  if (found) return found;
  await aptInstall(["chromium"], "Chromium is not installed: sudo apt-get install -y chromium", log);
  const installed = await firstExisting(PATHS);
  if (!installed) throw new Error("chromium is still missing after apt-get install");
  return installed;
}
