/**
 * @module The small part of the WebExtension API bonafide uses, typed by hand (no @types/chrome here), over
 * Firefox's `browser` or Chrome's `chrome` global — both promise-based in Manifest V3.
 */

export interface MessageSender {
  tab?: { id?: number; incognito: boolean; url?: string };
  /** The frame of a content script's message: 0 is the top frame. */
  frameId?: number;
  /** The sending page's or frame's URL. */
  url?: string;
}

export interface StorageArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

interface Event<L> {
  addListener(listener: L): void;
}

export interface ExtensionApi {
  runtime: {
    id: string;
    getURL(path: string): string;
    openOptionsPage(): Promise<void>;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: Event<
      (message: unknown, sender: MessageSender, sendResponse: (r: unknown) => void) => boolean | undefined
    >;
    onInstalled: Event<(details: { reason: string }) => void>;
  };
  storage: {
    local: StorageArea;
    /** In memory for the browser session (Chrome 102+, Firefox 115+); only the extension's own pages see it. */
    session: StorageArea;
    onChanged: Event<(changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => void>;
  };
  tabs: {
    query(q: { active: boolean; currentWindow: boolean }): Promise<{ id?: number; url?: string; incognito: boolean }[]>;
    sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
    create(p: { url: string }): Promise<unknown>;
    onRemoved: Event<(tabId: number) => void>;
  };
  action?: {
    setBadgeText(p: { tabId?: number; text: string }): Promise<void>;
    setBadgeBackgroundColor(p: { tabId?: number; color: string }): Promise<void>;
  };
  extension?: { inIncognitoContext?: boolean };
}

const scope = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };

/** The extension API of this browser. */
export const api: ExtensionApi = (() => {
  const found = scope.browser ?? scope.chrome;
  if (!found?.runtime) throw new Error("bonafide: not running as a browser extension");
  return found;
})();
