/**
 * @module Reading a body into memory only up to a bound: a page small enough is shared as bytes
 * (coalescing, KV), a bigger one goes on as a stream that replays what was already read.
 */

export type Buffered = { readonly bytes: ArrayBuffer } | { readonly rest: ReadableStream<Uint8Array> };

/** The whole body if it has at most `limit` bytes, else a stream of all of it (nothing lost). */
export async function bufferUpTo(body: ReadableStream<Uint8Array>, limit: number): Promise<Buffered> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      // Too big to share: the chunks read so far, then the rest straight from the origin.
      let i = 0;
      const rest = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (i < chunks.length) return controller.enqueue(chunks[i++] as Uint8Array);
          const next = await reader.read();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return { rest };
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes: bytes.buffer };
}
