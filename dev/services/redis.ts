/**
 * @module Makes sure a Redis answers on loopback (for baselines such as BullMQ): use the running one,
 * start the installed one, or install it from Debian's packages.
 */
import { execFile } from "node:child_process";
import { connect } from "node:net";
import { promisify } from "node:util";
import { aptInstall, firstExisting } from "./apt.ts";

const run = promisify(execFile);
const WAIT_MS = 30_000;
const BINARIES = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

/** Sends PING; resolves null on +PONG, else the error. */
export function pingRedis(host: string, port: number): Promise<Error | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error: Error | null) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(2_000, () => done(new Error("timed out")));
    socket.once("error", done);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) =>
      done(data.toString().startsWith("+PONG") ? null : new Error(`unexpected answer ${data}`)),
    );
  });
}

/** Ensures Redis answers on `host:port` (loopback only is started or installed). */
export async function ensureRedis(
  host = "127.0.0.1",
  port = 6379,
  log: (m: string) => void = () => undefined,
): Promise<void> {
  const first = await pingRedis(host, port);
  if (!first) return;
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`cannot reach Redis at ${host}:${port}: ${first}`);
  let binary = await firstExisting(BINARIES);
  if (!binary) {
    await aptInstall(["redis-server"], "Redis is not installed: sudo apt-get install -y redis-server", log);
    binary = await firstExisting(BINARIES);
    if (!binary) throw new Error("redis-server is still missing after apt-get install");
  }
  log(`Redis is not running: starting ${binary} on ${host}:${port} …`);
  await run(binary, [
    "--daemonize",
    "yes",
    "--bind",
    host,
    "--port",
    String(port),
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/tmp",
  ]);
  const deadline = Date.now() + WAIT_MS;
  let last: Error | null = first;
  while (Date.now() < deadline) {
    last = await pingRedis(host, port);
    if (!last) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Redis did not answer on ${host}:${port} within ${WAIT_MS / 1000} s: ${last?.message}`);
}
