/**
 * @module Debian's Firefox ESR for the browser tests, driven over WebDriver BiDi by a small client of our own
 * (playwright-core's BiDi driver sends commands ESR 153 does not implement). Firefox is found, or installed
 * from Debian's packages; started headless on a fresh profile with its BiDi server on a free loopback port;
 * and stopped with its whole process tree.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aptInstall, firstExisting } from "../../dev/services/apt.ts";
import { descendants, isAlive } from "./process-tree.ts";

const PATHS = ["/usr/bin/firefox-esr", "/usr/lib/firefox-esr/firefox-esr"];
const LISTENING = /WebDriver BiDi listening on (ws:\/\/\S+)/;
/** Long enough to download and unpack the package (~70 MB) on a slow mirror; a hung apt-get fails the run. */
const INSTALL_MS = 300_000;

/** The Firefox ESR executable's path, installing the `firefox-esr` package if it is missing. */
export async function ensureFirefox(log: (m: string) => void = () => undefined): Promise<string> {
  const found = process.env.FIREFOX_PATH || (await firstExisting(PATHS));
  if (found) return found;
  await aptInstall(
    ["firefox-esr"],
    "Firefox ESR is not installed: sudo apt-get install -y firefox-esr",
    log,
    INSTALL_MS,
  );
  const installed = await firstExisting(PATHS);
  if (!installed) throw new Error("firefox-esr is still missing after apt-get install");
  return installed;
}

type Pref = string | number | boolean;

/**
 * Prefs for a quiet headless test profile: no first-run or what's-new pages, no telemetry, no update or
 * add-on checks, no safe-browsing lists, no background connections to anything but loopback. (Firefox's
 * remote agent adds its own recommended automation prefs on top.) Unsigned add-ons are allowed: ESR honours
 * `xpinstall.signatures.required`.
 */
export const FIREFOX_PREFS: Readonly<Record<string, Pref>> = {
  "app.normandy.enabled": false,
  "app.shield.optoutstudies.enabled": false,
  "app.update.auto": false,
  "app.update.checkInstallTime": false,
  "app.update.disabledForTesting": true,
  "browser.aboutwelcome.enabled": false,
  "browser.newtabpage.enabled": false,
  "browser.safebrowsing.blockedURIs.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.update.enabled": false,
  "browser.search.update": false,
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.homepage": "about:blank",
  "browser.startup.homepage_override.mstone": "ignore",
  "browser.startup.page": 0,
  "browser.tabs.warnOnClose": false,
  "datareporting.healthreport.uploadEnabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.policy.firstRunURL": "",
  "extensions.blocklist.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "extensions.update.enabled": false,
  "messaging-system.rsexperimentloader.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "startup.homepage_welcome_url": "",
  "startup.homepage_welcome_url.additional": "",
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.reportingpolicy.firstRun": false,
  "toolkit.telemetry.server": "https://127.0.0.1:9/",
  "xpinstall.signatures.required": false,
};

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** A WebDriver BiDi connection: commands with ids, each answered or rejected within its timeout. */
export class BidiClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed: Error | null = null;
  private readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener("message", (e) => this.receive(String(e.data)));
    ws.addEventListener("close", () => this.fail(new Error("WebDriver BiDi connection closed")));
    ws.addEventListener("error", () => this.fail(new Error("WebDriver BiDi connection error")));
  }

  /** Opens `url` (a `ws://…/session` address) within `timeoutMs`. */
  static connect(url: string, timeoutMs = 10_000): Promise<BidiClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error(`WebDriver BiDi: no connection to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new BidiClient(ws));
      });
      ws.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error(`WebDriver BiDi: cannot connect to ${url}`));
      });
    });
  }

  /** Sends one command; resolves with its result, rejects with the browser's error or on timeout. */
  send<T = Record<string, unknown>>(method: string, params: object = {}, timeoutMs = 15_000): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`WebDriver BiDi: ${method} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (r) => resolve(r as T), reject, timer });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.fail(new Error("WebDriver BiDi connection closed"));
    this.ws.close();
  }

  private receive(text: string): void {
    const msg = JSON.parse(text) as {
      type: string;
      id?: number;
      result?: unknown;
      error?: string;
      message?: string;
    };
    // Events (type "event") are not used: this client subscribes to none.
    const pending = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!pending || msg.id === undefined) return;
    this.pending.delete(msg.id);
    clearTimeout(pending.timer);
    if (msg.type === "success") pending.resolve(msg.result);
    else pending.reject(new Error(`WebDriver BiDi: ${msg.error}: ${msg.message}`));
  }

  private fail(error: Error): void {
    this.closed ??= error;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(error);
      this.pending.delete(id);
    }
  }
}

export interface Firefox {
  readonly process: ChildProcess;
  readonly bidi: BidiClient;
  /** The profile folder (removed by close). */
  readonly profile: string;
  /** Everything Firefox printed so far (stdout and stderr). */
  output(): string;
  /**
   * Closes the browser (BiDi browser.close, up to 10 s to exit), then SIGKILLs whatever of its tree is left
   * and removes the profile. Calling it again waits for the same close.
   */
  close(): Promise<void>;
}

export interface LaunchOptions {
  executable: string;
  /** Extra prefs for the profile's user.js (over FIREFOX_PREFS). */
  prefs?: Record<string, Pref>;
  /** How long to wait for the BiDi server (default 30 s). */
  startTimeoutMs?: number;
}

function userJs(prefs: Record<string, Pref>): string {
  return Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
    .join("");
}

function killTree(root: number, tree: Iterable<number>): void {
  if (root <= 0) return; // never started: and kill(-0) would signal our own process group
  // Firefox runs in a process group of its own (detached): one signal reaches the content processes too.
  try {
    process.kill(-root, "SIGKILL");
  } catch {
    // already gone
  }
  for (const pid of tree) if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/** Starts Firefox headless on a fresh profile and opens a WebDriver BiDi session on it. */
export async function launchFirefox(options: LaunchOptions): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), "bonafide-firefox-"));
  writeFileSync(join(profile, "user.js"), userJs({ ...FIREFOX_PREFS, ...options.prefs }));
  const child = spawn(
    options.executable,
    ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0", "about:blank"],
    {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1", MOZ_DISABLE_AUTO_SAFE_MODE: "1" },
    },
  );
  let output = "";
  let spawnError: Error | null = null;
  child.once("error", (e) => {
    spawnError = e;
  });
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const pid = child.pid ?? 0;
  const seen = new Set<number>();
  const forceStop = () => {
    if (pid > 0) for (const p of descendants(pid)) seen.add(p);
    killTree(pid, seen);
    rmSync(profile, { recursive: true, force: true });
  };

  let bidi: BidiClient;
  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    let url: string | undefined;
    while (!url) {
      url = LISTENING.exec(output)?.[1];
      if (url) break;
      if (spawnError) throw new Error(`cannot start ${options.executable}: ${(spawnError as Error).message}`);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error("Firefox exited");
      if (Date.now() > deadline) throw new Error("Firefox did not start its WebDriver BiDi server in time");
      await new Promise((r) => setTimeout(r, 100));
    }
    bidi = await BidiClient.connect(`${url}/session`);
    await bidi.send("session.new", { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  } catch (e) {
    forceStop();
    throw new Error(`${(e as Error).message}\n${output}`);
  }

  let closing: Promise<void> | null = null;
  return {
    process: child,
    bidi,
    profile,
    output: () => output,
    close() {
      closing ??= (async () => {
        for (const p of descendants(pid)) seen.add(p);
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          await bidi.send("browser.close", {}, 5_000).catch(() => undefined);
          bidi.close();
          await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        } else {
          bidi.close();
        }
        forceStop();
      })();
      return closing;
    },
  };
}
