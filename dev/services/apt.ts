/**
 * @module Installing a missing system package from Debian's archive, the one way the project brings the
 * services and tools it needs (MariaDB, Redis, Chromium) onto a fresh machine of its kind.
 */
import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);
let updated: Promise<unknown> | null = null;

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The first of `paths` that exists. */
export async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) if (await exists(path)) return path;
  return undefined;
}

/** Why we cannot install here, or null when we can (root on a machine with apt-get). */
export async function cannotInstallReason(): Promise<string | null> {
  if (process.getuid?.() !== 0) return "not running as root";
  if (!(await exists("/usr/bin/apt-get"))) return "apt-get is not available";
  return null;
}

/**
 * `apt-get install -y --no-install-recommends <packages>` (after one `apt-get update` per process).
 * Throws with `hint` when this machine cannot install packages, or when `timeoutMs` (if given) passes before
 * apt-get is done (apt-get is then stopped with SIGTERM).
 */
export async function aptInstall(
  packages: readonly string[],
  hint: string,
  log: (m: string) => void,
  timeoutMs?: number,
): Promise<void> {
  const reason = await cannotInstallReason();
  if (reason) throw new Error(`${hint} (cannot install it here: ${reason})`);
  log(`installing ${packages.join(" ")} from Debian's packages (apt-get install -y) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const options = { env, maxBuffer: 64 << 20, timeout: timeoutMs ?? 0 };
  const started = Date.now();
  try {
    updated ??= run("apt-get", ["update"], options);
    await updated;
    const left = timeoutMs === undefined ? 0 : Math.max(1, timeoutMs - (Date.now() - started));
    await run("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { ...options, timeout: left });
  } catch (e) {
    const killed = (e as { killed?: boolean }).killed;
    if (killed && timeoutMs !== undefined) {
      throw new Error(`${hint} (apt-get did not finish installing it within ${Math.round(timeoutMs / 1000)} s)`);
    }
    throw e;
  }
}
