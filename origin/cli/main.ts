/**
 * @module `npx bonafide <command>`: one entry point for operators. Each command lives in its own module
 * exporting `run(args): Promise<number>` (the exit code); this file only dispatches.
 */
import { redactText } from "../../shared/redact.ts";
import { UsageError } from "./args.ts";

interface Command {
  summary: string;
  load(): Promise<{ run(args: string[]): Promise<number> }>;
}

/** Every command; add a line here when you add a command module. */
const COMMANDS: Record<string, Command> = {
  migrate: { summary: "apply the database migrations to DATABASE_URL", load: () => import("./migrate.ts") },
  rules: { summary: "URL rules: validate, diff, push, test, rollback, import-nginx", load: () => import("./rules.ts") },
  rater: { summary: "run rater processes: --concurrency N --processes P", load: () => import("./rater.ts") },
  aggregator: { summary: "run aggregator processes: --processes P", load: () => import("./aggregator.ts") },
  pages: {
    summary: "the edge's page cache: purge [--url|--prefix|--tag]… [--soft], warm FILE, status URL",
    load: () => import("./pages.ts"),
  },
  import: { summary: "queue the domains in FILE for rating, with a progress bar", load: () => import("./import.ts") },
  jobs: {
    summary: "the queue's console: show ID, lane KIND CLIENT, retry, cancel, pause KIND, resume KIND",
    load: () => import("./jobs.ts"),
  },
  "check-registers": {
    summary: "ask GLEIF, EU VIES and Companies House once each; print ok / failed and latency",
    load: () => import("./check-registers.ts"),
  },
  "check-site": {
    summary: "rate DOMAIN now and print every reason (nothing stored)",
    load: () => import("./check-site.ts"),
  },
  "time-to-rating": {
    summary: "time DOMAIN from its first ask to its rating through the edge: --edge URL",
    load: () => import("./time-to-rating.ts"),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: npx bonafide <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nnpx bonafide <command> --help for a command's options`;
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === "--help" || name === "-h" || name === "help") {
  console.log(usage());
  process.exit(name ? 0 : 2);
}
const command = COMMANDS[name];
if (!command) {
  console.error(`unknown command ${JSON.stringify(name)}\n\n${usage()}`);
  process.exit(2);
}
try {
  process.exitCode = await (await command.load()).run(args);
} catch (error) {
  // A command's error may quote a URL it was given (--edge, DATABASE_URL): never with its password.
  const message = redactText((error as Error).message ?? String(error));
  const { isBadSetting } = await import("../config.ts"); // loaded only now: `--help` stays quick
  console.error(`bonafide ${name}: ${isBadSetting(error) ? `bad setting: ${message}` : message}`);
  process.exitCode = error instanceof UsageError ? 2 : 1; // bad input: 2, as every command's own usage errors
}
