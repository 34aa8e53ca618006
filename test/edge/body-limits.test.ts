import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../edge/rate/parse-request.ts";
import { signedHeaders } from "../../shared/signing.ts";
import { callEdge, PUSH_SECRET } from "./helpers.ts";

const CHUNK = 64 * 1024;
/** What each streamed body would be if read to the end: far past every limit. */
const WOULD_BE_BYTES = 32 * 1024 * 1024;
/** The push's limit (edge/push/routes.ts). */
const PUSH_LIMIT = 2 * 1024 * 1024;

/** A body the client produces on demand; `pulled()` is how much of it the edge asked for. */
function countingBody(total = WOULD_BE_BYTES): { body: ReadableStream<Uint8Array>; pulled(): number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x20)); // spaces: valid JSON whitespace, never ending
    },
  });
  return { body, pulled: () => sent };
}

async function post(path: string, headers: Record<string, string>, body: ReadableStream<Uint8Array>) {
  const res = await callEdge(new Request(`https://edge.test${path}`, { method: "POST", headers, body }));
  return { status: res.status, json: (await res.json()) as { error: { code: string } } };
}

describe("bodies are checked before they are read", () => {
  it("refuses a rate POST declaring too many bytes without reading any of it", async () => {
    const { body, pulled } = countingBody();
    const headers = { "content-type": "application/json", "content-length": String(WOULD_BE_BYTES) };
    const res = await post("/api/v1/rate", headers, body);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("BODY_TOO_LARGE");
    expect(pulled()).toBeLessThanOrEqual(CHUNK); // at most what the stream queued up front
  });

  it("stops reading a chunked rate POST just past its limit", async () => {
    const { body, pulled } = countingBody();
    const res = await post("/api/v1/rate", { "content-type": "application/json" }, body);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("BODY_TOO_LARGE");
    expect(pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * CHUNK);
  });

  it("reads a body within its declared length whole, and still refuses one longer than the limit", async () => {
    const ok = JSON.stringify({ domains: ["body-limits.de"] });
    const res = await callEdge(
      new Request("https://edge.test/api/v1/rate", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(ok.length) },
        body: ok,
      }),
      { DATABASE_URL: "http://nobody:nothing@127.0.0.1:9" },
    );
    expect(res.status).toBe(503); // read and answered: a new domain with no database to queue it in
    // Only a Request built in the Worker can declare less than it carries (HTTP's framing cannot): checked
    // after the read all the same.
    const { body } = countingBody(MAX_BODY_BYTES + 2 * CHUNK);
    const lying = await post("/api/v1/rate", { "content-type": "application/json", "content-length": "100" }, body);
    expect(lying.status).toBe(413);
    expect(lying.json.error.code).toBe("BODY_TOO_LARGE");
    // Under the limit in characters, over it in UTF-8 bytes (é is two): counted in bytes.
    const wide = new TextEncoder().encode(`{"domains":["${"é".repeat(40_000)}"]}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(wide);
        controller.close();
      },
    });
    const overInBytes = await post(
      "/api/v1/rate",
      { "content-type": "application/json", "content-length": "100" },
      stream,
    );
    expect(overInBytes.status).toBe(413);
  });

  it("refuses an unsigned push before reading its body", async () => {
    const { body, pulled } = countingBody();
    const res = await post("/_bonafide/internal/ratings", { "content-type": "application/json" }, body);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("BAD_SIGNATURE");
    expect(pulled()).toBeLessThanOrEqual(CHUNK); // at most what the stream queued up front
  });

  it("refuses a push with a stale timestamp before reading its body", async () => {
    const { body, pulled } = countingBody();
    const stale = await signedHeaders(PUSH_SECRET, { method: "POST", path: "/x", body: "" }, Date.now() - 3600_000);
    const res = await post("/_bonafide/internal/ratings", { "content-type": "application/json", ...stale }, body);
    expect(res.status).toBe(401);
    expect(pulled()).toBeLessThanOrEqual(CHUNK); // at most what the stream queued up front
  });

  it("stops reading a well-formed but oversized push, chunked or declared, at its limit", async () => {
    for (const declared of [false, true]) {
      const { body, pulled } = countingBody();
      // Signed for another body: the size limit must come before the signature is checked against it.
      const shaped = await signedHeaders(PUSH_SECRET, { method: "POST", path: "/x", body: "" });
      const headers: Record<string, string> = { "content-type": "application/json", ...shaped };
      if (declared) headers["content-length"] = String(WOULD_BE_BYTES);
      const res = await post("/_bonafide/internal/ratings", headers, body);
      expect(res.status).toBe(413);
      expect(res.json.error.code).toBe("BODY_TOO_LARGE");
      expect(pulled()).toBeLessThanOrEqual(declared ? CHUNK : PUSH_LIMIT + 2 * CHUNK);
    }
  });
});
