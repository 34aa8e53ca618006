import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../support/cli.ts";

// The offline CLI commands, run as operators run them: `npx bonafide rules …` in a process of its own.
const dir = mkdtempSync(join(tmpdir(), "bonafide-rules-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<CliResult> {
  return cliWith({ BONAFIDE_ADMIN_TOKEN: "" }, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return runCli(["rules", ...args], env);
}

describe("npx bonafide rules (offline commands)", () => {
  it("validates the example YAML file and names every problem of a bad one", async () => {
    const ok = await cli("validate", "examples/rules/rules.yaml");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("10 rules valid (9 enabled)");
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "- id: a\n  match: { path: /a }\n  action: { type: redirect, to: /b/$2 }\n- id: a\n  action: { type: pass }\n",
    );
    const res = await cli("validate", bad);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('rule "a" (#2): DUPLICATE_ID');
    writeFileSync(join(dir, "broken.json"), "{");
    const broken = await cli("validate", join(dir, "broken.json"));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("is not valid JSON");
  });

  it("tests a URL offline with headers, showing the matched rule, the steps and the outcome", async () => {
    const res = await cli(
      "test",
      "examples/rules/rules.yaml",
      "https://x.test/shop",
      "-H",
      "Cookie: beta=1",
      "--country",
      "de",
    );
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { matched: string; applied: string[]; outcome: { location: string } };
    expect(out.matched).toBe("german-shop");
    expect(out.applied).toEqual(["beta-banner", "security-headers", "german-shop"]);
    expect(out.outcome.location).toBe("/de/shop");
  });

  it("imports an nginx table as JSON that validates, listing the untranslated lines on stderr", async () => {
    const res = await cli("import-nginx", "examples/rules/nginx.conf");
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("nginx.conf:48: try_files");
    const file = join(dir, "imported.json");
    writeFileSync(file, res.stdout);
    expect((await cli("validate", file)).code).toBe(0);
  });

  it("explains a missing token instead of calling the edge unauthenticated", async () => {
    const res = await cli("versions", "--edge", "http://127.0.0.1:9");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("no admin token");
    expect(res.stderr).toContain("BONAFIDE_ADMIN_TOKEN, or pass --token-file PATH");
  });
});

describe("npx bonafide rules: the admin token never on the command line", () => {
  it("refuses --token in every form with exit 2, saying what to use instead, and calls no edge", async () => {
    const edge = await fakeEdge({ live: 1 });
    try {
      for (const args of [
        ["versions", "--token", "secret-on-argv"],
        ["versions", "--token=secret-on-argv"],
        ["versions", "--token"],
      ]) {
        const res = await cliWith({ BONAFIDE_ADMIN_TOKEN: "t" }, ...args, "--edge", edge.url);
        expect(res.code, res.stderr).toBe(2);
        expect(res.stderr).toContain("the admin token is never taken on the command line");
        expect(res.stderr).toContain("set BONAFIDE_ADMIN_TOKEN, or pass --token-file PATH");
        expect(res.stderr).not.toContain("secret-on-argv");
      }
      expect(edge.seen).toEqual([]);
    } finally {
      await edge.close();
    }
  });

  it("reads --token-file (one line, the file private to its owner) and refuses a file others can read", async () => {
    const edge = await fakeEdge({ live: 3 });
    try {
      const file = join(dir, "admin-token");
      writeFileSync(file, "from-the-file\n", { mode: 0o600 });
      const res = await cli("diff", "examples/rules/rules.yaml", "--token-file", file, "--edge", edge.url);
      expect(res.code, res.stderr).toBe(0);
      expect(edge.seen.map((r) => r.headers.authorization)).toEqual(["Bearer from-the-file"]);

      chmodSync(file, 0o644);
      const loose = await cli("diff", "examples/rules/rules.yaml", "--token-file", file, "--edge", edge.url);
      expect(loose.code).toBe(2);
      expect(loose.stderr).toContain(`can be read or changed by other users (mode 0644): chmod 600 ${file}`);
      const missing = await cli(
        "diff",
        "examples/rules/rules.yaml",
        "--token-file",
        join(dir, "nope"),
        "--edge",
        edge.url,
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("cannot read --token-file");
      const empty = join(dir, "empty-token");
      writeFileSync(empty, "", { mode: 0o600 });
      expect((await cli("diff", "examples/rules/rules.yaml", "--token-file", empty, "--edge", edge.url)).code).toBe(2);
      expect(edge.seen).toHaveLength(1); // only the good file reached the edge
    } finally {
      await edge.close();
    }
  });
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A stand-in edge on 127.0.0.1 speaking the admin API's conditional publishing: `live` is the live version,
 * `beforePut` runs first (another operator publishing meanwhile); a PUT publishes `live + 1` when If-Match allows.
 */
async function fakeEdge(state: {
  live: number | null;
  beforePut?: () => void;
}): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
      const etag: Record<string, string> = state.live === null ? {} : { etag: `"${state.live}"` };
      if (req.method === "GET") return send(res, 200, { version: state.live, origins: {}, rules: [] }, etag);
      state.beforePut?.();
      const ifMatch = req.headers["if-match"];
      const ok =
        ifMatch === undefined
          ? req.headers["if-none-match"] !== "*" || state.live === null
          : state.live !== null && ifMatch === `"${state.live}"`;
      if (!ok) {
        const live =
          state.live === null
            ? null
            : { version: state.live, publishedAt: "2026-11-20T10:00:00Z", author: "alice@ops" };
        return send(res, 412, { error: { code: "PRECONDITION_FAILED", message: "stale", live } }, etag);
      }
      state.live = (state.live ?? 0) + 1;
      send(res, 201, { version: state.live, count: 1, pruned: [] }, { etag: `"${state.live}"` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("npx bonafide rules push: only over the version it checked", () => {
  const file = join(dir, "push.json");
  writeFileSync(
    file,
    JSON.stringify({ rules: [{ id: "a", match: { path: "/a" }, action: { type: "redirect", to: "/b" } }] }),
  );
  const push = (edge: string, ...args: string[]) =>
    cliWith({ BONAFIDE_ADMIN_TOKEN: "t" }, "push", file, "--edge", edge, ...args);

  it("sends If-Match with the live version it read (If-None-Match: * when none), and who is pushing", async () => {
    const edge = await fakeEdge({ live: 5 });
    try {
      const res = await push(edge.url, "--author", "bob", "--comment", "move /a");
      expect(res.stderr).toBe("");
      expect(res.code).toBe(0);
      expect(res.stdout).toContain("against live version 5: 1 added");
      expect(res.stdout).toContain("published version 6 (1 rules)");
      const put = edge.seen.find((r) => r.method === "PUT");
      expect(put?.headers["if-match"]).toBe('"5"');
      const query = new URL(put?.url ?? "", edge.url).searchParams;
      expect([query.get("author"), query.get("comment")]).toEqual(["bob", "move /a"]);
    } finally {
      await edge.close();
    }
    const empty = await fakeEdge({ live: null });
    try {
      expect((await push(empty.url)).code).toBe(0);
      const put = empty.seen.find((r) => r.method === "PUT");
      expect([put?.headers["if-match"], put?.headers["if-none-match"]]).toEqual([undefined, "*"]);
      expect(new URL(put?.url ?? "", empty.url).searchParams.get("author")).toMatch(/.@./); // user@host
    } finally {
      await empty.close();
    }
  });

  it("says clearly that someone else published meanwhile, and publishes nothing", async () => {
    // Someone publishes version 6 between this push's GET and its PUT.
    const state: { live: number | null; beforePut?: () => void } = { live: 5 };
    state.beforePut = () => {
      state.live = 6;
      state.beforePut = undefined;
    };
    const edge = await fakeEdge(state);
    try {
      const res = await push(edge.url);
      expect(res.code).toBe(1);
      expect(res.stdout).not.toContain("published version");
      expect(res.stderr).toContain("push refused: someone else published or rolled back meanwhile");
      expect(res.stderr).toContain(
        "Version 6 is live now (made live 2026-11-20T10:00:00Z by alice@ops), not version 5",
      );
      expect(res.stderr).toContain(`npx bonafide rules diff ${file}`);
      expect(res.stderr).toContain("--force");
      expect(state.live).toBe(6);

      // --if-match pins the version `diff` showed, without reading the live one again.
      const pinned = await push(edge.url, "--if-match", "5");
      expect(pinned.code).toBe(1);
      expect(pinned.stderr).toContain("not version 5");
      expect(edge.seen.at(-1)?.headers["if-match"]).toBe('"5"');
      expect(edge.seen.at(-2)?.method).toBe("PUT"); // no GET before the pinned PUT
    } finally {
      await edge.close();
    }
  });

  it("publishes over whatever is live with --force (no If-Match), and refuses bad flags before calling", async () => {
    const edge = await fakeEdge({ live: 9 });
    try {
      const res = await push(edge.url, "--force");
      expect(res.code).toBe(0);
      expect(res.stdout).toContain("published version 10");
      expect(edge.seen.map((r) => r.method)).toEqual(["PUT"]);
      expect(edge.seen[0]?.headers["if-match"]).toBeUndefined();
      expect(edge.seen[0]?.headers["if-none-match"]).toBeUndefined();
      const both = await push(edge.url, "--force", "--if-match", "9");
      expect([both.code, both.stderr.includes("not both")]).toEqual([1, true]);
      const bad = await push(edge.url, "--if-match", "latest");
      expect([bad.code, bad.stderr.includes("--if-match must be a version number")]).toEqual([1, true]);
      expect(edge.seen).toHaveLength(1);
    } finally {
      await edge.close();
    }
  });
});
