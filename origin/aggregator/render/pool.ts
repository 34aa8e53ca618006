/**
 * @module The render pool: a few worker threads, each job to the least busy; a crashed worker is replaced
 * and its jobs fail with RENDER_FAILED rather than hanging the page.
 */

import { Worker } from "node:worker_threads";
import type { TsxRuntime } from "../../config.ts";
import { AggregatorError } from "../errors.ts";
import type { RenderJob, RenderReply } from "./worker.ts";

export interface RenderPool {
  /**
   * Renders in a worker and answers the page's bytes as libxslt wrote them (the document goes over as
   * UTF-8 bytes and the page comes back so, each moved rather than copied); a render running past
   * `timeoutMs` fails and its worker is replaced.
   */
  renderXslt(template: { file: string; root: string }, xml: string, timeoutMs?: number): Promise<Uint8Array>;
  /** Renders a pool TSX template (see TsxWorkerTemplate) in a worker, same timeout rule. */
  /** A pooled TSX page, as the UTF-8 bytes of its text (made and moved by the thread, doctype included). */
  renderTsx(job: Omit<Extract<RenderJob, { kind: "tsx" }>, "id" | "kind">, timeoutMs?: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve(html: string | Uint8Array): void; reject(error: Error): void }>;
}

const WORKER_URL = new URL("./worker.ts", import.meta.url);
const encoder = new TextEncoder();
const MALFORMED_INPUT = Symbol("the page document is not well-formed");

/** Whether a render failed because libxml2 refused the page document (not the stylesheet). */
export function isMalformedInput(error: unknown): boolean {
  return error instanceof AggregatorError && error.cause === MALFORMED_INPUT;
}

/** Starts `size` render threads (at least one); pooled .tsx templates render with `tsxRuntime`. */
export function createRenderPool(size: number, tsxRuntime: TsxRuntime = "bonafide"): RenderPool {
  let nextId = 1;
  let closed = false;
  const slots: Slot[] = [];
  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(WORKER_URL, { workerData: { tsxRuntime } }), pending: new Map() };
    slot.worker.unref();
    slot.worker.on("message", (reply: RenderReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if ("html" in reply) p.resolve(reply.html);
      else
        p.reject(
          new AggregatorError("RENDER_FAILED", `rendering failed: ${reply.error}`, {
            cause: reply.malformedInput ? MALFORMED_INPUT : undefined,
          }),
        );
    });
    const fail = (error: Error) => {
      for (const p of slot.pending.values())
        p.reject(new AggregatorError("RENDER_FAILED", "render worker died", { cause: error }));
      slot.pending.clear();
      const i = slots.indexOf(slot);
      if (i >= 0 && !closed) slots[i] = spawn();
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => {
      if (!closed) fail(new Error(`exit ${code}`));
    });
    return slot;
  };
  for (let i = 0; i < Math.max(1, size); i++) slots.push(spawn());
  return {
    async renderXslt({ file, root }, xml, timeoutMs = 10_000) {
      const bytes = encoder.encode(xml);
      return (await run({ kind: "xslt", file, root, xml: bytes }, timeoutMs, file, [bytes.buffer])) as Uint8Array;
    },
    async renderTsx(job, timeoutMs = 10_000) {
      return (await run({ ...job, kind: "tsx" }, timeoutMs, job.module)) as Uint8Array;
    },
    async close() {
      closed = true;
      await Promise.allSettled(slots.map((s) => s.worker.terminate()));
    },
  };

  function run(
    job: DistributiveOmit<RenderJob, "id">,
    timeoutMs: number,
    what: string,
    transfer: ArrayBuffer[] = [],
  ): Promise<string | Uint8Array> {
    const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    return new Promise<string | Uint8Array>((resolve, reject) => {
      // A runaway stylesheet cannot be interrupted inside the thread; terminating it is the only way.
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(new AggregatorError("RENDER_FAILED", `rendering ${what} took longer than ${timeoutMs} ms`));
        void slot.worker.terminate();
      }, timeoutMs);
      timer.unref();
      slot.pending.set(id, {
        resolve: (html) => {
          clearTimeout(timer);
          resolve(html);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      slot.worker.postMessage({ ...job, id }, transfer);
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
