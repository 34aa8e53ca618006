/**
 * @module Transactions pinned to a session id: one dedicated MariaDB connection each, rolled back when idle.
 *
 * vtgate keeps transaction state keyed by the session the client echoes back; we key a checked-out
 * pool connection by a fresh random id issued at BEGIN. The idle limit mimics PlanetScale's 20 s
 * transaction timeout, so code that holds a transaction open too long fails locally as it would in production.
 */
import type { Conn } from "../../origin/db/pool.ts";
import { newSessionId } from "./protocol.ts";

export interface PinnedTransaction {
  readonly id: string;
  /** The tenant (pools.ts tenantKey) the session was opened for; another tenant's credentials must not reach it. */
  readonly tenant: string;
  readonly conn: Conn;
  /** Statements in flight; the idle clock only runs while this is zero. */
  busy: number;
  timer: NodeJS.Timeout | undefined;
}

/** How many ended ids we remember, to say "ended (idle timeout)" rather than a bare "not found". */
const REMEMBERED_ENDINGS = 1_000;

export class TransactionRegistry {
  readonly #idleMs: number;
  readonly #pins = new Map<string, PinnedTransaction>();
  readonly #ended = new Map<string, string>();

  constructor(idleMs: number) {
    this.#idleMs = idleMs;
  }

  get size(): number {
    return this.#pins.size;
  }

  /** Pins `conn` (already inside BEGIN) to a new session id and starts its idle clock. */
  pin(tenant: string, conn: Conn): PinnedTransaction {
    const pin: PinnedTransaction = { id: newSessionId(), tenant, conn, busy: 0, timer: undefined };
    this.#pins.set(pin.id, pin);
    this.#arm(pin);
    return pin;
  }

  /** The live transaction for `id`, only if it belongs to `tenant`. */
  get(id: string, tenant: string): PinnedTransaction | undefined {
    const pin = this.#pins.get(id);
    return pin && pin.tenant === tenant ? pin : undefined;
  }

  /** Why a once-pinned id is gone, if we still remember. */
  endedReason(id: string): string | undefined {
    return this.#ended.get(id);
  }

  /** Runs `fn` on the pinned connection with the idle clock stopped. */
  async run<T>(pin: PinnedTransaction, fn: (conn: Conn) => Promise<T>): Promise<T> {
    pin.busy++;
    clearTimeout(pin.timer);
    pin.timer = undefined;
    try {
      return await fn(pin.conn);
    } finally {
      pin.busy--;
      if (this.#pins.get(pin.id) === pin) this.#arm(pin);
    }
  }

  /**
   * Unpins and gives the connection back. `rollback` first undoes whatever is still open (idle timeout,
   * shutdown); `destroy` drops a connection that is broken or in an unknown state instead of pooling it.
   */
  async end(pin: PinnedTransaction, how: { reason: string; rollback?: boolean; destroy?: boolean }): Promise<void> {
    if (this.#pins.get(pin.id) !== pin) return;
    this.#pins.delete(pin.id);
    clearTimeout(pin.timer);
    pin.timer = undefined;
    this.#ended.set(pin.id, how.reason);
    if (this.#ended.size > REMEMBERED_ENDINGS) {
      const oldest = this.#ended.keys().next();
      if (!oldest.done) this.#ended.delete(oldest.value);
    }
    if (how.destroy) {
      pin.conn.destroy();
      return;
    }
    if (how.rollback) {
      try {
        await pin.conn.query("ROLLBACK");
      } catch {
        pin.conn.destroy(); // cannot vouch for its state: never hand it to another session
        return;
      }
    }
    pin.conn.release();
  }

  /** Rolls back and releases every pinned transaction (server shutdown). */
  async endAll(reason: string): Promise<void> {
    await Promise.all([...this.#pins.values()].map((pin) => this.end(pin, { reason, rollback: true })));
  }

  #arm(pin: PinnedTransaction): void {
    if (pin.busy > 0) return;
    pin.timer = setTimeout(() => {
      void this.end(pin, { reason: `exceeded idle timeout: ${this.#idleMs}ms`, rollback: true });
    }, this.#idleMs);
    // A forgotten transaction must not keep the process alive.
    pin.timer.unref();
  }
}
