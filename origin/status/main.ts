/**
 * @module The status server as a process of its own (`node origin/status/main.ts`), for origin machines
 * outside the local stack: BONAFIDE_STATUS_HOST/PORT, and BONAFIDE_STATUS_TOKEN to serve beyond loopback.
 */
import { readOriginConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { createDb } from "../db/pool.ts";
import { createErrorRecorder, installCrashHandlers } from "../errors/record.ts";
import { createLogger } from "../log.ts";
import { startStatusServer } from "./server.ts";

const config = readOriginConfig();
const log = createLogger({ process: "status" });
const db = createDb(config.database, { connectionLimit: 8 });
const errors = createErrorRecorder(db, { host: config.host, processName: "status" }, log);
installCrashHandlers(errors, log);
await migrate(config.database);
if (!config.ops.statusToken && !/^(127\.|::1$|localhost$)/.test(config.ops.statusHost))
  log.warn("no BONAFIDE_STATUS_TOKEN: the status pages will refuse every non-loopback client");
const server = await startStatusServer({
  db,
  host: config.ops.statusHost,
  port: config.ops.statusPort,
  token: config.ops.statusToken,
  reportMs: config.ops.reportMs,
  errors,
});
log.info("status server started", { url: server.url });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) process.exit(1);
  stopping = true;
  log.info("stopping", { signal });
  await server.close();
  await db.end();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
