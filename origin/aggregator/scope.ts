/**
 * @module The per-page call scope: the page's deadline (the caller's `X-Deadline-Timeout-Ms`, capped by
 * our own page budget), its cancel signal, its retry budget, and fail-fast — the first failed required
 * call cancels every other call of the page, whose status that failure then decides.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import type { Backend } from "./backends.ts";
import type { CallRecord, CallScope } from "./call.ts";

export interface RequiredFailure {
  readonly failure: string;
  readonly status: number | null;
  readonly message: string;
}

/** The budget for a page: the caller's remaining time if it sent one and it is smaller, else ours. */
export function pageBudget(headers: IncomingHttpHeaders, pageTimeoutMs: number): number {
  const incoming = Number(headers["x-deadline-timeout-ms"]);
  return Number.isFinite(incoming) && incoming > 0 ? Math.min(incoming, pageTimeoutMs) : pageTimeoutMs;
}

/** Creates the scope; `requiredFailure()` reports the failure that decided the page, if any. */
export function createCallScope(options: {
  backend(name: string): Backend;
  dispatcher(name: string): Dispatcher;
  budgetMs: number;
  controller: AbortController;
  requestId: string;
  retryBudget: number;
  records: CallRecord[];
  observe(record: CallRecord): void;
}): { scope: CallScope; requiredFailure(): RequiredFailure | null } {
  let required: RequiredFailure | null = null;
  const scope: CallScope = {
    backend: options.backend,
    dispatcher: options.dispatcher,
    deadline: Date.now() + options.budgetMs,
    signal: options.controller.signal,
    requestId: options.requestId,
    debug: false,
    retryBudget: { left: options.retryBudget },
    records: options.records,
    onCallDone(record) {
      options.observe(record);
      // Fail fast: once a required call failed the page cannot succeed; cancel the rest.
      if (record.required && record.failure && record.failure !== "aborted" && !required) {
        required = {
          failure: record.failure,
          status: record.status,
          message: `${record.backend}: ${record.failure}${record.status ? ` ${record.status}` : ""}`,
        };
        options.controller.abort();
      }
    },
  };
  return { scope, requiredFailure: () => required };
}
