/**
 * @module A small authoritative DNS responder over UDP on 127.0.0.1 for the rater's resolver tests: A and
 * AAAA answers with TTLs, NXDOMAIN, NODATA and SERVFAIL, a latency per answer, and an overloaded mode that
 * drops queries arriving while K are already held — what the struggling resolver of issue 12 did. It counts
 * every query per name and type and the most it ever held at once, so tests can assert on the real traffic.
 */
import { createSocket, type RemoteInfo } from "node:dgram";
import { isIPv4 } from "node:net";
import ipaddr from "ipaddr.js";

/** What the zone says about one name; a name not in the zone is NXDOMAIN. */
export interface ZoneEntry {
  a?: string[];
  aaaa?: string[];
  /** Seconds, for every record of the name (default 300). */
  ttl?: number;
  /** Answer SERVFAIL, as a resolver whose upstream is broken does. */
  servfail?: boolean;
  /** Drop (never answer) this many queries for the name first; Infinity = always. */
  drop?: number;
}

export interface DnsServerOptions {
  /** Held this long before answering, so concurrency builds up (default 0). */
  latencyMs?: number;
  /** Queries arriving while this many are held are dropped (default: no limit). */
  maxInFlight?: number;
}

export interface TestDnsServer {
  readonly port: number;
  /** `host:port`, as dns.setServers and BONAFIDE_DNS_SERVERS take it. */
  readonly address: string;
  zone: Map<string, ZoneEntry>;
  options: DnsServerOptions;
  /** Queries received (answered or dropped) for `name`, of `type` ("A"/"AAAA") or of every type. */
  count(name: string, type?: "A" | "AAAA"): number;
  readonly stats: { received: number; answered: number; dropped: number; inFlight: number; maxInFlight: number };
  /** Forget the counts (not the zone). */
  reset(): void;
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;
const RCODE = { ok: 0, servfail: 2, nxdomain: 3 } as const;

interface Question {
  id: number;
  flags: number;
  name: string;
  type: number;
  /** The question section as received (name, type, class), echoed in the answer. */
  raw: Buffer;
}

function parseQuestion(msg: Buffer): Question | null {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length) {
    const len = msg[at] ?? 0;
    if (len === 0) break;
    if (len > 63) return null; // no compression in a question we accept
    labels.push(msg.toString("latin1", at + 1, at + 1 + len));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return null;
  const type = msg.readUInt16BE(at + 1);
  return {
    id: msg.readUInt16BE(0),
    flags: msg.readUInt16BE(2),
    name: labels.join(".").toLowerCase(),
    type,
    raw: msg.subarray(12, at + 5),
  };
}

function answerRecord(type: number, ttl: number, address: string): Buffer {
  const data = Buffer.from(ipaddr.parse(address).toByteArray());
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // pointer to the question's name
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // class IN
  head.writeUInt32BE(ttl, 6);
  head.writeUInt16BE(data.length, 10);
  return Buffer.concat([head, data]);
}

function response(q: Question, rcode: number, answers: Buffer[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  // QR, opcode 0, AA, RD copied from the query, RA, then the response code.
  header.writeUInt16BE(0x8000 | 0x0400 | (q.flags & 0x0100) | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, q.raw, ...answers]);
}

function reply(entry: ZoneEntry | undefined, q: Question): Buffer {
  if (!entry) return response(q, RCODE.nxdomain, []);
  if (entry.servfail) return response(q, RCODE.servfail, []);
  const ttl = entry.ttl ?? 300;
  const list = q.type === TYPE_A ? (entry.a ?? []) : q.type === TYPE_AAAA ? (entry.aaaa ?? []) : [];
  const fits = list.filter((a) => (q.type === TYPE_A) === isIPv4(a));
  return response(
    q,
    RCODE.ok,
    fits.map((a) => answerRecord(q.type, ttl, a)),
  ); // none = NODATA
}

/** Starts the responder on an ephemeral UDP port of 127.0.0.1. */
export async function startDnsServer(
  zone: Record<string, ZoneEntry> = {},
  options: DnsServerOptions = {},
): Promise<TestDnsServer> {
  const socket = createSocket("udp4");
  const counts = new Map<string, number>();
  const dropped = new Map<string, number>();
  const stats = { received: 0, answered: 0, dropped: 0, inFlight: 0, maxInFlight: 0 };
  const server: TestDnsServer = {
    port: 0,
    address: "",
    zone: new Map(Object.entries(zone)),
    options,
    stats,
    count: (name, type) =>
      type ? (counts.get(`${name}/${type}`) ?? 0) : (counts.get(`${name}/A`) ?? 0) + (counts.get(`${name}/AAAA`) ?? 0),
    reset() {
      counts.clear();
      dropped.clear();
      Object.assign(stats, { received: 0, answered: 0, dropped: 0, maxInFlight: stats.inFlight });
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on("message", (msg: Buffer, from: RemoteInfo) => {
    const q = parseQuestion(msg);
    if (!q) return;
    stats.received++;
    const key = `${q.name}/${q.type === TYPE_A ? "A" : q.type === TYPE_AAAA ? "AAAA" : q.type}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const entry = server.zone.get(q.name);
    const droppedSoFar = dropped.get(q.name) ?? 0;
    const overloaded = stats.inFlight >= (server.options.maxInFlight ?? Number.POSITIVE_INFINITY);
    if (overloaded || droppedSoFar < (entry?.drop ?? 0)) {
      if (!overloaded) dropped.set(q.name, droppedSoFar + 1);
      stats.dropped++;
      return;
    }
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    setTimeout(() => {
      stats.inFlight--;
      stats.answered++;
      socket.send(reply(server.zone.get(q.name), q), from.port, from.address);
    }, server.options.latencyMs ?? 0);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const port = socket.address().port;
  return Object.assign(server, { port, address: `127.0.0.1:${port}` });
}
