/**
 * @module A stand-in for the internet in rater tests: a socket this process dials to a public address is
 * carried to a server on 127.0.0.1 instead, after the guard has judged the public address a real DNS
 * answer gave. That lets a test rate a site by name through the real resolver and the real SSRF guard —
 * which must never see loopback from DNS — and still reach a local server; nothing leaves the machine.
 */
import dc from "node:diagnostics_channel";
import type { Socket } from "node:net";

/** Where a dial to `address:port` really goes: a loopback port, or null to leave the dial alone. */
export type Route = (address: string, port: number) => number | null;

type Connect = (req: unknown, address: string, port: number) => number;

/** Starts carrying dials; `stop` ends it. `dials` records every `address:port` this process dialled. */
export function routeToLoopback(route: Route): { dials: string[]; stop(): void } {
  const dials: string[] = [];
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    // "connectionAttempt" is emitted just before the handle's connect(): the address here is the one the
    // guard approved, so only the wire below it is replaced.
    socket.on("connectionAttempt", (address: string, port: number) => {
      dials.push(`${address}:${port}`);
      const to = route(address, port);
      const handle = (socket as unknown as { _handle: { connect?: Connect } | null })._handle;
      if (to === null || !handle?.connect) return;
      const connect = handle.connect.bind(handle);
      handle.connect = (req) => connect(req, "127.0.0.1", to);
    });
  };
  dc.subscribe("net.client.socket", onSocket);
  return { dials, stop: () => dc.unsubscribe("net.client.socket", onSocket) };
}
