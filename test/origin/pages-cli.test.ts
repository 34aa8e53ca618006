import { chmodSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PAGE_PURGE_PATH, PAGE_STATUS_PATH, pageJobFor } from "../../shared/page-jobs.ts";
import { runCli } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { spawnCli } from "../support/spawned.ts";

// `npx bonafide pages …` as its own process: warm against MariaDB (as the CLI's database user), purge and
// status against a real HTTP server speaking the edge's side of the contract (§3, §4).

const TOKEN = "admin-token-for-pages-tests";
let t: TestDatabase;
let cliUrl = "";
let edge: Server;
let edgeUrl = "";
const purges: unknown[] = [];
const seenAuth: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase("pages_cli");
  cliUrl = (await t.roleLogin("cli")).url;
  edge = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const auth = req.headers.authorization ?? "";
    seenAuth.push(auth);
    if (!auth) return json(401, { error: { code: "UNAUTHORIZED", message: "admin token required" } });
    if (auth !== `Bearer ${TOKEN}`) return json(403, { error: { code: "FORBIDDEN", message: "wrong admin token" } });
    const url = new URL(req.url ?? "/", "http://edge");
    if (req.method === "POST" && url.pathname === PAGE_PURGE_PATH) {
      const body = JSON.parse(text) as { urls: string[]; prefixes: string[]; tags: string[]; soft: boolean };
      if (!Array.isArray(body.urls) || typeof body.soft !== "boolean")
        return json(422, { error: { code: "BAD_PURGE", message: "urls must be a list" } });
      purges.push(body);
      return json(200, { purged: body.urls.length + body.prefixes.length * 2 + body.tags.length * 3 });
    }
    if (req.method === "GET" && url.pathname === PAGE_STATUS_PATH) {
      const page = url.searchParams.get("url") ?? "";
      const now = Date.now();
      return json(200, {
        url: page,
        key: `p:${new URL(page).host}${new URL(page).pathname}`,
        stored: true,
        status: 200,
        storedAt: new Date(now - 90_000).toISOString(),
        age: 90,
        freshUntil: new Date(now - 30_000).toISOString(),
        staleWhileRevalidateUntil: new Date(now + 510_000).toISOString(),
        staleIfErrorUntil: new Date(now + 86_310_000).toISOString(),
        state: "stale",
        tags: ["vacancies", "employer-7"],
        bytes: 12345,
      });
    }
    json(404, { error: { code: "NOT_FOUND", message: "no such endpoint" } });
  });
  await new Promise<void>((r) => edge.listen(0, "127.0.0.1", () => r()));
  const a = edge.address();
  edgeUrl = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});

afterAll(async () => {
  edge.closeAllConnections();
  await new Promise((r) => edge.close(r));
  await t.drop();
});

beforeEach(async () => {
  purges.length = 0;
  seenAuth.length = 0;
  await t.db.query("DELETE FROM job");
});

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: cliUrl,
  BONAFIDE_EDGE_URL: edgeUrl,
  BONAFIDE_ADMIN_TOKEN: TOKEN,
  ...extra,
});

function file(name: string, text: string): string {
  const path = join(tmpdir(), `bonafide-pages-${process.pid}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** A file with exactly `mode`, whatever the umask. */
function privateFile(name: string, text: string, mode = 0o600): string {
  const path = file(name, text);
  chmodSync(path, mode);
  return path;
}

describe("npx bonafide pages warm", () => {
  it("queues each URL once as a page job in the pagewarm lane, behind stale refreshes, and reports bad lines", async () => {
    const urls = file(
      "urls.txt",
      [
        "# pages to warm",
        "https://jobs.example/vacancy/1",
        "https://jobs.example/search?q=java&lang=en",
        "https://jobs.example/search?lang=en&q=java", // the same page: one cache key, one job
        "",
        "not a url",
        "ftp://jobs.example/file",
        "https://jobs.example/vacancy/1#top",
        "https://jobs.example/vacancy/2\r",
      ].join("\n"),
    );
    const r = await runCli(["pages", "warm", urls], env());
    expect(r.stderr).toContain('line 6: "not a url": not an absolute URL');
    expect(r.stderr).toContain('line 7: "ftp://jobs.example/file": not an http(s) URL');
    expect(r.stderr).toContain("line 8");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("4 page URLs from 9 lines: 3 newly queued");
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT job_key, payload, HEX(client_key) AS lane, priority, state, requests FROM job WHERE kind = 'page' ORDER BY job_key",
    );
    expect(rows.map((row) => row.job_key)).toEqual([
      "p:jobs.example/search?lang=en&q=java",
      "p:jobs.example/vacancy/1",
      "p:jobs.example/vacancy/2",
    ]);
    for (const row of rows) {
      expect(Buffer.from(String(row.lane), "hex").toString("ascii")).toBe("pagewarm");
      expect(row.priority).toBe(200);
      expect(row.state).toBe(3); // untagged, as the edge's enqueue leaves them: the tagger places them
    }
    const v1 = await pageJobFor(new URL("https://jobs.example/vacancy/1"));
    expect(JSON.parse(String(rows[1]?.payload))).toEqual(JSON.parse(v1.payload));

    // Again: nothing new, every page counted as already queued.
    const again = await runCli(["pages", "warm", urls], env());
    expect(again.stdout).toContain("0 newly queued, 3 already queued");
    const [[count]] = (await t.db.query("SELECT COUNT(*) AS n FROM job")) as unknown as [RowDataPacket[]];
    expect(Number(count?.n)).toBe(3);
  });

  it("streams a long list in bounded batches", async () => {
    const lines = Array.from({ length: 1_234 }, (_, i) => `https://jobs.example/vacancy/${i}`);
    const r = await runCli(["pages", "warm", file("long.txt", lines.join("\n"))], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("1234 newly queued");
    expect(r.stderr).toMatch(/progress: \d+ URLs \(\d+%\)/); // not a terminal: plain progress lines
  });

  it("stops cleanly on Ctrl-C: what was written is counted, the rest of the file is not read", async () => {
    const total = 300_000;
    const lines = Array.from({ length: total }, (_, i) => `https://jobs.example/vacancy/${i}?ref=warm`);
    const run = spawnCli(["pages", "warm", file("huge.txt", lines.join("\n"))], { ...process.env, ...env() });
    await run.waitFor("a first batch", () => /progress: [1-9]\d* URLs/.test(run.stderr), { timeoutMs: 60_000 });
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    const said = run.output.match(/interrupted after line (\d+): (\d+) page URLs from \d+ lines: (\d+) newly queued/);
    expect(said, run.output).not.toBeNull();
    const [, line, urls, queued] = said as RegExpMatchArray;
    expect(Number(line)).toBeLessThan(total);
    const [[count]] = (await t.db.query("SELECT COUNT(*) AS n FROM job WHERE kind = 'page'")) as unknown as [
      RowDataPacket[],
    ];
    // Every URL read up to that line is queued (the last, partial batch too) and counted; nothing after it.
    expect(Number(count?.n)).toBe(Number(queued));
    expect(Number(queued)).toBe(Number(urls));
    expect(Number(urls)).toBe(Number(line));
  });

  it("refuses bad input with exit 2 and a message", async () => {
    const cases: [string[], RegExp][] = [
      [["pages", "warm"], /needs exactly one FILE/],
      [["pages", "warm", "/nonexistent/urls.txt"], /cannot read \/nonexistent\/urls.txt/],
      [["pages", "warm", file("p.txt", ""), "--priority", "50"], /--priority must be above 100/],
      [["pages", "warm", file("p2.txt", ""), "--priority", "x"], /--priority must be an integer/],
      [["pages", "frobnicate"], /unknown pages command "frobnicate"/],
      [["pages"], /which pages command/],
      [["pages", "purge"], /needs at least one --url, --prefix or --tag/],
      [["pages", "purge", "--url", "/relative"], /--url "\/relative": not an absolute URL/],
      [["pages", "purge", "--prefix", "jobs.example/x"], /--prefix "jobs.example\/x": not an absolute URL/],
      [["pages", "purge", "--tag", "a,b"], /--tag "a,b": a tag is/],
      [["pages", "purge", "--url"], /--url needs a value/],
      [["pages", "purge", "--tag", "x", "--token", TOKEN], /never taken on the command line/],
      [["pages", "purge", "--tag", "x", "--token"], /never taken on the command line/],
      [["pages", "purge", "--tag", "x", "--token-file", privateFile("loose-token", TOKEN, 0o640)], /chmod 600/],
      [["pages", "status"], /needs exactly one URL/],
      [["pages", "status", "nope"], /"nope": not an absolute URL/],
      [["pages", "status", "https://a.example/", "--soft"], /pages status takes no --soft/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, env());
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const noToken = await runCli(["pages", "purge", "--tag", "x"], env({ BONAFIDE_ADMIN_TOKEN: "" }));
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/no admin token: set BONAFIDE_ADMIN_TOKEN/);
    expect(seenAuth).toEqual([]); // nothing reached the edge
  });
});

describe("npx bonafide pages purge / status", () => {
  it("purges by URL, prefix and tag, soft or hard, with the token from the environment", async () => {
    const r = await runCli(
      [
        "pages",
        "purge",
        "--url",
        "https://jobs.example/vacancy/1",
        "--url",
        "https://jobs.example/vacancy/2",
        "--prefix",
        "https://jobs.example/search",
        "--tag",
        "vacancies",
        "--soft",
      ],
      env(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("soft-purged (marked stale, refreshed on the next request) 7 pages");
    expect(purges).toEqual([
      {
        urls: ["https://jobs.example/vacancy/1", "https://jobs.example/vacancy/2"],
        prefixes: ["https://jobs.example/search"],
        tags: ["vacancies"],
        soft: true,
      },
    ]);
    expect(seenAuth).toEqual([`Bearer ${TOKEN}`]);
    const hard = await runCli(["pages", "purge", "--tag", "employer-7"], env());
    expect(hard.stdout).toContain("purged 3 pages");
    expect(purges[1]).toEqual({ urls: [], prefixes: [], tags: ["employer-7"], soft: false });
  });

  it("takes the token from --token-file instead of the environment", async () => {
    const r = await runCli(
      ["pages", "status", "https://jobs.example/vacancy/1", "--token-file", privateFile("token", `${TOKEN}\n`)],
      env({ BONAFIDE_ADMIN_TOKEN: "" }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(seenAuth.at(-1)).toBe(`Bearer ${TOKEN}`);
  });

  it("says what the edge refused: a wrong token is exit 1 with the edge's message", async () => {
    const r = await runCli(["pages", "purge", "--tag", "x"], env({ BONAFIDE_ADMIN_TOKEN: "wrong" }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the edge answered 403 FORBIDDEN: wrong admin token \(check BONAFIDE_ADMIN_TOKEN/);
  });

  it("prints a readable status of a stored page", async () => {
    const r = await runCli(["pages", "status", "https://jobs.example/vacancy/1"], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("https://jobs.example/vacancy/1");
    expect(r.stdout).toMatch(/state +stale: answered STALE while a refresh is queued/);
    expect(r.stdout).toMatch(/stored +status 200, 12345 bytes, at .* \(age 90 s\)/);
    expect(r.stdout).toMatch(/fresh until +\S+ \(30 s ago\)/);
    expect(r.stdout).toMatch(/tags +vacancies, employer-7/);
    const json = await runCli(["pages", "status", "https://jobs.example/vacancy/1", "--json"], env());
    expect(JSON.parse(json.stdout)).toMatchObject({ state: "stale", bytes: 12345 });
  });
});
