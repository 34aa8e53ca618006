/**
 * @module The status server as a process of its own (`node origin/status/main.ts`), for origin machines
 * outside the local stack: BONAFIDE_STATUS_HOST/PORT, and BONAFIDE_STATUS_TOKEN to serve beyond loopback.
 * How it starts and stops is origin/process/runner.ts; it listens at once, whether or not the database
 * answers yet (the pages say what they cannot read).
 */
import { fileURLToPath } from "node:url";
import { type ProcessContext, runProcess } from "../process/runner.ts";
import { startStatusServer, statusServerSettings } from "./server.ts";

async function start(ctx: ProcessContext) {
  const { config, log, db, errors } = ctx;
  if (!config.ops.statusToken && !/^(127\.|::1$|localhost$)/.test(config.ops.statusHost))
    log.warn("no BONAFIDE_STATUS_TOKEN: the status pages will refuse every non-loopback client");
  const server = await startStatusServer({ db, errors, ...statusServerSettings(config) });
  return { stop: () => server.close(), describe: { url: server.url } };
}

await runProcess({
  role: "status",
  script: fileURLToPath(import.meta.url),
  database: "optional",
  connectionLimit: () => 8,
  graceMs: () => 5_000,
  start,
});
