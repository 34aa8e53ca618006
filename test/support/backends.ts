/**
 * @module Real HTTP back-ends on 127.0.0.1 port 0 for aggregator tests, counting what they see.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface TestBackend {
  readonly url: string;
  readonly server: Server;
  /** Every request seen, with its headers. */
  readonly seen: { path: string; headers: IncomingMessage["headers"] }[];
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

/** Starts a back-end answering with `handler`. */
export async function startBackend(
  handler: (req: IncomingMessage, res: ServerResponse, backend: TestBackend) => void | Promise<void>,
): Promise<TestBackend> {
  const server = createServer();
  const backend: TestBackend = {
    url: "",
    server,
    seen: [],
    inFlight: 0,
    maxInFlight: 0,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  server.on("request", (req, res) => {
    backend.seen.push({ path: req.url ?? "", headers: req.headers });
    backend.inFlight++;
    backend.maxInFlight = Math.max(backend.maxInFlight, backend.inFlight);
    res.on("close", () => backend.inFlight--);
    void handler(req, res, backend);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const a = server.address();
  (backend as { url: string }).url = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  return backend;
}

/** Answers XML. */
export function sendXml(res: ServerResponse, xml: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { "content-type": "application/xml; charset=utf-8", ...headers }).end(xml);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
