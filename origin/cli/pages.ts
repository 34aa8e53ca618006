/**
 * @module `npx bonafide pages purge|warm|status`: the edge's page cache from the command line (issue 14):
 * purge by URL, prefix or tag (soft or hard), queue a list of pages for refresh, show what the edge holds
 * for a URL. Bad input is one line naming it, exit 2; the edge's refusals exit 1.
 */

import { PAGE_PRIORITY, PAGE_WARM_PRIORITY } from "../../shared/page-jobs.ts";
import { readOriginConfig } from "../config.ts";
import { createDb } from "../db/pool.ts";
import { ensureSchema } from "../db/schema.ts";
import { adminToken, hasTokenArgument, tokenArgumentError } from "./admin-token.ts";
import { intOption, parseArgs } from "./args.ts";
import { purge, purgeBody, status, UsageError } from "./pages-edge.ts";
import { warmPages } from "./pages-warm.ts";

const USAGE = `usage: npx bonafide pages <command>

  purge [--url URL]... [--prefix URL-PREFIX]... [--tag TAG]... [--soft]
        drop pages from the edge's cache (--soft: mark them stale; served STALE while refreshed)
  warm FILE [--priority P]
        queue a refresh of every URL in FILE (one absolute URL per line, "-" for stdin) in the low-priority
        \`pagewarm\` lane (P from ${PAGE_PRIORITY + 1} to 255, default ${PAGE_WARM_PRIORITY}: behind stale-page refreshes)
  status URL [--json]
        what the edge holds for URL and how fresh it is

The edge is BONAFIDE_EDGE_URL (or --edge URL); purge and status send the admin token from
BONAFIDE_ADMIN_TOKEN or --token-file PATH (a file only you can read) — never on the command line.
warm writes to DATABASE_URL.`;

async function runCommand(args: string[]): Promise<number> {
  // Before parsing: even a valueless --token is refused with what to use instead.
  if (hasTokenArgument(args)) throw tokenArgumentError();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(args, ["url", "prefix", "tag", "priority", "edge", "token-file"], ["soft", "json"]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.flags.has("help") || command === "help") {
    console.log(USAGE);
    return 0;
  }
  const allowed: Record<string, { options: string[]; flags: string[]; positionals: number }> = {
    purge: { options: ["url", "prefix", "tag", "edge", "token-file"], flags: ["soft"], positionals: 0 },
    warm: { options: ["priority"], flags: [], positionals: 1 },
    status: { options: ["edge", "token-file"], flags: ["json"], positionals: 1 },
  };
  const spec = command ? allowed[command] : undefined;
  if (!spec)
    throw new UsageError(command ? `unknown pages command ${JSON.stringify(command)}` : "which pages command?");
  for (const name of parsed.options.keys())
    if (!spec.options.includes(name)) throw new UsageError(`pages ${command} takes no --${name}`);
  for (const flag of parsed.flags)
    if (!spec.flags.includes(flag)) throw new UsageError(`pages ${command} takes no --${flag}`);
  if (rest.length !== spec.positionals)
    throw new UsageError(
      spec.positionals === 0
        ? `pages ${command} takes no arguments besides its options, got ${JSON.stringify(rest[0])}`
        : `pages ${command} needs exactly one ${command === "warm" ? "FILE" : "URL"}`,
    );

  const config = readOriginConfig();
  const admin = () => {
    const token = adminToken(parsed.options.get("token-file"), config.stack.adminToken);
    if (!token)
      throw new UsageError(
        "no admin token: set BONAFIDE_ADMIN_TOKEN or pass --token-file PATH (`npm start` prints how)",
      );
    return { edge: (parsed.options.get("edge") ?? config.edgeUrl).replace(/\/+$/, ""), token };
  };
  if (parsed.options.has("edge")) {
    try {
      new URL(parsed.options.get("edge") ?? "");
    } catch {
      throw new UsageError(`--edge ${JSON.stringify(parsed.options.get("edge"))} is not a URL`);
    }
  }

  if (command === "purge") {
    const body = purgeBody(parsed);
    await purge(admin(), body);
    return 0;
  }
  if (command === "status") {
    await status(admin(), rest[0] ?? "", parsed.flags.has("json"));
    return 0;
  }
  // warm
  let priority: number;
  try {
    priority = intOption(parsed, "priority", PAGE_WARM_PRIORITY, 255);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (priority <= PAGE_PRIORITY)
    throw new UsageError(`--priority must be above ${PAGE_PRIORITY} (stale-page refreshes go first), got ${priority}`);
  const file = rest[0] ?? "";
  if (file !== "-") {
    const { statSync } = await import("node:fs");
    try {
      if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
  }
  await ensureSchema(config);
  const db = createDb(config.database, { connectionLimit: 1 });
  const stop = { requested: false };
  const onSigint = () => {
    if (stop.requested) process.exit(130);
    stop.requested = true;
    process.stderr.write("\nstopping after the batch being written (Ctrl-C again to quit now)\n");
  };
  process.on("SIGINT", onSigint);
  try {
    const r = await warmPages(db, file, priority, stop);
    console.log(
      `${r.interrupted ? `interrupted after line ${r.lines}: ` : ""}${r.urls} page URLs from ${r.lines} lines: ` +
        `${r.queued} newly queued, ${r.alreadyQueued} already queued (or repeated in an earlier batch), ` +
        `${r.duplicates} repeated within a batch; ${r.bad} bad lines skipped`,
    );
    return r.interrupted ? 130 : 0;
  } finally {
    process.off("SIGINT", onSigint);
    await db.end();
  }
}

export async function run(args: string[]): Promise<number> {
  try {
    return await runCommand(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bonafide pages: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
