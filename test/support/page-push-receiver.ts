/**
 * @module The edge's side of the page push (issue 14 contract §2) as a small real HTTP server on 127.0.0.1,
 * until the edge half is merged: it verifies each push's signature with shared/signing.ts, refuses replayed
 * nonces (409) and bad signatures (401), checks the body's shape (400), and records every accepted push.
 * `mode` makes it answer like a failing edge (5xx) or a policy refusal (422).
 */
import { createServer, type Server } from "node:http";
import { PAGE_PUSH_PATH, type PagePushBody } from "../../shared/page-jobs.ts";
import { NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from "../../shared/signing.ts";

export interface PushReceiver {
  readonly url: string;
  /** Pushes accepted (valid signature, fresh nonce, good shape), in order. */
  readonly pushes: PagePushBody[];
  /** Every answer it gave, by status. */
  readonly answers: number[];
  mode: "ok" | "fail" | "refuse";
  close(): Promise<void>;
}

function header(value: string | string[] | undefined): string {
  return typeof value === "string" ? value : "";
}

function wellFormed(body: unknown): body is PagePushBody {
  if (!body || typeof body !== "object") return false;
  const b = body as Record<string, unknown>;
  if (typeof b.url !== "string" || typeof b.renderedAt !== "number" || !Array.isArray(b.headers)) return false;
  if (!b.headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === "string")))
    return false;
  if (b.notModified === true) return b.body === undefined;
  return typeof b.status === "number" && typeof b.body === "string";
}

/** Starts a receiver that checks signatures with `secret`. */
export async function startPushReceiver(secret: string): Promise<PushReceiver> {
  const nonces = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const answer = (status: number, json: unknown) => {
      receiver.answers.push(status);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    };
    let text = "";
    for await (const chunk of req) text += chunk;
    if (req.method !== "POST" || req.url !== PAGE_PUSH_PATH) return answer(404, { error: "not here" });
    const nonce = header(req.headers[NONCE_HEADER]);
    const verdict = await verifyRequest(
      secret,
      { method: "POST", path: PAGE_PUSH_PATH, timestamp: header(req.headers[TIMESTAMP_HEADER]), nonce, body: text },
      header(req.headers[SIGNATURE_HEADER]),
    );
    if (!verdict.ok) return answer(401, { error: verdict.reason });
    if (nonces.has(nonce)) return answer(409, { error: "replay" });
    nonces.add(nonce);
    if (receiver.mode === "fail") return answer(503, { error: "edge unavailable" });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return answer(400, { error: "not JSON" });
    }
    if (!wellFormed(body)) return answer(400, { error: "bad shape" });
    if (receiver.mode === "refuse") return answer(422, { error: "not storable" });
    receiver.pushes.push(body);
    answer(200, { stored: 1 });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const a = server.address();
  const receiver: PushReceiver = {
    url: `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`,
    pushes: [],
    answers: [],
    mode: "ok",
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return receiver;
}
