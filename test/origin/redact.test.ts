import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobBackends } from "../../demo/job-board/backends.ts";
import {
  JOB_BOARD_LANGUAGES,
  JOB_BOARD_PAGES,
  jobBoardBackends,
  jobBoardPostprocessors,
} from "../../demo/job-board/site.ts";
import { createAggregator } from "../../origin/aggregator/server.ts";
import { aggregatorSettings } from "../../origin/aggregator/settings.ts";
import { createErrorRecorder } from "../../origin/errors/record.ts";
import { createLogger, describeError } from "../../origin/log.ts";
import { redactText, redactUrl } from "../../shared/redact.ts";
import { runCli } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { freePort } from "../support/ports.ts";
import { type Spawned, spawnNode } from "../support/spawned.ts";

// No URL password in an error message, a log line, the error table or a terminal: the functions, then the
// real entry points given a malformed URL, and a real error_log row.

const PASSWORD = "S3cret-pw/with@signs";

let t: TestDatabase;
const spawned: Spawned[] = [];
beforeAll(async () => {
  t = await createTestDatabase("redact");
});
afterAll(async () => {
  // On the old code the rater accepted the edge URL and kept running: nothing may outlive the test.
  for (const run of spawned) if (run.child.exitCode === null) run.child.kill("SIGKILL");
  await t?.drop();
});

function track(run: Spawned): Spawned {
  spawned.push(run);
  return run;
}

describe("redactUrl and redactText", () => {
  it("replace the password, keep the user name, and over-redact a malformed one rather than leak it", () => {
    expect(redactUrl("mysql://bonafide_rater:pw@db.internal:3306/bonafide")).toBe(
      "mysql://bonafide_rater:***@db.internal:3306/bonafide",
    );
    // Unparseable (a port that is not a number, unencoded / and @ in the password): still nothing of it.
    expect(redactUrl(`mysql://root:${PASSWORD}@127.0.0.1:port/db`)).toBe("mysql://root:***@127.0.0.1:port/db");
    expect(redactUrl("mysql://root@127.0.0.1/db")).toBe("mysql://root@127.0.0.1/db");
    expect(redactUrl("not a url")).toBe("not a url");
    expect(
      redactText(`connect failed: mysql://u:${PASSWORD}@h:1/x; also "https://a:b@edge.example/x" and http://plain/`),
    ).toBe('connect failed: mysql://u:***@h:1/x; also "https://a:***@edge.example/x" and http://plain/');
    // Tokens a browser sends in the query (the aggregator's debug view, the status page): request paths are logged.
    expect(redactText("/vacancy/1002?_raw=1&_debug=dbg-T0ken&lang=ru")).toBe("/vacancy/1002?_raw=1&_debug=***&lang=ru");
    expect(redactText("/status?token=st4tus#top")).toBe("/status?token=***#top");
    expect(redactText("/search?q=token=x&_debug")).toBe("/search?q=token=x&_debug");
  });
});

describe("a malformed URL in the environment", () => {
  it.each([
    ["node origin/rater/main.ts", ["origin/rater/main.ts"], "DATABASE_URL", 2],
    ["npx bonafide migrate", ["bin/bonafide.mjs", "migrate"], "BONAFIDE_ADMIN_DATABASE_URL", 1],
  ])("%s: names the variable with the password replaced", async (_name, args, variable, code) => {
    const run = track(spawnNode(args, { ...process.env, [variable]: `mysql://root:${PASSWORD}@127.0.0.1:port/db` }));
    expect(await run.exited).toBe(code);
    expect(run.output).toContain(`${variable} is not a URL: "mysql://root:***@127.0.0.1:port/db"`);
    expect(run.output).not.toContain("S3cret");
  });

  it("an edge URL with credentials is refused by name, without them, by the rater and by the CLI", async () => {
    const run = track(
      spawnNode(["origin/rater/main.ts"], {
        ...process.env,
        DATABASE_URL: t.url,
        BONAFIDE_EDGE_URL: "http://push:S3cret-pw@127.0.0.1:9", // parses: refused for what it carries
      }),
    );
    expect(await run.exited).toBe(2);
    expect(run.output).toContain('BONAFIDE_EDGE_URL must not carry credentials: "http://push:***@127.0.0.1:9"');
    expect(run.output).not.toContain("S3cret");

    const port = await freePort();
    const cli = await runCli(["rules", "versions", "--edge", `http://ops:${PASSWORD}@127.0.0.1:${port}`], {
      BONAFIDE_ADMIN_TOKEN: "t",
    });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`ops:***@127.0.0.1:${port}`);
    expect(cli.stderr).not.toContain("S3cret");
  });
});

describe("log lines and the error table", () => {
  it("carry a quoted URL without its password", async () => {
    const lines: string[] = [];
    const log = createLogger({ process: "test" }, { write: (line) => lines.push(line) });
    const error = new Error(`cannot connect to mysql://bonafide_cli:${PASSWORD}@10.0.0.5:3306/bonafide`);
    log.error("failed", { ...describeError(error), url: `https://feed:${PASSWORD}@feeds.example/list` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("S3cret");
    const parsed = JSON.parse(lines[0] ?? "{}") as { error: string; url: string; stack: string };
    expect(parsed.error).toBe("cannot connect to mysql://bonafide_cli:***@10.0.0.5:3306/bonafide");
    expect(parsed.url).toBe("https://feed:***@feeds.example/list");
    expect(parsed.stack).toContain("bonafide_cli:***@");

    await createErrorRecorder(t.db, { host: "h", processName: "redact-test" }, log).record(error, {
      feed: `https://feed:${PASSWORD}@feeds.example/list`,
    });
    const [rows] = await t.db.query<RowDataPacket[]>(
      "SELECT message, stack, context FROM error_log WHERE process = 'redact-test'",
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain("S3cret");
    expect(rows[0]?.message).toBe("cannot connect to mysql://bonafide_cli:***@10.0.0.5:3306/bonafide");
  });
});

describe("the aggregator's access log", () => {
  it("logs a debug request's path without the debug token", async () => {
    const token = "dbg-0123456789-token";
    const lines: string[] = [];
    const backends = await startJobBackends();
    const agg = await createAggregator({
      pages: JOB_BOARD_PAGES,
      backends: jobBoardBackends(backends.servers),
      postprocessors: jobBoardPostprocessors(),
      languages: JOB_BOARD_LANGUAGES,
      settings: aggregatorSettings({ debugToken: token, renderThreads: 1 }),
      logger: createLogger({}, { write: (line) => lines.push(line) }),
    });
    try {
      const base = await agg.listen(0);
      const res = await fetch(`${base}/vacancy/1002?_raw=1&_debug=${token}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      const page = () => lines.find((l) => l.includes('"msg":"page"'));
      for (let i = 0; i < 100 && !page(); i++) await new Promise((r) => setTimeout(r, 20)); // logged after the answer
      expect(page()).toContain('"path":"/vacancy/1002?_raw=1&_debug=***"');
      expect(lines.join("\n")).not.toContain(token);
    } finally {
      await agg.close(2000);
      await backends.close();
    }
  });
});
