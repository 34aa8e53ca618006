/**
 * @module The render pool: a few worker threads, each job to the least busy. A thread that dies — crashed,
 * terminated past a render's time limit, or ended because a page broke its WebAssembly runtime (worker.ts)
 * — is replaced at once, and the jobs it took with it are sent once more to the threads alive (a job that
 * meets a second death fails with RENDER_FAILED rather than hanging the page). The job that broke the
 * runtime gets its own error, not a second try.
 */

import { Worker } from "node:worker_threads";
import type { TsxRuntime } from "../../config.ts";
import { AggregatorError } from "../errors.ts";
import type { RenderJob, RenderReply } from "./worker.ts";

export interface RenderPool {
  /**
   * Renders in a worker and answers the page's bytes as libxslt wrote them, a doctype in front when they
   * had none (the document goes over as UTF-8 bytes and the page comes back so, each moved rather than
   * copied); a render running past `timeoutMs` fails and its worker is replaced.
   */
  renderXslt(template: { file: string; root: string }, xml: string, timeoutMs?: number): Promise<Uint8Array>;
  /**
   * Renders a pool TSX template (see TsxWorkerTemplate) in a worker, same timeout rule: the page as the
   * UTF-8 bytes of its text (made and moved by the thread, doctype included).
   */
  renderTsx(job: Omit<Extract<RenderJob, { kind: "tsx" }>, "id" | "kind">, timeoutMs?: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

interface Pending {
  resolve(html: Uint8Array): void;
  reject(error: Error): void;
  /** Sends the job once more to a live thread (set until it has been resent once). */
  resend: (() => void) | null;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
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
    /** Takes the slot out of service: a new thread in its place, so no further job goes to this one. */
    const replace = () => {
      const i = slots.indexOf(slot);
      if (i >= 0 && !closed) slots[i] = spawn();
    };
    slot.worker.on("message", (reply: RenderReply) => {
      if ("ending" in reply && reply.ending) replace();
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
      replace();
      const lost = [...slot.pending.values()];
      slot.pending.clear();
      for (const p of lost) {
        if (p.resend && !closed) p.resend();
        else p.reject(new AggregatorError("RENDER_FAILED", "render worker died", { cause: error }));
      }
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
      // The bytes move to the thread, so a resend encodes the document again.
      const message = () => {
        const bytes = encoder.encode(xml);
        return { job: { kind: "xslt" as const, file, root, xml: bytes }, transfer: [bytes.buffer as ArrayBuffer] };
      };
      return run(message, timeoutMs, file);
    },
    async renderTsx(job, timeoutMs = 10_000) {
      return run(() => ({ job: { ...job, kind: "tsx" as const }, transfer: [] }), timeoutMs, job.module);
    },
    async close() {
      closed = true;
      await Promise.allSettled(slots.map((s) => s.worker.terminate()));
    },
  };

  /**
   * Sends the job `message` makes to the least busy thread; if that thread dies with it, once more to
   * another. One time limit for the job, whichever thread ends up rendering it.
   */
  function run(message: Message, timeoutMs: number, what: string): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      let current: { slot: Slot; id: number } | null = null;
      // A runaway stylesheet cannot be interrupted inside the thread; terminating it is the only way.
      const timer = setTimeout(() => {
        current?.slot.pending.delete(current.id);
        reject(new AggregatorError("RENDER_FAILED", `rendering ${what} took longer than ${timeoutMs} ms`));
        if (current) void current.slot.worker.terminate();
      }, timeoutMs);
      timer.unref();
      const send = (mayResend: boolean) => {
        const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
        const id = nextId++;
        current = { slot, id };
        const { job, transfer } = message();
        slot.pending.set(id, {
          resolve: (html) => {
            clearTimeout(timer);
            resolve(html);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
          resend: mayResend ? () => send(false) : null,
        });
        slot.worker.postMessage({ ...job, id }, transfer);
      };
      send(true);
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A job as it is sent (made anew for a resend: what is transferred is gone from this thread). */
type Message = () => { job: DistributiveOmit<RenderJob, "id">; transfer: ArrayBuffer[] };
