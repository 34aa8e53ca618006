/**
 * @module A render worker thread: applies XSLT 1.0 stylesheets (xslt-processor), each parsed once and
 * kept, so the event loop of the aggregator never runs an interpreted transform.
 */
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { XmlParser, Xslt } from "xslt-processor";

export interface RenderJob {
  readonly id: number;
  readonly file: string;
  readonly xml: string;
}

export type RenderReply =
  | { readonly id: number; readonly html: string }
  | { readonly id: number; readonly error: string };

const parser = new XmlParser();
const xslt = new Xslt();
const stylesheets = new Map<string, ReturnType<XmlParser["xmlParse"]>>();

function stylesheet(file: string): ReturnType<XmlParser["xmlParse"]> {
  let sheet = stylesheets.get(file);
  if (!sheet) {
    sheet = parser.xmlParse(readFileSync(file, "utf8"));
    stylesheets.set(file, sheet);
  }
  return sheet;
}

parentPort?.on("message", async (job: RenderJob) => {
  try {
    const html = await xslt.xsltProcess(parser.xmlParse(job.xml), stylesheet(job.file));
    parentPort?.postMessage({ id: job.id, html } satisfies RenderReply);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: String((error as Error)?.message ?? error) } satisfies RenderReply);
  }
});
