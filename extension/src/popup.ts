/**
 * @module The toolbar popup: the ratings on the current tab's page (or the tab in `?tab=ID`, see
 * lib/popup-tab.ts), every frame's, merged by domain by the background (which knows the tab's frames).
 */
import { api } from "./lib/browser.ts";
import type { ListReply, ListTabMessage } from "./lib/messages.ts";
import { readTabParam } from "./lib/popup-tab.ts";
import { LETTER_TEXT } from "./lib/ratings.ts";
import { evidenceUrl, readSettings, SETTINGS_KEY } from "./lib/settings.ts";

const content = document.getElementById("content");

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

async function render(): Promise<void> {
  if (!content) return;
  const settings = readSettings((await api.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  if (!settings.optIn) {
    content.replaceChildren(paragraph("bonafide is off: nothing is sent until you turn it on in the options."));
    return;
  }
  const tabId = readTabParam(location.search) ?? (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  let reply: ListReply | null = null;
  if (tabId !== undefined) {
    const ask: ListTabMessage = { type: "bonafide:list-tab", tabId };
    reply = (await api.runtime.sendMessage(ask).catch(() => null)) as ListReply | null;
  }
  if (!reply) {
    content.replaceChildren(paragraph("bonafide does not run on this page (browser pages, private windows)."));
    return;
  }
  if (reply.ratings.length === 0) {
    content.replaceChildren(paragraph("No rated links on this page."));
    return;
  }
  const table = document.createElement("table");
  const order = { X: 0, U: 1, Q: 2, A: 3, W: 4 };
  for (const { view, links } of reply.ratings.sort((a, b) => order[a.view.rating] - order[b.view.rating])) {
    const row = table.insertRow();
    const letter = row.insertCell();
    letter.textContent = view.rating;
    letter.className = `letter ${view.rating}`;
    letter.title = LETTER_TEXT[view.rating];
    const name = row.insertCell();
    const a = document.createElement("a");
    a.href = evidenceUrl(settings, view.domain);
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = view.domain;
    name.append(a);
    if (view.business?.legalName) name.append(document.createElement("br"), view.business.legalName);
    row.insertCell().textContent = links === 1 ? "1 link" : `${links} links`;
  }
  content.replaceChildren(table);
}

void render();
