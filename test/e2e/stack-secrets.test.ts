/**
 * @module No secret on a command line: the whole stack as `npm start` runs it, then every process it started
 * is read from /proc (what `ps` shows any local user): neither the admin token, the push secret nor the SQL
 * endpoint's password may appear, yet the edge has them (the admin API takes the token), and their file is
 * 0600 while running and gone after the stop.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { descendants } from "../support/process-tree.ts";
import { type LocalStack, startLocalStack } from "../support/stack.ts";

const ADMIN_TOKEN = "stack-secrets-admin-0123456789";
const PUSH_SECRET = "stack-secrets-push-0123456789abcdef";

let t: TestDatabase;
let stack: LocalStack;

/** A process's environment, NAME=value per entry (readable for one's own processes only). */
function environment(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  } catch {
    return []; // gone meanwhile
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return ""; // gone meanwhile
  }
}

beforeAll(async () => {
  t = await createTestDatabase("stack_secrets");
  stack = await startLocalStack(t, { BONAFIDE_ADMIN_TOKEN: ADMIN_TOKEN, BONAFIDE_PUSH_SECRET: PUSH_SECRET });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

describe("npm start and its secrets", () => {
  it("shows no secret in any process's command line, hands them to the edge in a 0600 file and removes it", async () => {
    const lines = [stack.process.pid ?? 0, ...descendants(stack.process.pid ?? 0)].map(commandLine);
    const wrangler = lines.find((l) => / dev /.test(l) && l.includes("wrangler"));
    expect(wrangler, lines.join("\n")).toBeDefined();
    for (const line of lines) {
      expect(line).not.toContain(ADMIN_TOKEN);
      expect(line).not.toContain(PUSH_SECRET);
      expect(line).not.toMatch(/DATABASE_URL|http:\/\/bonafide:/); // the SQL endpoint's generated password
    }
    // Least privilege: no child inherits the admin token (the edge reads it from its file) or the launcher's
    // own database login; raters and the aggregator get the push secret, named for them.
    // The launcher's own helpers (esbuild's service) are the launcher; wrangler loads its --env-file into its
    // own environment, so its helpers (esbuild, workerd) inherit the edge's secrets: the edge's trust domain,
    // and /proc/PID/environ, unlike the command line, is readable by the same user only. What counts is the
    // environment the launcher gives each child, and everything under the raters and the aggregator.
    const started = descendants(stack.process.pid ?? 0).filter((pid) =>
      // The aggregator is the job board's (demo/job-board/main.ts, runAggregator); a site's would be origin/aggregator/main.ts.
      /wrangler|origin\/(rater|aggregator)\/main\.ts|demo\/job-board\/main\.ts/.test(commandLine(pid)),
    );
    expect(started.length).toBeGreaterThanOrEqual(3);
    const origin = started.filter((pid) => !commandLine(pid).includes("wrangler"));
    for (const pid of new Set([...started, ...origin.flatMap(descendants)])) {
      const env = environment(pid);
      expect(env.join("\n"), commandLine(pid)).not.toContain(ADMIN_TOKEN);
      expect(env).not.toContain(`DATABASE_URL=${t.url}`);
      if (/origin\/rater\/main\.ts/.test(commandLine(pid)))
        expect(env).toContain(`BONAFIDE_PUSH_SECRET=${PUSH_SECRET}`);
    }
    // Nor on the screen: the welcome names the files the secrets are in.
    expect(stack.output()).not.toContain(ADMIN_TOKEN);
    expect(stack.output()).not.toContain(PUSH_SECRET);
    expect(stack.output()).toMatch(/admin token +in \S+\/admin-token/);
    const envFile = /--env-file (\S+)/.exec(wrangler ?? "")?.[1] ?? "";
    expect(statSync(envFile).mode & 0o777).toBe(0o600);

    const admin = await fetch(`${stack.edgeUrl}/_bonafide/rules/versions`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(admin.status).toBe(200); // the edge has the token

    await stack.stop();
    expect(existsSync(envFile)).toBe(false);
  });
});
