/**
 * @module The three registers' stand-ins (demo/rated-web/register-apis.ts) on a real HTTP server on 127.0.0.1,
 * with a hook a test sets to answer otherwise (429, 5xx, bad JSON, a huge body, silence) and a record of
 * every request, so a test sees exactly what the connector asked.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerRegisterApi, type FakeRegisters } from "../../demo/rated-web/register-apis.ts";

export interface RegisterServer {
  port: number;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  /** When set, answers instead of the registers (return true = handled). */
  fault: ((url: string, res: ServerResponse) => boolean) | null;
  close(): Promise<void>;
}

export async function startRegisterServer(registers: FakeRegisters): Promise<RegisterServer> {
  const state: RegisterServer = { port: 0, requests: [], fault: null, close: async () => undefined };
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    state.requests.push({ url, headers: req.headers });
    res.on("error", () => undefined); // the client may hang up (timeouts, size caps)
    if (state.fault?.(url, res)) return;
    const answer = answerRegisterApi(registers, url, { authorization: req.headers.authorization ?? "" });
    if (!answer) {
      res.writeHead(404, { "content-type": "text/plain" }).end("no such path\n");
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
