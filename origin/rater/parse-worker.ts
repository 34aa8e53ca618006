/** @module A worker thread that parses heavy HTML pages for the rater, so a 1 MB page never stalls its event loop. */
import { parentPort } from "node:worker_threads";
import { parseHtml } from "./html.ts";

parentPort?.on("message", (message: { id: number; html: string; url: string }) => {
  try {
    parentPort?.postMessage({ id: message.id, page: parseHtml(message.html, message.url) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: String((error as Error)?.message ?? error) });
  }
});
