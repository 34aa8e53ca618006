/**
 * @module Bounded polling for end-to-end tests: wait for a state, never for a fixed time.
 */

/** Polls `read` every 200 ms until `done` holds or `timeoutMs` passes; returns the last value read. */
export async function poll<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}
