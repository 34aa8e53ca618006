/**
 * @module A render worker thread: applies XSLT 1.0 stylesheets (xslt-processor), each parsed once and
 * kept, and renders TSX templates marked for the pool (their XML parsed here), so the aggregator's event
 * loop never runs an interpreted transform or a heavy page.
 */
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { XmlParser, Xslt } from "xslt-processor";
import type { RenderInfo, TsxTemplate } from "./template.ts";
import { registerTsxLoader } from "./tsx-loader.ts";
import { fromWire, type Wire } from "./wire.ts";

export type RenderJob =
  | { readonly id: number; readonly kind: "xslt"; readonly file: string; readonly xml: string }
  | {
      readonly id: number;
      readonly kind: "tsx";
      readonly module: string;
      readonly exportName: string;
      readonly doc: Wire;
      readonly extra: Record<string, unknown>;
      readonly info: RenderInfo;
    };

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

async function render(job: RenderJob): Promise<string> {
  if (job.kind === "xslt") return xslt.xsltProcess(parser.xmlParse(job.xml), stylesheet(job.file));
  registerTsxLoader();
  const mod = (await import(job.module)) as Record<string, TsxTemplate | undefined>;
  const template = mod[job.exportName];
  if (template?.kind !== "tsx") throw new Error(`${job.module} exports no TSX template ${job.exportName}`);
  const data = { ...(fromWire(job.doc) as Record<string, unknown>), ...job.extra };
  return String(await (await template.render(data, job.info)).toString());
}

parentPort?.on("message", async (job: RenderJob) => {
  try {
    parentPort?.postMessage({ id: job.id, html: await render(job) } satisfies RenderReply);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: String((error as Error)?.message ?? error) } satisfies RenderReply);
  }
});
