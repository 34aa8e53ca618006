import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendXml, sleep, startBackend, type TestBackend } from "../support/backends.ts";
import { freePort } from "../support/ports.ts";

// origin/aggregator/main.ts as its own process (plain node: .tsx templates through the loader), its
// concurrency cap and its graceful stop, against one real back-end standing in for all of the site's.

let backend: TestBackend;
const gate: { open: boolean } = { open: true };
let child: ChildProcess;
let base = "";
let output = "";

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !predicate(); i++) await sleep(25);
  if (!predicate()) throw new Error(`timed out waiting for ${what}\n${output}`);
}

beforeAll(async () => {
  backend = await startBackend(async (req, res) => {
    if (req.url?.startsWith("/search")) {
      for (let i = 0; i < 400 && !gate.open; i++) await sleep(10);
      return sendXml(
        res,
        `<results total="1"><vacancy id="7" employer="e1"><title>Gatekeeper</title><city>Kazan</city><salary from="1" to="2"/></vacancy></results>`,
      );
    }
    if (req.url?.startsWith("/translations"))
      return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    res.writeHead(404).end();
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const names = ["search", "speller", "vacancies", "employers", "stats", "translations", "files"];
  child = spawn(process.execPath, ["origin/aggregator/main.ts"], {
    env: {
      ...process.env,
      BONAFIDE_AGGREGATOR_PORT: String(port),
      BONAFIDE_BACKENDS: names.map((n) => `${n}=${backend.url}`).join(","),
      AGGREGATOR_MAX_ACTIVE: "1",
      AGGREGATOR_RENDER_THREADS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  await waitFor(
    () => output.includes('"msg":"aggregator started"') || child.exitCode !== null,
    "the aggregator to start",
  );
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await backend?.close();
});

describe("the aggregator process", () => {
  it("serves TSX pages under plain node and logs one JSON line per page", async () => {
    const res = await fetch(`${base}/`, { headers: { "x-request-id": "proc-1" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Gatekeeper");
    await waitFor(() => output.includes('"requestId":"proc-1"'), "the page log line");
    const line = output.split("\n").find((l) => l.includes('"requestId":"proc-1"')) ?? "{}";
    expect(JSON.parse(line)).toMatchObject({ msg: "page", route: "/", status: 200, calls: 2 });
  });

  it("answers 503 above its concurrency cap", async () => {
    gate.open = false;
    const seen = backend.seen.length;
    const first = fetch(`${base}/`);
    await waitFor(() => backend.seen.length > seen, "the first page to reach the back-end");
    const second = await fetch(`${base}/`);
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("1");
    gate.open = true;
    expect((await first).status).toBe(200);
  });

  it("stops gracefully: a page in flight at SIGTERM still gets its answer, then the process exits 0", async () => {
    gate.open = false;
    const seen = backend.seen.length;
    const inFlight = fetch(`${base}/`);
    await waitFor(() => backend.seen.length > seen, "the page to reach the back-end");
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    await waitFor(() => output.includes('"msg":"stopping"'), "the stop to begin");
    gate.open = true;
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Gatekeeper");
    expect(await exited).toBe(0);
  });
});
